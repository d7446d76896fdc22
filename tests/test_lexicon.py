"""The trigger and weapons lexicons: bundled files load and validate, broken files fail with
the line number, lookups work on lemmas the real spaCy model produces."""

from __future__ import annotations

import pytest

from armswatch.errors import DataError
from armswatch.lexicon.triggers import MODES, inflections, load_triggers
from armswatch.lexicon.weapons import load_weapons
from armswatch.model import EVENT_TYPES, ITEM_CLASSES

TRIGGER_HEADER = "lemma\tpos\ttype\tmode\tstage\tprep\tweight\tnote\n"
WEAPON_HEADER = "term\tclass\tkind\tnote\n"


# ---------------------------------------------------------------- bundled files


def test_bundled_triggers_load_and_cover_every_type():
    lex = load_triggers()
    assert len(lex) >= 500
    assert lex.types() == set(EVENT_TYPES)
    for t in lex:
        assert t.mode is None or t.mode in MODES[t.type]
        assert 0.0 <= t.weight <= 1.0
    nouns = {t.lemma for t in lex if t.pos == "NOUN"}
    for word in (
        "talk",
        "summit",
        "sanction",
        "embargo",
        "shipment",
        "delivery",
        "airstrike",
        "ceasefire",
        "denial",
        "veto",
        "allegation",
        "ultimatum",
        "deployment",
    ):
        assert word in nouns, word


def test_bundled_triggers_are_cached():
    assert load_triggers() is load_triggers()


def test_bundled_weapons_load():
    lex = load_weapons()
    assert len(lex) >= 300
    classes = {c for e in lex.entries for c in e.classes}
    assert classes == set(ITEM_CLASSES)
    assert load_weapons() is lex


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "row, problem",
    [
        ("talk\tNOUN\tCHAT\t\t\t\t0.8\t\n", "unknown PLOVER type"),
        ("talk\tNOUN\tCONSULT\tvisit\tsoon\t\t0.8\t\n", "unknown stage"),
        ("talk\tNOUN\tCONSULT\tlunch\t\t\t0.8\t\n", "unknown mode"),
        ("talk\tNOUN\tCONSULT\t\t\t\t1.5\t\n", "weight"),
        ("talk\tNOUN\tCONSULT\t\t\t\tmuch\t\n", "weight"),
        ("talk\tNOUN\tCONSULT\t\t\t0.8\t\n", "columns"),
        ("talk\tADJ\tCONSULT\t\t\t\t0.8\t\n", "unknown pos"),
        ("Talk\tNOUN\tCONSULT\t\t\t\t0.8\t\n", "lemma"),
        ("buy\tVERB\tAID\t\tdelivery\t\t0.5\tdir=buyer\n", "direction"),
        ("cut\tVERB\tSANCTION\t\t\t\t0.5\tobj=cakes\n", "unknown object class"),
        ("talk\tNOUN\tCONSULT\t\t\t\t0.8\t\n", "duplicate"),
    ],
)
def test_broken_trigger_file_names_line(tmp_path, row, problem):
    p = tmp_path / "triggers.tsv"
    p.write_text("# comment\n" + TRIGGER_HEADER + "talk\tNOUN\tCONSULT\t\t\t\t0.8\t\n" + row)
    with pytest.raises(DataError) as e:
        load_triggers(p)
    msg = str(e.value)
    assert f"{p}:4:" in msg
    assert problem in msg


def test_trigger_file_without_header(tmp_path):
    p = tmp_path / "t.tsv"
    p.write_text("talk\tNOUN\tCONSULT\t\t\t\t0.8\t\n")
    with pytest.raises(DataError, match=":1: header"):
        load_triggers(p)


@pytest.mark.parametrize(
    "row, problem",
    [
        ("drone\tflying\tspecific\t\n", "unknown item class"),
        ("drone\tdrones\tvague\t\n", "unknown kind"),
        ("drone\tdrones\n", "columns"),
        ("Drone\tdrones\tspecific\t\n", "lower case"),
        ("tank\tarmored_vehicles\tspecific\t\n", "duplicate"),
    ],
)
def test_broken_weapons_file_names_line(tmp_path, row, problem):
    p = tmp_path / "weapons.tsv"
    p.write_text(WEAPON_HEADER + "# a comment\ntank\tarmored_vehicles\tspecific\t\n" + row)
    with pytest.raises(DataError) as e:
        load_weapons(p)
    assert f"{p}:4:" in str(e.value)
    assert problem in str(e.value)


@pytest.mark.parametrize(
    "row, problem",
    [
        ("gun\tUSA\t\n", "not in the weapons lexicon"),
        ("tank\tusa\t\n", "alpha-3"),
    ],
)
def test_broken_makers_file_names_line(tmp_path, row, problem):
    (tmp_path / "weapons.tsv").write_text(WEAPON_HEADER + "tank\tarmored_vehicles\tspecific\t\n")
    m = tmp_path / "makers.tsv"
    m.write_text("term\tmaker\tnote\n" + row)
    with pytest.raises(DataError) as e:
        load_weapons(tmp_path / "weapons.tsv")
    assert f"{m}:2:" in str(e.value) and problem in str(e.value)


def test_makers_of_named_systems():
    found = {m.text: m.maker for m in load_weapons().find("Rafale jets and Leopard 2 tanks")}
    assert found == {"Rafale": "FRA", "jets": None, "Leopard 2 tanks": "DEU"}


def test_custom_trigger_file(tmp_path):
    p = tmp_path / "t.tsv"
    p.write_text(
        TRIGGER_HEADER + "buy\tVERB\tAID\tmilitary\tdelivery\t\t0.5\tdir=recipient_subject\n"
    )
    lex = load_triggers(p)
    (t,) = lex.lookup("buy", "VERB")
    assert (t.type, t.mode, t.stage, t.direction) == ("AID", "military", "delivery",
                                                       "recipient_subject")  # fmt: skip
    assert {"buy", "buys", "bought", "buying"} <= lex.surface_forms


# ---------------------------------------------------------------- lookups on real lemmas


# (the ``nlp`` fixture, the pipeline with armswatch's components, is in conftest.py)


def _types_for(nlp, sentence: str, word: str) -> set[str]:
    lex = load_triggers()
    doc = nlp(sentence)
    (tok,) = [t for t in doc if t.text == word]
    kids = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")}
    rows = lex.lookup(tok.lemma_, tok.pos_)
    with_prep = [r for r in rows if r.prep and r.prep in kids]
    return {r.type for r in (with_prep or [r for r in rows if not r.prep])}


@pytest.mark.parametrize(
    "sentence, word, expected",
    [
        ("The two sides held talks on Tuesday.", "talks", "CONSULT"),
        ("Russian forces shelled the city overnight.", "shelled", "ASSAULT"),
        ("The European Union imposed new sanctions on Minsk.", "sanctions", "SANCTION"),
        ("Pyongyang denied the allegations.", "denied", "REJECT"),
        ("Pyongyang denied the allegations.", "allegations", "ACCUSE"),
        ("China called on both sides to show restraint.", "called", "REQUEST"),
        ("Kyiv urged its allies to speed up deliveries.", "urged", "REQUEST"),
        ("Kyiv urged its allies to speed up deliveries.", "deliveries", "AID"),
        ("Officials expressed concern over the launch.", "concern", "ACCUSE"),
        ("The ministers negotiated a new arms deal.", "negotiated", "CONSULT"),
        ("Customs officers seized the cargo in Busan.", "seized", "COERCE"),
        ("The army deployed troops to the border.", "deployed", "MOBILIZE"),
        ("Moscow warned Tokyo of consequences.", "warned", "THREATEN"),
        ("Berlin pulled out of the talks.", "pulled", "RETREAT"),
        ("Police cracked down on the protesters.", "cracked", "COERCE"),
        ("The two leaders signed a defence pact.", "signed", "SUPPORT"),
    ],
)
def test_lookup_real_lemmas(nlp, sentence, word, expected):
    assert expected in _types_for(nlp, sentence, word)


def test_direction_and_stage(nlp):
    lex = load_triggers()
    doc = nlp("Russia bought drones from Iran, which supplied shells and negotiated a deal.")
    by_text = {t.text: t for t in doc}
    bought = lex.lookup(by_text["bought"].lemma_, by_text["bought"].pos_)
    assert any(t.stage == "delivery" and t.direction == "recipient_subject" for t in bought)
    supplied = lex.lookup(by_text["supplied"].lemma_, "VERB")
    assert any(t.type == "AID" and t.direction == "supplier_subject" for t in supplied)
    negotiated = lex.lookup(by_text["negotiated"].lemma_, "VERB")
    assert {t.stage for t in negotiated} == {"negotiation"}
    assert {t.stage for t in lex.lookup("deal", "NOUN")} == {"agreement"}


def test_surface_forms_cover_text_inflections():
    forms = load_triggers().surface_forms
    for w in (
        "negotiations",
        "negotiating",
        "shelled",
        "shipped",
        "sanctions",
        "talks",
        "denied",
        "met",
        "sought",
        "sold",
        "struck",
        "withdrew",
        "accused",
        "bought",
        "kidnapped",  # doubled consonant on an unstressed last syllable
        "kidnapping",
    ):
        assert w in forms, w
    assert "arms" in inflections("arm", "NOUN")


# ---------------------------------------------------------------- weapons matching


def _found(text: str):
    return [(m.text, m.classes, m.specific) for m in load_weapons().find(text)]


def test_weapons_plurals_and_hyphens():
    lex = load_weapons()
    text = "Iran sent Shahed-136 drones, a Shahed 136 and more Shahed136s."
    assert [m.text for m in lex.find(text)] == ["Shahed-136", "drones", "Shahed 136", "Shahed136s"]
    assert lex.classes("One drone and two drones.") == ("drones",)
    assert lex.classes("It fired an artillery shell.") == ("ammunition",)
    assert lex.classes("Warsaw ordered F-16s and K2 tanks.") == ("aircraft", "armored_vehicles")


def test_weapons_offsets_and_longest_match():
    text = "Germany pledged Leopard 2 tanks and IRIS-T systems."
    ms = load_weapons().find(text)
    assert [text[m.start : m.end] for m in ms] == [m.text for m in ms]
    assert ms[0].text == "Leopard 2 tanks"
    assert ms[0].classes == ("armored_vehicles",)


def test_weapons_two_classes():
    (m,) = load_weapons().find("The Patriot arrived.")
    assert m.classes == ("missiles", "air_defense")


def test_weapons_generic_vs_specific():
    lex = load_weapons()
    assert lex.classes("North Korea shipped weapons to Russia.") == ("other",)
    assert lex.classes("North Korea shipped arms and artillery shells.") == ("ammunition",)
    assert _found("military equipment")[0][2] is False


def test_weapons_whole_words_and_proper_names():
    lex = load_weapons()
    assert lex.find("He was disarmed in the armory; the alarm rang.") == []
    assert lex.find("They harmed no one.") == []
    assert lex.find("A leopard was seen near the village.") == []
    assert lex.classes("Leopard tanks arrived.") == ("armored_vehicles",)
    assert lex.find("the military arm of the party") == []
    assert lex.classes("a spike in prices") == ()
    assert lex.classes("Israeli Spike missiles") == ("missiles",)


def test_weapons_components():
    lex = load_weapons()
    got = lex.classes("Chinese firms exported microelectronics, machine tools and dual-use goods.")
    assert got == ("components",)


def test_object_classes_validated():
    import tomllib
    from importlib import resources

    from armswatch.lexicon.cues import load_cues, parse_cues

    assert "ambassador" in load_cues().objects["envoys"]
    text = (resources.files("armswatch") / "data/lexicon/cues.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    data["objects"]["bad"] = ["Ambassador"]
    with pytest.raises(DataError, match=r"\[objects\] bad"):
        parse_cues(data, "cues.toml")


# ---------------------------------------------------------------- lemma corrections


@pytest.mark.parametrize(
    "row, problem",
    [
        ("Staged\tVERB\tstage\t\n", "lower case"),
        ("staged\tADV\tstage\t\n", "unknown pos"),
        ("staged\tVERB\tstage\n", "columns"),
        ("waged\tVERB\twage\t\n", "listed twice"),
    ],
)
def test_broken_lemma_file_names_line(tmp_path, row, problem):
    from armswatch.lexicon.lemmas import load_lemma_fixes

    p = tmp_path / "lemmas.tsv"
    p.write_text("# comment\nform\tpos\tlemma\tnote\nwaged\tVERB\twage\t\n" + row)
    with pytest.raises(DataError) as e:
        load_lemma_fixes(p)
    assert f"{p}:4:" in str(e.value) and problem in str(e.value)


@pytest.mark.parametrize(
    "sentence, word, lemma",
    [
        ("China staged large drills around Taiwan.", "staged", "stage"),
        ("Russia has waged war on its neighbour for years.", "waged", "wage"),
        ("Kyiv hopes to receive more jets this spring.", "hopes", "hope"),
        ("Drones struck two US bases in Syria.", "bases", "base"),
        ("Regulators fined the shipping company.", "fined", "fine"),
        ("Ukrainian forces retook the town in November.", "retook", "retake"),
    ],
)
def test_pipeline_corrects_lemmas(nlp, sentence, word, lemma):
    (tok,) = [t for t in nlp(sentence) if t.text == word]
    assert tok.lemma_ == lemma


# Verbs in -e whose past is not verb + "d".
_STRONG = {"take", "retake", "overtake", "undertake", "give", "forgive", "make", "come",
           "overcome", "become", "strike", "write", "ride", "drive", "rise", "choose", "lose",
           "shake", "bite", "hide", "slide", "freeze", "leave", "forsake", "arise"}  # fmt: skip


def test_trigger_verbs_in_e_keep_their_lemma_in_the_past(nlp):
    """The lexicon is written in lemmas; the model strips "-ed" from some verbs in -e
    ("staged" -> stag). Every such trigger verb must lemmatize back (data/lexicon/lemmas.tsv)."""
    verbs = sorted(
        {t.lemma for t in load_triggers() if t.pos == "VERB" and t.lemma.endswith("e")} - _STRONG
    )
    docs = nlp.pipe(f"Officials {v}d the plan on Monday." for v in verbs)
    wrong = [
        (v, doc[1].lemma_)
        for v, doc in zip(verbs, docs, strict=True)
        if doc[1].pos_ == "VERB" and doc[1].lemma_.lower() != v
    ]
    assert not wrong
