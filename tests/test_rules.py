"""Watch rules: every filter, the embargo dates, config errors, the default watchlist, alerts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from armswatch.alerts.embargoes import load_embargoes, parse_embargoes, under_embargo
from armswatch.alerts.engine import alert_id, make_alert
from armswatch.alerts.rules import WatchRule, default_rules, evaluate, load_rules
from armswatch.errors import ConfigError, DataError
from armswatch.merge.incidents import Report
from armswatch.model import Actor, Event, Incident, Transfer

NOW = "2025-01-01T00:00:00+00:00"


def incident(**kw) -> Incident:
    base = {
        "id": "inc-1",
        "kind": "event",
        "type": "AID",
        "source": ("PRK",),
        "target": ("RUS",),
        "modality": "actual",
        "date": "2023-11-02",
        "first_seen": "2023-11-02T09:00:00",
        "last_seen": "2023-11-03T09:00:00",
        "reports": 2,
        "outlets": 2,
        "record_ids": ("r1",),
    }
    base.update(kw)
    return Incident(**base)


def transfer_incident(supplier, recipient, date, **kw) -> Incident:
    return incident(
        kind="transfer",
        type="TRANSFER",
        source=(supplier,),
        target=(recipient,),
        date=date,
        stage=kw.pop("stage", "delivery"),
        **kw,
    )


def report(record, rid="r1", published="2023-11-03") -> Report:
    kind = "transfer" if isinstance(record, Transfer) else "event"
    return Report(rid, kind, "a1", "outlet", published, f"{published}T09:00:00", record)


def rule(**kw) -> WatchRule:
    (r,) = load_rules([{"id": "t", **kw}], "test.toml")
    return r


def fires(r: WatchRule, inc: Incident, reports=()) -> bool:
    return evaluate([r], inc, list(reports)) == [r]


# ------------------------------------------------------------------------------- filters


def test_kinds_filter():
    ev_inc, tr_inc = incident(), transfer_incident("PRK", "RUS", "2023-11")
    assert fires(rule(kinds=["event"]), ev_inc) and not fires(rule(kinds=["event"]), tr_inc)
    assert fires(rule(kinds=["transfer"]), tr_inc) and not fires(rule(kinds=["transfer"]), ev_inc)
    assert fires(rule(kinds=["incident"]), ev_inc) and fires(rule(kinds=["incident"]), tr_inc)


def test_types_filter():
    assert fires(rule(types=["AID", "ASSAULT"]), incident())
    assert not fires(rule(types=["ASSAULT"]), incident())
    assert fires(rule(types=["TRANSFER"]), transfer_incident("PRK", "RUS", "2023"))


def test_actor_roles_filters():
    inc = incident(source=("PRK",), target=("RUS",), claimed_by=("USA",), denied_by=("PRK",))
    assert fires(rule(source=["PRK"]), inc) and not fires(rule(source=["RUS"]), inc)
    assert fires(rule(target=["RUS"]), inc) and not fires(rule(target=["PRK"]), inc)
    assert fires(rule(claimed_by=["USA"]), inc) and not fires(rule(claimed_by=["PRK"]), inc)
    assert fires(rule(denied_by=["PRK"]), inc) and not fires(rule(denied_by=["USA"]), inc)
    # actors: any role, claimants included
    assert fires(rule(actors=["USA"]), inc) and not fires(rule(actors=["CHN"]), inc)
    # supplier/recipient only apply to transfers
    assert not fires(rule(supplier=["PRK"]), inc)
    tr = transfer_incident("PRK", "RUS", "2023")
    assert fires(rule(supplier=["PRK"], recipient=["RUS"]), tr)
    assert not fires(rule(supplier=["RUS"]), tr)


def test_named_groups_in_actor_lists_and_groups_filter():
    inc = incident(source=("BLR",), target=("UKR",))
    assert fires(rule(source=["russia_axis"]), inc)
    assert not fires(rule(target=["russia_axis"]), inc)
    assert fires(rule(groups=["russia_axis"]), inc)
    assert not fires(rule(groups=["russia_axis"]), incident(source=("USA",), target=("UKR",)))
    # groups look at parties only, not at claimants
    assert not fires(
        rule(groups=["russia_axis"]),
        incident(source=("USA",), target=("UKR",), claimed_by=("RUS",)),
    )
    # user-defined groups
    (r,) = load_rules(
        [{"id": "g", "target": ["baltics"]}], "x.toml", groups={"baltics": ["EST", "LVA", "LTU"]}
    )
    assert fires(r, incident(source=("RUS",), target=("LVA",)))


def test_between_either_direction():
    r = rule(between=[["RUS"], ["PRK", "IRN"]])
    assert fires(r, incident(source=("PRK",), target=("RUS",)))
    assert fires(r, incident(source=("RUS",), target=("IRN",)))
    assert not fires(r, incident(source=("RUS",), target=("SYR",)))
    assert not fires(r, incident(source=("PRK",), target=("IRN",)))


def test_modality_filter():
    r = rule(modality=["actual", "future"])
    assert fires(r, incident()) and fires(r, incident(modality="future"))
    assert not fires(r, incident(modality="negated"))


def test_claimed_denied_contested_filters():
    plain = incident()
    claimed = incident(claimed_by=("USA",))
    denied = incident(claimed_by=("USA",), denied_by=("PRK",))
    assert fires(rule(claimed=True), claimed) and not fires(rule(claimed=True), plain)
    assert fires(rule(claimed=False), plain) and not fires(rule(claimed=False), claimed)
    assert fires(rule(denied=True), denied) and not fires(rule(denied=True), claimed)
    assert fires(rule(denied=False), claimed) and not fires(rule(denied=False), denied)
    assert fires(rule(contested=True), denied) and not fires(rule(contested=True), plain)
    assert fires(rule(contested=False), plain) and not fires(rule(contested=False), denied)


def test_items_and_stage_filters():
    tr = transfer_incident("IRN", "RUS", "2022-09", items=("drones", "missiles"), stage="agreement")
    assert fires(rule(items=["drones"]), tr) and not fires(rule(items=["naval"]), tr)
    assert fires(rule(stages=["agreement", "delivery"]), tr)
    assert not fires(rule(stages=["delivery"]), tr)


def test_min_reports_and_outlets():
    inc = incident(reports=3, outlets=2)
    assert fires(rule(min_reports=3), inc) and not fires(rule(min_reports=4), inc)
    assert fires(rule(min_outlets=2), inc) and not fires(rule(min_outlets=3), inc)


def test_modes_filter_uses_event_reports():
    military = report(Event("AID", (Actor("PRK"),), (Actor("RUS"),), mode="military"))
    humanitarian = report(Event("AID", (Actor("PRK"),), (Actor("RUS"),), mode="humanitarian"))
    r = rule(modes=["military"])
    assert fires(r, incident(), [military]) and not fires(r, incident(), [humanitarian])


# ------------------------------------------------------------------------------- embargoes


def test_embargo_file_loads_and_is_dated():
    rows = load_embargoes()
    codes = {e.code for e in rows}
    assert {
        "PRK",
        "IRN",
        "LBY",
        "SOM",
        "SSD",
        "CAF",
        "COD",
        "SDN",
        "YEM",
        "IRQ",
        "LBN",
        "AFG",
        "ERI",
        "CIV",
        "LBR",
        "RWA",
        "SLE",
        "HTI",
    } <= codes
    (irn,) = [e for e in rows if e.code == "IRN"]
    assert irn.resolution == "1747" and str(irn.end) == "2020-10-18"
    assert under_embargo("IRN", "2019-06-01") and not under_embargo("IRN", "2022-03-01")
    assert not under_embargo("IRN", "2020-10-18") and under_embargo("IRN", "2020-10-17")
    assert under_embargo("PRK", "2006-10-14") and not under_embargo("PRK", "2006-10-13")
    assert under_embargo("ERI", "2015") and not under_embargo("ERI", "2019")
    assert [e.scope for e in under_embargo("SOM", "2024-05-01")] == ["non-state"]
    assert [e.scope for e in under_embargo("CAF", "2020-01-01")] == ["full"]
    assert not under_embargo("USA", "2020-01-01") and not under_embargo("PRK", None)


def test_bad_embargo_file_is_a_data_error():
    head = "code\ttarget\tscope\tstart\tend\tresolution\tnote\tmatch\n"
    with pytest.raises(DataError, match="x.tsv:2"):
        parse_embargoes(head + "PRK\tDPRK\ttotal\t2006-10-14\t\t1718\t\tcode\n", "x.tsv")
    with pytest.raises(DataError, match="not an ISO date"):
        parse_embargoes(head + "PRK\tDPRK\tfull\t14/10/2006\t\t1718\t\tcode\n", "x.tsv")


def _embargo_rule() -> WatchRule:
    return next(r for r in default_rules() if r.id == "un-embargo-arms-transfer")


def test_transfer_to_iran_alerts_in_2019_not_in_2022():
    r = _embargo_rule()
    assert fires(r, transfer_incident("RUS", "IRN", "2019-05-10"))
    assert not fires(r, transfer_incident("RUS", "IRN", "2022-05-10"))
    # from Iran too ("to or from")
    assert fires(r, transfer_incident("IRN", "SYR", "2016-01"))


def test_transfer_to_or_from_dprk_alerts_at_any_date_since_2006():
    r = _embargo_rule()
    for d in ("2009-06", "2017-01-01", "2023-09-28", "2025"):
        assert fires(r, transfer_incident("PRK", "RUS", d)), d
        assert fires(r, transfer_incident("RUS", "PRK", d)), d


def test_undated_transfer_is_judged_at_publication_date():
    r = _embargo_rule()
    rec = Transfer((Actor("RUS"),), (Actor("IRN"),), "delivery")
    old = report(rec, published="2019-02-01")
    new = report(rec, published="2023-02-01")
    inc = transfer_incident("RUS", "IRN", None, first_seen="2025-01-01T00:00:00")
    assert fires(r, inc, [old]) and not fires(r, inc, [new])


def test_caf_government_not_covered_since_2024_but_armed_groups_are():
    r = _embargo_rule()
    gov = Transfer(
        (Actor("RUS"),),
        (Actor("CAF", text="the Central African army", sector="MIL"),),
        "delivery",
        date="2025-02",
    )
    group = Transfer(
        (Actor("SDN"),),
        (Actor("CAF", text="the UPC rebels", kind="group"),),
        "delivery",
        date="2025-02",
    )
    inc_gov = transfer_incident("RUS", "CAF", "2025-02")
    assert not fires(r, inc_gov, [report(gov)])
    assert fires(r, transfer_incident("RUS", "CAF", "2020-02"), [report(gov)])
    assert fires(r, transfer_incident("SDN", "CAF", "2025-02"), [report(group)])


def test_non_state_embargo_on_yemen_fires_on_the_code_with_a_scope_note():
    r = _embargo_rule()
    inc = transfer_incident("IRN", "YEM", "2023-01-10", items=("missiles",))
    assert fires(r, inc)
    alert = make_alert(r, inc, [], NOW)
    assert alert.details["scope"] == "non-state — check recipient"
    assert {e["party"] for e in alert.details["embargoes"]} == {"YEM"}
    full = make_alert(r, transfer_incident("PRK", "RUS", "2023-09"), [], NOW)
    assert "scope" not in full.details and full.details["embargoes"][0]["resolution"] == "1718"


def test_negated_transfer_does_not_alert():
    assert not fires(_embargo_rule(), transfer_incident("PRK", "RUS", "2023", modality="negated"))


def test_default_russia_axis_rules():
    rules = default_rules()
    aid = report(Event("AID", (Actor("RUS"),), (Actor("IRN"),), mode="military"))
    hits = {
        r.id
        for r in evaluate(rules, incident(source=("RUS",), target=("IRN",), date="2022-10"), [aid])
    }
    assert "russia-dprk-iran-military-aid" in hits
    econ = report(Event("AID", (Actor("RUS"),), (Actor("IRN"),), mode="economic"))
    assert not evaluate(rules, incident(source=("RUS",), target=("IRN",)), [econ])
    tr = {r.id for r in evaluate(rules, transfer_incident("IRN", "RUS", "2022-09"), [])}
    assert tr == {"russia-dprk-iran-arms-transfer"}  # Iran's embargo had ended by then
    assert not evaluate(rules, transfer_incident("RUS", "IND", "2022-09"), [])


# ------------------------------------------------------------------------------- config errors


@pytest.mark.parametrize(
    ("entry", "key", "message"),
    [
        ({"types": ["ATTAK"]}, "rules[1].types", "unknown event type 'ATTAK'"),
        ({"colour": "red"}, "rules[1].colour", "unknown key 'colour'"),
        ({"kinds": ["article"]}, "rules[1].kinds", "unknown record kind"),
        ({"modality": ["maybe"]}, "rules[1].modality", "unknown modality"),
        ({"items": ["tanks"]}, "rules[1].items", "unknown item class"),
        ({"stages": ["shipped"]}, "rules[1].stages", "unknown stage"),
        ({"severity": "urgent"}, "rules[1].severity", "unknown severity"),
        ({"min_reports": 0}, "rules[1].min_reports", ">= 1"),
        ({"min_outlets": "2"}, "rules[1].min_outlets", ">= 1"),
        ({"claimed": "yes"}, "rules[1].claimed", "true or false"),
        ({"source": ["Russia"]}, "rules[1].source", "not an actor code"),
        ({"target": ["axis_of_evil"]}, "rules[1].target", "unknown group"),
        ({"groups": ["nobody"]}, "rules[1].groups", "unknown group"),
        ({"between": [["RUS"]]}, "rules[1].between", "two lists"),
        ({"id": "ok"}, "rules[1].id", "duplicate"),
        ({"id": ""}, "rules[1].id", "needs an id"),
    ],
)
def test_load_rules_errors_name_the_key(entry, key, message):
    table = [{"id": "ok"}, {"id": "second", **entry}]
    with pytest.raises(ConfigError) as err:
        load_rules(table, "/etc/armswatch.toml")
    assert err.value.key == key and message in err.value.message
    assert err.value.path == "/etc/armswatch.toml"


# ------------------------------------------------------------------------------- alerts


def test_alert_id_is_stable_and_fingerprint_tracks_changes():
    r = _embargo_rule()
    inc = transfer_incident(
        "PRK", "RUS", "2023-09", items=("ammunition",), claimed_by=("USA",), reports=3, outlets=2
    )
    a = make_alert(r, inc, [], NOW)
    b = make_alert(r, replace(inc, last_seen="2023-12-01T00:00:00"), [], "2025-02-01T00:00:00")
    assert a.id == b.id == alert_id(r.id, inc.id)
    assert a.details["fingerprint"] == b.details["fingerprint"]
    for change in (
        {"reports": 4},
        {"outlets": 3},
        {"stage": "agreement"},
        {"denied_by": ("PRK",)},
        {"claimed_by": ()},
        {"modality": "future"},
    ):
        c = make_alert(r, replace(inc, **change), [], NOW)
        assert c.id == a.id and c.details["fingerprint"] != a.details["fingerprint"], change
    other = make_alert(r, replace(inc, id="inc-2"), [], NOW)
    assert other.id != a.id


def test_summary_is_one_readable_line():
    r = _embargo_rule()
    inc = transfer_incident(
        "PRK",
        "RUS",
        None,
        items=("ammunition",),
        claimed_by=("USA",),
        denied_by=("PRK",),
        reports=3,
        outlets=2,
    )
    s = make_alert(r, inc, [], NOW).summary
    assert s == (
        "PRK → RUS arms transfer (delivery, ammunition), claimed by USA, "
        "denied by PRK — 3 reports, 2 outlets"
    )
    ev = incident(
        type="CONSULT",
        source=("RUS",),
        target=("PRK",),
        modality="future",
        date="2024-06",
        reports=1,
        outlets=1,
    )
    assert make_alert(rule(), ev, [], NOW).summary == (
        "RUS ↔ PRK CONSULT [future] on 2024-06 — 1 report, 1 outlet"
    )
    assert "\n" not in s
