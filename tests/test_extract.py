"""Extractor rules, one family per test group, on sentences written for these tests."""

from __future__ import annotations

import pytest

from armswatch.extract import Extractor
from armswatch.model import Article


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def run(ex, text, published="2024-03-14"):  # a Thursday
    return ex.extract(Article(id="t", text=text, published=published))


def events(ex, text, published="2024-03-14"):
    return [e.to_dict() for e in run(ex, text, published).events]


def find(evs, etype, source=None, target=None):
    out = [
        e
        for e in evs
        if e["type"] == etype
        and (source is None or sorted(e["source"]) == sorted(source))
        and (target is None or sorted(e["target"]) == sorted(target))
    ]
    assert out, (
        f"no {etype} {source}->{target} in {[(e['type'], e['source'], e['target']) for e in evs]}"
    )
    return out[0]


# -- argument structure ------------------------------------------------------------------
def test_active_voice_verb(ex):
    find(events(ex, "Iran delivered attack drones to Russia last month."), "AID", ["IRN"], ["RUS"])


def test_passive_voice_with_agent(ex):
    e = find(events(ex, "Ukraine was attacked by Russia on Tuesday."), "ASSAULT", ["RUS"], ["UKR"])
    assert "passive" in e["rule"]


def test_coordination_gives_both_actors_and_symmetric_talks(ex):
    e = find(events(ex, "Brazil and Argentina held talks on defence cooperation."), "CONSULT")
    assert sorted(e["source"]) == ["ARG", "BRA"] and sorted(e["target"]) == ["ARG", "BRA"]


def test_nominal_event_with_possessor(ex):
    find(
        events(ex, "Lavrov's visit to Pyongyang drew attention in Seoul."),
        "CONSULT",
        ["RUS"],
        ["PRK"],
    )


def test_title_and_apposition_resolve_to_state(ex):
    e = find(
        events(
            ex,
            "French Foreign Minister Jean-Noel Barrot met Chinese officials in Beijing on Monday.",
        ),
        "CONSULT",
    )
    assert "FRA" in e["source"] + e["target"] and "CHN" in e["source"] + e["target"]


def test_light_verb_noun_event(ex):
    find(
        events(ex, "Canada imposed sanctions on Belarus over the crackdown."),
        "SANCTION",
        ["CAN"],
        ["BLR"],
    )


def test_pronoun_resolves_to_earlier_actor(ex):
    evs = events(
        ex,
        "Japan summoned the Chinese ambassador. It also lodged a protest with "
        "China over the drills.",
    )
    assert any(e["source"] == ["JPN"] for e in evs)


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("Qatar offered to mediate between Israel and Hamas.", ["QAT"], None),
        ("Poland is ready to send MiG-29 jets to Ukraine, its president said.", ["POL"], ["UKR"]),
        ("Rwanda says it is ready to withdraw its troops from Mozambique.", ["RWA"], ["MOZ"]),
        ("Erdogan offered to host talks with Zelensky.", ["TUR"], ["UKR"]),
    ],
)
def test_offers_are_promises(ex, text, source, target):
    e = find(events(ex, text), "AGREE", source, target)
    assert e["modality"] == "actual"


def test_forces_moved_are_not_the_counterpart(ex):
    evs = events(ex, "Russia began withdrawing its troops from Syria on Monday.")
    find(evs, "RETREAT", ["RUS"], ["SYR"])
    assert not any(e["target"] == ["RUS"] for e in evs)


def test_one_sided_possibility_is_not_an_event(ex):
    evs = events(ex, "The militia was willing to strike at any moment, analysts said.")
    assert not any(e["type"] == "ASSAULT" for e in evs)
    evs = events(ex, "Hezbollah was willing to strike Israel, the army said.")
    assert find(evs, "ASSAULT", ["LBN"], ["ISR"])["modality"] == "hypothetical"


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        ("Japan gave Ukraine 4.5 billion dollars of aid in March.", "AID", ["JPN"], ["UKR"]),
        ("Armenia agreed to Russian mediation in its dispute.", "AGREE", ["ARM"], ["RUS"]),
        # CAMEO 055 (apologize) is PLOVER SUPPORT
        ("Poland apologised to Belarus for the airspace violation.", "SUPPORT", ["POL"], ["BLR"]),
    ],
)
def test_owner_and_amount_phrases(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        ("Houthi fighters kidnapped two Saudi engineers near the border.", "ASSAULT", ["YEM"],
         ["SAU"]),
        ("Washington suspended a military aid programme for Niger.", "SANCTION", ["USA"],
         ["NER"]),
        ("Chinese hackers hacked into the networks of Taiwanese defence contractors.", "COERCE",
         ["CHN"], ["TWN"]),
    ],
)  # fmt: skip
def test_coercion_and_cuts(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        # the object decides the type: envoys withdrawn are reduced relations ...
        ("Lithuania recalled its ambassador from Beijing.", "SANCTION", ["LTU"], ["CHN"]),
        ("The IAEA will withdraw its inspectors from Iran.", "THREATEN", ["IAEA"], ["IRN"]),
        # ... troops withdrawn a retreat
        ("Russia withdrew its troops from Georgia.", "RETREAT", ["RUS"], ["GEO"]),
        # restrictions lifted are a concession, a build-up of forces a mobilisation
        ("Israel eased restrictions on crossings into Gaza.", "CONCEDE", ["ISR"], ["PSE"]),
        ("China strengthened its forces near Taiwan.", "MOBILIZE", ["CHN"], ["TWN"]),
        ("Kuwait announced a suspension of flights to Lebanon.", "SANCTION", ["KWT"], ["LBN"]),
        # captives handed over are released; goods handed over are aid
        ("Russia handed over 90 prisoners of war to Ukraine.", "RETREAT", ["RUS"], ["UKR"]),
        ("Japan handed over tonnes of medicine to Ukraine.", "AID", ["JPN"], ["UKR"]),
        # ties established (even by a verb that also reports), borders closed, refuge sought
        ("Bahrain established diplomatic ties with Israel in 2020.", "SUPPORT", None, None),
        ("Russia closed its airspace to Polish airlines.", "SANCTION", ["RUS"], ["POL"]),
        ("Thousands of Afghans sought refuge in Pakistan.", "REQUEST", ["AFG"], ["PAK"]),
        # deals cancelled are sanctions; fire exchanged is fighting on both sides
        ("Egypt cancelled a deal to buy Su-35 jets from Russia.", "SANCTION", ["EGY"], ["RUS"]),
        (
            "Armenia and Azerbaijan exchanged fire on the border.",
            "ASSAULT",
            ["ARM", "AZE"],
            ["ARM", "AZE"],
        ),
    ],
)
def test_object_decides_the_type(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv urged Germany to deliver Taurus missiles.",
        "Kyiv demanded that Germany deliver Taurus missiles.",
    ],
)
def test_delivery_asked_of_a_supplier_is_requested_by_the_asker(ex, text):
    t = run(ex, text).transfers[0].to_dict()
    assert (t["supplier"], t["recipient"], t["stage"]) == (["DEU"], ["UKR"], "request")


@pytest.mark.parametrize(
    "text,source,target",
    [
        # the one asked to act, not whoever the act involves
        ("Britain demanded that Iran stop its support for Russia's war.", ["GBR"], ["IRN"]),
        ("Seoul repeated its demand that Pyongyang stop its missile tests.", ["KOR"], ["PRK"]),
    ],
)
def test_demand_aimed_at_who_must_act(ex, text, source, target):
    find(events(ex, text), "REQUEST", source, target)


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        ("Two British nationals were detained in Iran last week.", "COERCE", ["IRN"], ["GBR"]),
        ("Residents of the Golan Heights threatened to strike unless Israel relents.",
         "THREATEN", ["SYR"], ["ISR"]),
        ("Hezbollah threatened to resume attacks in Israel.", "THREATEN", ["LBN"], ["ISR"]),
    ],
)  # fmt: skip
def test_people_and_places_of_a_state(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


def test_helped_one_is_the_subject_of_the_bare_complement(ex):
    evs = events(ex, "Washington helped Kyiv rebuild its air defences last year.")
    find(evs, "AID", ["USA"], ["UKR"])
    evs = events(ex, "The Netherlands will help Ukraine defend itself, Rutte said.")
    find(evs, "AGREE", ["NLD"], ["UKR"])
    assert not any(e["source"] == e["target"] == ["UKR"] for e in evs)  # "itself"


def test_launch_at_no_one_is_a_weapons_test(ex):
    # hyphenated verbs pass the pre-filter ("test-fired" holds "fired")
    evs = events(ex, "North Korea test-fired two ballistic missiles into the sea on Sunday.")
    assert find(evs, "MOBILIZE", ["PRK"], [])["date"] == "2024-03-10"
    find(events(ex, "Iran launched a new cruise missile during drills."), "MOBILIZE", ["IRN"])
    # aimed at someone, it is an attack
    find(events(ex, "Russia fired forty missiles at Kyiv overnight."), "ASSAULT", ["RUS"], ["UKR"])


@pytest.mark.parametrize(
    "text,speaker",
    [
        ("Moscow condemned the delivery of F-16s to Ukraine.", "RUS"),
        ("Berlin said it would not block the delivery of Eurofighter jets to Riyadh.", "DEU"),
    ],
)
def test_a_stance_on_a_delivery_makes_no_supplier(ex, text, speaker):
    ext = run(ex, text)
    assert ext.events
    assert not any(t.to_dict()["supplier"] == [speaker] for t in ext.transfers)


def test_denial_target_is_not_a_party_of_the_denied_act(ex):
    e = find(events(ex, "Iran denied the sale of drones to Russia."), "REJECT", ["IRN"])
    assert e["target"] == []


@pytest.mark.parametrize(
    "text,supplier,recipient,stage",
    [
        ("Russia's purchase of Iranian drones alarmed Washington.", "IRN", "RUS", "delivery"),
        ("India completed the purchase of S-400 systems from Russia.", "RUS", "IND", "delivery"),
        ("Pakistan is negotiating the purchase of J-10C fighter jets from China.", "CHN", "PAK",
         "negotiation"),
        ("Russia has received more than 1,000 Shahed drones from Iran since 2022.", "IRN", "RUS",
         "delivery"),
    ],
)  # fmt: skip
def test_purchases_run_from_seller_to_buyer(ex, text, supplier, recipient, stage):
    t = run(ex, text).transfers[0].to_dict()
    assert (t["supplier"], t["recipient"], t["stage"]) == ([supplier], [recipient], stage)


def test_reason_for_a_sanction_is_the_sanctioned_ones_doing(ex):
    ext = run(ex, "Washington imposed sanctions on Chinese firms for supplying drone parts "
                  "to Russia.")  # fmt: skip
    t = ext.transfers[0].to_dict()
    assert (t["supplier"], t["recipient"]) == (["CHN"], ["RUS"])


def test_maker_orients_a_deal_between_two_parties(ex):
    t = run(ex, "India and France signed a contract for 26 Rafale jets.").transfers[0].to_dict()
    assert (t["supplier"], t["recipient"], t["stage"]) == (["FRA"], ["IND"], "agreement")
    # second-hand systems are never oriented by their maker
    ext = run(ex, "Poland and Slovakia signed a deal for MiG-29 fighter jets.")
    assert not any("RUS" in t.to_dict()["supplier"] for t in ext.transfers)


def test_talks_about_a_purchase_are_the_event(ex):
    ext = run(ex, "Saudi Arabia is in talks to buy Chinese-made drones.")
    evs = [e.to_dict() for e in ext.events]
    find(evs, "CONSULT", ["SAU"], ["CHN"])
    assert not any(e["type"] == "AID" for e in evs)  # nothing delivered yet
    ext = run(ex, "Pakistan is negotiating the purchase of J-10C fighter jets from China.")
    got = [(t.to_dict()["supplier"], t.to_dict()["recipient"]) for t in ext.transfers]
    assert got == [(["CHN"], ["PAK"])]  # once, in the direction the purchase gives


def test_civilians_sent_abroad_are_no_deployment(ex):
    assert events(ex, "North Korea dispatched thousands of workers to Russia.") == []
    find(events(ex, "North Korea dispatched thousands of troops to Russia."), "MOBILIZE",
         ["PRK"], ["RUS"])  # fmt: skip


def test_joint_fight_somewhere_is_not_aimed_at_the_place(ex):
    e = find(events(ex, "Armenian and Azerbaijani troops clashed in Georgia."), "ASSAULT")
    assert "GEO" not in e["target"]


def test_weapons_in_use_were_delivered(ex):
    ext = run(ex, "Russian forces have used North Korean ballistic missiles against Ukraine.")
    t = ext.transfers[0].to_dict()
    assert (t["supplier"], t["recipient"], t["stage"]) == (["PRK"], ["RUS"], "delivery")
    find([e.to_dict() for e in ext.events], "ASSAULT", ["RUS"], ["UKR"])
    # using something else is no delivery
    assert events(ex, "The army used force to disperse the crowd in Minsk.") == []
    # "one of the drones": weapons inside an amount
    ext = run(ex, "Armenia used one of the Iranian drones against Azerbaijani positions.")
    assert [t.to_dict()["supplier"] for t in ext.transfers] == [["IRN"]]


def test_event_going_on_is_asserted_and_claimed(ex):
    text = "Shipments of North Korean artillery shells to Russia have continued, Seoul said."
    assert find(events(ex, text), "AID", ["PRK"], ["RUS"])["claimed_by"] == ["KOR"]


def test_weapons_handed_over_are_a_delivery(ex):
    ext = run(ex, "Iran handed over hundreds of Shahed drones to Russia in August.")
    t = ext.transfers[0].to_dict()
    assert (t["supplier"], t["recipient"], t["stage"]) == (["IRN"], ["RUS"], "delivery")
    assert "drones" in t["items"]


def test_act_conditional_on_the_other_side_is_a_threat(ex):
    text = "Nigeria will pull its troops out of Chad unless N'Djamena agrees to a ceasefire."
    e = find(events(ex, text), "THREATEN", ["NGA"], ["TCD"])
    assert e["modality"] == "actual"


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        ("Baku is opposed to any Russian mediation in the conflict.", "REJECT", ["AZE"], ["RUS"]),
        # (a stance of backing, codebook SUPPORT: "verbal backing")
        ("Japan is committed to the defence of the Philippines.", "SUPPORT", ["JPN"], ["PHL"]),
    ],
)
def test_stative_passives_are_the_subjects_stance(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


def test_pace_verbs_carry_their_event_noun(ex):
    text = "Russia accelerated the withdrawal of its peacekeepers from Azerbaijan."
    find(events(ex, text), "RETREAT", ["RUS"], ["AZE"])


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        # the endorsers of a sanctions package impose it
        (
            "EU governments endorsed a new sanctions package against Iran.",
            "SANCTION",
            ["EUR"],
            ["IRN"],
        ),
        # the object's complement, not the adjunct, is whom the threat is aimed at
        (
            "Morocco threatened to cut ties with Algeria over its support for Polisario.",
            "THREATEN",
            ["MAR"],
            ["DZA"],
        ),
        # a build-up for a war is aimed at the war's target
        (
            "Azerbaijan mobilised reservists for an offensive against Armenia.",
            "MOBILIZE",
            ["AZE"],
            ["ARM"],
        ),
    ],
)
def test_target_behind_an_inner_phrase(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


@pytest.mark.parametrize(
    "text,source,target",
    [
        # a protest abroad is aimed at the state where it happens
        ("Armenian students rioted on Sunday outside a courthouse in Baku.", ["ARM"], ["AZE"]),
        # "hundreds of" looks through to the protesters; riots are not diplomatic protests
        ("Hundreds of Serbs rioted against Kosovo police in Mitrovica.", ["SRB"], ["XKX"]),
    ],
)
def test_street_protests(ex, text, source, target):
    find(events(ex, text), "PROTEST", source, target)


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("Russian missiles struck Odesa overnight.", ["RUS"], ["UKR"]),
        ("Israeli tanks fired shells at targets in Hebron.", ["ISR"], ["PSE"]),
        ("Turkish jets bombed a fuel depot in northern Iraq.", ["TUR"], ["IRQ"]),
    ],
)
def test_attack_aimed_at_the_place_it_hits(ex, text, source, target):
    find(events(ex, text), "ASSAULT", source, target)


def test_protest_at_home_has_no_foreign_target(ex):
    evs = events(ex, "Thousands of Georgians rallied outside the parliament in Tbilisi.")
    assert not any(e["type"] == "PROTEST" and "GEO" in e["target"] for e in evs)


# -- claims and denials -------------------------------------------------------------------
def test_dateline_and_trailing_report(ex):
    text = (
        "SEOUL, Oct 24 (Reuters) - North Korea has sent about 3,000 troops to Russia, "
        "South Korea's spy agency said on Wednesday.\n\n"
        "Pyongyang has denied sending troops, calling the reports groundless."
    )
    evs = events(ex, text)
    # the dateline's city acts in nothing; the trailing "X said" is a claim; the later denial
    # of the same act, told without its recipient, reaches it
    e = find(evs, "AID", ["PRK"], ["RUS"])
    assert e["claimed_by"] == ["KOR"] and e["denied_by"] == ["PRK"]
    assert not any("KOR" in x["source"] for x in evs if x["type"] != "REJECT")


def test_they_refers_to_a_plural_actor_phrase(ex):
    text = ("Austin said there was evidence of North Korean troops in Russia and warned that "
            "Washington would respond if they joined the fighting.")  # fmt: skip
    find(events(ex, text), "THREATEN", ["USA"], ["PRK"])


def test_stances_on_an_earlier_act_aim_at_its_author(ex):
    text = (
        "The United States imposed sanctions on Chinese firms on Wednesday. "
        "Beijing condemned the move. Moscow called the sanctions illegal."
    )
    evs = events(ex, text)
    find(evs, "ACCUSE", ["CHN"], ["USA"])
    find(evs, "ACCUSE", ["RUS"], ["USA"])


def test_object_of_a_relative_clause_is_its_head(ex):
    text = "Ukraine sanctioned three Iranian firms, which it accused of supplying drones."
    find(events(ex, text), "ACCUSE", ["UKR"], ["IRN"])


def test_refusing_to_deny_is_no_denial(ex):
    text = (
        "The White House said that Iran has delivered ballistic missiles to Russia, a claim "
        "Tehran rejected as baseless. The Kremlin declined to confirm or deny the reports."
    )
    e = find(events(ex, text), "AID", ["IRN"], ["RUS"])
    assert e["claimed_by"] == ["USA"] and e["denied_by"] == ["IRN"]
    assert find(events(ex, text), "REJECT", ["RUS"])["modality"] == "negated"


def test_weak_name_inside_a_longer_name(ex):
    evs = events(ex, "The National Intelligence Service said Russia had sent drones to Sudan.")
    assert not any("ARE" in (*e["source"], *e["target"], *e["claimed_by"]) for e in evs)


def test_according_to_fills_claimed_by(ex):
    e = find(
        events(ex, "Belarus shipped ammunition to Russia, according to Ukrainian intelligence."),
        "AID",
        ["BLR"],
        ["RUS"],
    )
    assert e["claimed_by"] == ["UKR"]


def test_accuse_of_gives_accusation_and_claimed_event(ex):
    evs = events(ex, "Poland accused Belarus of smuggling weapons to armed groups in Lithuania.")
    find(evs, "ACCUSE", ["POL"], ["BLR"])


def test_denial_is_reject_and_fills_denied_by(ex):
    ext = run(ex, "Iran denied supplying ballistic missiles to Russia.")
    evs = [e.to_dict() for e in ext.events]
    find(evs, "REJECT", ["IRN"])
    aid = find(evs, "AID", ["IRN"], ["RUS"])
    assert aid["denied_by"] == ["IRN"]
    assert ext.transfers and ext.transfers[0].to_dict()["denied_by"] == ["IRN"]


def test_anaphoric_denial_reaches_previous_claim(ex):
    text = (
        "Belarus is training Russian troops near the border, Lithuanian officials said. "
        "Minsk denied the allegations."
    )
    evs = events(ex, text)
    rej = find(evs, "REJECT", ["BLR"])
    assert rej["target"] == ["LTU"]


def test_self_report_is_not_a_claim(ex):
    e = find(
        events(ex, "Turkey delivered drones to Kenya, the Turkish defence ministry said."),
        "AID",
        ["TUR"],
        ["KEN"],
    )
    assert e["claimed_by"] == []


def test_stated_intent_to_provide_is_a_promise(ex):
    ext = run(ex, "Turkey will deliver drones to Kenya, the Turkish defence ministry said.")
    e = find([x.to_dict() for x in ext.events], "AGREE", ["TUR"], ["KEN"])
    assert e["claimed_by"] == [] and e["modality"] == "actual"
    t = ext.transfers[0].to_dict()
    assert (t["supplier"], t["recipient"], t["modality"]) == (["TUR"], ["KEN"], "future")


# -- modality -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,modality",
    [
        ("India has refrained from sending arms to Israel.", "negated"),
        ("Germany has not delivered Taurus missiles to Ukraine.", "negated"),
        ("Iran is preparing to deliver drones to Russia, U.S. officials said.", "future"),
        ("Britain will supply Storm Shadow missiles to Ukraine, Russian media claimed.", "future"),
        ("Hungary is considering supplying howitzers to Serbia.", "hypothetical"),
        ("Iran could send missiles to Russia.", "hypothetical"),
        ("Iran sent missiles to Russia in August.", "actual"),
    ],
)
def test_modality(ex, text, modality):
    evs = [e for e in events(ex, text) if e["type"] == "AID"]
    assert evs, text
    assert evs[0]["modality"] == modality


def test_future_blow_said_by_its_author_is_a_threat(ex):
    evs = events(ex, "Beijing will impose sanctions on American arms makers.")
    assert any(e["type"] == "THREATEN" and e["source"] == ["CHN"] for e in evs)


@pytest.mark.parametrize(
    "text,etype",
    [
        # a verb of intent or refusal heading the sentence is the event, not its modality
        ("Venezuela threatened Guyana with reprisals on Monday.", "THREATEN"),
        ("Ankara refused Sweden's request on Friday.", "REJECT"),
    ],
)
def test_root_trigger_is_actual(ex, text, etype):
    assert find(events(ex, text), etype)["modality"] == "actual"


@pytest.mark.parametrize(
    "text,source,target",
    [
        (
            (
                "Moscow threatened to quit the arms control talks if Washington deploys new "
                "missiles in Europe."
            ),
            ["RUS"],
            ["USA"],
        ),
        (
            (
                "The Security Council warned that the oil cap will be lowered further if "
                "Pyongyang conducts another nuclear test."
            ),
            ["UNO"],
            ["PRK"],
        ),
    ],
)
def test_threat_aimed_at_the_actor_it_hinges_on(ex, text, source, target):
    find(events(ex, text), "THREATEN", source, target)


def test_vow_to_retaliate_is_a_threat_even_unaimed(ex):
    e = find(events(ex, "The Houthis, who are backed by Iran, vowed to retaliate."), "THREATEN")
    assert e["source"] == ["YEM"] and e["modality"] == "actual"


def test_speaker_threatens_who_will_pay_the_price(ex):
    text = '"America and Britain will pay a heavy price," a Houthi spokesman said.'
    e = find(events(ex, text), "THREATEN", ["YEM"], ["USA", "GBR"])
    assert e["modality"] == "actual"
    assert events(ex, "The company will pay a fine.") == []


def test_a_condition_is_no_accusation(ex):
    evs = events(ex, "Iran will face severe consequences if it attacks Israel, Netanyahu warned.")
    find(evs, "THREATEN", ["ISR"], ["IRN"])
    assert not any(e["type"] == "ACCUSE" for e in evs)


def test_warning_without_a_condition_stays_an_accusation(ex):
    find(events(ex, "Washington warned that Iran is arming Russia."), "ACCUSE", ["USA"], ["IRN"])


# -- dates ----------------------------------------------------------------------------------
def test_weekday_resolved_against_publication(ex):
    e = find(events(ex, "Serbia and Hungary signed a defence pact on Tuesday."), "SUPPORT")
    assert e["date"] == "2024-03-12"


def test_month_abbreviation_in_a_name_is_no_date(ex):
    text = "Chinese Defence Minister Dong Jun met Lloyd Austin in Singapore on Friday."
    assert find(events(ex, text), "CONSULT", ["CHN"], ["USA"])["date"] == "2024-03-08"


def test_a_date_in_a_name_is_no_date():
    from armswatch.extract.dates import find_expressions

    text = "Beijing said Washington broke the August 17 Communique. On August 17 Russia attacked."
    assert [text[a:b] for a, b in find_expressions(text)] == ["August 17"]
    assert find_expressions(text)[0][0] == text.index("On August 17") + 3


def test_a_buyers_plan_is_no_promise_by_the_seller(ex):
    text = "Australia will buy eight nuclear-powered submarines from the United States."
    e = find(events(ex, text), "AID", ["USA"], ["AUS"])
    assert e["modality"] == "future"


def test_planned_joint_act_stays_itself(ex):
    e = find(events(ex, "Russia and Belarus will hold joint exercises next month."), "COOPERATE")
    assert (e["modality"], e["date"]) == ("future", "2024-04")


def test_day_after_publication_told_in_the_past_is_last_years(ex):
    met = "The foreign ministers of Iran and Saudi Arabia met in Beijing on April 6."
    assert find(events(ex, met), "CONSULT")["date"] == "2023-04-06"
    will = "Putin will visit Pyongyang on April 6."
    assert find(events(ex, will), "CONSULT", ["RUS"], ["PRK"])["date"] == "2024-04-06"


def test_month_precision_kept(ex):
    e = find(events(ex, "Japan's defence minister visited Manila in January."), "CONSULT")
    assert e["date"] == "2024-01"


# -- transfers ------------------------------------------------------------------------------
def test_transfer_stage_from_outer_negotiation(ex):
    ext = run(
        ex,
        "Saudi Arabia and China are negotiating a deal for the supply of armed drones to Riyadh.",
    )
    t = [t.to_dict() for t in ext.transfers]
    assert t and t[0]["stage"] == "negotiation" and "drones" in t[0]["items"]


def test_transfer_delivery_with_items(ex):
    ext = run(ex, "Germany delivered Leopard 2 tanks and IRIS-T air defence systems to Ukraine.")
    t = [t.to_dict() for t in ext.transfers]
    assert t[0]["supplier"] == ["DEU"] and t[0]["recipient"] == ["UKR"]
    assert t[0]["stage"] == "delivery"
    assert {"armored_vehicles", "air_defense"} <= set(t[0]["items"])


def test_no_transfer_without_weapons(ex):
    ext = run(ex, "Japan sent humanitarian aid to Turkey after the earthquake.")
    assert not ext.transfers


def test_troops_are_aid_not_transfer(ex):
    ext = run(ex, "North Korea sent thousands of troops to Russia.")
    assert any(e.type == "AID" for e in ext.events)
    assert not ext.transfers


# -- provenance -----------------------------------------------------------------------------
def test_every_record_carries_evidence_offsets_and_rule(ex):
    text = "Iran delivered attack drones to Russia last month."
    ext = run(ex, text)
    for rec in [*ext.events, *ext.transfers]:
        d = rec.to_dict()
        ev = d["evidence"][0]
        assert text[ev["sentence"]["start"] : ev["sentence"]["end"]] == ev["sentence"]["text"]
        assert text[ev["trigger"]["start"] : ev["trigger"]["end"]] == ev["trigger"]["text"]
        assert d["rule"] and 0 < d["confidence"] <= 1
        for role in d["actors"].values():
            for a in role:
                assert text[a["start"] : a["end"]] == a["text"]


def test_repeated_event_listed_once(ex):
    text = (
        "Chile and Peru held talks on Monday. The talks between Chile and Peru covered "
        "border security."
    )
    evs = [e for e in events(ex, text) if e["type"] == "CONSULT"]
    assert len(evs) == 1 and len(evs[0]["evidence"]) == 2


def test_denied_allegation_keeps_claimer_and_denier(ex):
    ext = run(
        ex,
        "Belarus on Monday rejected Polish allegations that it is secretly sending "
        "rifles to Russia, calling the claim baseless.",
    )
    evs = [e.to_dict() for e in ext.events]
    rej = find(evs, "REJECT", ["BLR"])
    assert rej["target"] == ["POL"] and rej["claimed_by"] == []
    aid = find(evs, "AID", ["BLR"], ["RUS"])
    assert aid["claimed_by"] == ["POL"] and aid["denied_by"] == ["BLR"]
    t = ext.transfers[0].to_dict()
    assert (t["supplier"], t["recipient"], t["claimed_by"], t["denied_by"]) == (
        ["BLR"],
        ["RUS"],
        ["POL"],
        ["BLR"],
    )
    assert "small_arms" in t["items"]


def test_presupposed_event_is_not_a_claim_but_its_critic_accuses(ex):
    evs = events(
        ex,
        "The deliveries of German tanks to Poland will destabilise the region, the "
        "Russian foreign ministry said on Monday.",
    )
    aid = find(evs, "AID", ["DEU"], ["POL"])
    assert aid["claimed_by"] == []
    acc = find(evs, "ACCUSE", ["RUS"])
    assert {"DEU", "POL"} <= set(acc["target"])


def test_request_made_during_a_visit_is_addressed_to_the_host(ex):
    evs = events(
        ex, "Iran's defence minister asked for more fighter jets while visiting Moscow in May."
    )
    find(evs, "REQUEST", ["IRN"], ["RUS"])
    find(evs, "CONSULT", ["IRN"], ["RUS"])


def test_trade_partner_noun_is_cooperation(ex):
    find(events(ex, "India remains the largest buyer of Russian oil."), "COOPERATE")


def test_broker_is_not_a_party_to_the_deal_he_arranges(ex):
    ext = run(
        ex,
        "Serbia accused a Bulgarian dealer of trying to broker arms deals between "
        "Belarus and Venezuela.",
    )
    pairs = {
        (tuple(t.to_dict()["supplier"]), tuple(t.to_dict()["recipient"])) for t in ext.transfers
    }
    assert not any("BGR" in s + r for s, r in pairs)
    evs = [e.to_dict() for e in ext.events]
    find(evs, "ACCUSE", ["SRB"], ["BGR"])


def test_first_person_inside_the_speakers_own_phrase_does_not_loop(ex):
    # "we"/"our" resolve to the speaker; the speaker's phrase itself holding "our" must not
    # send the resolution round in circles.
    ext = run(
        ex,
        "\u201cWe will not accept new sanctions,\u201d our foreign minister told "
        "reporters in Minsk, and we warned Poland against provocations.",
    )
    assert ext.article.id == "t"


def test_an_admission_is_not_an_accusation(ex):
    evs = events(ex, "Belarus acknowledged on Monday that it had supplied ammunition to Russia.")
    find(evs, "AID", ["BLR"], ["RUS"])
    assert not any(e["type"] == "ACCUSE" for e in evs)


def test_denying_a_gerund_does_not_target_its_object(ex):
    evs = events(ex, "Tehran has repeatedly denied arming the Houthis in Yemen.")
    rej = find(evs, "REJECT", ["IRN"])
    assert "YEM" not in rej["target"]
    aid = find(evs, "AID", ["IRN"], ["YEM"])
    assert aid["denied_by"] == ["IRN"]


def test_a_cancellation_is_not_a_denial(ex):
    evs = events(ex, "Japan said it would cancel its defence agreement with Myanmar.")
    assert all(not e["denied_by"] for e in evs)


def test_time_clause_dates_the_main_event_and_subject_dates_do_not(ex):
    e = find(
        events(
            ex, "Iran's foreign minister asked for air defences while visiting Beijing in January."
        ),
        "REQUEST",
    )
    assert e["date"] == "2024-01"
    e = find(
        events(ex, "Lukashenko, in power since 1994, said Belarus would buy Russian missiles."),
        "AID",
        ["RUS"],
        ["BLR"],
    )
    assert e["date"] != "1994"
    # the buyer's own word is neither a claim nor an accusation
    assert e["claimed_by"] == [] and e["modality"] == "future"


def test_dismissing_a_case_denies_no_earlier_claim(ex):
    text = (
        "Sudan accused the UAE of supplying drones to the RSF. The court dismissed the case "
        "on Monday."
    )
    aid = find(events(ex, text), "AID", ["ARE"])
    assert aid["denied_by"] == []


def test_it_means_the_main_subject_and_requested_transfers_keep_their_parties(ex):
    text = (
        "Poland, which borders Ukraine and Russia's Kaliningrad exclave, has become a big "
        "buyer of arms. It has sent Ukraine more than 200 tanks."
    )
    find(events(ex, text, "2022-08-27"), "AID", ["POL"], ["UKR"])
    ext = run(
        ex,
        "Poland asked Germany on Tuesday for permission to transfer 14 of its Leopards to Ukraine.",
    )
    t = ext.transfers[0].to_dict()
    assert (t["supplier"], t["recipient"], t["stage"]) == (["POL"], ["UKR"], "request")


def test_a_continued_quotation_keeps_its_speaker(ex):
    text = (
        "\u201cIran has sent drones to Russia,\u201d the Ukrainian foreign minister said. "
        "\u201cIn return, Moscow delivered fighter jets to Tehran in August.\u201d\n"
        "Separately, Tehran shipped grain to Syria."
    )
    evs = events(ex, text)
    find(evs, "AID", ["IRN"], ["RUS"])
    back = find(evs, "AID", ["RUS"], ["IRN"])
    assert back["claimed_by"] == ["UKR"]
    syr = find(evs, "AID", ["IRN"], ["SYR"])
    assert syr["claimed_by"] == []  # a new paragraph ends the quotation


# -- cuts, forces moved, peacekeepers, named places, permissions, refusals, crowds ------
@pytest.mark.parametrize(
    "text,source,target",
    [
        # a cut in deliveries or rations is a cut in aid; the place names the recipient
        ("The Red Cross suspended aid deliveries in Aleppo on Monday.", ["IGO"], ["SYR"]),
        ("The World Food Programme reduced food rations to camps in Kenya.", ["UNO"], ["KEN"]),
    ],
)
def test_cutting_deliveries_or_rations_is_a_sanction(ex, text, source, target):
    find(events(ex, text), "SANCTION", source, target)


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        # the demand is made of the side whose forces are to leave, not of the place left
        (
            "The European Union demanded the withdrawal of Russian forces from Georgia.",
            "REQUEST",
            ["EUR"],
            ["RUS"],
        ),
        (
            "Kyiv called for the withdrawal of Russian troops from the nuclear plant.",
            "REQUEST",
            ["UKR"],
            ["RUS"],
        ),
        # the forces of a movement noun are its actor
        ("The withdrawal of Turkish troops from Syria began.", "RETREAT", ["TUR"], ["SYR"]),
        # passive: forces deployed somewhere are their owner's act towards that place
        ("Russian troops were deployed to Belarus for drills.", "MOBILIZE", ["RUS"], ["BLR"]),
    ],
)
def test_forces_moved_name_the_actor(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("France deployed peacekeepers to the Central African Republic.", ["FRA"], ["CAF"]),
        ("The deployment of Chinese peacekeepers to Lebanon began in 2006.", ["CHN"], ["LBN"]),
        ("NATO peacekeeping troops were deployed to Bosnia last year.", ["NATO"], ["BIH"]),
    ],
)
def test_peacekeepers_deployed_are_military_aid(ex, text, source, target):
    evs = events(ex, text)
    find(evs, "AID", source, target)
    assert not any(e["type"] == "MOBILIZE" for e in evs)


def test_fire_aimed_at_someone_is_no_weapons_test(ex):
    evs = events(ex, "Syrian forces fired rockets at rebel positions on Monday.")
    assert not any(e["type"] == "MOBILIZE" for e in evs)
    evs = events(ex, "North Korea fired a ballistic missile into the sea on Monday.")
    find(evs, "MOBILIZE", ["PRK"], [])  # ("on Monday" says when, not at whom)


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        ("Russian jets dropped bombs on a market in Idlib.", "ASSAULT", ["RUS"], ["SYR"]),
        (
            "Rwandan troops were engaged in heavy fighting in eastern Congo, the report said.",
            "ASSAULT",
            ["RWA"],
            ["COD"],
        ),
        ("Israel reimposed a blockade on Gaza on Tuesday.", "COERCE", ["ISR"], ["PSE"]),
    ],
)
def test_acts_aimed_at_the_named_place(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


@pytest.mark.parametrize(
    "text,target",
    [
        ("The Houthis refused to allow United Nations inspectors to board the ship.", ["UNO"]),
        ("Hungary refused to let Ukrainian officials attend the summit.", ["UKR"]),
    ],
)
def test_refusing_to_let_someone_act_is_aimed_at_them(ex, text, target):
    find(events(ex, text), "REJECT", None, target)


@pytest.mark.parametrize(
    "text,source",
    [
        ("Poland says it will not accept migrants relocated under the EU plan.", ["POL"]),
        ("Israel would not agree to a ceasefire, the minister said.", ["ISR"]),
    ],
)
def test_declared_refusal_is_a_rejection(ex, text, source):
    e = find(events(ex, text), "REJECT", source)
    assert e["modality"] == "actual"


def test_not_agreeing_yet_is_no_rejection(ex):
    assert not any(
        e["type"] == "REJECT" for e in events(ex, "Seoul has not agreed to the plan yet.")
    )


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("Crowds rallied in Tehran against the United States.", ["IRN"], ["USA"]),
        (
            "Thousands of people marched in Hong Kong on Sunday to protest against Chinese rule.",
            ["HKG"],
            ["CHN"],
        ),
        # protesters are no government: a street protest, not a diplomatic complaint
        (
            "Demonstrators in Tbilisi protested against the Russian-style law.",
            ["GEO"],
            ["RUS"],
        ),
    ],
)
def test_unnamed_crowds_protest_where_they_are(ex, text, source, target):
    find(events(ex, text), "PROTEST", source, target)


# -- postures and arrivals of forces, borders, corrected lemmas


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("Israeli troops remained on high alert in Gaza.", ["ISR"], ["PSE"]),
        ("South Korea put its military on alert after the launch.", ["KOR"], None),
        ("Greek soldiers were placed on alert near the border with Turkey.", ["GRC"], ["TUR"]),
    ],
)
def test_forces_on_alert_are_mobilized(ex, text, source, target):
    find(events(ex, text), "MOBILIZE", source, target)


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        ("NATO troops arrived in Estonia on Monday.", "MOBILIZE", ["NATO"], ["EST"]),
        (
            "The first contingent of French troops arrived in Romania on Tuesday.",
            "MOBILIZE",
            ["FRA"],
            ["ROU"],
        ),
        ("US Marines landed in Haiti on Saturday.", "MOBILIZE", ["USA"], ["HTI"]),
        # troops that come to keep the peace are military aid to the host
        (
            "The first Nepalese peacekeepers arrived in South Sudan on Monday.",
            "AID",
            ["NPL"],
            ["SSD"],
        ),
    ],
)
def test_forces_arriving_abroad_are_deployed_there(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


def test_a_delegation_arriving_is_no_deployment(ex):
    found = events(ex, "The Ukrainian delegation arrived in Istanbul for the talks.")
    assert not any(e["type"] in ("MOBILIZE", "AID") for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "Russia massed troops along the border with Ukraine.",
        "Russia massed troops along its border with Ukraine in November.",
    ],
)
def test_troops_along_a_border_face_the_neighbour(ex, text):
    found = events(ex, text)
    find(found, "MOBILIZE", ["RUS"], ["UKR"])
    assert not any("RUS" in e["target"] for e in found)


def test_staged_drills_are_the_subjects(ex):
    # en_core_web_sm lemmatizes "staged" as "stag"; the lemma corrections restore "stage"
    find(events(ex, "China staged large-scale drills around Taiwan."), "MOBILIZE", ["CHN"], ["TWN"])


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        ("The EU imposed a ban on Russian oil imports.", "SANCTION", ["EUR"], ["RUS"]),
        (
            "Washington announced restrictions on Chinese chip exports.",
            "SANCTION",
            ["USA"],
            ["CHN"],
        ),
        ("Greece plans to impose restrictions on Turkish imports.", "THREATEN", ["GRC"], ["TUR"]),
    ],
)
def test_measures_on_a_countrys_trade_aim_at_it(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


def test_a_killing_participle_is_part_of_the_strike(ex):
    found = events(ex, "Russian missiles struck Kyiv overnight, killing five people.")
    find(found, "ASSAULT", ["RUS"], ["UKR"])
    assert all(e["target"] for e in found if e["type"] == "ASSAULT")


# -- concern, reporters' pronouns, repaired parses, threats of consequences


@pytest.mark.parametrize(
    "text,source,target",
    [
        (
            "A spokesman said Washington was concerned that Russia might help Iran.",
            ["USA"],
            ["RUS"],
        ),
        ("Japan is deeply worried that China could blockade Taiwan.", ["JPN"], ["CHN"]),
        ("Seoul is concerned about North Korea's missile launches.", ["KOR"], ["PRK"]),
        ("Germany was alarmed by Iran's nuclear advances.", ["DEU"], ["IRN"]),
        # the pronoun of a reported clause is the reporter ("the Biden administration ... it")
        (
            (
                "While Tehran denies it, the Biden administration said that it remains "
                "concerned that Russia is training Iranian pilots."
            ),
            ["USA"],
            ["RUS"],
        ),
    ],
)
def test_concern_about_someone_is_an_accusation(ex, text, source, target):
    find(events(ex, text), "ACCUSE", source, target)


def test_concern_about_no_one_is_no_event(ex):
    assert not events(ex, "Officials are worried about the weather in Geneva.")


def test_the_reporter_is_the_pronoun_of_a_reported_clause(ex):
    text = "While Pyongyang stayed silent, the Biden administration said that it would sanction Russia."
    found = events(ex, text)
    assert not any("PRK" in e["source"] for e in found)


def test_a_finite_conjunct_belongs_to_the_reporting_verb(ex):
    # the parser hangs "accused" under "change"; the repair makes it the Kremlin's act
    text = (
        "The Kremlin warned that the new aid would not change the situation at the front and "
        "accused Washington of prolonging the war."
    )
    e = find(events(ex, text), "ACCUSE", ["RUS"], ["USA"])
    assert e["claimed_by"] == []


@pytest.mark.parametrize(
    "text",
    [
        "The EU listed 200 firms in China, India and Turkey accused of helping Moscow buy parts.",
        (
            "Brussels adopted new sanctions on Monday, adding dozens of companies, including "
            "firms in China, India and Turkey accused of helping Moscow buy parts."
        ),
    ],
)
def test_firms_accused_of_helping_are_the_accused(ex, text):
    found = events(ex, text)
    find(found, "ACCUSE", None, ["CHN", "IND", "TUR"])
    find(found, "AID", ["CHN", "IND", "TUR"], ["RUS"])
    assert not any(e["type"] == "AID" and "EUR" in e["source"] for e in found)


def test_a_danger_described_is_no_threat(ex):
    text = "Tokyo condemned the pact, saying it threatened peace on the Korean peninsula."
    assert not any(e["type"] == "THREATEN" for e in events(ex, text))


def test_the_measures_denounced_are_the_sanctions(ex):
    text = (
        "Britain imposed sanctions on Russian diamond exporters on Friday. Hungary delayed the EU "
        "package for weeks before agreeing to it. Russia's foreign ministry denounced the "
        "measures as illegal."
    )
    e = find(events(ex, text), "ACCUSE", ["RUS"])
    assert "HUN" not in e["target"] and "GBR" in e["target"]


def test_a_killing_after_a_launched_attack_is_that_attack(ex):
    found = events(
        ex, "Russian forces launched a missile attack on Kharkiv on Thursday, killing seven."
    )
    find(found, "ASSAULT", ["RUS"], ["UKR"])
    assert all(e["target"] for e in found if e["type"] == "ASSAULT")


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("Netanyahu vowed that Iran would pay a heavy price for its attack.", ["ISR"], ["IRN"]),
        ("The Houthis warned that America would face severe consequences.", ["YEM"], ["USA"]),
    ],
)
def test_vowing_or_warning_that_someone_will_pay_is_a_threat(ex, text, source, target):
    found = events(ex, text)
    find(found, "THREATEN", source, target)
    assert not any(e["type"] == "ACCUSE" for e in found)


def test_the_reason_for_a_threat_keeps_its_own_modality(ex):
    text = "Israel said Iran would pay a heavy price for its attack on Israel."
    e = find(events(ex, text), "ASSAULT", ["IRN"], ["ISR"])
    assert e["modality"] == "actual"


def test_backing_someone_elses_war_is_support(ex):
    find(events(ex, "Belarus fully supports Russia's war in Ukraine."), "SUPPORT", ["BLR"], ["RUS"])


def test_a_contrasting_clause_is_not_the_reporters_claim(ex):
    text = (
        "Germany said it would deliver another air defence battery, while the Netherlands "
        "pledged to buy artillery shells for Kyiv."
    )
    found = run(ex, text)
    e = find([e.to_dict() for e in found.events], "AGREE", ["NLD"], ["UKR"])
    assert e["claimed_by"] == []
    assert [(t.to_dict()["supplier"], t.to_dict()["recipient"]) for t in found.transfers] == [
        (["NLD"], ["UKR"])
    ]


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("Lavrov conveyed Putin's warm greetings to Kim Jong Un.", ["RUS"], ["PRK"]),
        ("Xi sent condolences to the Iranian people.", ["CHN"], ["IRN"]),
        ("The United States remains committed to Taiwan's defence.", ["USA"], ["TWN"]),
        ("Paris remains committed to Armenia's security, the spokesman said.", ["FRA"], ["ARM"]),
    ],
)
def test_greetings_condolences_and_commitment_are_support(ex, text, source, target):
    found = events(ex, text)
    find(found, "SUPPORT", source, target)
    assert not any(e["type"] in ("AID", "AGREE") for e in found)


# -- authors behind attacks, summons, seizures en route, interceptions, own warnings


def test_whoever_was_behind_an_attack_is_its_source(ex):
    text = (
        "Tusk said Russian intelligence was behind an arson attack on a shopping centre in Warsaw."
    )
    found = events(ex, text, published="2024-05-20")
    e = find(found, "ASSAULT", ["RUS"], ["POL"])
    # Tusk is Poland's prime minister again since December 2023 (officials.tsv)
    assert e["claimed_by"] == ["POL"]
    assert len([e for e in found if e["type"] == "ASSAULT"]) == 1  # "arson attack" is one


def test_summoned_to_a_ministry_names_the_summoner(ex):
    text = "Russia's ambassador was summoned to the foreign ministry in Warsaw."
    find(events(ex, text), "ACCUSE", ["POL"], ["RUS"])


def test_concern_about_a_countrys_exports_targets_it(ex):
    text = "Greece expressed concern about the growing Turkish arms exports."
    find(events(ex, text), "ACCUSE", ["GRC"], ["TUR"])


def test_reporters_inquiries_are_no_investigation(ex):
    text = "Addressing reporters' inquiries about Russia's assistance, the spokesman smiled."
    assert not any(e["type"] == "ACCUSE" for e in events(ex, text))


@pytest.mark.parametrize(
    "text,seizer,origin,bound,items",
    [
        (
            (
                "The U.S. Navy seized Iranian-made missile components bound for the Houthis "
                "from a vessel off the coast of Somalia."
            ),
            ["USA"],
            ["IRN"],
            ["YEM"],
            ["components"],
        ),
        (
            "Customs officers seized North Korean artillery shells headed to Russia.",
            None,
            ["PRK"],
            ["RUS"],
            ["ammunition"],
        ),
    ],
)
def test_arms_seized_en_route_are_a_delivery(ex, text, seizer, origin, bound, items):
    found = run(ex, text)
    evs = [e.to_dict() for e in found.events]
    find(evs, "COERCE", seizer, origin)
    find(evs, "AID", origin, bound)
    (t,) = [t.to_dict() for t in found.transfers]
    assert (t["supplier"], t["recipient"], t["stage"]) == (origin, bound, "delivery")
    assert set(t["items"]) == set(items)


@pytest.mark.parametrize(
    "text,source,target",
    [
        (
            "A U.S. destroyer shot down an anti-ship missile fired by the Houthis on Sunday.",
            ["USA"],
            ["YEM"],
        ),
        ("Poland shot down a Russian drone over its territory.", ["POL"], ["RUS"]),
    ],
)
def test_shooting_down_is_aimed_at_the_launcher_not_a_test(ex, text, source, target):
    found = events(ex, text)
    find(found, "ASSAULT", source, target)
    assert not any(e["type"] == "MOBILIZE" for e in found)


def test_warning_of_ones_own_response_is_no_accusation(ex):
    found = events(ex, "Moscow warned that it would respond to any attack.")
    assert not any(e["type"] == "ACCUSE" for e in found)
    find(found, "THREATEN", ["RUS"])


def test_stern_representations_are_a_protest(ex):
    text = "China lodged stern representations with the United States over the sale."
    find(events(ex, text), "ACCUSE", ["CHN"], ["USA"])


@pytest.mark.parametrize(
    "text,source,target",
    [
        (
            "The IAEA Board of Governors found Iran in breach of its safeguards obligations.",
            ["IAEA"],
            ["IRN"],
        ),
        ("A Moscow court found the American journalist guilty of espionage.", ["RUS"], ["USA"]),
    ],
)
def test_a_verdict_against_someone_is_an_accusation(ex, text, source, target):
    find(events(ex, text), "ACCUSE", source, target)


def test_finding_something_is_no_verdict(ex):
    assert not events(ex, "Ukrainian investigators found the wreckage of a Russian drone.")


def test_suspending_intelligence_sharing_is_a_sanction(ex):
    text = "Colombia suspended intelligence sharing with Washington on Tuesday."
    find(events(ex, text), "SANCTION", ["COL"], ["USA"])


def test_urging_to_stop_arming_names_the_armer(ex):
    text = (
        '"We call on Washington to stop arming Kyiv and stop fuelling the war," Kremlin '
        "spokesman Dmitry Peskov said."
    )
    found = events(ex, text, published="2023-12-19")
    find(found, "REQUEST", ["RUS"], ["USA"])
    assert not any(e["type"] == "AID" and e["source"] == ["RUS"] for e in found)


def test_the_means_of_a_reported_violation_is_the_violators(ex):
    text = (
        "Russian foreign ministry spokeswoman Maria Zakharova said by approving another arms "
        "package for Kyiv, Germany has openly violated its own export rules."
    )
    found = run(ex, text, published="2023-12-19")
    find([e.to_dict() for e in found.events], "ACCUSE", ["RUS"], ["DEU"])
    assert [(t.supplier[0].code, t.recipient[0].code) for t in found.transfers] == [("DEU", "UKR")]


def test_us_in_a_compound_is_no_pronoun(ex):
    text = "The spokesman said Washington has approved a 1.2-billion-US-dollar sale of missiles to Poland."
    found = run(ex, text, published="2023-12-19")
    assert {(t.supplier[0].code, t.recipient[0].code) for t in found.transfers} == {("USA", "POL")}


def test_a_chinese_family_name_resolves_later_mentions(ex):
    text = (
        "Spokesperson Mao Ning took questions on Monday.\n\n"
        "Mao said Washington had violated its commitments on Taiwan."
    )
    find(events(ex, text, published="2023-12-19"), "ACCUSE", ["CHN"], ["USA"])


@pytest.mark.parametrize(
    "text,etype,target",
    [
        ("Putin welcomed Kim Jong Un at the spaceport.", "CONSULT", ["PRK"]),
        ("Berlin welcomed Finland's accession to the alliance.", "SUPPORT", ["FIN"]),
    ],
)
def test_welcoming_a_visitor_is_a_meeting(ex, text, etype, target):
    find(events(ex, text), etype, None, target)


def test_a_visit_during_which_something_was_agreed_is_reported(ex):
    text = (
        "India and France agreed on Friday to deepen defence cooperation during French "
        "President Emmanuel Macron's visit to New Delhi."
    )
    e = find(events(ex, text, published="2024-01-27"), "CONSULT", ["FRA"], ["IND"])
    assert e["modality"] == "actual"


def test_its_allies_belong_to_the_phrase_head(ex):
    text = (
        "Iran has delivered ballistic missiles to Russia, Western officials said, a claim "
        "Tehran denied. The United States and its European allies imposed sanctions on Iran Air."
    )
    found = events(ex, text)
    e = find(found, "SANCTION", ["USA"], ["IRN"])
    assert e["denied_by"] == []  # Tehran denied the delivery, not the sanctions


def test_a_weapons_package_is_an_approved_transfer(ex):
    text = "The Pentagon announced a $300 million package of weapons for Ukraine on Tuesday."
    found = run(ex, text)
    find([e.to_dict() for e in found.events], "AID", ["USA"], ["UKR"])
    (t,) = [t.to_dict() for t in found.transfers]
    assert (t["supplier"], t["recipient"], t["stage"]) == (["USA"], ["UKR"], "agreement")


def test_the_agency_named_before_keeps_its_claims(ex):
    text = (
        "North Korea has sent troops to Russia, South Korea's spy agency said on Friday.\n\n"
        "Pyongyang has also supplied artillery shells to Moscow, the agency said."
    )
    (t,) = [t.to_dict() for t in run(ex, text).transfers]
    assert (t["supplier"], t["recipient"], t["claimed_by"]) == (["PRK"], ["RUS"], ["KOR"])


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        ("Erdogan called Putin on Sunday to discuss the grain deal.", "CONSULT", ["TUR"], ["RUS"]),
        (
            "Iran's president called his Russian counterpart to congratulate him.",
            "SUPPORT",
            ["IRN"],
            ["RUS"],
        ),
        ("China called on the US on Monday to stop the sale.", "REQUEST", ["CHN"], ["USA"]),
        # a role noun is a "he": the minister travels, not Egypt's neighbour
        (
            "The foreign minister of Egypt said he would travel to Beijing.",
            "CONSULT",
            ["EGY"],
            ["CHN"],
        ),
    ],
)
def test_calls_to_people_and_calls_on_states(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


def test_a_call_on_a_weekday_is_no_request(ex):
    found = events(ex, "Erdogan called Putin on Sunday.")
    assert not any(e["type"] == "REQUEST" for e in found)


# -- shows of force, crossings, invitations, warned parties


def test_missiles_fired_into_waters_near_a_country_are_a_show_of_force(ex):
    text = (
        "China launched drills around Taiwan on Thursday, a day after Nancy Pelosi visited the "
        "island, firing ballistic missiles into waters near Taiwan."
    )
    found = events(ex, text)
    find(found, "MOBILIZE", ["CHN"], ["TWN"])
    assert not any(e["type"] == "ASSAULT" for e in found)


def test_troops_crossing_into_a_country_are_deployed_there(ex):
    text = "Russian troops crossed into Ukraine from Belarus on Thursday."
    find(events(ex, text), "MOBILIZE", ["RUS"], ["UKR"])


def test_an_invited_visit_is_future(ex):
    e = find(events(ex, "Kim invited Putin to visit Pyongyang."), "CONSULT", ["RUS"], ["PRK"])
    assert e["modality"] == "future"


def test_a_summit_one_arrives_for_is_ones_own(ex):
    text = "Kim Jong Un arrived in Vladivostok on Wednesday for a summit with Vladimir Putin."
    find(events(ex, text, published="2023-09-14"), "CONSULT", ["PRK"], ["RUS"])


def test_the_warned_party_is_the_one_who_will_pay(ex):
    text = "The United States has warned Pyongyang that it would pay a price for arming Russia."
    found = events(ex, text)
    find(found, "THREATEN", ["USA"], ["PRK"])
    assert not any(e["type"] == "THREATEN" and e["target"] == ["USA"] for e in found)


def test_her_family_is_the_sanctioned_speakers(ex):
    text = (
        "China suspended talks with the United States and imposed sanctions on Nancy Pelosi and "
        "her immediate family."
    )
    e = find(events(ex, text, published="2022-08-05"), "SANCTION", ["CHN"])
    assert e["target"] == ["USA"]


@pytest.mark.parametrize(
    "text,source,target",
    [
        (
            (
                "The United States will not send long-range missiles to Ukraine for now, "
                "despite repeated requests from Kyiv."
            ),
            ["UKR"],
            ["USA"],
        ),
        ("The UN Security Council will meet on Wednesday at Israel's request.", ["ISR"], ["UNO"]),
    ],
)
def test_a_request_answered_in_the_main_clause_is_made_of_its_subject(ex, text, source, target):
    find(events(ex, text), "REQUEST", source, target)


def test_a_negated_delivery_claimed_by_others_is_no_accusation(ex):
    text = (
        "Russia has not yet received any drones from Iran this month, according to a British "
        "intelligence assessment."
    )
    found = events(ex, text)
    e = find(found, "AID", ["IRN"], ["RUS"])
    assert e["modality"] == "negated" and e["claimed_by"] == ["GBR"]
    assert not any(e["type"] == "ACCUSE" for e in found)


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("Russian jets intruded into Finnish airspace on Friday.", ["RUS"], ["FIN"]),
        (
            (
                "Six Chinese and two Russian warplanes had intruded into Japan's air defence "
                "identification zone."
            ),
            ["CHN", "RUS"],
            ["JPN"],
        ),
        ("Russia deployed troops into Belarus ahead of the exercise.", ["RUS"], ["BLR"]),
    ],
)
def test_intrusions_and_deployments_into_a_country(ex, text, source, target):
    find(events(ex, text), "MOBILIZE", source, target)


# -- foreign-made weapons in use, launches at targets


@pytest.mark.parametrize(
    "text,maker,user",
    [
        ("Ukraine deployed Turkish-made drones in the Donbas.", ["TUR"], ["UKR"]),
        ("Russia fired North Korean ballistic missiles at Kharkiv.", ["PRK"], ["RUS"]),
        ("Russia launched Iranian-made Shahed drones at Ukrainian cities.", ["IRN"], ["RUS"]),
    ],
)
def test_foreign_made_weapons_in_use_were_delivered(ex, text, maker, user):
    found = run(ex, text)
    find([e.to_dict() for e in found.events], "AID", maker, user)
    (t,) = [t.to_dict() for t in found.transfers]
    assert (t["supplier"], t["recipient"], t["stage"]) == (maker, user, "delivery")


def test_launching_at_someone_is_an_attack_and_accuses_no_maker(ex):
    found = events(ex, "Putin criticised Kyiv for launching Turkish-made drones at Donetsk.")
    assert not any(e["type"] == "ACCUSE" and "TUR" in e["target"] for e in found)
    found = events(ex, "Russia launched Iranian-made Shahed drones at Ukrainian cities overnight.")
    find(found, "ASSAULT", ["RUS"], ["UKR"])
    assert not any(e["type"] == "MOBILIZE" for e in found)


def test_shooting_down_foreign_made_drones_aims_at_no_maker(ex):
    found = events(ex, "Ukraine shot down Iranian-made drones over Kyiv.")
    assert not any("IRN" in e["target"] or "IRN" in e["source"] for e in found)


def test_a_media_report_of_wrongdoing_accuses_no_one(ex):
    found = events(
        ex, "Syrian rebels seized control of Damascus on Sunday, Russian state media reported."
    )
    assert not any(e["type"] == "ACCUSE" for e in found)


@pytest.mark.parametrize(
    "text,source,target",
    [
        (
            "Israel said its forces had moved into the buffer zone on the Golan Heights.",
            ["ISR"],
            ["SYR"],
        ),
        ("Russian troops moved into Belarus for the exercise.", ["RUS"], ["BLR"]),
    ],
)
def test_forces_moving_into_a_country_are_deployed_there(ex, text, source, target):
    find(events(ex, text), "MOBILIZE", source, target)


def test_warning_against_an_intervention_is_a_threat(ex):
    text = (
        "Mali and Burkina Faso warned that any military intervention in Niger would be "
        "considered a declaration of war against them."
    )
    found = events(ex, text)
    find(found, "THREATEN", ["MLI", "BFA"])
    assert not any(e["type"] == "ACCUSE" for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "President Bashar al-Assad fled to Moscow, where he was granted asylum.",
        "Assad was granted asylum in Russia.",
    ],
)
def test_asylum_granted_where_one_fled(ex, text):
    find(events(ex, text, published="2024-12-09"), "AID", ["RUS"], ["SYR"])


def test_a_subject_pronoun_continues_the_last_subject_and_another_events_date_stays(ex):
    text = (
        "The Chinese foreign minister met Kim Jong Un in Pyongyang on Saturday. He also "
        "thanked Kim for his visit to the Chinese Embassy on June 12."
    )
    found = events(ex, text, published="2025-10-12")
    e = find(found, "SUPPORT", ["CHN"], ["PRK"])
    assert e["date"] != "2025-06-12"  # the date of the visit, not of the thanks


# -- organisations named again, weighed acts, conditions, halted transfers


def test_the_alliance_and_the_bloc_are_the_organisation_named_before(ex):
    found = events(
        ex, "NATO leaders met in Vilnius. The alliance agreed to increase aid to Ukraine."
    )
    assert any(e["source"] == ["NATO"] and e["target"] == ["UKR"] for e in found)
    found = events(
        ex, "Finland and Sweden, which applied to join the alliance in May, will attend."
    )
    assert not any(e["type"] == "SUPPORT" for e in found)


def test_taking_drills_into_account_holds_none(ex):
    text = "Zakharova said Moscow would take the drills into account in its military planning."
    assert not any(e["type"] == "MOBILIZE" for e in events(ex, text))


def test_an_act_asked_in_exchange_is_hypothetical(ex):
    text = "Hamas offered to free the hostages in exchange for an Israeli withdrawal from Gaza."
    e = find(events(ex, text), "RETREAT", ["ISR"], ["PSE"])
    assert e["modality"] == "hypothetical"


@pytest.mark.parametrize(
    "text,supplier,recipient",
    [
        ("The EU banned exports of drone parts to Iran.", ["EUR"], ["IRN"]),
        ("Germany halted the delivery of tanks to Saudi Arabia.", ["DEU"], ["SAU"]),
    ],
)
def test_banned_or_halted_deliveries_are_negated(ex, text, supplier, recipient):
    (t,) = [t.to_dict() for t in run(ex, text).transfers]
    assert (t["supplier"], t["recipient"], t["modality"]) == (supplier, recipient, "negated")


# -- research institutes, owners of weapons supplied, talks partners, the kingdom


def test_a_research_institute_is_no_government(ex):
    text = (
        "Russia has supplied about 80 percent of Vietnam's weapons since 1995, according to the "
        "Stockholm International Peace Research Institute."
    )
    found = run(ex, text)
    e = find([e.to_dict() for e in found.events], "AID", ["RUS"], ["VNM"])
    assert e["claimed_by"] == []
    assert [(t.supplier[0].code, t.recipient[0].code) for t in found.transfers] == [("RUS", "VNM")]


def test_the_talks_partner_of_a_buyer_sells(ex):
    text = "Vietnam is in talks with the United States to purchase F-16 fighter jets."
    (t,) = [t.to_dict() for t in run(ex, text).transfers]
    assert (t["supplier"], t["recipient"], t["stage"]) == (["USA"], ["VNM"], "negotiation")


def test_the_kingdom_continues_the_last_subject_and_a_cited_reason_is_no_source(ex):
    text = (
        "Saudi Arabia has asked China to supply armed drones. The kingdom is also seeking U.S. "
        "approval to buy F-35 jets, a request Washington has declined, citing Israel's "
        "military edge."
    )
    e = find(events(ex, text), "REQUEST", ["SAU"], ["USA"])
    assert e["claimed_by"] == []


def test_the_agreement_welcomed_is_the_one_signed_by_both(ex):
    text = (
        "Japan and the Philippines signed a reciprocal access agreement on Monday. Japan will "
        "also provide the Philippine coast guard with five patrol vessels. U.S. Defense "
        "Secretary Lloyd Austin welcomed the agreement."
    )
    e = find(events(ex, text, published="2024-07-09"), "SUPPORT", ["USA"])
    assert sorted(e["target"]) == ["JPN", "PHL"]


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("Putin vowed a worthy response.", ["RUS"], []),
        ("The Houthis vowed retaliation against the United States.", ["YEM"], ["USA"]),
        ("Russia promised a crushing response to any attack.", ["RUS"], []),
    ],
)
def test_vowing_a_response_is_a_threat(ex, text, source, target):
    found = events(ex, text, published="2024-08-08")
    find(found, "THREATEN", source, target)
    assert not any(e["type"] == "AGREE" for e in found)


def test_strikes_that_killed_people_in_a_place_are_aimed_at_it(ex):
    text = (
        "Israeli airstrikes killed at least 30 people in Gaza on Tuesday, Palestinian health "
        "officials said."
    )
    found = events(ex, text)
    find(found, "ASSAULT", ["ISR"], ["PSE"])
    assert not any(e["type"] == "ASSAULT" and e["target"] == ["ISR"] for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "Iran seized an oil tanker in the Gulf of Oman.",
        "The Houthis attacked a ship in the Gulf of Aden.",
    ],
)
def test_a_sea_named_after_a_state_is_no_target(ex, text):
    found = events(ex, text)
    assert found and not any(e["target"] for e in found)


# -- datelines after headlines, patrons, speakers going on, buyers, ruled-out deliveries
def test_dateline_after_a_headline_acts_in_nothing(ex):
    text = (
        "Cargo flights carried arms to Sudan, experts say\n\n"
        "NEW YORK, Jan 19 (Reuters) - Cargo flights from the United Arab Emirates delivered "
        "weapons to Sudan's Rapid Support Forces, a panel of U.N. experts said on Friday."
    )
    found = events(ex, text, published="2024-01-19")
    assert not any("USA" in e["source"] + e["target"] for e in found)


def test_a_patron_named_in_a_modifier_is_not_the_group(ex):
    found = events(ex, "The Iran-backed group attacked a cargo ship on Monday.")
    assert not any("IRN" in e["source"] for e in found)


def test_strikes_on_targets_in_a_state_are_aimed_at_it_by_both_strikers(ex):
    text = "U.S. and British warplanes and ships struck 60 targets in Houthi-controlled Yemen."
    find(events(ex, text), "ASSAULT", ["USA", "GBR"], ["YEM"])


def test_condemned_strikes_are_not_a_war_mentioned_in_passing(ex):
    text = (
        "U.S. and British warplanes struck dozens of targets in Yemen on Friday. The Houthis "
        "said they would keep attacking ships until the war in Gaza ends.\n\n"
        "Iran condemned the strikes."
    )
    e = find(events(ex, text), "ACCUSE", ["IRN"])
    assert sorted(e["target"]) == ["GBR", "USA"]


def test_pronoun_after_a_conjoined_reporting_verb_is_the_reporter(ex):
    text = (
        "Ukraine's foreign ministry accused Iran of supplying Russia with attack drones and "
        "said it would ask the European Union to punish Tehran."
    )
    find(events(ex, text), "REQUEST", ["UKR"], ["EUR"])


def test_an_appeal_after_a_reported_clause_is_the_speakers(ex):
    text = (
        "Foreign Minister Dmytro Kuleba said Iran bore full responsibility for the attacks and "
        "called on Brussels to impose sanctions on Iranian drone makers."
    )
    found = events(ex, text, published="2022-10-20")
    find(found, "REQUEST", ["UKR"], ["EUR"])
    # the sanctions are asked for, not imposed
    assert not any(e["type"] == "SANCTION" for e in found)


def test_a_saying_participle_is_the_condemners_claim(ex):
    text = "Azerbaijan's foreign ministry condemned the deal, saying Paris was arming Armenia."
    e = find(events(ex, text), "AID", ["FRA"], ["ARM"])
    assert e["claimed_by"] == ["AZE"]


def test_the_deal_condemned_is_the_contract_signed_by_both(ex):
    text = (
        "Armenia signed a contract on Tuesday to buy howitzers from France.\n\n"
        "Azerbaijan condemned the deal."
    )
    e = find(events(ex, text), "ACCUSE", ["AZE"])
    assert sorted(e["target"]) == ["ARM", "FRA"]


def test_weapons_a_buyer_paid_for_go_to_the_buyer(ex):
    text = (
        "Russia has failed to deliver weapons that Yerevan paid for in 2021, Armenian "
        "officials complained."
    )
    found = run(ex, text)
    e = find([x.to_dict() for x in found.events], "AID", ["RUS"], ["ARM"])
    assert e["modality"] == "negated"
    assert [(t.to_dict()["supplier"], t.to_dict()["recipient"]) for t in found.transfers] == [
        (["RUS"], ["ARM"])
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Scholz rules out sending Taurus missiles to Ukraine",
        "Germany ruled out supplying Taurus cruise missiles to Kyiv.",
        "Washington held off on delivering the jets to Ankara.",
    ],
)
def test_ruled_out_deliveries_are_negated(ex, text):
    found = run(ex, text)
    aid = [e for e in found.events if e.type == "AID"]
    assert aid and all(e.modality == "negated" for e in aid)
    assert all(t.modality == "negated" for t in found.transfers)


def test_assurances_received_are_no_delivery(ex):
    text = (
        "Turkey said it dropped its objection to Sweden after receiving assurances from Stockholm."
    )
    assert not any(e["type"] == "AID" for e in events(ex, text))


def test_a_sale_with_upgrade_kits_reaches_its_buyer(ex):
    text = (
        "The Biden administration approved the sale of 40 F-16 fighter jets and upgrade kits "
        "for 79 more to Turkey."
    )
    found = run(ex, text, published="2024-01-27")
    find([e.to_dict() for e in found.events], "AGREE", ["USA"], ["TUR"])
    assert not any(e.type == "SUPPORT" for e in found.events)
    assert [t.to_dict()["recipient"] for t in found.transfers] == [["TUR"]]


@pytest.mark.parametrize(
    "when,date",
    [
        ("in May last year", "2023-05"),
        ("in March of this year", "2024-03"),
        ("last May", "2024-05"),
    ],
)
def test_a_month_with_a_relative_year(ex, when, date):
    text = f"Zelenskiy asked Berlin for Taurus missiles {when}."
    e = find(events(ex, text, published="2024-10-24"), "REQUEST", ["UKR"], ["DEU"])
    assert e["date"] == date


# -- decided sanctions, carriers' origins, panels of experts
@pytest.mark.parametrize(
    "text",
    [
        "The European Union agreed on Thursday to freeze the assets of three Iranian firms.",
        "China decided to impose sanctions on Lockheed Martin.",
    ],
)
def test_a_sanction_decided_is_imposed(ex, text):
    found = events(ex, text)
    assert [e["type"] for e in found] == ["SANCTION"] and found[0]["modality"] == "actual"


def test_a_sanction_someone_will_decide_is_a_threat(ex):
    found = events(ex, "The EU will agree to freeze the assets of Iranian officials.")
    find(found, "THREATEN", ["EUR"], ["IRN"])


def test_carriers_from_a_state_deliver_for_it_and_a_panel_of_experts_claims(ex):
    text = (
        "Cargo flights from the United Arab Emirates delivered weapons to Sudan's Rapid Support "
        "Forces, a panel of United Nations experts said."
    )
    found = run(ex, text)
    e = find([x.to_dict() for x in found.events], "AID", ["ARE"], ["SDN"])
    assert e["claimed_by"] == ["UNO"]
    assert [t.to_dict()["supplier"] for t in found.transfers] == [["ARE"]]


# -- batches received, weapons bought from, threats of sanctions, concern over ties
def test_a_batch_of_jets_received_is_a_delivery_not_a_visit(ex):
    found = run(ex, "Pakistan receives first batch of Chinese J-10C fighters")
    find([e.to_dict() for e in found.events], "AID", ["CHN"], ["PAK"])
    assert not any(e.type == "CONSULT" for e in found.events)
    assert [t.to_dict()["items"] for t in found.transfers] == [["aircraft"]]


@pytest.mark.parametrize(
    "text,supplier,recipient",
    [
        (
            (
                "Pakistan's air force inducted its first batch of J-10C fighter jets bought "
                "from China on Friday."
            ),
            "CHN",
            "PAK",
        ),
        ("India showed off the Rafale jets bought from France.", "FRA", "IND"),
    ],
)
def test_weapons_bought_from_a_seller_were_delivered_to_their_holder(ex, text, supplier, recipient):
    found = run(ex, text)
    find([e.to_dict() for e in found.events], "AID", [supplier], [recipient])
    assert [(t.supplier[0].code, t.recipient[0].code) for t in found.transfers] == [
        (supplier, recipient)
    ]


def test_the_threat_of_sanctions_is_a_threat(ex):
    text = "India signed the deal in October 2018 despite the threat of U.S. sanctions."
    found = events(ex, text)
    find(found, "THREATEN", ["USA"])
    assert not any(e["type"] == "SANCTION" for e in found)
    text = "India faces the threat of American sanctions over the purchase."
    assert not any("IND" in e["source"] for e in events(ex, text))


@pytest.mark.parametrize(
    "text,target",
    [
        (
            (
                "Indian officials have expressed concern over the growing military ties "
                "between Pakistan and China."
            ),
            ["CHN", "PAK"],
        ),
        ("Japan voiced alarm at North Korea's missile launches.", ["PRK"]),
    ],
)
def test_concern_over_others_acts_or_ties_accuses_them(ex, text, target):
    e = find(events(ex, text), "ACCUSE")
    assert sorted(e["target"]) == target


def test_a_trailing_report_read_as_a_relative_clause_is_a_claim(ex):
    text = (
        "Russia and China have continued to supply Myanmar's military with fighter jets since "
        "the 2021 coup, a United Nations human rights expert said on Wednesday."
    )
    e = find(events(ex, text), "AID", ["RUS", "CHN"], ["MMR"])
    assert e["claimed_by"] == ["UNO"]


def test_one_suppliers_denial_is_not_the_others(ex):
    text = (
        "Russia and China have continued to supply Myanmar's junta with fighter jets, a U.N. "
        "expert said.\n\nRussia's foreign ministry dismissed the report as biased."
    )
    denied = {t.supplier[0].code: [a.code for a in t.denied_by] for t in run(ex, text).transfers}
    assert denied == {"RUS": ["RUS"], "CHN": []}


def test_spare_parts_for_refineries_are_no_arms(ex):
    text = "Iran has supplied Venezuela with fuel and spare parts for its refineries."
    found = run(ex, text)
    find([e.to_dict() for e in found.events], "AID", ["IRN"], ["VEN"])
    assert not found.transfers
    text = "Iran has supplied Russia with spare parts for its fighter jets."
    assert [t.items[0] for t in run(ex, text).transfers] == ["components"]


# -- stocks donated, recipients of criticised sales, downings, co-mediators, answered charges
def test_a_stock_of_shells_donated_goes_to_the_recipient(ex):
    text = "Denmark said it would donate its entire stock of artillery ammunition to Ukraine."
    found = run(ex, text)
    find([e.to_dict() for e in found.events], "AGREE", ["DNK"], ["UKR"])
    assert [(t.supplier[0].code, t.recipient[0].code) for t in found.transfers] == [("DNK", "UKR")]


def test_a_criticised_sale_keeps_its_recipient(ex):
    text = "Turkey has criticised the planned sale of U.S. F-35 jets to Greece."
    found = run(ex, text)
    find([e.to_dict() for e in found.events], "ACCUSE", ["TUR"], ["GRC"])
    assert [(t.supplier[0].code, t.recipient[0].code) for t in found.transfers] == [("USA", "GRC")]


def test_downing_aircraft_is_aimed_at_their_owner(ex):
    find(events(ex, "Ukraine says it downed Russian Su-34 jets"), "ASSAULT", ["UKR"], ["RUS"])


def test_co_mediators_do_not_meet_each_other(ex):
    text = "Armenia and Azerbaijan agreed to a prisoner swap mediated by the European Union."
    found = events(ex, text)
    assert not any(e["type"] == "CONSULT" for e in found)
    assert not any("EUR" in e["source"] for e in found)


def test_a_denied_charge_is_all_the_denial_answers(ex):
    text = (
        "Hamas freed 13 Israeli hostages on Saturday, and Israel released 39 Palestinian "
        "prisoners.\n\nHamas had accused Israel of violating the truce by blocking aid trucks, "
        "a charge Israel denied."
    )
    found = events(ex, text)
    find(found, "REJECT", ["ISR"], ["PSE"])
    assert not any(e["denied_by"] for e in found if e["type"] == "RETREAT")


# -- trips back, peoples and languages, amounts "up to", titled names, organs of organisations
def test_returning_somewhere_is_a_trip_not_a_handover(ex):
    text = "Iraqi and Turkish negotiators return to Baghdad next week for water talks."
    assert not any(e["type"] == "RETREAT" for e in events(ex, text))
    find(events(ex, "Russia returned 90 Ukrainian prisoners of war."), "RETREAT", ["RUS"], ["UKR"])


@pytest.mark.parametrize(
    "text,source",
    [
        ("Ethnic Hungarians in western Ukraine are demanding an EU monitoring presence.", ["UKR"]),
        ("The Latvian court lifted limits on the Russian language in schools.", None),
    ],
)
def test_peoples_and_languages_are_not_states(ex, text, source):
    found = events(ex, text)
    assert not any("HUN" in e["source"] or "RUS" in e["target"] for e in found)
    if source:
        find(found, "REQUEST", source, ["EUR"])


def test_up_to_a_number_of_people_are_the_object(ex):
    text = "Militants have abducted up to 16 Pakistani police officers from a checkpoint."
    find(events(ex, text), "ASSAULT", target=["PAK"])


def test_he_after_a_titled_unknown_name_is_that_person(ex):
    text = (
        "OSCE Secretary-General Jan Novak said on Monday that he will withdraw the mission's "
        "monitors from Georgia."
    )
    find(events(ex, text), "THREATEN", ["IGO"], ["GEO"])


def test_an_organisations_secretary_general_is_its_own(ex):
    text = "Arab League Secretary-General Ahmed Aboul Gheit urged the EU to support Gaza."
    e = find(events(ex, text), "REQUEST", target=["EUR"])
    assert e["source"] == ["IGO"]


# -- entry allowed, investigators sent, judicial acts on a state's soil
def test_promising_to_let_inspectors_in_is_an_agreement(ex):
    text = "Caracas said it would permit the return of UN human rights monitors."
    find(events(ex, text), "AGREE", ["VEN"], ["UNO"])


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("The IAEA dispatched two inspectors to the Zaporizhzhia plant in Ukraine.", "IAEA", "UKR"),
        (
            "The United Nations sent a team of experts to Syria to investigate the chemical attack.",
            "UNO",
            "SYR",
        ),
    ],
)
def test_sending_investigators_is_an_investigation(ex, text, source, target):
    found = events(ex, text)
    find(found, "ACCUSE", [source], [target])
    assert not any(e["type"] in ("MOBILIZE", "AID") for e in found)


@pytest.mark.parametrize(
    "text,etype,source,target",
    [
        ("Two Russian diplomats were charged in Poland with spying.", "ACCUSE", "POL", "RUS"),
        ("An American reporter was convicted in Russia of espionage.", "SANCTION", "RUS", "USA"),
        ("A Dutch aid worker was placed under investigation in Niger.", "ACCUSE", "NER", "NLD"),
    ],
)
def test_judicial_acts_on_a_states_soil_are_its_own(ex, text, etype, source, target):
    find(events(ex, text), etype, [source], [target])


def test_aid_sent_to_a_place_in_a_state_goes_to_that_state(ex):
    find(events(ex, "Jordan sent medical aid to a hospital in Gaza."), "AID", ["JOR"], ["PSE"])


# -- demands told as nouns, reminders, messages and envoys sent
def test_a_demand_that_others_act_is_a_request_not_their_act(ex):
    text = "UNICEF repeated its demand that Sudan lift curbs on aid convoys to Darfur."
    found = events(ex, text)
    find(found, "REQUEST", ["UNO"], ["SDN"])
    assert not any(e["type"] in ("CONCEDE", "RETREAT") for e in found)


def test_a_reminder_that_someone_must_act_is_a_request(ex):
    text = (
        "Macron issued a stern reminder on Saturday to Iran that it must cooperate with the IAEA."
    )
    found = events(ex, text)
    find(found, "REQUEST", ["FRA"], ["IRN"])
    assert not any(e["type"] == "COOPERATE" for e in found)


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("Putin sent a letter to Kim Jong Un on his birthday.", "RUS", "PRK"),
        ("China dispatched a special envoy to Moscow.", "CHN", "RUS"),
        ("Biden sent a message to Netanyahu on Sunday.", "USA", "ISR"),
    ],
)
def test_letters_and_envoys_sent_are_contacts_not_aid(ex, text, source, target):
    found = events(ex, text)
    find(found, "CONSULT", [source], [target])
    assert not any(e["type"] == "AID" for e in found)


# -- disapproval for, announced boycotts, help for a named state, demands met or refused
def test_disapproval_for_a_states_policies_accuses_it(ex):
    text = "Iraq's foreign ministry expressed its disapproval for Iran's policies."
    find(events(ex, text), "ACCUSE", ["IRQ"], ["IRN"])


def test_an_announced_boycott_of_a_state_is_a_threat(ex):
    text = "The Houthis said they would boycott all contacts with the United Nations envoy."
    find(events(ex, text), "THREATEN", ["YEM"], ["UNO"])
    assert not any(e["type"] == "PROTEST" for e in events(ex, "Students will boycott classes."))


def test_material_sent_to_help_defend_a_state_is_for_that_state(ex):
    text = "Denmark is willing to send equipment to help protect Estonia if it is attacked."
    find(events(ex, text), "AGREE", ["DNK"], ["EST"])


def test_refusing_to_meet_demands_is_a_rejection_not_a_meeting(ex):
    found = events(ex, "Israel will not meet Hamas's demands.")
    find(found, "REJECT", ["ISR"], ["PSE"])
    assert not any(e["type"] == "CONSULT" for e in found)


@pytest.mark.parametrize(
    "text,target",
    [
        ("Jordan sent aid to civilians in Gaza.", "PSE"),
        ("The EU will send humanitarian aid to refugees in Chad.", "TCD"),
    ],
)
def test_aid_for_people_in_a_place_is_for_that_state(ex, text, target):
    assert any(e["target"] == [target] for e in events(ex, text) if e["type"] in ("AID", "AGREE"))


def test_a_news_agency_cited_claims_but_accuses_no_one(ex):
    text = "A British engineer was detained in Iran for spying, according to the BBC."
    found = events(ex, text)
    find(found, "COERCE", ["IRN"], ["GBR"])
    assert not any(x["type"] == "ACCUSE" and x["source"] == ["GBR"] for x in found)


# -- monitors received, forces made ready, talks halted, criticism in the street
def test_receiving_monitors_lets_them_in(ex):
    e = find(events(ex, "Iran received IAEA inspectors on Monday."), "RETREAT", ["IRN"], ["IAEA"])
    assert e["modality"] == "actual"


def test_forces_made_ready_to_attack_are_mobilised(ex):
    found = events(ex, "Russian troops are poised to attack Kharkiv.")
    find(found, "MOBILIZE", ["RUS"], ["UKR"])
    find(events(ex, "China will retaliate against the US."), "THREATEN", ["CHN"], ["USA"])


@pytest.mark.parametrize(
    "text,source,target",
    [
        ("Russia suspended talks with Ukraine.", "RUS", "UKR"),
        ("Qatar suspended its mediation efforts between Israel and Hamas.", "QAT", None),
    ],
)
def test_halted_talks_or_mediation_reduce_relations(ex, text, source, target):
    found = events(ex, text)
    e = find(found, "SANCTION", [source])
    assert target is None or e["target"] == [target]
    assert not any(x["type"] == "CONSULT" and x["modality"] == "actual" for x in found)


def test_criticism_voiced_by_demonstrators_is_a_protest(ex):
    found = events(ex, "Protesters in Tehran condemned Israel.")
    find(found, "PROTEST", ["IRN"], ["ISR"])
    find(events(ex, "Iran condemned Israel."), "ACCUSE", ["IRN"], ["ISR"])


# -- weapons unveiled, hostile vows, relative denials, mercenaries, "the country", "the move"
def test_unveiling_a_missile_is_a_show_of_force(ex):
    text = "Iran unveiled a new ballistic missile on Thursday, state media reported."
    find(events(ex, text), "MOBILIZE", ["IRN"], [])
    assert not events(ex, "The company unveiled a new phone.")


def test_a_vow_to_stop_someone_is_a_threat(ex):
    found = events(ex, "Israel has vowed to prevent Iran from acquiring nuclear weapons.")
    find(found, "THREATEN", ["ISR"], ["IRN"])
    assert not any(e["type"] == "AGREE" for e in found)


def test_which_x_denies_answers_the_accuser_not_the_noun_before(ex):
    text = (
        "Washington has accused Tehran of supplying ballistic missiles to Russia for use in "
        "Ukraine, which Iran denies."
    )
    found = events(ex, text)
    e = find(found, "REJECT", ["IRN"], ["USA"])
    assert e["claimed_by"] == []
    assert find(found, "AID", ["IRN"], ["RUS"])["denied_by"] == ["IRN"]


def test_mercenaries_arriving_are_a_deployment(ex):
    text = "Hundreds of Russian mercenaries from the Wagner Group have arrived in Mali."
    find(events(ex, text), "MOBILIZE", ["RUS"], ["MLI"])


def test_the_country_left_is_not_the_one_leaving(ex):
    text = (
        "Mali expelled the French ambassador on Monday.\n\n"
        "France began withdrawing its troops from the country."
    )
    find(events(ex, text), "RETREAT", ["FRA"], ["MLI"])


def test_the_move_warned_about_and_welcomed_is_the_act_not_the_warning(ex):
    text = (
        "Japan approved the export of Patriot missiles to the United States.\n\n"
        "Russia's embassy warned that the move could have grave consequences.\n\n"
        "The U.S. ambassador to Japan welcomed the decision."
    )
    found = events(ex, text, published="2023-12-22")
    find(found, "THREATEN", ["RUS"], ["JPN"])
    find(found, "SUPPORT", ["USA"], ["JPN"])


# -- Taiwan's and the Caucasus's officials; a date that describes a person
def test_taiwans_president_and_a_date_that_describes_him(ex):
    text = (
        "President Lai Ching-te, who took office on Monday, called on Beijing to stop its threats."
    )
    e = find(events(ex, text, published="2024-05-23"), "REQUEST", ["TWN"], ["CHN"])
    assert e["date"] is None


def test_armenias_defence_minister_is_armenian(ex):
    text = "Defence Minister Suren Papikyan met his French counterpart Sebastien Lecornu in Paris."
    find(events(ex, text, published="2024-06-18"), "CONSULT", ["ARM"], ["FRA"])


# -- several origins, visits by a guest, means of an attempt
def test_each_origin_of_coordinated_weapons_sells_its_own(ex):
    text = "Serbia has bought Chinese air defence systems and Russian MiG-29 jets in recent years."
    items = {t.supplier[0].code: list(t.items) for t in run(ex, text).transfers}
    assert items == {"CHN": ["air_defense"], "RUS": ["aircraft"]}


def test_a_visit_by_a_guest_during_the_hosts_act(ex):
    text = "Serbia signed a deal for Rafale jets on Thursday during a visit by Emmanuel Macron."
    find(events(ex, text, published="2024-08-30"), "CONSULT", ["FRA"], ["SRB"])


def test_the_means_of_an_attempt_happened(ex):
    text = "Russia was trying to evade the sanctions by buying North Korean shells, Wood said."
    found = run(ex, text)
    aid = [e for e in found.events if e.type == "AID"]
    assert aid and aid[0].modality == "actual"
    e = run(ex, "Russia tried to buy North Korean shells.").events[0]
    assert (e.type, e.modality) == ("AID", "hypothetical")


# -- sanctioned firms "including" some, accused by the sanctioner; headlines; tests; backing
def test_firms_sanctioned_including_some_in_states_are_accused_by_the_sanctioner(ex):
    text = (
        "The U.S. Treasury on Wednesday imposed sanctions on nearly 400 companies, including "
        "firms in China, India and Turkey, accused of supplying Russia with equipment it needs "
        "to sustain its war."
    )
    found = events(ex, text, published="2024-10-30")
    assert sorted(find(found, "SANCTION", ["USA"])["target"]) == ["CHN", "IND", "TUR"]
    find(found, "ACCUSE", ["USA"], ["CHN", "IND", "TUR"])
    assert find(found, "AID", target=["RUS"])["claimed_by"] == ["USA"]
    assert not any(e["type"] == "SANCTION" and e["source"] == ["RUS"] for e in found)


def test_a_headline_verb_read_as_a_plural_noun(ex):
    text = "US sanctions Chinese and Indian firms over support for Russia's military"
    e = find(events(ex, text), "SANCTION", ["USA"])
    assert sorted(e["target"]) == ["CHN", "IND"]


def test_testing_a_missile_is_a_weapons_test(ex):
    found = events(ex, "North Korea tested its largest intercontinental ballistic missile.")
    find(found, "MOBILIZE", ["PRK"], [])
    assert not events(ex, "North Korea tested a new tractor.")


def test_support_for_a_states_war_backs_that_state(ex):
    text = "Kim Jong Un pledged full support for Russia's war in Ukraine."
    find(events(ex, text, published="2024-06-19"), "AGREE", ["PRK"], ["RUS"])


def test_not_ruling_out_leaves_it_open(ex):
    text = "Putin said Moscow did not rule out developing military cooperation with Pyongyang."
    e = find(events(ex, text), "COOPERATE", ["RUS"], ["PRK"])
    assert e["modality"] == "hypothetical"


def test_a_warning_about_the_drills_is_aimed_at_those_who_hold_them(ex):
    text = (
        "South Korea and the United States held joint drills on Monday.\n\n"
        "North Korea's defence ministry warned that the drills would be met with the toughest "
        "counteraction."
    )
    e = find(events(ex, text), "THREATEN", ["PRK"])
    assert sorted(e["target"]) == ["KOR", "USA"]


def test_weapons_sent_to_no_one_named_go_to_the_recipient_just_reported(ex):
    text = (
        "Zelenskiy urged allies to send more Patriot systems to Ukraine. Germany said it would "
        "deliver an additional Patriot battery."
    )
    found = run(ex, text)
    find([e.to_dict() for e in found.events], "AGREE", ["DEU"], ["UKR"])
    assert ("DEU", "UKR") in {(t.supplier[0].code, t.recipient[0].code) for t in found.transfers}
    # with nothing reported before, no recipient is made up
    alone = run(ex, "Germany said it would deliver an additional Patriot battery.")
    assert not alone.transfers or not alone.transfers[0].recipient


def test_no_recipient_is_implied_for_a_request_or_a_noun(ex):
    text = (
        "Saudi Arabia has asked China to supply armed drones.\n\n"
        "Greece expressed concern about growing Turkish arms exports."
    )
    found = run(ex, text)
    assert not any(e.type == "AID" and e.modality == "actual" for e in found.events)


def test_a_list_before_an_accusing_participle_is_no_speaker(ex):
    text = (
        "The EU adopted its 13th package of sanctions against Russia, adding 200 firms, "
        "including firms in China, India and Turkey accused of helping Moscow obtain drone parts."
    )
    found = events(ex, text, published="2024-02-23")
    assert find(found, "SANCTION", ["EUR"], ["RUS"])["claimed_by"] == []
    find(found, "ACCUSE", ["EUR"], ["CHN", "IND", "TUR"])


# -- permissions, warnings of a response to others' acts, weapons shipped as "them"
def test_a_permitted_strike_is_no_strike(ex):
    text = "Biden allowed Ukraine to strike targets inside Russia with U.S. missiles."
    assert not any(e["type"] == "ASSAULT" for e in events(ex, text, published="2024-11-17"))


def test_a_warning_that_others_acts_will_meet_a_response_is_a_threat_to_them(ex):
    text = "Iran warned that any Israeli retaliation would be met with a crushing response."
    find(events(ex, text), "THREATEN", ["IRN"], ["ISR"])
    text = "Seoul warned that North Korea's missile launches would destabilise the region."
    assert not any(e["type"] == "THREATEN" for e in events(ex, text))


def test_weapons_shipped_as_them_are_the_ones_just_made(ex):
    text = "Egypt planned to produce 40,000 rockets and secretly ship them to Russia."
    found = run(ex, text)
    assert [(t.supplier[0].code, t.recipient[0].code, t.items) for t in found.transfers] == [
        ("EGY", "RUS", ("missiles",))
    ]


def test_a_denial_of_a_report_leaves_later_aid_alone(ex):
    text = (
        "Egypt planned to ship rockets to Russia, a leaked U.S. document says.\n\n"
        "An Egyptian spokesman denied the report.\n\n"
        "The United States provides Egypt with $1.3 billion in military aid each year."
    )
    found = run(ex, text, published="2023-04-11")
    us = [t for t in found.transfers if t.supplier[0].code == "USA"]
    assert us and not us[0].denied_by


# -- bombers as aircraft, concern about growing ties, attacks that go on, vetoes criticised
def test_bombers_on_patrol_are_aircraft_not_attackers(ex):
    found = events(ex, "Chinese and Russian bombers fly joint patrol near Alaska")
    assert not any(e["type"] == "ASSAULT" for e in found)


def test_concern_about_deepening_cooperation_accuses_the_partners_and_claims_nothing(ex):
    text = "Washington has expressed concern about deepening military cooperation between Moscow and Beijing."
    found = events(ex, text)
    find(found, "ACCUSE", ["USA"], ["RUS", "CHN"])
    assert find(found, "COOPERATE")["claimed_by"] == []


def test_attacks_that_will_not_stop_go_on_and_are_theirs(ex):
    found = events(ex, "The Houthis said the sanctions would not stop their attacks on ships.")
    e = find(found, "ASSAULT", ["YEM"])
    assert e["modality"] == "actual"
    assert (
        find(events(ex, "The Houthis stopped their attacks on ships."), "ASSAULT")["modality"]
        == "negated"
    )


def test_a_veto_criticised_as_the_move_is_an_act(ex):
    text = (
        "Hungary has blocked the release of 6.6 billion euros of EU military aid for Ukraine.\n\n"
        "Ukraine's foreign ministry criticised the move."
    )
    find(events(ex, text), "ACCUSE", ["UKR"], ["HUN"])


def test_asylum_granted_to_people_holed_up_somewhere(ex):
    text = "Ecuador has granted asylum to two Colombian officers holed up in its embassy in Quito."
    find(events(ex, text), "AID", ["ECU"], ["COL"])


def test_the_sanctions_named_again_are_the_ones_announced_with_their_date_and_author(ex):
    text = (
        "The EU on Monday announced new sanctions over Iran's drone deliveries.\n\n"
        "The sanctions target four Iranian firms that build engines for the drones."
    )
    e = find(events(ex, text, published="2024-05-15"), "SANCTION", ["EUR"], ["IRN"])
    assert e["date"] == "2024-05-13"


def test_what_is_given_in_exchange_is_not_the_delivery(ex):
    text = "Russia has begun delivering Su-35 fighter jets to Iran in exchange for Iranian drones."
    items = {(t.supplier[0].code, t.recipient[0].code): t.items for t in run(ex, text).transfers}
    assert items[("RUS", "IRN")] == ("aircraft",)


# -- paused shipments, reviews, frustration with a decision, buyers' officials
def test_a_paused_shipment_cuts_aid_and_negates_the_delivery(ex):
    text = "The United States paused a shipment of 2,000-pound bombs to Israel last week."
    found = run(ex, text, published="2024-05-08")
    find([e.to_dict() for e in found.events], "SANCTION", ["USA"], ["ISR"])
    assert [t.modality for t in found.transfers] == ["negated"]


def test_frustration_with_the_decision_accuses_its_author(ex):
    text = (
        "Germany suspended arms exports to Israel on Friday.\n\n"
        "Israeli officials expressed frustration with the decision."
    )
    find(events(ex, text), "ACCUSE", ["ISR"], ["DEU"])


def test_a_buyers_officials_do_not_claim_the_sale(ex):
    text = "South Korea has agreed to sell K2 tanks to Romania, officials in Bucharest said."
    e = find(events(ex, text), "AGREE", ["KOR"], ["ROU"])
    assert e["claimed_by"] == []


# -- joint drills condemned, warnings that something will become a target
def test_joint_drills_condemned_are_aimed_at_both(ex):
    text = (
        "Russia and Belarus began joint exercises on Tuesday.\n\n"
        "Poland and Lithuania condemned the drills as escalation."
    )
    e = find(events(ex, text), "ACCUSE", ["POL", "LTU"])
    assert sorted(e["target"]) == ["BLR", "RUS"]


def test_a_warning_that_they_will_become_targets_is_a_threat(ex):
    text = "Russia warned that Polish airfields would become legitimate targets."
    found = events(ex, text)
    find(found, "THREATEN", ["RUS"], ["POL"])
    assert not any(e["type"] == "ACCUSE" for e in found)


# -- denials of an act told as a noun, conjuncts of a denial, "its" in a that-clause
def test_denying_arms_transfers_reaches_the_delivery_not_the_pledge(ex):
    text = (
        "South Korea says Pyongyang has supplied missile launchers to Russia.\n\n"
        "Moscow and Pyongyang deny any arms transfers but have pledged to deepen military "
        "cooperation."
    )
    found = events(ex, text, published="2024-09-13")
    assert sorted(find(found, "AID", ["PRK"], ["RUS"])["denied_by"]) == ["PRK", "RUS"]
    assert not any(e["denied_by"] for e in found if e["type"] in ("AGREE", "COOPERATE"))


def test_its_in_a_that_clause_is_the_speakers(ex):
    text = (
        "The United States condemned China's actions and reaffirmed that its mutual defence "
        "treaty with Manila covers attacks on Philippine forces."
    )
    found = events(ex, text)
    assert not any(e["type"] != "ACCUSE" and "CHN" in e["source"] + e["target"] for e in found)
    find(found, "SUPPORT", ["USA"], ["PHL"])


def test_denying_a_role_in_an_attack_leaves_the_facts_told_alone(ex):
    text = (
        "India struck nine sites in Pakistan on Wednesday after an attack that killed 26 "
        "tourists in April. Pakistan said it shot down five Indian jets.\n\n"
        "Islamabad denied any role in the April attack."
    )
    found = events(ex, text, published="2025-05-07")
    assert not any(e["denied_by"] for e in found if e["type"] == "ASSAULT")


def test_a_headline_infinitive_announces_the_act(ex):
    found = run(ex, "Germany to send more Leopard tanks to Ukraine")
    assert not any(e.type == "AID" and e.modality == "actual" for e in found.events)
    assert [t.modality for t in found.transfers] == ["future"]


# -- support verbs with event nouns, demands voiced after an adverb, hosts of talks
def test_a_mission_undertaken_is_done_not_promised(ex):
    found = events(
        ex, "Norway's foreign minister undertook a mediation mission between Ethiopia and Eritrea."
    )
    e = find(found, "CONSULT", ["NOR"], ["ETH", "ERI"])
    assert e["modality"] == "actual"
    assert not any(e["type"] == "AGREE" for e in found)


def test_crimes_committed_are_acts_not_promises(ex):
    found = events(ex, "Russian forces committed war crimes against Ukrainian civilians.")
    assert find(found, "ASSAULT", ["RUS"], ["UKR"])["modality"] == "actual"
    assert not any(e["type"] == "THREATEN" for e in found)


def test_a_reminder_that_someone_must_act_is_a_demand(ex):
    text = (
        "The German chancellor issued a sharp reminder to Serbia that it must withdraw its "
        "police from the border."
    )
    found = events(ex, text)
    find(found, "REQUEST", ["DEU"], ["SRB"])
    assert not any(e["type"] == "RETREAT" and e["modality"] == "actual" for e in found)


@pytest.mark.parametrize(
    "text, asked",
    [
        ("The WHO repeated its demand today that Sudan's army allow aid convoys into El Fasher.",
         "SDN"),
        ("The UN renewed its demand on Friday that Russia free the detained aid workers.", "RUS"),
    ],
)  # fmt: skip
def test_a_demand_clause_after_an_adverb_names_who_is_asked(ex, text, asked):
    found = events(ex, text)
    find(found, "REQUEST", ["UNO"], [asked])
    assert not any(e["type"] in ("AID", "RETREAT") for e in found)


def test_the_host_of_talks_between_others_meets_both(ex):
    found = events(ex, "Qatar hosted talks between Hamas and Israel in Doha.")
    find(found, "CONSULT", ["PSE", "ISR"], ["PSE", "ISR"])
    find(found, "CONSULT", ["QAT"], ["PSE", "ISR"])


def test_an_offer_to_host_talks_is_the_hosts_promise(ex):
    text = (
        "The Georgian prime minister said his country was willing to host negotiations "
        "between Baku and Yerevan."
    )
    found = events(ex, text)
    find(found, "AGREE", ["GEO"], ["AZE", "ARM"])
    assert not any("GEO" not in e["source"] for e in found if e["type"] == "AGREE")


def test_welcoming_talks_between_others_is_no_meeting_with_them(ex):
    found = events(ex, "The UN welcomed talks between Armenia and Azerbaijan.")
    assert not any(e["type"] == "CONSULT" and "UNO" in e["source"] for e in found)


# -- expulsions, embassies, places and their people
@pytest.mark.parametrize(
    "text, etype, source, target",
    [
        ("Moscow forced the Norwegian consul out of the country on Tuesday.", "SANCTION", "RUS",
         "NOR"),
        ("Ukraine forced Russian troops out of Kherson.", "ASSAULT", "UKR", "RUS"),
        ("Vietnam opened an embassy in Riyadh.", "SUPPORT", "VNM", "SAU"),
        ("Saudi Arabia reopened its embassy in Damascus.", "SUPPORT", "SAU", "SYR"),
        ("Poland closed the Russian consulate in Poznan.", "SANCTION", "POL", "RUS"),
        ("A camp for Sudanese refugees was attacked by Chadian gunmen.", "ASSAULT", "TCD", "SDN"),
        ("Israeli tanks fired shells at targets in Jenin.", "ASSAULT", "ISR", "PSE"),
        ("A suicide bomber from Hamas killed 20 people in Haifa.", "ASSAULT", "PSE", "ISR"),
        ("Ukrainian saboteurs blew up a railway bridge in Russia.", "ASSAULT", "UKR", "RUS"),
        ("Russian forces pressed their assault on Avdiivka.", "ASSAULT", "RUS", "UKR"),
    ],
)  # fmt: skip
def test_objects_and_places_name_the_target(ex, text, etype, source, target):
    found = events(ex, text)
    find(found, etype, [source], [target])
    assert not any(e["type"] == "REQUEST" for e in found)


def test_ties_upgraded_together_stay_joint(ex):
    e = find(events(ex, "Poland and Lithuania have upgraded their defence ties."), "SUPPORT")
    assert sorted(e["source"]) == sorted(e["target"]) == ["LTU", "POL"]


# -- conditional blows, protests aimed through what they oppose
@pytest.mark.parametrize(
    "text, source, target",
    [
        ("The United States could suspend military aid to Egypt if Cairo buys Russian jets.",
         ["USA"], ["EGY"]),
        ("The EU may halt its mediation between Serbia and Kosovo if the talks fail.", ["EUR"],
         ["SRB", "XKX"]),
        ("Russia could strike Ukraine if it receives long-range missiles, Lavrov said.", ["RUS"],
         ["UKR"]),
    ],
)  # fmt: skip
def test_a_blow_held_out_on_a_condition_is_a_threat(ex, text, source, target):
    find(events(ex, text), "THREATEN", source, target)


def test_a_conditional_blow_guessed_by_others_is_no_threat(ex):
    text = "Russia could strike Ukraine if it receives long-range missiles, analysts said."
    found = events(ex, text)
    assert find(found, "ASSAULT", ["RUS"], ["UKR"])["modality"] == "hypothetical"
    assert not any(e["type"] == "THREATEN" for e in found)


@pytest.mark.parametrize(
    "text, etype, source, target",
    [
        ("Serbian students staged demonstrations against alleged abuses by the Kosovo police.",
         "PROTEST", "SRB", "XKX"),
        ("Thousands of Armenians protested in Yerevan in defiance of Azerbaijan.", "PROTEST",
         "ARM", "AZE"),
        ("Greece complained over Turkish violations of its airspace.", "ACCUSE", "GRC", "TUR"),
    ],
)  # fmt: skip
def test_a_protest_is_aimed_at_the_author_of_what_it_opposes(ex, text, etype, source, target):
    found = events(ex, text)
    find(found, etype, [source], [target])
    assert not any(source in e["target"] for e in found)


# -- one-sided concessions and retreats, acts done instead of others
def test_a_surrender_is_a_retreat_even_with_no_one_named(ex):
    find(events(ex, "Around 200 Houthi fighters surrendered near Marib."), "RETREAT", ["YEM"], [])


def test_releasing_footage_frees_no_one(ex):
    found = events(ex, "The Ukrainian army released footage of the drone strike.")
    assert not any(e["type"] == "RETREAT" for e in found)


@pytest.mark.parametrize(
    "text, etype",
    [
        ("Russian troops were repositioning rather than withdrawing, the United States said.",
         "RETREAT"),
        ("Israel bombed Gaza instead of negotiating with Hamas.", "CONSULT"),
    ],
)  # fmt: skip
def test_an_act_done_instead_of_another_negates_it(ex, text, etype):
    assert all(e["modality"] == "negated" for e in events(ex, text) if e["type"] == etype)
    assert any(e["type"] == etype for e in events(ex, text))


def test_the_brokers_of_a_truce_are_not_its_parties(ex):
    text = (
        "Hamas freed 13 hostages on the second day of a four-day truce brokered by Qatar, "
        "Egypt and the United States."
    )
    found = events(ex, text)
    find(found, "RETREAT", ["PSE"])
    assert not any("QAT" in e["source"] for e in found)


@pytest.mark.parametrize(
    "text, source",
    [
        ("UNITA fighters refused to let UN planes land in Huambo.", "AGO"),
        ("The Polisario Front accused Morocco of drone strikes.", "ESH"),
        ("The PLO rejected the Israeli plan.", "PSE"),
    ],
)
def test_armed_movements_are_coded_to_their_home(ex, text, source):
    assert any(source in e["source"] for e in events(ex, text))


def test_recalling_a_visit_is_no_sanction_but_recalling_envoys_is(ex):
    found = events(ex, "He also recalled Kim's visit to the Chinese Embassy with gratitude.")
    assert not any(e["type"] == "SANCTION" for e in found)
    find(events(ex, "Poland recalled its ambassador from Minsk."), "SANCTION", ["POL"], ["BLR"])


# -- denials paragraphs later, pronouns in adverbial clauses, suppliers' earlier recipients
def test_a_denial_naming_the_act_reaches_a_claim_paragraphs_before(ex):
    text = (
        "Seoul's spy agency said North Korea had sent about 10,000 troops to Russia.\n\n"
        "The Kremlin warned Seoul against arming Kyiv.\n\n"
        "Japan said it was deeply concerned.\n\n"
        "Washington said it was checking the reports.\n\n"
        "North Korea's foreign ministry denied sending soldiers to Russia."
    )
    found = events(ex, text)
    assert find(found, "AID", ["PRK"], ["RUS"])["denied_by"] == ["PRK"]
    find(found, "REJECT", ["PRK"], ["KOR"])


def test_its_in_an_adverbial_clause_is_the_main_subjects(ex):
    text = (
        "South Korea said it could send weapons to Ukraine, after its spy agency said North "
        "Korea had sent troops to Russia."
    )
    assert find(events(ex, text), "AID", ["PRK"], ["RUS"])["claimed_by"] == ["KOR"]


def test_an_unnamed_recipient_is_the_same_suppliers_last_one(ex):
    text = (
        "South Korea said it could supply weapons to Ukraine, after reports that North Korea "
        "had sent troops to Russia. Seoul would not rule out providing defensive arms."
    )
    found = run(ex, text)
    assert {(t.supplier[0].code, t.recipient[0].code) for t in found.transfers} == {("KOR", "UKR")}


def test_concern_over_planned_sales_targets_the_seller(ex):
    text = (
        "Erdogan said Turkey was ready to supply Egypt with armed drones.\n\n"
        "Sisi invited Erdogan to a summit in Cairo.\n\n"
        "Greece expressed concern over the planned drone sales."
    )
    find(events(ex, text), "ACCUSE", ["GRC"], ["TUR"])


def test_an_arabic_family_name_without_its_article_resolves(ex):
    text = (
        "Egyptian President Abdel Fattah al-Sisi met Erdogan in Ankara.\n\n"
        "Sisi thanked Erdogan for Turkey's support."
    )
    find(events(ex, text), "SUPPORT", ["EGY"], ["TUR"])


def test_a_clause_with_its_own_subject_is_not_part_of_an_accusation(ex):
    text = (
        "Lithuania and Latvia have accused Moscow of ordering sabotage attacks, and the "
        "European Union sanctioned several people linked to the GRU."
    )
    assert find(events(ex, text), "SANCTION", ["EUR"], ["RUS"])["claimed_by"] == []


@pytest.mark.parametrize(
    "text, etype",
    [
        ("Russia will deploy missiles to Belarus and hold drills there.", "MOBILIZE"),
        ("Tusk said Poland would close the Russian consulate in Krakow and expel its staff.",
         "THREATEN"),
    ],
)  # fmt: skip
def test_a_bare_verb_after_and_shares_the_auxiliary(ex, text, etype):
    found = [e for e in events(ex, text) if e["type"] == etype]
    assert len(found) == 2 and all(e["modality"] in ("future", "actual") for e in found)
    assert len({e["modality"] for e in found}) == 1


@pytest.mark.parametrize(
    "text, source, target",
    [
        ("Israeli jets struck the Houthi-held port of Hodeidah.", "ISR", "YEM"),
        ("Russia shelled Ukrainian-held villages near Kupiansk.", "RUS", "UKR"),
        ("Israel struck Beirut and Hezbollah fired rockets at Haifa.", "ISR", "LBN"),
        ("Israel struck Beirut and Hezbollah fired rockets at Haifa.", "LBN", "ISR"),
    ],
)
def test_places_hit_are_their_holders(ex, text, source, target):
    find(events(ex, text), "ASSAULT", [source], [target])


# -- contracts to buy, reactions drawn, deals condemned, charges, expulsions ordered
def test_a_contract_to_buy_names_the_seller_and_the_buyers_own_forces(ex):
    text = "India signed a contract on Monday to buy 26 fighter jets from France for its navy."
    found = run(ex, text)
    find([e.to_dict() for e in found.events], "SUPPORT", ["IND"], ["FRA"])
    assert [(t.supplier[0].code, t.recipient[0].code) for t in found.transfers] == [("FRA", "IND")]


@pytest.mark.parametrize(
    "text, source, target",
    [
        ("Hungary blocked the release of EU funds for Ukraine, prompting criticism from Poland.",
         ["POL"], ["HUN"]),
        ("Israel's strike on the school drew sharp criticism from the UN.", ["UNO"], ["ISR"]),
        (("Russia expelled two Estonian diplomats on Monday.\n\nThe decision drew "
          "condemnation from Washington."), ["USA"], ["RUS"]),
    ],
)  # fmt: skip
def test_a_reaction_drawn_is_aimed_at_whoever_drew_it(ex, text, source, target):
    find(events(ex, text), "ACCUSE", source, target)


def test_condemning_the_deal_targets_the_approved_sale(ex):
    text = (
        "The State Department approved the sale of air defence systems to Taiwan.\n\n"
        "China's foreign ministry condemned the deal."
    )
    find(events(ex, text), "ACCUSE", ["CHN"], ["USA", "TWN"])


def test_unnamed_accusers_charges_are_all_the_denial_answers(ex):
    text = (
        "Western governments have accused Iran of supplying drones to Russia, charges "
        "Tehran denies."
    )
    found = run(ex, text)
    assert find([e.to_dict() for e in found.events], "AID", ["IRN"], ["RUS"])["denied_by"] == [
        "IRN"
    ]
    assert [[a.code for a in t.denied_by] for t in found.transfers] == [["IRN"]]


def test_accused_of_after_a_common_noun_is_the_charge(ex):
    found = events(ex, "Russia accused Serbian arms makers of supplying Ukraine.")
    assert find(found, "AID", ["SRB"], ["UKR"])["claimed_by"] == ["RUS"]
    # the codebook's "X accused Y of supplying Z": an accusation of Y, not of Z
    assert not any(e["type"] == "ACCUSE" and "UKR" in e["target"] for e in found)


def test_denying_an_untold_act_leaves_other_acts_alone(ex):
    text = (
        "Mali's junta ordered the French ambassador to leave the country within 72 hours.\n\n"
        "Mali denies hiring Wagner."
    )
    found = events(ex, text)
    e = find(found, "SANCTION", ["MLI"], ["FRA"])
    assert e["denied_by"] == []
    find(events(ex, "The UN urged Russia to leave Ukraine."), "REQUEST", ["UNO"], ["RUS"])


@pytest.mark.parametrize(
    "text, target",
    [
        ("Several hundred Wagner fighters have been deployed in Mali since December.", ["MLI"]),
        ("Russia massed troops in Belarus near the Ukrainian border.", ["UKR"]),
    ],
)
def test_forces_deployed_in_a_country_are_aimed_there(ex, text, target):
    find(events(ex, text), "MOBILIZE", ["RUS"], target)


@pytest.mark.parametrize(
    "text",
    ["The EU mobilised funds for Ukraine.", "Iran mobilized support among Arab states."],
)
def test_mobilising_money_or_support_moves_no_forces(ex, text):
    assert not any(e["type"] == "MOBILIZE" for e in events(ex, text))


def test_a_reaction_drawn_is_not_the_speakers_claim(ex):
    text = (
        "Soldiers in Niger announced on television that they had seized power, drawing "
        "condemnation from the African Union."
    )
    assert find(events(ex, text), "ACCUSE", ["AU"], ["NER"])["claimed_by"] == []


def test_an_anaphor_prefers_an_act_with_a_named_author(ex):
    text = (
        "Russia and Belarus began joint exercises on Tuesday. Russian nuclear weapons have been "
        "stationed in Belarus since last year.\n\nPoland condemned the drills."
    )
    find(events(ex, text), "ACCUSE", ["POL"], ["BLR", "RUS"])


def test_a_warning_that_places_would_be_struck_is_a_threat(ex):
    found = events(ex, "Russia warned that Polish airfields would be struck.")
    find(found, "THREATEN", ["RUS"], ["POL"])
    assert not any(e["type"] in ("ACCUSE", "ASSAULT") for e in found)


def test_declining_to_deny_denies_nothing(ex):
    text = "Germany declined to confirm or deny the delivery of Taurus missiles to Ukraine."
    assert all(not t.denied_by for t in run(ex, text).transfers)


def test_a_shared_auxiliary_reaches_a_noun_under_a_report(ex):
    text = (
        "Seoul said it would strengthen its defences and deepen security cooperation with "
        "Washington."
    )
    assert all(e["modality"] != "actual" or e["type"] == "AGREE" for e in events(ex, text))
    assert not any(e["type"] == "COOPERATE" and e["modality"] == "actual" for e in events(ex, text))


def test_criticising_the_change_targets_who_made_it(ex):
    text = (
        "Japan relaxed its rules on arms exports to allow missile sales to the United States."
        "\n\nChina criticised the change."
    )
    find(events(ex, text), "ACCUSE", ["CHN"], ["JPN"])


# -- weapons moved, moves called names, pacts welcomed or described, packages, owners
def test_weapons_moved_into_a_country_are_deployed_there_and_the_move_condemned(ex):
    text = (
        "Russia has begun moving tactical nuclear weapons into Belarus.\n\n"
        "The United States called the move irresponsible and provocative."
    )
    found = events(ex, text)
    find(found, "MOBILIZE", ["RUS"], ["BLR"])
    find(found, "ACCUSE", ["USA"], ["RUS"])
    assert not any(e["type"] == "MOBILIZE" for e in events(ex, "The talks moved forward."))


def test_welcoming_an_agreement_backs_its_parties(ex):
    text = (
        "Azerbaijan and Armenia have agreed on the text of a peace treaty.\n\n"
        "The United States and the European Union welcomed the agreement."
    )
    find(events(ex, text), "SUPPORT", ["USA", "EUR"], ["AZE", "ARM"])


def test_a_package_of_sanctions_is_no_aid(ex):
    found = events(ex, "EU adopts 14th sanctions package targeting Russian LNG")
    find(found, "SANCTION", ["EUR"])
    assert not any(e["type"] == "AID" for e in found)
    found = events(ex, "EU governments adopted a 14th package of sanctions against Russia.")
    find(found, "SANCTION", ["EUR"], ["RUS"])
    assert not any(e["type"] == "AID" for e in found)


def test_buying_a_states_weapon_buys_it_from_that_state(ex):
    text = "Germany signed a deal on Thursday to buy Israel's Arrow 3 missile defence system."
    found = run(ex, text)
    assert [(t.supplier[0].code, t.recipient[0].code) for t in found.transfers] == [("ISR", "DEU")]


def test_a_pact_in_force_described_is_no_new_agreement(ex):
    text = (
        "The United States reaffirmed that its mutual defence treaty with Manila covers "
        "attacks on Philippine forces."
    )
    assert not any(e["type"] == "AGREE" for e in events(ex, text))


# -- blocs left, sanctions monitors, offices named for places, parallel pledges
@pytest.mark.parametrize(
    "text, etype, source, target",
    [
        ("Burkina Faso, Mali and Niger quit ECOWAS", "SANCTION", ["BFA", "MLI", "NER"], ["IGO"]),
        ("Russia withdrew from the Council of Europe.", "SANCTION", ["RUS"], ["IGO"]),
        ("France withdrew its troops from the UN mission in Mali.", "RETREAT", ["FRA"], ["UNO"]),
    ],
)
def test_leaving_a_bloc_cuts_ties_unlike_troops_withdrawn(ex, text, etype, source, target):
    find(events(ex, text), etype, source, target)


def test_sanctions_monitors_are_no_sanction(ex):
    text = (
        "United Nations sanctions monitors told the Security Council the missile was made abroad."
    )
    assert not any(e["type"] == "SANCTION" for e in events(ex, text))


def test_an_office_named_for_a_place_is_its_states(ex):
    text = (
        "China's Taiwan Affairs Office warned that Taipei's pursuit of independence would "
        "lead nowhere."
    )
    found = events(ex, text)
    assert found and not any("TWN" in e["source"] for e in found)


def test_parallel_pledges_to_send_are_not_a_joint_act(ex):
    text = "Jamaica, Belize and the Bahamas have pledged to send personnel as well."
    assert not any(sorted(e["source"]) == sorted(e["target"]) for e in events(ex, text))
    find(events(ex, "Russia and China pledged to deepen cooperation."), "AGREE", ["RUS", "CHN"])
