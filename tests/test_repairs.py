"""Parse repairs (armswatch.extract.repairs), checked on the trees the pipeline returns."""

from __future__ import annotations


def _tok(doc, word):
    (tok,) = [t for t in doc if t.text == word]
    return tok


def test_finite_conjunct_is_lifted_to_the_reporting_verb(nlp):
    doc = nlp(
        "The Kremlin warned that the new aid would not change the situation at the front and "
        "accused Washington of prolonging the war."
    )
    assert _tok(doc, "accused").head.text == "warned"


def test_bare_conjuncts_under_a_modal_stay(nlp):
    doc = nlp("Russia said it would send troops to Belarus and deploy jets there.")
    assert _tok(doc, "deploy").head.text == "send"


def test_participle_after_an_object_modifies_it(nlp):
    doc = nlp("The EU added 200 firms in China, India and Turkey accused of helping Moscow.")
    accused = _tok(doc, "accused")
    assert (accused.head.text, accused.dep_) == ("firms", "acl")
    assert _tok(doc, "in").head.text == "firms"


def test_small_clause_is_left_alone(nlp):
    doc = nlp("Moscow considered itself entitled to hit military facilities in Poland.")
    entitled = _tok(doc, "entitled")
    assert entitled.head.text == "considered" and entitled.dep_ != "acl"


def test_bare_conjunct_continues_the_infinitive(nlp):
    doc = nlp("We urge Russia to withdraw its troops, stop the shelling and return to talks.")
    assert _tok(doc, "stop").head.text == "withdraw"


def test_fronted_means_belongs_to_the_reported_clause(nlp):
    doc = nlp(
        "Zakharova said by approving another arms package for Kyiv, Germany has violated its "
        "own export rules."
    )
    assert _tok(doc, "by").head.text == "violated"


def test_trailing_participle_goes_with_the_main_clause(nlp):
    doc = nlp(
        "China launched drills around Taiwan on Thursday, a day after Nancy Pelosi visited the "
        "island, firing missiles into waters near Taiwan."
    )
    assert _tok(doc, "firing").head.text == "launched"


def test_participle_with_its_own_object_is_the_reported_verb(nlp):
    doc = nlp(
        "Israeli airstrikes killed at least 30 people in Gaza on Tuesday, Palestinian health "
        "officials said."
    )
    killed = _tok(doc, "killed")
    assert (killed.head.text, killed.dep_) == ("said", "ccomp")
    assert _tok(doc, "airstrikes").head.text == "killed"


def test_a_name_read_as_the_object_of_since_is_the_clause_subject(nlp):
    doc = nlp(
        "Baku has accused France of bias since Azerbaijan retook the Nagorno-Karabakh region in "
        "a one-day offensive last September."
    )
    azerbaijan = _tok(doc, "Azerbaijan")
    assert (azerbaijan.head.text, azerbaijan.dep_) == ("retook", "nsubj")


def test_an_appeal_after_a_reported_clause_goes_with_the_reporting_verb(nlp):
    doc = nlp(
        "Kuleba said Iran bore full responsibility for the attacks and called on the EU to act."
    )
    assert _tok(doc, "called").head.text == "said"


def test_a_reported_act_conjoined_stays_in_the_report(nlp):
    doc = nlp("Officials said Russia attacked the port and threatened more strikes.")
    assert _tok(doc, "threatened").head.text != "said"


def test_a_bare_verb_after_a_noun_and_is_a_noun(nlp):
    doc = nlp("Washington approved the sale of 40 jets and upgrade kits for 79 more to Turkey.")
    kits = _tok(doc, "kits")
    assert (kits.head.text, kits.dep_) == ("jets", "conj")
    assert _tok(doc, "upgrade").dep_ == "compound"


def test_the_recipient_after_a_sale_belongs_to_the_sale(nlp):
    doc = nlp("Turkey has criticised the planned sale of U.S. F-35 jets to Greece.")
    assert _tok(doc, "to").head.text == "sale"


def test_up_to_a_number_bounds_the_number(nlp):
    doc = nlp("Militants have abducted up to 16 Pakistani police officers from a checkpoint.")
    officers = _tok(doc, "officers")
    assert (officers.head.text, officers.dep_) == ("abducted", "dobj")


def test_a_headline_verb_read_as_a_noun(nlp):
    doc = nlp("US sanctions Chinese and Indian firms over support for Russia's military")
    sanctions = _tok(doc, "sanctions")
    assert sanctions.pos_ == "VERB" and _tok(doc, "firms").dep_ == "dobj"


def test_a_dangling_preposition_gets_the_noun_read_as_a_subject(nlp):
    doc = nlp("Ecuador has granted asylum to two Colombian officers holed up in its embassy.")
    officers = _tok(doc, "officers")
    assert (officers.head.text, officers.dep_) == ("to", "pobj")
    assert (_tok(doc, "holed").head.text, _tok(doc, "holed").dep_) == ("officers", "acl")


def test_an_object_after_its_as_complement_is_the_object(nlp):
    doc = nlp("Poland denounced as an outrage Belarus's treatment of migrants at the border.")
    assert (_tok(doc, "treatment").dep_, _tok(doc, "treatment").head.text) == ("dobj", "denounced")
    doc = nlp(
        "Estonia condemned as a hybrid attack Russia's jamming of GPS signals over the Baltic."
    )
    assert (_tok(doc, "jamming").dep_, _tok(doc, "jamming").head.text) == ("dobj", "condemned")


def test_a_participle_read_as_the_subject_describes_it(nlp):
    doc = nlp("The Red Cross operating in Kherson said Russian shelling had hit its warehouse.")
    assert (_tok(doc, "Cross").dep_, _tok(doc, "Cross").head.text) == ("nsubj", "said")
    assert (_tok(doc, "operating").dep_, _tok(doc, "operating").head.text) == ("acl", "Cross")


def test_a_name_before_and_after_an_objectless_verb_is_its_object(nlp):
    doc = nlp("Israel struck Beirut and Hezbollah fired rockets at Haifa.")
    assert (_tok(doc, "Beirut").dep_, _tok(doc, "Beirut").head.text) == ("dobj", "struck")
    assert (_tok(doc, "Hezbollah").dep_, _tok(doc, "Hezbollah").head.text) == ("nsubj", "fired")
