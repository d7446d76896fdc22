"""Derive data/actors/officials_phoenix.tsv from PETRARCH2's Phoenix country dictionary.

usage: python tools/derive_phoenix_officials.py [../shared/data/petrarch2/Phoenix.Countries.actors.txt]

Keeps people with dated government or military codes (heads of state and government,
ministers, generals ... up to early 2014, where our hand-made officials.tsv starts), in the
officials.tsv schema, with only multi-word names and aliases (a bare surname is ambiguous among
17,000 people). The source is MIT-licensed (Open Event Data Alliance / Computational Event Data
System project); the header of the output says so. Run at development time only: nothing at run
time reads ../shared.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from armswatch.actors.petrarch import parse  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "petrarch2" / "Phoenix.Countries.actors.txt"
OUT = ROOT / "src" / "armswatch" / "data" / "actors" / "officials_phoenix.tsv"
KEEP = {"GOV": "government", "MIL": "military"}
HEADER = """# People with dated government or military roles, derived by tools/derive_phoenix_officials.py
# from Phoenix.Countries.actors.txt of PETRARCH2 (openeventdata/petrarch2 at 676801cd,
# dictionaries generated from CountryInfo.140130.txt). The MIT License (MIT), Copyright (c) 2014
# Open Event Data Alliance; Computational Event Data System Project. Coverage ends early 2014;
# data/actors/officials.tsv (2014-2026) takes precedence for people in both.
"""


def main(src: Path) -> int:
    states = {e["code"] for e in json.loads(
        (ROOT / "src/armswatch/data/actors/states.json").read_text("utf-8"))["states"]}
    rows: list[str] = []
    people = 0
    for e in parse(src, states):
        # (a few source entries end before they start: dropped rather than guessed)
        terms = [s for s in e.specs if s.sector in KEEP and (s.start or s.end)
                 and not (s.start and s.end and s.end < s.start)]
        if not terms:
            continue
        forms = [f.title() for f in e.forms if " " in f.strip()]
        if not forms:
            continue
        name, aliases = forms[0], ";".join(dict.fromkeys(forms[1:]))
        people += 1
        for s in terms:
            rows.append("\t".join([name, aliases, s.code, KEEP[s.sector], s.sector, s.start,
                                   s.end]))
    OUT.write_text(HEADER + "name\taliases\tcode\trole\tsector\tstart\tend\n"
                   + "\n".join(sorted(set(rows))) + "\n", encoding="utf-8")
    print(f"{people} people, {len(set(rows))} terms -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
