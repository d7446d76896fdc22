"""Watch rules: which incidents an analyst wants to hear about (see docs/watch-rules.md).

A rule is a conjunction of filters; an empty filter (``()`` or ``None``) lets everything through.
Actor lists hold codes (``PRK``) or group names (``russia_axis``, ``embargoed``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import ConfigError
from ..merge.dates import interval
from ..merge.incidents import Report
from ..model import EVENT_TYPES, ITEM_CLASSES, MODALITIES, STAGES, Event, Incident, Transfer
from .embargoes import Embargo, under_embargo

SEVERITIES = ("info", "low", "medium", "high", "critical")
KINDS = ("event", "transfer", "incident")
TYPES = (*EVENT_TYPES, "TRANSFER")
ROLES = ("source", "target", "supplier", "recipient", "claimed_by", "denied_by")
DYNAMIC_GROUPS = ("embargoed",)
NON_STATE_SECTORS = frozenset({"REB", "INS", "UAF"})
_CODE = re.compile(r"^[A-Z]{3,4}$")
_GROUP = re.compile(r"^[a-z][a-z0-9_]*$")

_LIST_KEYS = ("kinds", "types", "actors", *ROLES, "groups", "modes", "modality", "items", "stages")
_BOOL_KEYS = ("claimed", "denied", "contested")
_INT_KEYS = ("min_reports", "min_outlets")
RULE_KEYS = ("id", "description", "severity", *_LIST_KEYS, "between", *_BOOL_KEYS, *_INT_KEYS)


@dataclass(frozen=True)
class WatchRule:
    id: str
    description: str = ""
    severity: str = "info"
    kinds: tuple[str, ...] = ()  # event | transfer | incident (= either)
    types: tuple[str, ...] = ()  # PLOVER types and/or TRANSFER
    actors: tuple[str, ...] = ()  # in any role, claimants and deniers included
    source: tuple[str, ...] = ()  # event source or transfer supplier
    target: tuple[str, ...] = ()  # event target or transfer recipient
    supplier: tuple[str, ...] = ()  # transfers only
    recipient: tuple[str, ...] = ()  # transfers only
    claimed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # some party (source/target/supplier/recipient) in a group
    between: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # one side each, any direction
    modes: tuple[str, ...] = ()  # PLOVER mode/context of event reports ("military")
    modality: tuple[str, ...] = ()
    claimed: bool | None = None
    denied: bool | None = None
    items: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    min_reports: int = 1
    min_outlets: int = 1
    contested: bool | None = None
    group_defs: tuple[tuple[str, tuple[str, ...]], ...] = field(
        default=(), compare=False, repr=False
    )


# ---------------------------------------------------------------------------------------------
# loading


def _err(path: str, key: str, msg: str) -> ConfigError:
    return ConfigError(path, key, msg)


def load_groups(table: Mapping[str, Any], path: str, key: str = "groups") -> dict[str, tuple]:
    """A ``[groups]`` table: ``name = ["RUS", "PRK"]``."""
    out: dict[str, tuple[str, ...]] = {}
    if not isinstance(table, Mapping):
        raise _err(path, key, "must be a table of name = [codes]")
    for name, members in table.items():
        k = f"{key}.{name}"
        if not _GROUP.match(name):
            raise _err(path, k, "group names are lower-case letters, digits and _")
        if name in DYNAMIC_GROUPS:
            raise _err(path, k, f"'{name}' is a built-in group and cannot be redefined")
        if not isinstance(members, list) or not members:
            raise _err(path, k, "must be a non-empty list of actor codes")
        for m in members:
            if not isinstance(m, str) or not _CODE.match(m):
                raise _err(path, k, f"not an actor code: {m!r}")
        out[name] = tuple(members)
    return out


def _str_list(value: Any, path: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(path, key, "must be a list of strings")
    return tuple(value)


def _check_actors(values: tuple[str, ...], groups: Mapping, path: str, key: str) -> None:
    for v in values:
        if _CODE.match(v):
            continue
        if v in groups or v in DYNAMIC_GROUPS:
            continue
        if _GROUP.match(v):
            raise _err(path, key, f"unknown group '{v}'")
        raise _err(path, key, f"not an actor code or group name: '{v}'")


def _check_in(
    values: tuple[str, ...], allowed: Sequence[str], what: str, path: str, key: str
) -> None:
    for v in values:
        if v not in allowed:
            raise _err(path, key, f"unknown {what} '{v}'")


def load_rules(
    table: list[dict], path: str, *, groups: Mapping[str, Sequence[str]] | None = None
) -> list[WatchRule]:
    """Build rules from a ``[[rules]]`` array; errors name the key (``rules[3].types``).

    ``groups`` adds named actor groups to the ones of the bundled watchlist.
    """
    defs = dict(default_groups())
    defs.update({k: tuple(v) for k, v in (groups or {}).items()})
    if not isinstance(table, list):
        raise _err(path, "rules", "must be an array of tables ([[rules]])")
    rules: list[WatchRule] = []
    seen: set[str] = set()
    for i, raw in enumerate(table):
        base = f"rules[{i}]"
        if not isinstance(raw, Mapping):
            raise _err(path, base, "must be a table")
        for k in raw:
            if k not in RULE_KEYS:
                raise _err(path, f"{base}.{k}", f"unknown key '{k}'")
        rid = raw.get("id")
        if not isinstance(rid, str) or not rid.strip():
            raise _err(path, f"{base}.id", "every rule needs an id (a non-empty string)")
        if rid in seen:
            raise _err(path, f"{base}.id", f"duplicate rule id '{rid}'")
        seen.add(rid)
        kw: dict[str, Any] = {"id": rid, "group_defs": tuple(sorted(defs.items()))}
        if "description" in raw:
            if not isinstance(raw["description"], str):
                raise _err(path, f"{base}.description", "must be a string")
            kw["description"] = raw["description"]
        if "severity" in raw:
            if raw["severity"] not in SEVERITIES:
                raise _err(
                    path,
                    f"{base}.severity",
                    f"unknown severity {raw['severity']!r} (one of {', '.join(SEVERITIES)})",
                )
            kw["severity"] = raw["severity"]
        for k in _LIST_KEYS:
            if k not in raw:
                continue
            key = f"{base}.{k}"
            vals = _str_list(raw[k], path, key)
            if k == "kinds":
                _check_in(vals, KINDS, "record kind", path, key)
            elif k == "types":
                _check_in(vals, TYPES, "event type", path, key)
            elif k == "modality":
                _check_in(vals, MODALITIES, "modality", path, key)
            elif k == "items":
                _check_in(vals, ITEM_CLASSES, "item class", path, key)
            elif k == "stages":
                _check_in(vals, STAGES, "stage", path, key)
            elif k == "groups":
                for v in vals:
                    if v not in defs and v not in DYNAMIC_GROUPS:
                        raise _err(path, key, f"unknown group '{v}'")
            elif k in ("actors", *ROLES):
                _check_actors(vals, defs, path, key)
            kw[k] = vals
        if "between" in raw:
            key = f"{base}.between"
            b = raw["between"]
            if not isinstance(b, list) or len(b) != 2:
                raise _err(path, key, 'must be two lists of actors: [["RUS"], ["PRK"]]')
            sides = tuple(_str_list(s, path, f"{key}[{j}]") for j, s in enumerate(b))
            for j, s in enumerate(sides):
                if not s:
                    raise _err(path, f"{key}[{j}]", "must not be empty")
                _check_actors(s, defs, path, f"{key}[{j}]")
            kw["between"] = sides
        for k in _BOOL_KEYS:
            if k in raw:
                if not isinstance(raw[k], bool):
                    raise _err(path, f"{base}.{k}", "must be true or false")
                kw[k] = raw[k]
        for k in _INT_KEYS:
            if k in raw:
                v = raw[k]
                if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                    raise _err(path, f"{base}.{k}", "must be a whole number >= 1")
                kw[k] = v
        rule = WatchRule(**kw)
        if rule.kinds and set(rule.kinds) == {"event"} and rule.stages:
            raise _err(path, f"{base}.stages", "stages only apply to transfers")
        rules.append(rule)
    return rules


@lru_cache(maxsize=1)
def _watchlist() -> dict[str, Any]:
    text = resources.files("armswatch").joinpath("data/watchlist.toml").read_text("utf-8")
    return tomllib.loads(text)


def default_groups() -> dict[str, tuple[str, ...]]:
    """The named actor groups of the bundled watchlist (``[groups]``)."""
    return load_groups(_watchlist().get("groups", {}), "armswatch/data/watchlist.toml")


def default_rules() -> list[WatchRule]:
    """The rules of the bundled watchlist (``data/watchlist.toml``)."""
    return load_rules(_watchlist().get("rules", []), "armswatch/data/watchlist.toml")


# ---------------------------------------------------------------------------------------------
# evaluation


def incident_day(incident: Incident, reports: Sequence[Report]) -> str | None:
    """The date a rule judges the incident at: its own date, else the earliest publication
    date of its reports, else the day it was first seen."""
    if interval(incident.date):
        return incident.date
    pubs = sorted(r.published[:10] for r in _own(incident, reports) if interval(r.published))
    if pubs:
        return pubs[0]
    return incident.first_seen[:10] if interval(incident.first_seen) else None


def _own(incident: Incident, reports: Sequence[Report]) -> list[Report]:
    ids = set(incident.record_ids)
    own = [r for r in reports if r.record_id in ids]
    return own if own else list(reports)


def _non_state(code: str, reports: Sequence[Report]) -> bool:
    """Does some report name ``code`` as a party that is a non-state group?"""
    for r in reports:
        rec = r.record
        actors = (
            (*rec.supplier, *rec.recipient)
            if isinstance(rec, Transfer)
            else (*rec.source, *rec.target)
        )
        for a in actors:
            if a.code == code and (
                a.kind == "group" or (a.sector or "").upper() in NON_STATE_SECTORS
            ):
                return True
    return False


def embargoes_for(code: str, incident: Incident, reports: Sequence[Report]) -> list[Embargo]:
    """The embargoes that make ``code`` count as 'embargoed' for this incident."""
    own = _own(incident, reports)
    found = under_embargo(code, incident_day(incident, own))
    return [e for e in found if e.match == "code" or _non_state(code, own)]


class _Ctx:
    """Group membership for one incident (the dynamic 'embargoed' group needs its date)."""

    def __init__(self, rule: WatchRule, incident: Incident, reports: Sequence[Report]):
        self.defs = dict(rule.group_defs) if rule.group_defs else default_groups()
        self.incident, self.reports = incident, reports
        self._emb: dict[str, bool] = {}

    def is_in(self, code: str, entry: str) -> bool:
        if entry == code:
            return True
        if entry == "embargoed":
            if code not in self._emb:
                self._emb[code] = bool(embargoes_for(code, self.incident, self.reports))
            return self._emb[code]
        return code in self.defs.get(entry, ())

    def any_in(self, codes: Sequence[str], entries: Sequence[str]) -> bool:
        return any(self.is_in(c, e) for c in codes for e in entries)


def _modes(reports: Sequence[Report]) -> set[str]:
    out: set[str] = set()
    for r in reports:
        if isinstance(r.record, Event):
            if r.record.mode:
                out.add(r.record.mode)
            out.update(r.record.context)
    return out


def matches(rule: WatchRule, incident: Incident, reports: Sequence[Report]) -> bool:
    inc = incident
    if rule.kinds and "incident" not in rule.kinds and inc.kind not in rule.kinds:
        return False
    if rule.types and inc.type not in rule.types:
        return False
    if rule.modality and inc.modality not in rule.modality:
        return False
    if inc.reports < rule.min_reports or inc.outlets < rule.min_outlets:
        return False
    if rule.claimed is not None and bool(inc.claimed_by) != rule.claimed:
        return False
    if rule.denied is not None and bool(inc.denied_by) != rule.denied:
        return False
    if rule.contested is not None and inc.contested != rule.contested:
        return False
    if rule.items and not set(rule.items) & set(inc.items):
        return False
    if rule.stages and inc.stage not in rule.stages:
        return False
    own = _own(inc, reports)
    if rule.modes and inc.kind == "event" and not set(rule.modes) & _modes(own):
        return False
    ctx = _Ctx(rule, inc, own)
    is_transfer = inc.kind == "transfer"
    party = [*inc.source, *inc.target]
    role_codes = {
        "source": inc.source,
        "target": inc.target,
        "supplier": inc.source if is_transfer else (),
        "recipient": inc.target if is_transfer else (),
        "claimed_by": inc.claimed_by,
        "denied_by": inc.denied_by,
    }
    for role in ROLES:
        wanted = getattr(rule, role)
        if wanted and not ctx.any_in(role_codes[role], wanted):
            return False
    if rule.actors and not ctx.any_in([*party, *inc.claimed_by, *inc.denied_by], rule.actors):
        return False
    if rule.groups and not ctx.any_in(party, rule.groups):
        return False
    if rule.between is not None:
        a, b = rule.between
        fwd = ctx.any_in(inc.source, a) and ctx.any_in(inc.target, b)
        rev = ctx.any_in(inc.source, b) and ctx.any_in(inc.target, a)
        if not (fwd or rev):
            return False
    return True


def evaluate(
    rules: Sequence[WatchRule], incident: Incident, reports: Sequence[Report]
) -> list[WatchRule]:
    """The rules that match ``incident`` (``reports`` are its reports, for dates and modes)."""
    return [r for r in rules if matches(r, incident, reports)]


def uses_embargoes(rule: WatchRule) -> bool:
    fields = [*rule.actors, *rule.groups, *(x for role in ROLES for x in getattr(rule, role))]
    if rule.between:
        fields += [*rule.between[0], *rule.between[1]]
    return "embargoed" in fields


def embargo_matches(
    rule: WatchRule, incident: Incident, reports: Sequence[Report]
) -> dict[str, list[Embargo]]:
    """For rules using the 'embargoed' group: the embargoed party codes and their embargoes."""
    if not uses_embargoes(rule):
        return {}
    own = _own(incident, reports)
    out: dict[str, list[Embargo]] = {}
    for code in [*incident.source, *incident.target]:
        found = embargoes_for(code, incident, own)
        if found:
            out[code] = found
    return out
