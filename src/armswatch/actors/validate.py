"""Validation of the actor data files: keys, codes, sectors, dates, conflicting surface forms.

Every check appends ``(file, entry, message)`` to a list; :func:`raise_if` turns a non-empty list
into one :class:`~armswatch.errors.DataError` that names each file and entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from armswatch.errors import DataError

EXTRA_STATE_CODES = frozenset({"TWN", "PSE", "XKX"})
IGO_CODES = frozenset({"UNO", "EUR", "NATO", "IAEA", "G7", "AU", "ASEAN", "OPEC", "ICC", "IGO"})
NONSTATE_CODES = IGO_CODES | {"IMG"}
# PLOVER manual, "Sector Codes" table
SECTORS = frozenset(
    [
        "COP",
        "GOV",
        "JUD",
        "LEG",
        "MIL",
        "PRM",
        "PTY",
        "REB",
        "SPY",
        "UAF",
        "UNK",
        "AGR",
        "BUS",
        "CRM",
        "CVL",
        "EDU",
        "ELI",
        "JRN",
        "LAB",
        "MED",
        "REF",
        "OPP",
        "PRE",
        "REL",
        "SOC",
    ]
)
KINDS = frozenset(
    [
        "state",
        "demonym",
        "capital",
        "place",
        "seat",
        "igo",
        "coalition",
        "group",
        "company",
        "media",
        "person",
        "agent",
    ]
)

STATE_KEYS = frozenset(
    [
        "code",
        "name",
        "names",
        "historical",
        "demonyms",
        "capitals",
        "seats",
        "weak",
        "sectors",
        "dependency_of",
        "note",
    ]
)
ORG_KEYS = frozenset(["code", "name", "names", "weak", "national_homonym", "note"])
COALITION_KEYS = frozenset(["name", "names", "codes", "weak", "note"])
GROUP_KEYS = frozenset(["kind", "code", "name", "names", "sector", "state_media", "weak", "note"])
GROUP_KINDS = frozenset({"group", "company", "media"})
OFFICIAL_COLUMNS = ("name", "aliases", "code", "role", "sector", "start", "end")
AGENT_COLUMNS = ("term", "sector", "note")

Problem = tuple[str, str, str]
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_state_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (from pycountry) plus the codebook's TWN, PSE, XKX."""
    import pycountry  # imported here: only validation needs it

    return frozenset(c.alpha_3 for c in pycountry.countries) | EXTRA_STATE_CODES


def valid_date(s: str) -> bool:
    if not _ISO_DATE.match(s):
        return False
    try:
        date.fromisoformat(s)
    except ValueError:
        return False
    return True


def _strings(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) and x.strip() == x and x for x in v)


def check_states(doc: dict, fname: str, iso: frozenset[str]) -> list[Problem]:
    out: list[Problem] = []
    seen: set[str] = set()
    for i, e in enumerate(doc.get("states", [])):
        ent = f"states[{i}] {e.get('code', '?')}"
        unknown = set(e) - STATE_KEYS
        if unknown:
            out.append((fname, ent, f"unknown keys {sorted(unknown)}"))
        code = e.get("code")
        if code not in iso:
            out.append((fname, ent, f"bad state code {code!r}"))
        if code in seen:
            out.append((fname, ent, f"duplicate entry for {code}"))
        seen.add(code)
        if not isinstance(e.get("name"), str) or not e.get("name"):
            out.append((fname, ent, "missing name"))
        forms: set[str] = set()
        for k in ("names", "historical", "demonyms", "capitals", "seats", "weak"):
            if k in e and not _strings(e[k]):
                out.append((fname, ent, f"{k} must be a list of non-empty trimmed strings"))
            elif k != "weak":
                forms.update(e.get(k, []))
        for w in e.get("weak", []):
            if w not in forms:
                out.append((fname, ent, f"weak form {w!r} is not one of the entry's forms"))
        for f, s in e.get("sectors", {}).items():
            if f not in forms:
                out.append((fname, ent, f"sectors: {f!r} is not one of the entry's forms"))
            if s not in SECTORS:
                out.append((fname, ent, f"sectors: bad sector {s!r} for {f!r}"))
        dep = e.get("dependency_of")
        if dep is not None and dep not in iso:
            out.append((fname, ent, f"bad dependency_of code {dep!r}"))
    missing = iso - seen
    if missing:
        out.append((fname, "states", f"missing ISO codes {sorted(missing)}"))
    return out


def check_igos(doc: dict, fname: str, states: Iterable[str]) -> list[Problem]:
    out: list[Problem] = []
    states = set(states)
    for i, e in enumerate(doc.get("organisations", [])):
        ent = f"organisations[{i}] {e.get('name', '?')}"
        out += _named_entry(e, fname, ent, ORG_KEYS, ("weak", "national_homonym"))
        if e.get("code") not in IGO_CODES:
            out.append((fname, ent, f"bad IGO code {e.get('code')!r}"))
    for i, e in enumerate(doc.get("coalitions", [])):
        ent = f"coalitions[{i}] {e.get('name', '?')}"
        out += _named_entry(e, fname, ent, COALITION_KEYS, ("weak",))
        codes = e.get("codes")
        if not _strings(codes) or len(codes) < 2 or not set(codes) <= states | NONSTATE_CODES:
            out.append((fname, ent, f"codes must list two or more valid codes, got {codes!r}"))
    return out


def check_groups(doc: dict, fname: str, states: Iterable[str]) -> list[Problem]:
    out: list[Problem] = []
    ok_codes = set(states) | NONSTATE_CODES
    for i, e in enumerate(doc.get("groups", [])):
        ent = f"groups[{i}] {e.get('name', '?')}"
        out += _named_entry(e, fname, ent, GROUP_KEYS, ("weak",))
        if e.get("kind") not in GROUP_KINDS:
            out.append((fname, ent, f"bad kind {e.get('kind')!r}"))
        if e.get("code") not in ok_codes:
            out.append((fname, ent, f"bad code {e.get('code')!r}"))
        if e.get("sector") not in SECTORS:
            out.append((fname, ent, f"bad sector {e.get('sector')!r}"))
        if e.get("kind") == "media" and not isinstance(e.get("state_media"), bool):
            out.append((fname, ent, "media entries need state_media true/false"))
    return out


def _named_entry(e: dict, fname: str, ent: str, keys, form_lists) -> list[Problem]:
    """Checks every named entry shares: known keys, a list of names, and forms (weak ...)
    that are among the names."""
    out: list[Problem] = []
    if set(e) - keys:
        out.append((fname, ent, f"unknown keys {sorted(set(e) - keys)}"))
    if not _strings(e.get("names")):
        out.append((fname, ent, "names must be a list of non-empty trimmed strings"))
    for k in form_lists:
        for w in e.get(k, []):
            if w not in e.get("names", []):
                out.append((fname, ent, f"{k} form {w!r} is not one of the names"))
    return out


def check_agent_row(row: dict[str, str], fname: str, line: int) -> list[Problem]:
    ent = f"line {line} {row.get('term', '?')!r}"
    out: list[Problem] = []
    if not row.get("term"):
        out.append((fname, ent, "empty term"))
    if row.get("sector") not in SECTORS:
        out.append((fname, ent, f"bad sector {row.get('sector')!r}"))
    if row.get("weak", "") not in ("", "weak"):
        out.append((fname, ent, f"weak must be empty or 'weak', got {row.get('weak')!r}"))
    return out


def check_official_row(
    row: dict[str, str], fname: str, line: int, ok_codes: Iterable[str]
) -> list[Problem]:
    ent = f"line {line} {row.get('name', '?')!r}"
    out: list[Problem] = []
    if not row.get("name"):
        out.append((fname, ent, "empty name"))
    if row.get("code") not in set(ok_codes):
        out.append((fname, ent, f"bad code {row.get('code')!r}"))
    sector = row.get("sector") or ""
    if sector and sector not in SECTORS:
        out.append((fname, ent, f"bad sector {sector!r}"))
    start, end = row.get("start") or "", row.get("end") or ""
    if start and not valid_date(start):
        out.append((fname, ent, f"bad start date {start!r}"))
    if end and not valid_date(end):
        out.append((fname, ent, f"bad end date {end!r}"))
    if start and end and valid_date(start) and valid_date(end) and end < start:
        out.append((fname, ent, f"end {end} before start {start}"))
    return out


def raise_if(problems: list[Problem], limit: int = 30) -> None:
    if not problems:
        return
    lines = [f"{f}: {e}: {m}" for f, e, m in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more")
    raise DataError("actor data failed validation:\n" + "\n".join(lines))
