"""Reading PETRARCH/Phoenix (TABARI-format) actor dictionaries as an extra source.

Format (Phoenix.Countries.actors.txt and friends)::

    AFGHANISTAN_  [AFG]            # a name, underscores between words, a CAMEO code
    +AFGHAN_                       # '+' lines are synonyms of the entry above
    ABDULLAH_ABDULLAH_             # a person ...
        [AFGGOV 20011001-20050420] # ... with date-restricted codes (YYMMDD or YYYYMMDD)
        [AFGELI]                   # ... and an undated fallback
    [USAGOV >20090120]             # '>' from that date on, '<' until that date

CAMEO codes are mapped to codebook codes: the first three letters are a state's ISO3 (with a
few CAMEO-specific exceptions), ``IGO...`` organisations map to UNO/EUR/NATO/... or IGO,
``NGO`` to IGO, ``IMG`` stays; the rest of the code gives the PLOVER sector (CAMEO's MED, media,
becomes JRN; HLH, health, becomes MED). Regional codes ("the West", "Africa") are vague and
dropped. Forms already in armswatch's own data are never overridden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from armswatch.actors import validate as V
from armswatch.actors.forms import EXACT, ICAP, canon
from armswatch.errors import InputError

if TYPE_CHECKING:
    from armswatch.actors.kb import KnowledgeBase, _Builder

# CAMEO three-letter codes that are not (current) ISO 3166-1 alpha-3
CAMEO_STATES = {
    "TMP": "TLS", "KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "USR": "RUS", "SUN": "RUS",
    "DDR": "DEU", "FRG": "DEU", "YUG": "SRB", "SCG": "SRB", "FRY": "SRB", "SRP": "SRB",
    "BAH": "BHS", "ANG": "AGO", "MOS": "RUS", "CSK": "CZE", "PAL": "PSE",
}  # fmt: skip
# IGO sub-codes that are codebook codes
IGO_SUB = {
    "UNO": "UNO", "EUREEC": "EUR", "WSTNAT": "NATO", "UNOIAE": "IAEA", "AFRAFU": "AU",
    "SEAASN": "ASEAN", "BUSOPC": "OPEC", "JUDICC": "ICC", "WSTG7": "G7", "WSTG8": "G7",
}  # fmt: skip
CAMEO_SECTOR = {"MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB", "RAD": "REB"}

_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass(frozen=True, slots=True)
class CodeSpec:
    code: str  # codebook code
    sector: str | None
    start: str  # YYYY-MM-DD or ""
    end: str  # YYYY-MM-DD or ""


@dataclass(frozen=True, slots=True)
class DictEntry:
    forms: tuple[str, ...]  # display forms ("Abdullah Abdullah")
    specs: tuple[CodeSpec, ...]
    line: int


def map_code(cameo: str, states: set[str]) -> tuple[str, str | None] | None:
    """CAMEO actor code -> (codebook code, PLOVER sector) or None when vague/unknown."""
    cameo = cameo.strip().upper()
    if not cameo or cameo.startswith("~"):
        return None
    head, rest = cameo[:3], cameo[3:]
    if head == "IGO":
        for sub, code in sorted(IGO_SUB.items(), key=lambda kv: -len(kv[0])):
            if rest.startswith(sub):
                return code, _sector(rest[len(sub) :])
        return "IGO", None
    if head == "NGO":
        return "IGO", None
    if head == "IMG":
        return "IMG", _sector(rest) or "REB"
    code = CAMEO_STATES.get(head, head)
    if code not in states:
        return None
    return code, _sector(rest)


def _sector(rest: str) -> str | None:
    for i in range(0, len(rest) - 2, 3):
        s = CAMEO_SECTOR.get(rest[i : i + 3], rest[i : i + 3])
        if s in V.SECTORS:
            return s
    return None


def _date(s: str) -> str:
    s = s.strip()
    if re.fullmatch(r"\d{8}", s):
        d = f"{s[:4]}-{s[4:6]}-{s[6:]}"
    elif re.fullmatch(r"\d{6}", s):
        yy = int(s[:2])
        d = f"{1900 + yy if yy > 30 else 2000 + yy}-{s[2:4]}-{s[4:]}"
    else:
        return "?"
    return d if V.valid_date(d) else "?"


def parse_code(raw: str, states: set[str]) -> CodeSpec | None:
    parts = raw.split()
    if not parts:
        return None
    mapped = map_code(parts[0], states)
    if mapped is None:
        return None
    start = end = ""
    if len(parts) > 1:
        r = parts[1]
        if r.startswith(">"):
            start = _date(r[1:])
        elif r.startswith("<"):
            end = _date(r[1:])
        elif "-" in r:
            a, _, z = r.partition("-")
            start, end = _date(a), _date(z)
        if "?" in (start, end):
            return None  # a malformed restriction: drop the code rather than guess
    return CodeSpec(mapped[0], mapped[1], start, end)


def _display(raw: str) -> str:
    words = [w for w in raw.strip().strip("_").split("_") if w]
    return " ".join(words)


def parse(path: Path, states: set[str]) -> list[DictEntry]:
    """Read a Phoenix/TABARI actor dictionary. Raises InputError for an unreadable file."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise InputError(str(path), f"cannot read dictionary: {exc}") from exc
    out: list[DictEntry] = []
    forms: list[str] = []
    specs: list[CodeSpec] = []
    start_line = 0

    def flush() -> None:
        if forms and specs:
            out.append(DictEntry(tuple(dict.fromkeys(forms)), tuple(specs), start_line))

    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        line = re.sub(r"\{[^}]*\}", " ", line)
        stripped = line.strip()
        codes = [c for c in (parse_code(r, states) for r in _CODE.findall(stripped)) if c]
        name = _CODE.sub(" ", stripped).strip()
        if name.startswith("+"):
            f = _display(name[1:])
            if f:
                forms.append(f)
        elif name:
            flush()
            forms, specs, start_line = [_display(name)] if _display(name) else [], [], lineno
        specs += codes
    flush()
    return out


def _mode(form: str) -> int:
    return EXACT if " " not in form and len(form) <= 4 else ICAP


def add_dictionary(kb: KnowledgeBase, b: _Builder, path: Path, states: set[str]) -> int:
    """Merge a dictionary into a knowledge base being built; returns the entries used."""
    from armswatch.actors.kb import Term, _Entry

    src = path.name
    used = 0
    for e in parse(path, states):
        dated = [s for s in e.specs if s.start or s.end]
        if dated:  # a person: one Term per dated code, undated codes as open-ended fallbacks
            name = e.forms[0].title()
            for s in e.specs:
                role = "member" if s.sector is None else s.sector.lower()
                kb.add_person_term(b, Term(name, s.code, role, s.sector, s.start, s.end, src),
                                   [f.title() for f in e.forms], guest=True,
                                   mode=ICAP)  # fmt: skip
            used += 1
            continue
        s = e.specs[0]
        kind = _kind(s)
        for f in e.forms:
            form = f if _mode(f) == EXACT else f.title()
            b.add(form, _Entry(canon(form.upper() if _mode(f) == EXACT else form), _mode(f),
                               kind, s.code, (s.code,), s.sector, e.forms[0].title(),
                               source=src), guest=True)  # fmt: skip
        used += 1
    kb.sources.append(str(path))
    return used


def _kind(s: CodeSpec) -> str:
    if s.code in V.IGO_CODES:
        return "igo"
    if s.sector == "BUS":
        return "company"
    if s.sector == "JRN":
        return "media"
    if s.code == "IMG" or s.sector is not None:
        return "group"
    return "state"
