"""UN Security Council arms embargoes, dated (``data/embargoes.tsv``; sources in embargoes.md).

An embargo is in force on day ``d`` when ``start <= d`` and (no ``end`` or ``d < end``): ``end``
is the day it was lifted. ``match`` says when the watch rules treat a record's actor code as
covered: ``code`` — the code alone (full and partial embargoes, and the non-state embargoes whose
groups the extractor codes with the state's code: Houthis as YEM, Hezbollah as LBN, Iraqi
militias as IRQ, and IMG); ``group`` — only when the extractor marks the actor with that code as
a non-state group (``Actor.kind == "group"`` or a rebel/insurgent sector), because a transfer to
the government (CAF since 2024, SOM since 2023, COD) is not covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from ..errors import DataError
from ..merge.dates import interval

COLUMNS = ("code", "target", "scope", "start", "end", "resolution", "note", "match")
SCOPES = ("full", "partial", "non-state")
MATCHES = ("code", "group")


@dataclass(frozen=True, slots=True)
class Embargo:
    code: str
    target: str
    scope: str  # full | partial | non-state
    start: date
    end: date | None
    resolution: str
    note: str = ""
    match: str = "code"  # code | group

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps(self, first: date, last: date) -> bool:
        """In force on at least one day of ``first``..``last``."""
        return self.start <= last and (self.end is None or first < self.end)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "target": self.target,
            "scope": self.scope,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "resolution": self.resolution,
            "match": self.match,
        }


def _day(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DataError(f"{where}: not an ISO date: {value!r}") from None


def parse_embargoes(text: str, name: str = "embargoes.tsv") -> tuple[Embargo, ...]:
    out: list[Embargo] = []
    header: list[str] | None = None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        where = f"{name}:{n}"
        if header is None:
            header = cells
            if tuple(header) != COLUMNS:
                raise DataError(f"{where}: expected columns {', '.join(COLUMNS)}")
            continue
        if len(cells) != len(COLUMNS):
            raise DataError(
                f"{where}: expected {len(COLUMNS)} tab-separated cells, got {len(cells)}"
            )
        row = dict(zip(COLUMNS, cells, strict=True))
        if row["scope"] not in SCOPES:
            raise DataError(f"{where}: scope must be one of {', '.join(SCOPES)}")
        if row["match"] not in MATCHES:
            raise DataError(f"{where}: match must be one of {', '.join(MATCHES)}")
        start = _day(row["start"], where)
        end = _day(row["end"], where) if row["end"] else None
        if end is not None and end <= start:
            raise DataError(f"{where}: end {end} is not after start {start}")
        out.append(
            Embargo(
                row["code"],
                row["target"],
                row["scope"],
                start,
                end,
                row["resolution"],
                row["note"],
                row["match"],
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def load_embargoes() -> tuple[Embargo, ...]:
    """The bundled embargo list (package data)."""
    text = resources.files("armswatch").joinpath("data/embargoes.tsv").read_text("utf-8")
    return parse_embargoes(text)


def under_embargo(
    code: str, when: str | date | None, embargoes: tuple[Embargo, ...] | None = None
) -> list[Embargo]:
    """The embargoes on ``code`` in force at ``when`` (a day, or ``YYYY``/``YYYY-MM``/
    ``YYYY-MM-DD``: any day of a coarse date counts). Empty when ``when`` is None or unreadable.
    """
    if when is None:
        return []
    if isinstance(when, date):
        first = last = when
    else:
        iv = interval(when)
        if iv is None:
            return []
        first, last = iv[0], iv[1]
    rows = load_embargoes() if embargoes is None else embargoes
    return [e for e in rows if e.code == code and e.overlaps(first, last)]
