"""Validate src/armswatch/data/actors/officials.tsv (standard library only).

Usage: python tools/check_officials.py [path]

Checks: header, 7 tab-separated columns, dates (YYYY-MM-DD), start <= end, code (3 upper-case
letters or UNO/EUR/NATO), sector, lower-case role, no exact duplicate rows, and no name or alias
shared by two different people whose terms overlap. Terms are taken as half-open [start, end):
the end day is the successor's first day, so terms that only meet on that day do not overlap.
Exits 1 when an error is found; prints a summary of rows per code.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

COLUMNS = ["name", "aliases", "code", "role", "sector", "start", "end"]
SECTORS = {"GOV", "MIL", "SPY", "LEG", "JUD"}
SPECIAL_CODES = {"UNO", "EUR", "NATO"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CODE_RE = re.compile(r"^[A-Z]{3}$")
DEFAULT = Path(__file__).resolve().parent.parent / "src/armswatch/data/actors/officials.tsv"


def parse_date(text: str) -> date | None:
    if not DATE_RE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def check(path: Path) -> int:
    errors: list[str] = []
    rows: list[tuple[int, list[str], date, date]] = []
    seen: dict[tuple[str, ...], int] = {}
    header_seen = False
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if not header_seen:
            header_seen = True
            if cols != COLUMNS:
                errors.append(f"{lineno}: header is {cols!r}, expected {COLUMNS!r}")
            continue
        if len(cols) != 7:
            errors.append(f"{lineno}: {len(cols)} columns, expected 7")
            continue
        if any(c != c.strip() for c in cols):
            errors.append(f"{lineno}: leading or trailing whitespace in a column")
        name, aliases, code, role, sector, start_s, end_s = cols
        if not name:
            errors.append(f"{lineno}: empty name")
        if not (CODE_RE.match(code) or code in SPECIAL_CODES):
            errors.append(f"{lineno}: bad code {code!r}")
        if not role or role != role.lower():
            errors.append(f"{lineno}: role must be non-empty lower case: {role!r}")
        if sector not in SECTORS:
            errors.append(f"{lineno}: bad sector {sector!r}")
        if any(not a.strip() for a in aliases.split(";")) and aliases:
            errors.append(f"{lineno}: empty alias in {aliases!r}")
        start = parse_date(start_s)
        end = parse_date(end_s) if end_s else date.max
        if start is None:
            errors.append(f"{lineno}: bad start date {start_s!r}")
        if end is None:
            errors.append(f"{lineno}: bad end date {end_s!r}")
        if start is None or end is None:
            continue
        if start > end:
            errors.append(f"{lineno}: start {start_s} after end {end_s}")
        key = tuple(cols)
        if key in seen:
            errors.append(f"{lineno}: duplicate of line {seen[key]}")
        else:
            seen[key] = lineno
        rows.append((lineno, cols, start, end))
    if not header_seen:
        errors.append("no header row")

    # name/alias -> rows, then look for two different people sharing a form in overlapping terms
    forms: dict[str, list[tuple[int, str, date, date]]] = defaultdict(list)
    for lineno, cols, start, end in rows:
        for form in {cols[0], *filter(None, cols[1].split(";"))}:
            forms[form.casefold()].append((lineno, cols[0], start, end))
    conflicts = set()
    for form, uses in forms.items():
        for i, (l1, n1, s1, e1) in enumerate(uses):
            for l2, n2, s2, e2 in uses[i + 1 :]:
                if n1 != n2 and s1 < e2 and s2 < e1:
                    conflicts.add((form, n1, l1, n2, l2))
    for form, n1, l1, n2, l2 in sorted(conflicts):
        errors.append(f"alias conflict {form!r}: {n1} (line {l1}) and {n2} (line {l2})")

    for err in errors:
        print(f"{path.name}:{err}")
    people = {cols[0] for _, cols, _, _ in rows}
    per_code = Counter(cols[2] for _, cols, _, _ in rows)
    print(f"{len(rows)} rows, {len(people)} people, {len(per_code)} codes, {len(errors)} errors")
    print(" ".join(f"{code}:{n}" for code, n in sorted(per_code.items())))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(check(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
