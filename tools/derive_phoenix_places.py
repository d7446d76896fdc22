"""Derive data/actors/places_phoenix.tsv from PETRARCH2's Phoenix country dictionary.

usage: python tools/derive_phoenix_places.py [PHOENIX_COUNTRIES] [ENGLISH_TEXT.csv]

Each country block of Phoenix.Countries.actors.txt lists, besides the country's names, its
cities, provinces and regions ("KHARKIV", "HELMAND", "DONBAS") and common misspellings
("AFGANISTAN"). Those become place forms coded to the country, so that "missiles struck Odesa"
or "fighting in Helmand" reaches UKR and AFG. Dropped: forms our own data already has (it wins),
forms listed under two countries (ambiguous), forms with a leading "the", forms of three letters
or fewer, and forms that occur as an ordinary lower-case word in a body of English text (the
NGEC synthetic stories by default: "reading", "mobile", "nice"), which would otherwise match
capitalised words that are not places. The source is MIT-licensed (Open Event Data Alliance / Computational Event Data
System project); the header of the output says so. Run at development time only: nothing at
run time reads ../shared.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from armswatch.actors.petrarch import parse

SHARED = ROOT.parent / "shared" / "data"
DEFAULT = SHARED / "petrarch2" / "Phoenix.Countries.actors.txt"
ENGLISH = SHARED / "ngec" / "synthetic_events.csv"
DATA = ROOT / "src" / "armswatch" / "data" / "actors"
OUT = DATA / "places_phoenix.tsv"
HEADER = """# Places (cities, provinces, regions) and misspelt country names -> state code, derived by
# tools/derive_phoenix_places.py from the country blocks of Phoenix.Countries.actors.txt of
# PETRARCH2 (openeventdata/petrarch2 at 676801cd, generated from CountryInfo.140130.txt).
# The MIT License (MIT), Copyright (c) 2014 Open Event Data Alliance; Computational Event Data
# System Project. Forms in states.json, igos.json or groups.json take precedence.
form\tcode
"""


def known_forms() -> set[str]:
    """Every surface form our hand-made actor data already has (upper case)."""
    out: set[str] = set()
    states = json.loads((DATA / "states.json").read_text("utf-8"))["states"]
    for e in states:
        for key in ("names", "historical", "demonyms", "capitals", "seats"):
            out.update(f.upper() for f in e.get(key, []))
    for fname, key in (("igos.json", "organisations"), ("groups.json", "groups")):
        for e in json.loads((DATA / fname).read_text("utf-8")).get(key, []):
            out.update(f.upper() for f in e.get("names", []))
    return out


def lowercase_words(path: Path) -> set[str]:
    """Words that appear in lower case in running English text."""
    words: set[str] = set()
    if not path.is_file():
        return words
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words.update(re.findall(r"\b[a-z][a-z'-]+\b", row.get("text") or ""))
    return words


def main(src: Path, english: Path) -> int:
    states = json.loads((DATA / "states.json").read_text("utf-8"))["states"]
    codes = {e["code"] for e in states}
    names = {e["code"]: {n.upper() for n in e["names"]} for e in states}
    known = known_forms()
    common = lowercase_words(english)
    owners: dict[str, set[str]] = defaultdict(set)
    for e in parse(src, codes):
        current = [s for s in e.specs if not s.end and s.sector is None and s.code in codes]
        if not current:
            continue
        code = current[-1].code
        if not names.get(code, set()) & set(e.forms):
            continue  # a person or an organisation, not the country's own block
        for f in e.forms:
            owners[f].add(code)
    rows = []
    for form, owner in sorted(owners.items()):
        letters = re.sub(r"[^A-Z]", "", form)
        if (
            len(owner) != 1
            or form in known
            or form.startswith("THE ")  # "The United States": our own forms carry the article
            or len(letters) <= 3
            or (" " not in form and form.lower() in common)
            or not re.fullmatch(r"[A-Z][A-Z .'-]*[A-Z.]", form)
        ):
            continue
        rows.append(f"{form.title()}\t{next(iter(owner))}\n")
    OUT.write_text(HEADER + "".join(rows), encoding="utf-8")
    print(f"{OUT}: {len(rows)} places")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(Path(args[0]) if args else DEFAULT, Path(args[1]) if len(args) > 1 else ENGLISH))
