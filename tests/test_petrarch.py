"""PETRARCH/Phoenix dictionary reading and merging."""

from pathlib import Path

import pytest

from armswatch.actors.kb import KnowledgeBase
from armswatch.actors.petrarch import map_code, parse

FIX = Path(__file__).parent / "fixtures"
SAMPLE = FIX / "phoenix_sample.actors.txt"
OFFICIALS = FIX / "officials_sample.tsv"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "petrarch2"
STATES = {"FRA", "RUS", "USA", "AFG", "TLS", "XKX", "DEU"}


def test_map_code():
    assert map_code("AFGGOV", STATES) == ("AFG", "GOV")
    assert map_code("AFGGOVMIL", STATES) == ("AFG", "GOV")
    assert map_code("USAMED", STATES) == ("USA", "JRN")  # CAMEO MED is media
    assert map_code("IGOUNOBUS", STATES) == ("UNO", "BUS")
    assert map_code("IGOEUREEC", STATES) == ("EUR", None)
    assert map_code("IGOWSTNAT", STATES) == ("NATO", None)
    assert map_code("IGOUNOIAE", STATES) == ("IAEA", None)
    assert map_code("IGOSCN", STATES) == ("IGO", None)
    assert map_code("NGO", STATES) == ("IGO", None)
    assert map_code("IMGMUSALQ", STATES) == ("IMG", "REB")
    assert map_code("TMP", STATES) == ("TLS", None)
    assert map_code("KSV", STATES) == ("XKX", None)
    assert map_code("WST", STATES) is None  # "the West" is vague
    assert map_code("MEA", STATES) is None


def test_parse_fixture():
    entries = {e.forms[0]: e for e in parse(SAMPLE, STATES)}
    fr = entries["FREEDONIA"]
    assert fr.forms == ("FREEDONIA", "FREEDONIAN", "REPUBLIC OF FREEDONIA")
    assert fr.specs[0].code == "FRA" and fr.specs[0].sector is None
    ff = entries["RUFUS T FIREFLY"]
    assert [(s.code, s.sector, s.start, s.end) for s in ff.specs] == [
        ("FRA", "GOV", "1933-01-01", "1933-12-31"),
        ("FRA", "ELI", "", ""),
    ]
    assert entries["TRENTINO"].specs[0].start == "2020-01-01"
    assert "WESTERN POWERS" not in entries  # vague code dropped, entry has no usable code
    assert entries["OLD SOVIET AGENCY"].specs[0].code == "RUS"


def test_merge_fixture_ours_wins():
    kb = KnowledgeBase.load([SAMPLE], officials=OFFICIALS)
    got = {
        m.text: m for m in kb.match("Freedonian Army units and Russia met Firefly.", "1933-06-01")
    }
    assert got["Freedonian Army"].code == "FRA" and got["Freedonian Army"].sector == "MIL"
    assert got["Russia"].code == "RUS"  # the dictionary's [USA] lost to states.json
    assert got["Firefly"].kind == "person" and got["Firefly"].role == "gov"
    ms = kb.match("The Sylvanian Liberation Front and the Peace Agency of the World.")
    assert [(m.code, m.kind) for m in ms] == [("IMG", "group"), ("UNO", "igo")]
    # the date picks the term; outside any term the nearest one
    assert kb.person_role("Rufus T Firefly", "1933-06-01") == ("FRA", "gov", "GOV")
    # lower-case text never matches a dictionary's upper-case form
    assert [(m.text, m.code) for m in kb.match("the freedonian army")] == [("army", None)]


def test_real_phoenix_dictionaries():
    files = [SHARED / f for f in ("Phoenix.International.actors.txt",
                                  "Phoenix.MilNonState.actors.txt")]  # fmt: skip
    if not all(f.exists() for f in files):
        pytest.skip("../shared/data/petrarch2 not available")
    kb = KnowledgeBase.load(files, officials=OFFICIALS)
    ms = {m.text: m for m in kb.match("Amnesty International and the Tamil Tigers.")}
    assert ms["Amnesty International"].code == "IGO"
    assert ms["Tamil Tigers"].code == "LKA" and ms["Tamil Tigers"].sector == "REB"
    # our data still wins for the UN
    assert kb.match("the UN said")[0].code == "UNO"
