"""The weapons lexicon: surface forms of weapons and military goods -> codebook item classes.

Data: ``data/lexicon/weapons.tsv``. Matching is whole-word and case-insensitive over the raw
text (an Aho-Corasick automaton over variants of every term: plural/singular, and hyphen ->
space / nothing), the longest match wins, and offsets are those of the original text.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import ahocorasick

from ..errors import DataError
from ..model import ITEM_CLASSES
from .tsv import tsv_rows

COLUMNS = ("term", "class", "kind", "note")
KINDS = ("specific", "generic")
_CLASS_RANK = {c: i for i, c in enumerate(ITEM_CLASSES)}
# 1:1 character replacements applied to text and terms alike, so offsets are kept.
_NORMALIZE = str.maketrans({"-": " ", "\u2010": " ", "\u2011": " ", "\u2013": " ",
                            "\u2019": "'", "\u00a0": " "})  # fmt: skip


@dataclass(frozen=True, slots=True)
class WeaponEntry:
    term: str
    classes: tuple[str, ...]
    specific: bool
    exact: bool = False  # no plural/singular variants
    proper: bool = False  # only when capitalised in the text
    unspecified: bool = False  # "weapons", "arms": arms of no stated kind
    maker: str | None = None  # ISO3 of the state whose industry makes it (makers.tsv)


@dataclass(frozen=True, slots=True)
class WeaponMatch:
    start: int
    end: int
    text: str
    classes: tuple[str, ...]
    specific: bool
    unspecified: bool = False  # names arms of no stated kind ("weapons", "arms")
    maker: str | None = None  # the state that makes the named system, when one does


def _sort_classes(classes) -> tuple[str, ...]:
    return tuple(sorted(set(classes), key=_CLASS_RANK.__getitem__))


def _number_variants(word: str) -> set[str]:
    """Plural and singular forms of a (last) word."""
    out: set[str] = set()
    if word[-1:].isdigit() or len(word) < 3:
        return {word + "s"} if word[-1:].isdigit() else set()
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    elif word.endswith(("ses", "xes", "ches", "shes")):
        out.add(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        out.add(word[:-1])
    elif word.endswith(("s", "x", "ch", "sh")):
        out.add(word + "es")
    elif word.endswith("y") and word[-2] not in "aeiou":
        out.add(word[:-1] + "ies")
    else:
        out.add(word + "s")
    return out


def term_variants(term: str, exact: bool = False) -> set[str]:
    """Normalised surface variants the automaton looks for (hyphens become spaces, as in the
    normalised text): plural/singular of the last word unless ``exact``; for hyphenated names
    with digits also the joined form (shahed-136 -> shahed136, f-16 -> f16)."""
    base = " ".join(term.lower().translate(_NORMALIZE).split())
    forms = {base}
    if not exact:
        head, _, last = base.rpartition(" ")
        forms.update(f"{head} {v}" if head else v for v in _number_variants(last))
    if "-" in term and any(ch.isdigit() for ch in term):
        forms.update(f.replace(" ", "") for f in list(forms))
    return forms


class WeaponLexicon:
    """Finds weapon mentions in text and maps them to item classes."""

    def __init__(self, entries: list[WeaponEntry], source: str = "<memory>"):
        self.source = source
        self.entries = tuple(entries)
        variants: dict[str, list[WeaponEntry]] = defaultdict(list)
        for e in self.entries:
            for v in term_variants(e.term, e.exact):
                variants[v].append(e)
        # An exact term wins over a generated variant of another term.
        self._auto = ahocorasick.Automaton()
        for v, es in variants.items():
            exact_hits = [e for e in es if e.term.lower().translate(_NORMALIZE) == v]
            chosen = exact_hits or es
            classes = _sort_classes(c for e in chosen for c in e.classes)
            specific = any(e.specific for e in chosen)
            proper = all(e.proper for e in chosen)
            unspecified = all(e.unspecified for e in chosen)
            makers = {e.maker for e in chosen}
            maker = makers.pop() if len(makers) == 1 else None
            self._auto.add_word(v, (len(v), classes, specific, proper, unspecified, maker))
        if len(self._auto):
            self._auto.make_automaton()
        self.terms: frozenset[str] = frozenset(variants)

    def find(self, text: str) -> list[WeaponMatch]:
        """Whole-word, case-insensitive matches, longest first, non-overlapping, in text order."""
        if not text or not len(self._auto):
            return []
        norm = text.lower().translate(_NORMALIZE)
        n = len(text)
        cands = []
        for end_idx, (length, classes, specific, proper, unspecified, maker) in self._auto.iter(
            norm
        ):
            start, end = end_idx - length + 1, end_idx + 1
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_/"):
                continue
            if end < n and (text[end].isalnum() or text[end] == "_"):
                continue
            if end < n - 1 and text[end] == "-" and text[end + 1].isalnum():
                continue  # "missile-related", "tank-like": part of a compound
            if proper and not text[start].isupper():
                continue
            cands.append((start, end, classes, specific, unspecified, maker))
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken: list[tuple[int, int]] = []
        out: list[WeaponMatch] = []
        for start, end, classes, specific, unspecified, maker in cands:
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            out.append(
                WeaponMatch(start, end, text[start:end], classes, specific, unspecified, maker)
            )
        out.sort(key=lambda m: m.start)
        return out

    def classes(self, text: str) -> tuple[str, ...]:
        """Item classes mentioned in a text span; generic 'other' dropped when a specific
        class is present."""
        found: set[str] = set()
        generic_only: set[str] = set()
        for m in self.find(text):
            (found if m.specific else generic_only).update(m.classes)
        return _sort_classes(found or generic_only)

    def mentions_arms(self, text: str) -> bool:
        """True when the text mentions any weapon term, specific or generic."""
        return bool(self.find(text))

    def __len__(self) -> int:
        return len(self.entries)


# ---------------------------------------------------------------- loading and validation


def _default_path() -> Path:
    return Path(str(importlib.resources.files("armswatch") / "data" / "lexicon" / "weapons.tsv"))


def _parse(path: Path) -> list[WeaponEntry]:
    rows: dict[str, list] = {}
    seen: dict[tuple[str, str], int] = {}
    for lineno, cells, fail in tsv_rows(path, COLUMNS, "weapons lexicon"):
        term, cls, kind, note = cells
        if not term or term != term.lower() or "  " in term:
            raise fail(f"term must be lower case and non-empty, got {term!r}")
        if cls not in ITEM_CLASSES:
            raise fail(f"unknown item class {cls!r} (expected one of {', '.join(ITEM_CLASSES)})")
        if kind not in KINDS:
            raise fail(f"unknown kind {kind!r} (expected specific or generic)")
        if (term, cls) in seen:
            raise fail(f"duplicate row {term!r} {cls} (first on line {seen[(term, cls)]})")
        seen[(term, cls)] = lineno
        flags = {f.strip() for f in note.split(";")}
        r = rows.setdefault(term, [term, [], kind == "specific", "exact" in flags,
                                   "proper" in flags, "unspecified" in flags])  # fmt: skip
        r[1].append(cls)
        r[2] = r[2] or kind == "specific"
        r[3] = r[3] or "exact" in flags
        r[4] = r[4] and "proper" in flags
        r[5] = r[5] or "unspecified" in flags
    if not rows:
        raise DataError(f"{path}: no weapon rows")
    return [WeaponEntry(t, _sort_classes(c), s, x, p, u) for t, c, s, x, p, u in rows.values()]


MAKER_COLUMNS = ("term", "maker", "note")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def _parse_makers(path: Path, terms: set[str]) -> dict[str, str]:
    """term -> maker state from a makers file; every term must be one of ``terms``."""
    out: dict[str, str] = {}
    for _lineno, cells, fail in tsv_rows(path, MAKER_COLUMNS, "weapon makers"):
        term, maker, _note = cells
        if term not in terms:
            raise fail(f"term {term!r} is not in the weapons lexicon")
        if not _ISO3.match(maker):
            raise fail(f"maker must be an ISO 3166-1 alpha-3 code, got {maker!r}")
        if term in out:
            raise fail(f"duplicate term {term!r}")
        out[term] = maker
    return out


@functools.lru_cache(maxsize=8)
def _load_cached(path: str) -> WeaponLexicon:
    entries = _parse(Path(path))
    makers_file = Path(path).with_name("makers.tsv")
    if makers_file.is_file():  # beside the weapons file (the bundled one has it)
        makers = _parse_makers(makers_file, {e.term for e in entries})
        entries = [replace(e, maker=makers.get(e.term)) for e in entries]
    return WeaponLexicon(entries, source=path)


def load_weapons(path: str | Path | None = None) -> WeaponLexicon:
    """Load and validate a weapons lexicon (the bundled one by default); cached per path."""
    p = Path(path) if path is not None else _default_path()
    return _load_cached(str(p.resolve()))
