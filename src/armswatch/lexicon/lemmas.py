"""Lemma corrections for the English model (data/lexicon/lemmas.tsv).

``en_core_web_sm`` lemmatizes some inflected words wrongly ("staged" -> "stag"); the trigger
and cue lexicons are written in true lemmas, so the pipeline rewrites those tokens' lemmas.
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

from .tsv import tsv_rows

COLUMNS = ("form", "pos", "lemma", "note")
POS_TAGS = ("VERB", "NOUN", "ADJ")


def _default_path() -> Path:
    return Path(str(importlib.resources.files("armswatch") / "data" / "lexicon" / "lemmas.tsv"))


@functools.lru_cache(maxsize=4)
def load_lemma_fixes(path: Path | None = None) -> dict[tuple[str, str], str]:
    """(lower-case form, POS) -> lemma; raises DataError naming the file and line."""
    path = path or _default_path()
    out: dict[tuple[str, str], str] = {}
    for _lineno, (form, pos, lemma, _note), fail in tsv_rows(path, COLUMNS, "lemma corrections"):
        if not form or form != form.lower() or not lemma or lemma != lemma.lower():
            raise fail(f"form and lemma must be lower case and non-empty, got {form!r} {lemma!r}")
        if pos not in POS_TAGS:
            raise fail(f"unknown pos {pos!r} (expected one of {', '.join(POS_TAGS)})")
        if (form, pos) in out:
            raise fail(f"{form!r} {pos} is listed twice")
        out[(form, pos)] = lemma
    return out


def fix_lemmas(doc, fixes: dict[tuple[str, str], str] | None = None):
    """Rewrite the lemmas the model gets wrong, in place; returns ``doc`` (a spaCy component)."""
    fixes = load_lemma_fixes() if fixes is None else fixes
    for tok in doc:
        lemma = fixes.get((tok.lower_, tok.pos_))
        if lemma is not None:
            tok.lemma_ = lemma
    return doc
