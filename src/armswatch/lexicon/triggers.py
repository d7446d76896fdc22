"""The trigger lexicon: spaCy lemma + part of speech -> PLOVER type, mode and arms-transfer stage.

Data: ``data/lexicon/triggers.tsv`` (see ``data/lexicon/README.md`` for the columns and sources).
``load_triggers()`` validates the file and returns a :class:`TriggerLexicon`; the bundled file
is loaded once per process.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from ..model import EVENT_TYPES, STAGES
from .cues import load_cues
from .tsv import tsv_rows

COLUMNS = ("lemma", "pos", "type", "mode", "stage", "prep", "weight", "note")
WEAPONS_CLASS = "weapons"  # obj=weapons: the object is in the weapons lexicon
POS_TAGS = ("VERB", "NOUN")
# supplier_subject / recipient_subject: who the subject of a transfer verb is; target_subject:
# the subject is the target and the speaker the source ("X will pay a price", someone said)
DIRECTIONS = ("supplier_subject", "recipient_subject", "target_subject")

# PLOVER modes per type, as the PLOVER manual names them. AID has no modes in the manual;
# armswatch uses the PLOVER contexts military/economic/humanitarian/asylum as its modes
# (the codebook's "military aid").
MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": frozenset(),
    "CONCEDE": frozenset(),
    "COOPERATE": frozenset(),
    "AID": frozenset({"military", "economic", "humanitarian", "asylum"}),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset(
        {
            "seize",
            "restrict",
            "censor",
            "curfew",
            "martial-law",
            "arrest",
            "deport",
            "withhold",
            "misinformation",
            "cyber",
        }
    ),
    "ASSAULT": frozenset(
        {
            "abduct",
            "beat",
            "torture",
            "sexual",
            "targeted",
            "destroy",
            "primitive",
            "firearms",
            "explosives",
            "suicide-attack",
            "aerial",
            "drone",
            "heavy-weapons",
            "crowd-control",
            "unconventional",
        }
    ),
}


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of the trigger lexicon."""

    lemma: str
    pos: str  # VERB | NOUN
    type: str  # PLOVER event type
    mode: str | None
    stage: str | None  # arms-transfer stage when the object is weapons
    prep: str | None  # particle/preposition child required for the row to apply
    weight: float  # 0..1, how reliably the word signals the type
    direction: str | None  # 'supplier_subject' | 'recipient_subject' | None
    note: str = ""
    # a class of object nouns ([objects] in cues.toml) the row requires: "withdraw" +
    # envoys is SANCTION, "lift" + restrictions CONCEDE
    obj: str | None = None


class TriggerLexicon:
    """Lookup by (lemma, POS), plus the word sets the cheap pre-filters need."""

    def __init__(self, triggers: list[Trigger], source: str = "<memory>"):
        self.source = source
        self.triggers: tuple[Trigger, ...] = tuple(triggers)
        index: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        for t in self.triggers:
            index[(t.lemma, t.pos)].append(t)
        self._index = {k: tuple(v) for k, v in index.items()}
        self.lemmas: frozenset[str] = frozenset(t.lemma for t in self.triggers)
        forms: set[str] = set()
        for t in self.triggers:
            forms.update(inflections(t.lemma, t.pos))
        self.surface_forms: frozenset[str] = frozenset(forms)

    def lookup(self, lemma: str, pos: str) -> list[Trigger]:
        """All rows for that lemma and POS (lemma compared in lower case)."""
        return list(self._index.get((lemma.lower(), pos.upper()), ()))

    def types(self) -> frozenset[str]:
        return frozenset(t.type for t in self.triggers)

    def __len__(self) -> int:
        return len(self.triggers)

    def __iter__(self):
        return iter(self.triggers)


# ---------------------------------------------------------------- inflections (pre-filter)

# Irregular verb forms of trigger lemmas (past, participle ...); regular rules cover the rest.
_IRREGULAR_VERBS: dict[str, tuple[str, ...]] = {
    "meet": ("met",), "seek": ("sought",), "sell": ("sold",), "send": ("sent",),
    "give": ("gave", "given"), "buy": ("bought",), "fight": ("fought",),
    "strike": ("struck", "stricken"), "shoot": ("shot",), "hit": ("hit",),
    "take": ("took", "taken"), "withdraw": ("withdrew", "withdrawn"), "lead": ("led",),
    "hold": ("held",), "speak": ("spoke", "spoken"), "forbid": ("forbade", "forbidden"),
    "forgive": ("forgave", "forgiven"), "freeze": ("froze", "frozen"),
    "beat": ("beaten",), "get": ("got", "gotten"), "undertake": ("undertook", "undertaken"),
    "overrun": ("overran",), "blow": ("blew", "blown"), "cut": ("cut",), "shut": ("shut",),
    "lend": ("lent",), "sink": ("sank", "sunk"), "slay": ("slew", "slain"),
    "overfly": ("overflew", "overflown"), "stand": ("stood",), "hang": ("hung",),
    "leave": ("left",), "quit": ("quit",), "broadcast": ("broadcast",), "build": ("built",),
    "draw": ("drew", "drawn"), "bid": ("bid",), "shrug": (), "upset": ("upset",),
    "retake": ("retook", "retaken"), "recapture": (), "rebuild": ("rebuilt",),
    "mislead": ("misled",), "foresee": ("foresaw", "foreseen"), "swear": ("swore", "sworn"),
    "come": ("came",), "go": ("went", "gone"), "see": ("saw", "seen"), "do": ("did", "done"),
    "run": ("ran",), "begin": ("began", "begun"), "tear": ("tore", "torn"),
    "steal": ("stole", "stolen"), "fly": ("flew", "flown"), "drive": ("drove", "driven"),
    "pay": ("paid",), "lay": ("laid",), "catch": ("caught",), "bring": ("brought",),
    "set": ("set",), "put": ("put",), "shed": ("shed",), "spread": ("spread",),
    "wage": (), "step": (), "find": ("found",), "win": ("won",), "lose": ("lost",),
}  # fmt: skip
_IRREGULAR_NOUNS: dict[str, tuple[str, ...]] = {
    "man": ("men",),
    "crisis": ("crises",),
    "analysis": ("analyses",),
    "thank": ("thanks",),
    "arm": ("arms",),
}
_VOWELS = set("aeiou")


def _plural(word: str) -> set[str]:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return {word + "es"}
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return {word[:-1] + "ies"}
    return {word + "s"}


def inflections(lemma: str, pos: str) -> set[str]:
    """Lower-case surface forms a lemma may take in raw text (generous: for a pre-filter)."""
    w = lemma.lower()
    forms = {w}
    if pos == "NOUN":
        forms |= _plural(w)
        forms.update(_IRREGULAR_NOUNS.get(w, ()))
        return forms
    forms |= _plural(w)  # third person singular
    forms.update(_IRREGULAR_VERBS.get(w, ()))
    if w.endswith("ie"):
        forms |= {w + "d", w[:-2] + "ying"}
    elif w.endswith("ee"):
        forms |= {w + "d", w + "ing"}
    elif w.endswith("e"):
        forms |= {w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ied", w + "ing"}
    else:
        forms |= {w + "ed", w + "ing"}
        # consonant-vowel-consonant, stressed last syllable: ship -> shipped,
        # commit -> committed; British -l doubling: cancel -> cancelled
        cvc = (
            len(w) >= 3
            and w[-1] not in _VOWELS | {"w", "x", "y"}
            and w[-2] in _VOWELS
            and w[-3] not in _VOWELS
        )
        if cvc:
            # Doubled whatever the stress (kidnap -> kidnapped, worship -> worshipped):
            # a form that never occurs costs the pre-filter nothing, a missed one a verb.
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
        if w.endswith("c"):  # panic -> panicked
            forms |= {w + "ked", w + "king"}
    return forms


# ---------------------------------------------------------------- loading and validation


def _default_path() -> Path:
    return Path(str(importlib.resources.files("armswatch") / "data" / "lexicon" / "triggers.tsv"))


def _parse(path: Path) -> list[Trigger]:
    out: list[Trigger] = []
    seen: dict[tuple, int] = {}
    for lineno, cells, fail in tsv_rows(path, COLUMNS, "trigger lexicon"):
        lemma, pos, typ, mode, stage, prep, weight_s, note = cells
        if not lemma or lemma != lemma.lower() or any(ch.isspace() for ch in lemma):
            raise fail(f"lemma must be one lower-case token, got {lemma!r}")
        if pos not in POS_TAGS:
            raise fail(f"unknown pos {pos!r} (expected one of {', '.join(POS_TAGS)})")
        if typ not in EVENT_TYPES:
            raise fail(f"unknown PLOVER type {typ!r}")
        if mode and mode not in MODES[typ]:
            allowed = ", ".join(sorted(MODES[typ])) or "none"
            raise fail(f"unknown mode {mode!r} for {typ} (allowed: {allowed})")
        if stage and stage not in STAGES:
            raise fail(f"unknown stage {stage!r} (expected one of {', '.join(STAGES)})")
        if prep and (prep != prep.lower() or any(ch.isspace() for ch in prep)):
            raise fail(f"prep must be one lower-case word, got {prep!r}")
        try:
            weight = float(weight_s)
        except ValueError:
            raise fail(f"weight must be a number, got {weight_s!r}") from None
        if not 0.0 <= weight <= 1.0:
            raise fail(f"weight must be between 0 and 1, got {weight}")
        direction = obj = None
        for part in note.split(";"):
            part = part.strip()
            if part.startswith("dir="):
                direction = part[4:].strip()
                if direction not in DIRECTIONS:
                    raise fail(f"unknown direction {direction!r} in note")
            elif part.startswith("obj="):
                obj = part[4:].strip()
                if obj != WEAPONS_CLASS and obj not in load_cues().objects:
                    raise fail(f"unknown object class {obj!r} in note (see [objects] in cues.toml)")
        key = (lemma, pos, typ, mode, prep, obj)
        if key in seen:
            raise fail(f"duplicate row {lemma} {pos} {typ} {mode or '-'} {prep or '-'} "
                       f"(first on line {seen[key]})")  # fmt: skip
        seen[key] = lineno
        out.append(Trigger(lemma, pos, typ, mode or None, stage or None, prep or None,
                           weight, direction, note, obj))  # fmt: skip
    if not out:
        raise DataError(f"{path}: no trigger rows")
    return out


@functools.lru_cache(maxsize=8)
def _load_cached(path: str) -> TriggerLexicon:
    return TriggerLexicon(_parse(Path(path)), source=path)


def load_triggers(path: str | Path | None = None) -> TriggerLexicon:
    """Load and validate a trigger lexicon (the bundled one by default); cached per path."""
    p = Path(path) if path is not None else _default_path()
    return _load_cached(str(p.resolve()))
