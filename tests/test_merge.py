"""Merging reports of one event across articles into incidents, and keeping others apart.

Every sentence here is written for these tests: pairs that tell the same story in different
words must merge; near-misses (same dyad, different event or different month) must not.
"""

from __future__ import annotations

from armswatch.merge.incidents import Report, assign, candidate_filter, incident_id
from armswatch.model import Actor, Event, Evidence, Incident, Span, Transfer

RUS = Actor("RUS", text="Russia")
PUTIN = Actor("RUS", text="Vladimir Putin", kind="person")
PRK = Actor("PRK", text="North Korea")
KIM = Actor("PRK", text="Kim Jong Un", kind="person")
PYONGYANG = Actor("PRK", text="Pyongyang")
USA = Actor("USA", text="Washington")
UKR = Actor("UKR", text="Ukraine")
CHN = Actor("CHN", text="China")
IRN = Actor("IRN", text="Iran")


def ev(sentence: str, trigger: str = "") -> tuple[Evidence, ...]:
    start = sentence.find(trigger) if trigger else 0
    trig = Span(start, start + len(trigger), trigger)
    return (Evidence(Span(0, len(sentence), sentence), trig, "test/merge"),)


_n = 0


def rep(record, *, outlet="outlet-a", published="2023-09-14", seen=None, article=None):
    global _n
    _n += 1
    kind = "transfer" if isinstance(record, Transfer) else "event"
    return Report(
        record_id=f"r{_n:03d}",
        kind=kind,
        article_id=article or f"art{_n}",
        outlet=outlet,
        published=published,
        seen=seen or f"{published}T08:{_n:02d}:00",
        record=record,
    )


def summit(sentence, *, date="2023-09-13", source=(PUTIN,), target=(KIM,), modality="actual"):
    return Event("CONSULT", source, target, modality=modality, date=date, evidence=ev(sentence))


def one_incident(reports, incidents=()):
    out, mapping = assign(reports, list(incidents))
    return out, mapping


# ---------------------------------------------------------------------------- positives


def test_same_summit_in_different_words_merges_and_counts_reports_and_outlets():
    a = rep(
        summit("Vladimir Putin met Kim Jong Un at the Vostochny Cosmodrome in Amur on Wednesday."),
        outlet="Reuters",
    )
    b = rep(
        summit(
            "Kim Jong Un and Vladimir Putin held five hours of talks at the Vostochny "
            "space launch site in Russia's Amur region.",
            date="2023-09-13",
            source=(KIM,),
            target=(PUTIN,),
        ),
        outlet="AP",
        published="2023-09-13",
    )
    c = rep(
        summit(
            "The Russian and North Korean leaders met at the Vostochny Cosmodrome, "
            "state media said.",
            date="2023-09",
            source=(Actor("RUS", text="Russian"),),
            target=(Actor("PRK", "North Korean"),),
        ),
        outlet="Reuters",
        published="2023-09-15",
    )
    out, mapping = one_incident([a, b, c])
    assert len(out) == 1
    inc = out[0]
    assert set(mapping.values()) == {inc.id}
    assert inc.reports == 3 and inc.outlets == 2
    assert inc.type == "CONSULT" and set(inc.source) | set(inc.target) == {"RUS", "PRK"}
    assert inc.date == "2023-09-13"  # the most precise date wins over "2023-09"
    assert len(inc.evidence) == 3
    assert inc.first_seen < inc.last_seen


def test_undated_report_merges_by_publication_date_and_evidence():
    a = rep(
        Event(
            "ASSAULT",
            (RUS,),
            (UKR,),
            date="2024-03-22",
            evidence=ev(
                "Russian missiles struck the Dnipro hydroelectric dam and a "
                "thermal power plant in Kharkiv overnight."
            ),
        ),
        published="2024-03-22",
    )
    b = rep(
        Event(
            "ASSAULT",
            (Actor("RUS", text="Moscow"),),
            (UKR,),
            date=None,
            evidence=ev(
                "The Kharkiv thermal power plant and the hydroelectric dam on the "
                "Dnipro were hit by a wave of missiles, Ukraine said."
            ),
        ),
        published="2024-03-23",
    )
    out, mapping = one_incident([a, b])
    assert len(out) == 1 and mapping[a.record_id] == mapping[b.record_id]
    assert out[0].date == "2024-03-22"


def test_overlapping_actor_lists_merge():
    a = rep(
        Event(
            "ACCUSE",
            (USA,),
            (RUS, PRK),
            date="2023-08-30",
            evidence=ev(
                "The United States said Moscow and Pyongyang were secretly working on a deal "
                "for artillery shells."
            ),
        )
    )
    b = rep(
        Event(
            "ACCUSE",
            (USA,),
            (RUS,),
            date="2023-08-30",
            evidence=ev(
                "The White House said Moscow was negotiating with Pyongyang for "
                "artillery ammunition through secret letters."
            ),
        )
    )
    out, _ = one_incident([a, b])
    assert len(out) == 1
    assert out[0].target == ("RUS", "PRK")


def test_transfer_reports_merge_take_most_advanced_stage_and_become_contested():
    t1 = rep(
        Transfer(
            (PRK,),
            (RUS,),
            "negotiation",
            items=("ammunition",),
            date="2023-09",
            claimed_by=(USA,),
            evidence=ev(
                "U.S. officials said North Korea was in talks to sell artillery shells to Russia."
            ),
        ),
        outlet="NYT",
    )
    t2 = rep(
        Transfer(
            (PRK,),
            (RUS,),
            "delivery",
            items=("ammunition", "artillery"),
            date="2023-09-28",
            evidence=ev("Trains carrying shells crossed from North Korea into Russia."),
        ),
        outlet="Reuters",
        published="2023-09-29",
    )
    t3 = rep(
        Transfer(
            (PYONGYANG,),
            (RUS,),
            "delivery",
            items=("ammunition",),
            date=None,
            denied_by=(PYONGYANG,),
            evidence=ev("Pyongyang called reports of arms shipments to Moscow absurd."),
        ),
        outlet="KCNA",
        published="2023-10-02",
    )
    out, mapping = one_incident([t1, t2, t3])
    assert len(out) == 1
    inc = out[0]
    assert inc.kind == "transfer" and inc.type == "TRANSFER"
    assert inc.stage == "delivery"
    assert inc.items == ("ammunition", "artillery")  # codebook order
    assert inc.claimed_by == ("USA",) and inc.denied_by == ("PRK",)
    assert inc.contested
    assert inc.reports == 3 and inc.outlets == 3
    assert len(set(mapping.values())) == 1


def test_future_and_hypothetical_merge_with_each_other():
    a = rep(
        summit(
            "Putin will visit Pyongyang for talks with Kim next month.",
            date=None,
            modality="future",
            source=(PUTIN,),
            target=(PYONGYANG,),
        )
    )
    b = rep(
        summit(
            "Putin could travel to Pyongyang for talks with Kim, officials hinted.",
            date=None,
            modality="hypothetical",
            source=(PUTIN,),
            target=(PYONGYANG,),
        )
    )
    out, _ = one_incident([a, b])
    assert len(out) == 1 and out[0].modality == "future"


# ---------------------------------------------------------------------------- near-misses


def test_summit_and_sanctions_announcement_stay_apart():
    a = rep(summit("Vladimir Putin met Kim Jong Un at the Vostochny Cosmodrome."))
    b = rep(
        Event(
            "SANCTION",
            (USA,),
            (RUS, PRK),
            date="2023-09-13",
            evidence=ev(
                "Washington imposed sanctions on Russian and North Korean "
                "companies over the Vostochny Cosmodrome meeting."
            ),
        )
    )
    out, mapping = one_incident([a, b])
    assert len(out) == 2 and mapping[a.record_id] != mapping[b.record_id]


def test_same_type_and_dyad_in_a_different_month_stays_apart():
    a = rep(
        summit("Vladimir Putin met Kim Jong Un at the Vostochny Cosmodrome.", date="2023-09-13")
    )
    b = rep(
        summit(
            "Vladimir Putin met Kim Jong Un at the Kumsusan guesthouse in Pyongyang.",
            date="2024-06-19",
        ),
        published="2024-06-19",
    )
    c = rep(
        summit("Putin held talks with Kim at the Vostochny Cosmodrome again.", date="2023-10-20"),
        published="2023-10-21",
    )
    _out, mapping = one_incident([a, b, c])
    assert len({mapping[a.record_id], mapping[b.record_id], mapping[c.record_id]}) == 3


def test_undated_reports_a_month_apart_stay_apart():
    a = rep(
        summit("Putin and Kim held talks at the Vostochny Cosmodrome.", date=None),
        published="2023-09-14",
    )
    b = rep(
        summit("Putin and Kim held talks at the Vostochny Cosmodrome.", date=None),
        published="2023-11-20",
    )
    out, _ = one_incident([a, b])
    assert len(out) == 2


def test_same_day_different_attacks_stay_apart():
    a = rep(
        Event(
            "ASSAULT",
            (RUS,),
            (UKR,),
            date="2024-03-22",
            evidence=ev("Russian missiles struck a thermal power plant in Kharkiv."),
        )
    )
    b = rep(
        Event(
            "ASSAULT",
            (RUS,),
            (UKR,),
            date="2024-03-22",
            evidence=ev("Russian drones hit grain silos at the port of Izmail near Odesa."),
        )
    )
    out, _ = one_incident([a, b])
    assert len(out) == 2


def test_one_shared_place_name_is_not_enough_without_exact_dates():
    a = rep(
        Event(
            "ASSAULT",
            (RUS,),
            (UKR,),
            date="2024-03-22",
            evidence=ev("Russian missiles struck a thermal power plant in Kharkiv."),
        ),
        published="2024-03-22",
    )
    b = rep(
        Event(
            "ASSAULT",
            (RUS,),
            (UKR,),
            date=None,
            evidence=ev("Russian shelling killed three shoppers at a Kharkiv market."),
        ),
        published="2024-03-23",
    )
    out, _ = one_incident([a, b])
    assert len(out) == 2


def test_delivery_and_its_negation_stay_apart():
    a = rep(
        Event(
            "AID",
            (PRK,),
            (RUS,),
            date="2023-11",
            mode="military",
            evidence=ev("North Korea has shipped a million artillery shells to Russia."),
        )
    )
    b = rep(
        Event(
            "AID",
            (PRK,),
            (RUS,),
            date="2023-11",
            mode="military",
            modality="negated",
            evidence=ev(
                "North Korea has not shipped artillery shells to Russia, its "
                "foreign ministry insisted."
            ),
        )
    )
    out, _ = one_incident([a, b])
    assert len(out) == 2


def test_arms_delivery_and_a_denial_event_stay_apart():
    a = rep(
        Transfer(
            (PRK,),
            (RUS,),
            "delivery",
            items=("ammunition",),
            date="2023-11",
            evidence=ev("North Korea has shipped artillery shells to Russia."),
        )
    )
    b = rep(
        Event(
            "REJECT",
            (PRK,),
            (USA,),
            date="2023-11",
            evidence=ev("North Korea rejected U.S. claims that it shipped shells to Russia."),
        )
    )
    out, _ = one_incident([a, b])
    assert {i.kind for i in out} == {"transfer", "event"} and len(out) == 2


def test_actual_and_planned_stay_apart_and_symmetric_with_other_partner():
    a = rep(summit("Putin met Kim at the Vostochny Cosmodrome.", modality="actual"))
    b = rep(summit("Putin will meet Kim at the Vostochny Cosmodrome.", modality="future"))
    c = rep(
        summit(
            "Putin met Xi Jinping at the Vostochny Cosmodrome.",
            target=(Actor("CHN", "Xi Jinping"),),
        )
    )
    out, _ = one_incident([a, b, c])
    assert len(out) == 3


def test_transfers_with_disjoint_items_or_reverse_direction_stay_apart():
    a = rep(
        Transfer(
            (IRN,),
            (RUS,),
            "delivery",
            items=("drones",),
            date="2022-09",
            evidence=ev("Iran delivered Shahed drones to Russia."),
        )
    )
    b = rep(
        Transfer(
            (IRN,),
            (RUS,),
            "delivery",
            items=("naval",),
            date="2022-09",
            evidence=ev("Iran delivered patrol boats to Russia."),
        )
    )
    c = rep(
        Transfer(
            (RUS,),
            (IRN,),
            "delivery",
            items=("drones",),
            date="2022-09",
            evidence=ev("Russia delivered drones to Iran."),
        )
    )
    out, _ = one_incident([a, b, c])
    assert len(out) == 3


# ---------------------------------------------------------------------------- store candidates


def test_report_joins_stored_incident_and_keeps_its_id():
    first = rep(
        summit("Vladimir Putin met Kim Jong Un at Vostochny in the Amur region."),
        outlet="Reuters",
    )
    (stored,), _ = one_incident([first])
    assert stored.id == incident_id(first.record_id)
    later = rep(
        summit(
            "Kim Jong Un toured the Vostochny Cosmodrome in Amur with Putin before their talks."
        ),
        outlet="AFP",
        published="2023-09-15",
    )
    out, mapping = assign([later], [stored])
    assert len(out) == 1 and out[0].id == stored.id
    assert mapping[later.record_id] == stored.id
    assert out[0].reports == 2 and out[0].record_ids == (first.record_id, later.record_id)
    # the same report again changes nothing
    again, m2 = assign([later], [out[0]])
    assert again == [] and m2 == {later.record_id: stored.id}


def test_members_give_exact_outlet_count():
    first = rep(summit("Putin met Kim at the Vostochny Cosmodrome in Amur."), outlet="Reuters")
    (stored,), _ = one_incident([first])
    later = rep(summit("Kim and Putin met at the Vostochny Cosmodrome in Amur."), outlet="Reuters")
    out, _ = assign([later], [stored], members={stored.id: [first]})
    assert out[0].reports == 2 and out[0].outlets == 1


def test_unrelated_stored_incident_is_left_alone():
    stored = Incident(
        id="inc-old",
        kind="event",
        type="CONSULT",
        source=("RUS",),
        target=("PRK",),
        modality="actual",
        date="2024-06-19",
        first_seen="2024-06-19T10:00:00",
        last_seen="2024-06-19T10:00:00",
        reports=1,
        outlets=1,
        record_ids=("x1",),
        evidence=("Putin met Kim in Pyongyang.",),
    )
    new = rep(summit("Putin met Kim at the Vostochny Cosmodrome."))
    out, mapping = assign([new], [stored])
    assert [i.id for i in out] == [mapping[new.record_id]] and out[0].id != "inc-old"


def test_candidate_filter_names_kind_type_codes_and_window():
    r = rep(Event("CONSULT", (PUTIN,), (KIM,), date="2023-09-13", evidence=ev("Putin met Kim.")))
    f = candidate_filter(r)
    assert f["kind"] == "event" and f["type"] == "CONSULT"
    assert f["codes"] == ["PRK", "RUS"]
    assert f["modalities"] == ["actual"]
    assert f["date_from"] == "2023-08-13" and f["date_to"] == "2023-10-14"
    t = rep(Transfer((PRK,), (RUS,), "delivery", modality="future"))
    ft = candidate_filter(t)
    assert ft["type"] == "TRANSFER" and ft["modalities"] == ["future", "hypothetical"]
