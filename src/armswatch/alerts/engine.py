"""Turning a matched (rule, incident) into an Alert with a stable id and a change fingerprint.

The alert id depends only on the rule and the incident, so one incident alerts once per rule.
``details["fingerprint"]`` hashes what an analyst would want to hear about again when it
changes (number of reports and outlets, stage, modality, claims, denials, contested); the store
keeps it and re-sends an alert as an *update* only when it differs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from ..merge.incidents import Report
from ..model import SYMMETRIC_TYPES, Alert, Incident
from .rules import WatchRule, embargo_matches, incident_day

SCOPE_NOTES = {
    "non-state": "non-state — check recipient",
    "partial": "partial — check recipient, region and items",
}


def _hash(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def alert_id(rule_id: str, incident_id: str) -> str:
    return "alert-" + _hash(rule_id, incident_id)[:16]


def fingerprint(incident: Incident) -> str:
    what = {
        "reports": incident.reports,
        "outlets": incident.outlets,
        "stage": incident.stage,
        "modality": incident.modality,
        "claimed_by": sorted(incident.claimed_by),
        "denied_by": sorted(incident.denied_by),
        "contested": incident.contested,
    }
    return _hash(json.dumps(what, sort_keys=True))[:16]


def _side(codes: Sequence[str]) -> str:
    return "+".join(codes) if codes else "?"


def summary(incident: Incident) -> str:
    """One line, e.g. ``PRK → RUS arms transfer (delivery, ammunition), claimed by USA,
    denied by PRK — 3 reports, 2 outlets``."""
    inc = incident
    if inc.kind == "transfer":
        inside = [inc.stage or "stage unknown", *inc.items]
        what = f"arms transfer ({', '.join(inside)})"
        arrow = "→"
    else:
        what = inc.type
        arrow = "↔" if inc.type in SYMMETRIC_TYPES else "→"
    head = f"{_side(inc.source)} {arrow} {_side(inc.target)} {what}"
    parts = [head]
    if inc.modality != "actual":
        parts[0] += f" [{inc.modality}]"
    if inc.date:
        parts[0] += f" on {inc.date}"
    if inc.claimed_by:
        parts.append(f"claimed by {', '.join(inc.claimed_by)}")
    if inc.denied_by:
        parts.append(f"denied by {', '.join(inc.denied_by)}")
    n, o = inc.reports, inc.outlets
    counts = f"{n} report{'s' if n != 1 else ''}, {o} outlet{'s' if o != 1 else ''}"
    return ", ".join(parts) + f" — {counts}"


def make_alert(rule: WatchRule, incident: Incident, reports: Sequence[Report], now: str) -> Alert:
    """The alert for ``rule`` matching ``incident``; ``created`` and ``updated`` are ``now``
    (the store keeps the first ``created`` when it updates an existing alert)."""
    inc = incident
    details: dict[str, Any] = {
        "fingerprint": fingerprint(inc),
        "rule": rule.id,
        "description": rule.description,
        "kind": inc.kind,
        "type": inc.type,
        "source": list(inc.source),
        "target": list(inc.target),
        "date": inc.date,
        "judged_at": incident_day(inc, reports),
        "modality": inc.modality,
        "stage": inc.stage,
        "items": list(inc.items),
        "claimed_by": list(inc.claimed_by),
        "denied_by": list(inc.denied_by),
        "contested": inc.contested,
        "reports": inc.reports,
        "outlets": inc.outlets,
        "first_seen": inc.first_seen,
        "last_seen": inc.last_seen,
        "record_ids": list(inc.record_ids),
        "evidence": list(inc.evidence[:5]),
    }
    found = embargo_matches(rule, inc, reports)
    if found:
        details["embargoes"] = [
            {"party": code, **e.to_dict()} for code, es in found.items() for e in es
        ]
        notes = sorted(
            {SCOPE_NOTES[e.scope] for es in found.values() for e in es if e.scope in SCOPE_NOTES}
        )
        if notes:
            details["scope"] = "; ".join(notes)
    return Alert(
        id=alert_id(rule.id, inc.id),
        rule=rule.id,
        incident_id=inc.id,
        created=now,
        updated=now,
        summary=summary(inc),
        severity=rule.severity,
        details=details,
    )


def alert_to_dict(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.id,
        "rule": alert.rule,
        "incident_id": alert.incident_id,
        "created": alert.created,
        "updated": alert.updated,
        "summary": alert.summary,
        "severity": alert.severity,
        "acknowledged": alert.acknowledged,
        "details": alert.details,
    }
