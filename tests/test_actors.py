"""The actor knowledge base: data files, validator and the mention matcher."""

import json
from pathlib import Path

import pytest

from armswatch.actors import validate as V
from armswatch.actors.forms import plural
from armswatch.actors.kb import KnowledgeBase, default_kb
from armswatch.errors import DataError

FIX = Path(__file__).parent / "fixtures"
OFFICIALS = FIX / "officials_sample.tsv"
DATA = Path(__file__).resolve().parents[1] / "src" / "armswatch" / "data" / "actors"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(officials=OFFICIALS)


def one(kb, text, date=None):
    return [(m.text, m.code, m.kind) for m in kb.match(text, date)]


# ------------------------------------------------------------------ data and validation
def test_every_file_loads_and_validates_against_iso():
    kb = KnowledgeBase.load(officials=OFFICIALS, validate_iso=True)
    iso = V.iso_state_codes()
    assert iso <= kb.all_codes()
    assert {"TWN", "PSE", "XKX", "UNO", "EUR", "NATO", "IMG"} <= kb.all_codes()
    assert kb.name_of("PRK") == "North Korea" and kb.name_of("UNO") == "United Nations"
    assert kb.sovereign("PRI") == "USA" and kb.sovereign("RUS") == "RUS"
    assert kb.state("TUR")["name"] == "Turkey"


def test_packaged_officials_file_validates_if_present():
    if not (DATA / "officials.tsv").exists():
        pytest.skip("officials.tsv not written yet")
    default_kb.cache_clear()
    assert default_kb().all_codes()


def test_validator_reports_bad_entries():
    states = {"states": [{"code": "XXX", "name": "Nowhere", "names": ["Nowhere"], "colour": 1,
                          "weak": ["Elsewhere"]}]}  # fmt: skip
    probs = V.check_states(states, "states.json", frozenset({"FRA"}))
    msgs = " | ".join(m for _, _, m in probs)
    assert "bad state code 'XXX'" in msgs and "unknown keys ['colour']" in msgs
    assert "weak form 'Elsewhere'" in msgs and "missing ISO codes ['FRA']" in msgs
    groups = {"groups": [{"kind": "media", "code": "RUS", "sector": "XYZ", "name": "T",
                          "names": ["T"]}]}  # fmt: skip
    msgs = " | ".join(m for _, _, m in V.check_groups(groups, "groups.json", {"RUS"}))
    assert "bad sector 'XYZ'" in msgs and "state_media" in msgs
    row = {"name": "A B", "aliases": "", "code": "QQQ", "role": "x", "sector": "GOV",
           "start": "2020-13-01", "end": "2019-01-01"}  # fmt: skip
    msgs = " | ".join(m for _, _, m in V.check_official_row(row, "officials.tsv", 3, {"RUS"}))
    assert "bad code 'QQQ'" in msgs and "bad start date" in msgs
    with pytest.raises(DataError, match="officials.tsv: line 3"):
        V.raise_if(V.check_official_row(row, "officials.tsv", 3, {"RUS"}))


def test_bad_officials_file_raises(tmp_path):
    p = tmp_path / "officials.tsv"
    p.write_text("name\taliases\tcode\trole\tsector\tstart\tend\n"
                 "Jane Doe\tDoe\tZZZ\tminister\tGOV\t2020-01-01\t\n")  # fmt: skip
    with pytest.raises(DataError, match="bad code 'ZZZ'"):
        KnowledgeBase.load(officials=p)


def test_no_surface_form_means_two_codes():
    """The loader raises on conflicts; check the raw files too, so the test can fail loudly."""
    seen: dict[str, set[str]] = {}
    for e in json.loads((DATA / "states.json").read_text("utf-8"))["states"]:
        for k in ("names", "historical", "demonyms", "capitals", "seats"):
            for f in e[k]:
                seen.setdefault(f, set()).add(e["code"])
    for e in json.loads((DATA / "groups.json").read_text("utf-8"))["groups"]:
        for f in e["names"]:
            seen.setdefault(f, set()).add(e["code"])
    assert {f: c for f, c in seen.items() if len(c) > 1} == {}


def test_agents_file_has_credit_header_and_sectors():
    text = (DATA / "agents.tsv").read_text("utf-8")
    assert "Open Event Data Alliance" in text and "MIT" in text
    rows = [ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#")][1:]
    sectors = {r[0]: r[1] for r in rows}
    assert sectors["defence minister"] == "GOV" and sectors["army"] == "MIL"
    assert sectors["spy agency"] == "SPY" and sectors["arms dealer"] == "BUS"
    assert sectors["state media"] == "JRN" and sectors["rebels"] == "REB"


def test_plural():
    assert plural("spokesman") == "spokesmen"
    assert plural("spokesperson") == "spokespeople"
    assert plural("embassy") == "embassies"
    assert plural("minister of defence") == "ministers of defence"
    assert plural("envoy") == "envoys"


# ------------------------------------------------------------------ matching
def test_possessives(kb):
    for s in ("Russia's", "Russia’s", "Iran`s", "Iranʼs"):
        ms = kb.match(f"{s} decision")
        assert len(ms) == 1 and ms[0].text == s[:-2] and ms[0].end == len(s) - 2
    assert one(kb, "South Korea's navy")[0] == ("South Korea", "KOR", "state")


def test_us_forms_and_word_boundaries(kb):
    assert one(kb, "U.S. and US and USA.") == [("U.S.", "USA", "state"), ("US", "USA", "state"),
                                               ("USA", "USA", "state")]  # fmt: skip
    assert one(kb, "a USB stick, a bus, tell us") == []
    assert one(kb, "Iranian drones") == [("Iranian", "IRN", "demonym")]
    assert one(kb, "Irania") == []


def test_hyphen_compounds(kb):
    assert one(kb, "North Korea-Russia ties") == [("North Korea", "PRK", "state"),
                                                  ("Russia", "RUS", "state")]  # fmt: skip
    assert one(kb, "US-backed") == [("US", "USA", "state")]
    assert one(kb, "Russian-made and Turkish-made drones")[:2] == [
        ("Russian", "RUS", "demonym"), ("Turkish", "TUR", "demonym")]  # fmt: skip


def test_case_sensitivity(kb):
    assert one(kb, "a turkey dinner in china with chad") == []
    assert one(kb, "Turkey and China and Chad") == [("Turkey", "TUR", "state"),
                                                    ("China", "CHN", "state"),
                                                    ("Chad", "TCD", "state")]  # fmt: skip
    assert one(kb, "the un and the eu") == []
    assert one(kb, "the united states") == []  # long forms: any case but not all lower
    assert one(kb, "The United States") == [("United States", "USA", "state")]
    assert one(kb, "CHINA WARNS") == [("CHINA", "CHN", "state")]


def test_demonyms_and_longest_match(kb):
    assert one(kb, "North Korean troops")[0] == ("North Korean", "PRK", "demonym")
    assert one(kb, "a Slovak arms broker") == [("Slovak", "SVK", "demonym"),
                                               ("arms broker", None, "agent")]  # fmt: skip
    assert one(kb, "the Democratic People’s Republic of Korea")[0][1] == "PRK"
    assert one(kb, "South Sudan") == [("South Sudan", "SSD", "state")]
    assert one(kb, "a Korean") == []


def test_metonyms(kb):
    ms = kb.match("The Kremlin said Pyongyang and Washington talked; the Pentagon denied it.")
    got = [(m.text, m.code, m.kind, m.sector) for m in ms]
    assert got == [
        ("The Kremlin", "RUS", "seat", "GOV"),
        ("Pyongyang", "PRK", "capital", None),
        ("Washington", "USA", "capital", None),
        ("the Pentagon", "USA", "seat", "MIL"),
    ]


def test_places_from_phoenix(kb):
    text = (DATA / "places_phoenix.tsv").read_text("utf-8")
    assert "Open Event Data Alliance" in text and "MIT" in text
    got = one(kb, "Shelling hit Kharkiv and Idlib; Tripoli and Georgia stayed calm.")
    assert ("Kharkiv", "UKR", "place") in got and ("Idlib", "SYR", "place") in got
    # the hand-made data wins over a derived place: Tripoli stays Libya's (weak) capital
    assert ("Tripoli", "LBY", "capital") in got and ("Georgia", "GEO", "state") in got
    # a capitalised common word is no place
    assert one(kb, "Reading the statement, Mobile units moved.") == []


def test_igos_and_coalitions(kb):
    got = one(kb, "The UN Security Council, the EU, NATO and the IAEA; the E3 objected.")
    assert got == [("UN Security Council", "UNO", "igo"), ("the EU", "EUR", "igo"),
                   ("NATO", "NATO", "igo"), ("IAEA", "IAEA", "igo"),
                   ("the E3", None, "coalition")]  # fmt: skip
    e3 = next(m for m in kb.match("the E3") if m.kind == "coalition")
    assert e3.codes == ("FRA", "GBR", "DEU")
    # international NGOs are coded IGO (the codebook's "any other international organisation")
    assert one(kb, "Amnesty International and Human Rights Watch")[0][1:] == ("IGO", "igo")
    assert one(kb, "Amnesty International and Human Rights Watch")[1][1:] == ("IGO", "igo")
    assert one(kb, "the Shanghai Cooperation Organisation")[0][1] == "IGO"
    # a national Security Council is not the UN's
    ms = kb.match("Russia's Security Council met")
    assert (ms[1].kind, ms[1].code, ms[1].sector) == ("agent", None, "GOV")


def test_groups_companies_media(kb):
    got = {m.text: m for m in kb.match(
        "Hezbollah, the Houthis, Hamas, the Wagner Group, ISIS, Baykar, Rosoboronexport, "
        "KCNA and Reuters reported.")}  # fmt: skip
    assert got["Hezbollah"].code == "LBN" and got["Hezbollah"].sector == "REB"
    assert got["the Houthis"].code == "YEM"
    assert got["Hamas"].code == "PSE"
    assert got["Wagner Group"].code == "RUS" and got["Wagner Group"].sector == "PRM"
    assert got["ISIS"].code == "IMG"
    assert got["Baykar"].code == "TUR" and got["Baykar"].kind == "company"
    assert got["Rosoboronexport"].sector == "BUS"
    assert got["KCNA"].kind == "media" and got["KCNA"].state_media
    assert got["Reuters"].code == "GBR" and not got["Reuters"].state_media


def test_persons_by_date(kb):
    ms = kb.match("Russian Defense Minister Sergei Shoigu met officials.", "2023-09-01")
    assert [(m.kind, m.code, m.sector) for m in ms] == [
        ("demonym", "RUS", None), ("agent", None, "GOV"), ("person", "RUS", "GOV"),
        ("agent", None, "GOV")]  # fmt: skip
    assert ms[2].role == "defence minister" and ms[2].name == "Sergei Shoigu"
    later = next(m for m in kb.match("Shoigu said", "2024-06-01") if m.kind == "person")
    assert later.role == "Security Council secretary" and later.text == "Shoigu"
    # outside any term: the nearest role, still coded
    early = next(m for m in kb.match("Shoigu said", "2010-01-01") if m.kind == "person")
    assert (early.code, early.role) == ("RUS", "defence minister")
    assert kb.person_role("Ban Ki-moon", "2010-05-01") == ("UNO", "Secretary-General", "GOV")
    assert kb.person_role("Ban Ki-moon", "2005-05-01")[0] == "KOR"
    assert [t.role for t in kb.terms_of("Shoigu")] == [
        "defence minister",
        "Security Council secretary",
    ]
    assert kb.person_role("Nobody Atall", "2020-01-01") is None


def test_agents(kb):
    got = one(kb, "A spokeswoman, two spokesmen, the defence ministry and the Defense Ministry")
    assert got == [
        ("spokeswoman", None, "agent"),
        ("spokesmen", None, "agent"),
        ("defence ministry", None, "agent"),
        ("Defense Ministry", None, "agent"),
    ]
    m = kb.match("officials said")[0]
    assert (m.kind, m.sector, m.weak) == ("agent", "GOV", False)


def test_weak_forms(kb):
    ms = {m.text: m for m in kb.match("Georgia and Jordan; Victoria and Male; Congo")}
    assert ms["Georgia"].code == "GEO" and ms["Georgia"].weak
    assert ms["Victoria"].weak and ms["Male"].weak and ms["Congo"].weak
    assert not ms["Jordan"].weak
    assert not kb.match("Tbilisi")[0].weak


def test_stop_forms(kb):
    assert one(kb, "the South China Sea and Latin America and New Mexico") == []
    assert one(kb, "China and America") == [("China", "CHN", "state"),
                                            ("America", "USA", "state")]  # fmt: skip


def test_offsets_are_into_original_text(kb):
    text = "İstanbul: Türkiye’s envoy met Kyiv’s"
    for m in kb.match(text):
        assert text[m.start : m.end] == m.text
    assert [m.code for m in kb.match(text) if m.code] == ["TUR", "UKR"]
