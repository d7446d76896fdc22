"""The actor knowledge base and the mention matcher.

Data lives in ``armswatch/data/actors/`` (states.json, igos.json, groups.json, agents.tsv,
officials.tsv, stopforms.tsv). :meth:`KnowledgeBase.load` reads and validates it, builds one
Aho-Corasick automaton over every surface form, and :meth:`KnowledgeBase.match` returns the
non-overlapping, longest, whole-word mentions in a text, with char offsets into it.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

from armswatch.actors import validate as V
from armswatch.actors.forms import (
    ANY,
    canon,
    case_mode,
    case_ok,
    normalize,
    plural,
    spelling_variants,
)
from armswatch.errors import DataError

IGO_NAMES = {
    "UNO": "United Nations", "EUR": "European Union", "NATO": "NATO",
    "IAEA": "International Atomic Energy Agency", "G7": "Group of Seven", "AU": "African Union",
    "ASEAN": "ASEAN", "OPEC": "OPEC", "ICC": "International Criminal Court",
    "IGO": "international organisation", "IMG": "transnational militarized group",
}  # fmt: skip

# which entry wins when two data files give the very same surface form
_PRIORITY = {"person": 0, "group": 1, "company": 1, "media": 1, "igo": 2, "coalition": 2,
             "state": 3, "historical": 3, "seat": 3, "capital": 4, "demonym": 4, "place": 4,
             "agent": 5,
             "stop": 6}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """One actor mention: char offsets into the text, the code(s) and what kind of form it was."""

    start: int
    end: int
    text: str
    code: str | None  # None for bare agents ("officials") and for coalitions (see codes)
    codes: tuple[str, ...]  # several for coalitions ("the E3"); else (code,); () for agents
    kind: str  # state|demonym|capital|seat|place|igo|coalition|group|company|media|person|agent
    sector: str | None  # PLOVER sector where the form says it
    name: str | None  # canonical name
    role: str | None = None  # a person's role at the given date
    weak: bool = False  # ambiguous form: needs context
    state_media: bool = False  # media outlets owned or run by a state


@dataclass(frozen=True, slots=True)
class Term:
    """One term of office of a person (one row of officials.tsv)."""

    name: str
    code: str
    role: str
    sector: str | None
    start: str  # YYYY-MM-DD or "" (unknown)
    end: str  # YYYY-MM-DD or "" (still in office)
    source: str = "officials.tsv"

    def covers(self, day: str) -> bool:
        return (not self.start or self.start <= day) and (not self.end or day < self.end)

    def distance(self, day: str) -> int:
        """Days (roughly: compares ISO strings as numbers) between ``day`` and this term."""
        if self.covers(day):
            return 0
        n = _day_number(day)
        if self.start and day < self.start:
            return _day_number(self.start) - n
        return n - _day_number(self.end) if self.end else 0


def _day_number(s: str) -> int:
    y, m, d = (int(x) for x in (s + "-01-01")[:10].split("-"))
    return y * 372 + m * 31 + d


@dataclass(frozen=True, slots=True)
class _Entry:
    """What one surface form means. ``form`` is the canonical spelling it was written with."""

    form: str
    mode: int
    kind: str
    code: str | None
    codes: tuple[str, ...]
    sector: str | None
    name: str | None
    weak: bool = False
    state_media: bool = False
    homonym: bool = False  # an IGO organ a state also has ("Security Council")
    person: str | None = None  # key into KnowledgeBase._terms
    source: str = ""


@dataclass
class _Builder:
    entries: dict[str, list[_Entry]] = field(default_factory=dict)
    problems: list[V.Problem] = field(default_factory=list)

    def add(self, form: str, entry: _Entry, *, guest: bool = False) -> None:
        """Add a form. ``guest`` forms (extra dictionaries) never shadow one already known."""
        key = normalize(form)
        have = self.entries.setdefault(key, [])
        if guest and have:
            return
        for h in have:
            if h.form == entry.form and h.kind == entry.kind and h.codes == entry.codes:
                return  # the same thing written twice
            if (
                canon(h.form) == canon(entry.form)
                and h.codes != entry.codes
                and h.codes
                and entry.codes
                and not (h.weak or entry.weak)
                and h.kind != "person"
                and entry.kind != "person"
            ):
                self.problems.append(
                    (entry.source, entry.name or form,
                     (f"surface form {form!r} means {'/'.join(entry.codes)} here and "
                     f"{'/'.join(h.codes)} in {h.source} ({h.name})"))
                )  # fmt: skip
        have.append(entry)
        have.sort(key=lambda e: _PRIORITY.get(e.kind, 9))


def _data_dir() -> Any:
    return resources.files("armswatch").joinpath("data", "actors")


def _read_tsv(text: str) -> list[tuple[int, dict[str, str]]]:
    lines = [(i + 1, ln) for i, ln in enumerate(text.splitlines()) if ln.strip()]
    lines = [(i, ln) for i, ln in lines if not ln.lstrip().startswith("#")]
    if not lines:
        return []
    header = [h.strip() for h in lines[0][1].split("\t")]
    rows = []
    for lineno, ln in lines[1:]:
        cells = next(csv.reader([ln], delimiter="\t", quoting=csv.QUOTE_NONE))
        rows.append((lineno, {h: (cells[i].strip() if i < len(cells) else "") for i, h in
                              enumerate(header)}))  # fmt: skip
    return rows


class KnowledgeBase:
    """States, organisations, groups, people and role nouns, and a matcher over their forms."""

    def __init__(self) -> None:
        self._auto = ahocorasick.Automaton()
        self._states: dict[str, dict] = {}
        self._names: dict[str, str] = dict(IGO_NAMES)
        self._terms: dict[str, list[Term]] = {}
        self._aliases: dict[str, list[str]] = {}  # normalised alias -> person keys
        self._groups: dict[str, dict] = {}
        self.sources: list[str] = []

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(
        cls,
        extra_dictionaries: Sequence[Path] = (),
        *,
        officials: Path | None = None,
        validate_iso: bool = False,
    ) -> KnowledgeBase:
        """Read the packaged data (and optional PETRARCH/Phoenix dictionaries) and validate it.

        ``officials`` replaces the packaged officials.tsv (tests use a fixture); a missing
        officials file is read as empty. ``validate_iso`` also checks state codes against the
        full ISO 3166-1 list from pycountry (slower; the tests do it).
        """
        kb = cls()
        b = _Builder()
        d = _data_dir()
        states = json.loads(d.joinpath("states.json").read_text("utf-8"))
        igos = json.loads(d.joinpath("igos.json").read_text("utf-8"))
        groups = json.loads(d.joinpath("groups.json").read_text("utf-8"))
        codes = {e["code"] for e in states["states"]}
        iso = V.iso_state_codes() if validate_iso else frozenset(codes)
        b.problems += V.check_states(states, "states.json", iso)
        b.problems += V.check_igos(igos, "igos.json", codes)
        b.problems += V.check_groups(groups, "groups.json", codes)
        kb._add_states(b, states)
        kb._add_igos(b, igos)
        kb._add_groups(b, groups)
        if officials is None:
            off = d.joinpath("officials.tsv")
            off_text = off.read_text("utf-8") if off.is_file() else ""
            off_name = "officials.tsv"
        else:
            off_text = Path(officials).read_text("utf-8") if Path(officials).is_file() else ""
            off_name = str(officials)
        kb._add_officials(b, off_text, off_name, codes | V.NONSTATE_CODES)
        if officials is None:
            # Office holders before 2014, derived from the Phoenix dictionaries; ours win.
            old = d.joinpath("officials_phoenix.tsv")
            if old.is_file():
                kb._add_officials(
                    b,
                    old.read_text("utf-8"),
                    "officials_phoenix.tsv",
                    codes | V.NONSTATE_CODES,
                    guest=True,
                )
        kb._add_agents(b, d.joinpath("agents.tsv").read_text("utf-8"), "agents.tsv")
        stop_rows = _read_tsv(d.joinpath("stopforms.tsv").read_text("utf-8"))
        for _, row in stop_rows:
            f = row["form"]
            b.add(f, _Entry(canon(f), case_mode(f), "stop", None, (), None, None,
                            source="stopforms.tsv"))  # fmt: skip
        for fname in ("places.tsv", "places_phoenix.tsv"):  # (the hand-written file first)
            places = d.joinpath(fname)
            if places.is_file():
                kb._add_places(b, places.read_text("utf-8"), fname, codes)
        V.raise_if(b.problems)
        for path in extra_dictionaries:
            from armswatch.actors.petrarch import add_dictionary

            add_dictionary(kb, b, Path(path), codes)
        kb._build(b)
        return kb

    def _add_states(self, b: _Builder, doc: dict) -> None:
        for e in doc["states"]:
            code = e["code"]
            self._states[code] = e
            self._names[code] = e["name"]
            weak = set(e.get("weak", []))
            sectors = e.get("sectors", {})
            for key, kind in (("names", "state"), ("historical", "state"),
                              ("demonyms", "demonym"), ("capitals", "capital"),
                              ("seats", "seat")):  # fmt: skip
                for f in e.get(key, []):
                    sector = sectors.get(f, "GOV" if kind == "seat" else None)
                    b.add(f, _Entry(canon(f), case_mode(f), kind, code, (code,), sector,
                                    e["name"], f in weak, source="states.json"))  # fmt: skip

    def _add_igos(self, b: _Builder, doc: dict) -> None:
        for e in doc["organisations"]:
            weak, homo = set(e.get("weak", [])), set(e.get("national_homonym", []))
            for f in e["names"]:
                b.add(f, _Entry(canon(f), case_mode(f), "igo", e["code"], (e["code"],), None,
                                e["name"], f in weak, homonym=f in homo,
                                source="igos.json"))  # fmt: skip
        for e in doc.get("coalitions", []):
            weak = set(e.get("weak", []))
            for f in e["names"]:
                b.add(f, _Entry(canon(f), case_mode(f), "coalition", None, tuple(e["codes"]),
                                None, e["name"], f in weak, source="igos.json"))  # fmt: skip

    def _add_groups(self, b: _Builder, doc: dict) -> None:
        for e in doc["groups"]:
            self._groups[e["name"]] = e
            weak = set(e.get("weak", []))
            for f in e["names"]:
                b.add(f, _Entry(canon(f), case_mode(f), e["kind"], e["code"], (e["code"],),
                                e["sector"], e["name"], f in weak,
                                state_media=bool(e.get("state_media")),
                                source="groups.json"))  # fmt: skip

    def _add_officials(self, b: _Builder, text: str, fname: str, ok_codes: set[str],
                       guest: bool = False) -> None:  # fmt: skip
        rows = _read_tsv(text)
        if rows and set(V.OFFICIAL_COLUMNS) - set(rows[0][1]):
            b.problems.append((fname, "header", f"columns must be {V.OFFICIAL_COLUMNS}"))
            return
        for lineno, row in rows:
            probs = V.check_official_row(row, fname, lineno, ok_codes)
            if probs:
                b.problems += probs
                continue
            self.add_person_term(
                b,
                Term(
                    row["name"],
                    row["code"],
                    row["role"],
                    row["sector"] or None,
                    row["start"],
                    row["end"],
                    fname,
                ),
                [a.strip() for a in row["aliases"].split(";") if a.strip()],
                guest=guest,
            )

    def add_person_term(self, b: _Builder, term: Term, aliases: Sequence[str],
                        *, guest: bool = False, mode: int | None = None) -> None:  # fmt: skip
        """Register one term of office and the person's surface forms.

        ``mode`` overrides how the forms are compared with the text (see ``forms.case_mode``).
        """
        if guest and term.name in self._terms and self._terms[term.name][0].source != term.source:
            return
        terms = self._terms.setdefault(term.name, [])
        terms.append(term)
        terms.sort(key=lambda t: (t.start or "0000", t.end or "9999"))
        for f in dict.fromkeys([term.name, *aliases]):
            key = normalize(f)
            keys = self._aliases.setdefault(key, [])
            if term.name not in keys:
                keys.append(term.name)
            b.add(f, _Entry(canon(f), case_mode(f) if mode is None else mode, "person",
                            term.code, (term.code,),
                            term.sector, term.name, person=term.name,
                            source=term.source), guest=guest)  # fmt: skip

    def _add_places(self, b: _Builder, text: str, fname: str, codes: set[str]) -> None:
        """Cities and regions ("Kharkiv", "Helmand") as places of their state; they never
        shadow a form the hand-made data has."""
        for lineno, row in _read_tsv(text):
            form, code = row.get("form", ""), row.get("code", "")
            if not form or code not in codes:
                b.problems.append((fname, form, f"line {lineno}: unknown state code {code!r}"))
                continue
            b.add(form, _Entry(canon(form), case_mode(form), "place", code, (code,), None,
                               self._names.get(code, code), source=fname), guest=True)  # fmt: skip

    def _add_agents(self, b: _Builder, text: str, fname: str) -> None:
        generated: list[tuple[str, str, str, bool]] = []
        for lineno, row in _read_tsv(text):
            probs = V.check_agent_row(row, fname, lineno)
            if probs:
                b.problems += probs
                continue
            term, sector, weak = row["term"], row["sector"], row.get("weak") == "weak"
            b.add(term, _Entry(canon(term), case_mode(term), "agent", None, (), sector, term,
                               weak, source=fname))  # fmt: skip
            forms = spelling_variants(term)
            if case_mode(term) == ANY:
                forms += [plural(f) for f in forms if not f.endswith("s") or f.endswith("ss")]
            generated += [(f, term, sector, weak) for f in forms[1:] if f != term]
        # written rows first: a generated plural never overrides a row of its own
        for f, term, sector, weak in generated:
            if normalize(f) not in b.entries:
                b.add(f, _Entry(canon(f), case_mode(f), "agent", None, (), sector, term, weak,
                                source=fname))  # fmt: skip

    def _build(self, b: _Builder) -> None:
        for key, entries in b.entries.items():
            self._auto.add_word(key, (len(key), tuple(entries)))
        self._auto.make_automaton()

    # ------------------------------------------------------------------ lookups
    def state(self, code: str) -> dict | None:
        return self._states.get(code)

    def name_of(self, code: str) -> str:
        return self._names.get(code, code)

    def all_codes(self) -> set[str]:
        return set(self._states) | set(IGO_NAMES)

    def sovereign(self, code: str) -> str:
        """The controlling state of a dependency (PRI -> USA); the code itself otherwise."""
        e = self._states.get(code)
        return (e or {}).get("dependency_of", code)

    def group(self, name: str) -> dict | None:
        """A group/company/media entry by canonical name."""
        return self._groups.get(name)

    def persons(self, name_or_alias: str) -> list[str]:
        """Canonical names of the people a name or alias may refer to."""
        if name_or_alias in self._terms:
            return [name_or_alias]
        return list(self._aliases.get(normalize(name_or_alias), []))

    def terms_of(self, person: str) -> list[Term]:
        """All known terms of a person (by canonical name or alias), oldest first."""
        out: list[Term] = []
        for p in self.persons(person):
            out += self._terms.get(p, [])
        return out

    def officials_of(self, code: str) -> list[tuple[str, Term]]:
        """(person, term) for every dated office held for ``code``, by person."""
        return [
            (person, t)
            for person, terms in sorted(self._terms.items())
            for t in terms
            if t.code == code
        ]

    def person_role(
        self, name_or_alias: str, date: str | None
    ) -> tuple[str, str, str | None] | None:
        """(code, role, sector) of a person at ``date``: the covering term, else the nearest one.

        Without a date, the latest term.
        """
        t = self._term_at(self.persons(name_or_alias), date)
        return (t.code, t.role, t.sector) if t else None

    def _term_at(self, people: Sequence[str], date: str | None) -> Term | None:
        terms = [t for p in people for t in self._terms.get(p, [])]
        if not terms:
            return None
        if not date:
            open_terms = [t for t in terms if not t.end]
            return open_terms[-1] if open_terms else max(terms, key=lambda t: t.end)
        day = date[:10]
        if len(day) < 10:
            day = (day + "-01-01")[:10] if len(day) == 4 else day + "-15"
        covering = [t for t in terms if t.covers(day)]
        if covering:
            return covering[-1]
        return min(terms, key=lambda t: t.distance(day))

    # ------------------------------------------------------------------ matching
    def match(self, text: str, date: str | None = None) -> list[ActorMatch]:
        """All actor mentions in ``text``: sorted by start, non-overlapping, longest first."""
        norm = normalize(text)
        n = len(text)
        cands: list[tuple[int, int, _Entry]] = []
        for end_idx, (length, entries) in self._auto.iter(norm):
            end = end_idx + 1
            start = end - length
            if start > 0 and _is_word(norm[start - 1]) and _is_word(norm[start]):
                continue
            if end < n and _is_word(norm[end]) and _is_word(norm[end - 1]):
                continue
            if start > 0 and norm[start - 1] == "." and norm[start].isalpha() and start > 1 \
                    and norm[start - 2].isalpha():  # fmt: skip
                continue  # "S." inside "U.S."-like abbreviations
            seg = text[start:end]
            for e in entries:
                if case_ok(e.form, seg, e.mode):
                    if e.weak and e.kind not in _PLACE_KINDS and _name_goes_on(text, end):
                        break  # "The National Intelligence Service" is not The National
                    cands.append((start, end, e))
                    break
        if not cands:
            return []
        cands.sort(key=lambda c: (c[0] - c[1], c[0], _PRIORITY.get(c[2].kind, 9)))
        taken = bytearray(n)
        chosen: list[tuple[int, int, _Entry]] = []
        for start, end, e in cands:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, e))
        chosen.sort()
        out: list[ActorMatch] = []
        prev: ActorMatch | None = None
        for start, end, e in chosen:
            if e.kind == "stop":
                prev = None
                continue
            m = self._to_match(text, start, end, e, date, prev)
            out.append(m)
            prev = m
        return out

    def _to_match(self, text: str, start: int, end: int, e: _Entry, date: str | None,
                  prev: ActorMatch | None) -> ActorMatch:  # fmt: skip
        seg = text[start:end]
        if e.kind == "person":
            people = [p for p in self._aliases.get(normalize(e.form), []) if p in self._terms]
            t = self._term_at(people or [e.person or ""], date)
            if t is not None:
                return ActorMatch(start, end, seg, t.code, (t.code,), "person", t.sector, t.name,
                                  t.role, e.weak)  # fmt: skip
        if e.homonym and prev is not None and prev.kind in ("state", "demonym", "capital") \
                and _adjacent(text, prev.end, start):  # fmt: skip
            # "Russia's Security Council" is a national body, not the UN's
            return ActorMatch(start, end, seg, None, (), "agent", "GOV", e.form, None, e.weak)
        if (
            e.homonym
            and prev is not None
            and prev.kind == "igo"
            and _adjacent(text, prev.end, start)
        ):
            # "Arab League Secretary-General": that organisation's officer, not the UN's
            return ActorMatch(start, end, seg, prev.code, prev.codes, "igo", prev.sector,
                              prev.name, None, e.weak)  # fmt: skip
        return ActorMatch(start, end, seg, e.code, e.codes, e.kind, e.sector, e.name, None,
                          e.weak, e.state_media)  # fmt: skip


_PLACE_KINDS = frozenset({"state", "capital", "place", "demonym", "seat", "historical"})


def _name_goes_on(text: str, end: int) -> bool:
    """Whether a capitalised word follows: the form is then part of a longer name."""
    m = re.match(r" ([A-Z][a-z])", text[end : end + 3])
    return m is not None


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _adjacent(text: str, a: int, b: int) -> bool:
    gap = text[a:b].strip()
    return gap in ("", "'s", "’s", "ʼs", "s'", "'")


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The packaged knowledge base, loaded once per process."""
    return KnowledgeBase.load()


__all__ = ["ActorMatch", "DataError", "KnowledgeBase", "Term", "default_kb"]
