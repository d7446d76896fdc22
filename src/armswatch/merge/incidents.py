"""Merging reports of the same real-world event, across articles, into incidents.

A *report* is one stored record (an Event or a Transfer from one article). Two reports — or a
report and an incident the store already holds — describe the same incident when all of these
hold (see ``docs/watch-rules.md`` for the reasoning):

1. **Kind and type**: both events of the same PLOVER type, or both transfers.
2. **Dyad**: for directed types the sources overlap and the targets overlap (an empty side, a
   vague actor, matches anything, but at least one side must share a code); for symmetric types
   (CONSULT, COOPERATE) direction is ignored and the actor sets share at least
   ``min(2, size of the smaller set)`` codes. Transfers: supplier with supplier, recipient with
   recipient.
3. **Modality class**: ``actual``, ``negated`` and *irrealis* (``future`` and ``hypothetical``
   together) never mix. A planned summit and the summit itself are two incidents.
4. **Time**: each report is a day interval — its date at its precision (``2023-09`` is the
   whole month), or, when undated, the article's publication day (else the day first seen).
   Transfers, and any pair with an undated side, may be up to ``window_days`` apart; two dated
   events at most ``EVENT_SLACK_DAYS`` apart (so the same type and dyad a month later is a
   different incident).
5. **Evidence**: events need similar evidence sentences — content words (lower-cased, cut to a
   6-letter stem, without stop words, reporting verbs, dates and the words naming the record's
   actors) shared between a sentence of each. Two exact dated days that agree need one shared
   word (overlap coefficient >= ``WEAK_OVERLAP``); anything else needs two shared words and an
   overlap coefficient >= ``STRONG_OVERLAP``. Reports without any evidence merge only on two
   agreeing exact days. Transfers need no evidence overlap but their item classes must overlap
   when both name items.

A report joins the best compatible incident (single link: it must be compatible with one of
the incident's reports). Incident ids never change: ``inc-`` + a hash of the first report's
record id. Two existing incidents are never joined into one, even if a new report bridges them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from ..model import ITEM_CLASSES, STAGE_RANK, SYMMETRIC_TYPES, Actor, Event, Incident, Transfer
from .dates import gap_days, interval, widen

EVENT_SLACK_DAYS = 2
WEAK_OVERLAP = 0.15
STRONG_OVERLAP = 0.3
STEM = 6

MODALITY_CLASS = {"actual": "actual", "negated": "negated", "future": "irrealis",
                  "hypothetical": "irrealis"}  # fmt: skip

_STOP = {
    # function words
    "the", "and", "for", "with", "that", "this", "these", "those", "from", "into", "onto", "over",
    "under", "after", "before", "about", "against", "between", "during", "while", "which", "who",
    "whom", "whose", "what", "when", "where", "why", "how", "its", "his", "her", "their", "our",
    "your", "has", "have", "had", "was", "were", "been", "being", "are", "will", "would", "could",
    "should", "may", "might", "can", "not", "but", "also", "than", "then", "there", "here", "such",
    "some", "any", "all", "more", "most", "other", "own", "same", "very", "just", "only", "both",
    "each", "few", "out", "off", "via", "per", "including", "amid", "upon", "did", "does", "yet",
    "said", "says", "saying", "told", "tell", "according", "reported", "reports", "report",
    "reportedly", "statement", "stated", "added", "announced", "claimed", "claims", "alleged",
    "allegedly", "denied", "denies", "deny", "sources", "source", "news", "agency", "media",
    "official", "officials", "spokesperson", "spokesman", "spokeswoman", "minister", "ministry",
    "government", "president", "leader", "leaders", "country", "countries", "state", "states",
    "people", "week", "weeks", "day", "days", "month", "months", "year", "years", "today",
    "yesterday", "tomorrow", "last", "next", "earlier", "later", "recently", "new", "first",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december",
}  # fmt: skip
_WORD = re.compile(r"[a-z][a-z'\-]+")


@dataclass(frozen=True, slots=True)
class Report:
    """One stored record as the merger sees it."""

    record_id: str
    kind: str  # 'event' | 'transfer'
    article_id: str
    outlet: str | None
    published: str | None
    seen: str  # ISO datetime first seen
    record: Event | Transfer


def incident_id(record_id: str) -> str:
    """The stable id of the incident first reported by ``record_id``."""
    return "inc-" + hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:16]


def record_type(report: Report) -> str:
    return "TRANSFER" if isinstance(report.record, Transfer) else report.record.type


def parties(record: Event | Transfer) -> tuple[list[str], list[str]]:
    """(source codes, target codes); supplier and recipient for transfers."""
    if isinstance(record, Transfer):
        return _codes(record.supplier), _codes(record.recipient)
    return _codes(record.source), _codes(record.target)


def _codes(actors: Sequence[Actor]) -> list[str]:
    out: list[str] = []
    for a in actors:
        if a.code and a.code not in out:
            out.append(a.code)
    return out


def _stem(word: str) -> str:
    return word[:STEM]


_STOP_STEMS = {_stem(w) for w in _STOP}


def tokens(text: str, drop: frozenset[str] = frozenset()) -> frozenset[str]:
    """Content-word stems of ``text`` without stop words and without the stems in ``drop``."""
    out = set()
    for w in _WORD.findall(text.lower()):
        w = w.strip("'-")
        w = w.removesuffix("'s")
        if len(w) < 3 or w in _STOP:
            continue
        s = _stem(w)
        if s in _STOP_STEMS or s in drop:
            continue
        out.add(s)
    return frozenset(out)


def actor_words(record: Event | Transfer) -> frozenset[str]:
    """Stems of the words that name the record's actors (so that the dyad is not 'evidence')."""
    actors: list[Actor] = []
    if isinstance(record, Transfer):
        actors += [*record.supplier, *record.recipient]
    else:
        actors += [*record.source, *record.target]
    actors += [*record.claimed_by, *record.denied_by]
    out = set()
    for a in actors:
        for text in (a.text, a.name or ""):
            for w in _WORD.findall(text.lower()):
                w = w.strip("'-")
                w = w.removesuffix("'s")
                out.add(_stem(w))
    return frozenset(out)


def evidence_texts(record: Event | Transfer) -> list[str]:
    out: list[str] = []
    for e in record.evidence:
        if e.sentence.text and e.sentence.text not in out:
            out.append(e.sentence.text)
    return out


def _day(value: str | None) -> date | None:
    iv = interval(value)
    return iv[0] if iv else None


@dataclass(slots=True)
class _Point:
    """What a report (or a stored incident without its reports) contributes to comparison."""

    kind: str
    type: str
    source: list[str]
    target: list[str]
    mclass: str
    span: tuple[date, date] | None
    precision: str | None  # None when undated (span is then the publication/seen day)
    texts: list[str]
    items: frozenset[str]
    drop: frozenset[str]


def _point(report: Report) -> _Point:
    rec = report.record
    src, tgt = parties(rec)
    iv = interval(rec.date)
    if iv:
        span, precision = (iv[0], iv[1]), iv[2]
    else:
        d = _day(report.published) or _day(report.seen)
        span, precision = ((d, d) if d else None), None
    items = frozenset(rec.items) if isinstance(rec, Transfer) else frozenset()
    return _Point(
        report.kind,
        record_type(report),
        src,
        tgt,
        MODALITY_CLASS.get(rec.modality, rec.modality),
        span,
        precision,
        evidence_texts(rec),
        items,
        actor_words(rec),
    )


def _incident_point(inc: Incident) -> _Point:
    iv = interval(inc.date)
    if iv:
        span, precision = (iv[0], iv[1]), iv[2]
    else:
        a, b = _day(inc.first_seen), _day(inc.last_seen)
        span = (a, b or a) if a else None
        precision = None
    return _Point(
        inc.kind,
        inc.type,
        list(inc.source),
        list(inc.target),
        MODALITY_CLASS.get(inc.modality, inc.modality),
        span,
        precision,
        list(inc.evidence),
        frozenset(inc.items),
        frozenset(),
    )


def _dyad_ok(type_: str, s1: list[str], t1: list[str], s2: list[str], t2: list[str]) -> bool:
    if type_ in SYMMETRIC_TYPES:
        a, b = {*s1, *t1}, {*s2, *t2}
        if not a or not b:
            return False
        return len(a & b) >= min(2, len(a), len(b))
    src_ok = not s1 or not s2 or bool(set(s1) & set(s2))
    tgt_ok = not t1 or not t2 or bool(set(t1) & set(t2))
    shared = bool(set(s1) & set(s2)) or bool(set(t1) & set(t2))
    return src_ok and tgt_ok and shared


def _time_gap(p: _Point, q: _Point) -> int | None:
    if p.span is None or q.span is None:
        return None
    return gap_days(p.span, q.span)


def _similarity(p: _Point, q: _Point) -> tuple[int, float]:
    """Best (shared words, overlap coefficient) over pairs of evidence sentences."""
    drop = p.drop | q.drop
    best = (0, 0.0)
    for a in p.texts:
        ta = tokens(a, drop)
        for b in q.texts:
            tb = tokens(b, drop)
            if not ta or not tb:
                continue
            inter = len(ta & tb)
            oc = inter / min(len(ta), len(tb))
            if (oc, inter) > (best[1], best[0]):
                best = (inter, oc)
    return best


def match_score(p: _Point, q: _Point, window_days: int) -> float | None:
    """None when ``p`` and ``q`` cannot be the same incident, else a score (higher = closer)."""
    if p.kind != q.kind or p.type != q.type or p.mclass != q.mclass:
        return None
    if not _dyad_ok(p.type, p.source, p.target, q.source, q.target):
        return None
    gap = _time_gap(p, q)
    if gap is None:
        return None
    exact = p.precision == "day" and q.precision == "day"
    if p.kind == "transfer" or p.precision is None or q.precision is None:
        limit = window_days
    else:
        limit = EVENT_SLACK_DAYS
    if gap > limit:
        return None
    closeness = 1.0 - gap / (limit + 1)
    if p.kind == "transfer":
        if p.items and q.items and not (p.items & q.items):
            return None
        inter, oc = _similarity(p, q)
        return 1.0 + closeness + oc
    if not p.texts or not q.texts:
        return 1.0 + closeness if exact and gap <= EVENT_SLACK_DAYS else None
    inter, oc = _similarity(p, q)
    if exact and inter >= 1 and oc >= WEAK_OVERLAP:
        return closeness + oc
    if inter >= 2 and oc >= STRONG_OVERLAP:
        return closeness + oc
    return None


@dataclass(slots=True)
class _Cluster:
    base: Incident | None
    members: list[Report] = field(default_factory=list)  # known reports (given or new)
    new: list[Report] = field(default_factory=list)  # reports added by this call
    points: list[_Point] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)


def _orient(type_: str, src: list[str], tgt: list[str], c: _Cluster) -> tuple[list, list]:
    """For symmetric types, put a report's actors the way round the incident has them."""
    if type_ not in SYMMETRIC_TYPES:
        return src, tgt
    same = len(set(src) & set(c.source)) + len(set(tgt) & set(c.target))
    swapped = len(set(src) & set(c.target)) + len(set(tgt) & set(c.source))
    return (tgt, src) if swapped > same else (src, tgt)


def _union(into: list[str], more: Sequence[str]) -> None:
    for c in more:
        if c not in into:
            into.append(c)


def _add(c: _Cluster, report: Report, point: _Point, *, new: bool) -> None:
    src, tgt = _orient(point.type, point.source, point.target, c)
    _union(c.source, src)
    _union(c.target, tgt)
    c.points.append(point)
    c.members.append(report)
    if new:
        c.new.append(report)


def _seen_key(r: Report) -> tuple[str, str]:
    return (r.seen or "", r.record_id)


def assign(
    reports: Sequence[Report],
    incidents: Sequence[Incident],
    *,
    window_days: int = 31,
    members: Mapping[str, Sequence[Report]] | None = None,
) -> tuple[list[Incident], dict[str, str]]:
    """Assign ``reports`` to the candidate ``incidents`` or to new incidents.

    Returns the new or changed incidents (complete Incident objects) and
    ``{record_id: incident_id}`` for every report. ``members`` (optional) maps a candidate
    incident's id to its stored reports; with it, outlets, dates and evidence are recomputed
    exactly, without it the stored incident is compared through its own fields and its outlet
    count can only grow by the outlets of the new reports (an upper bound).
    A report whose record id the incident already lists is mapped to it and changes nothing.
    """
    members = members or {}
    clusters: list[_Cluster] = []
    owner: dict[str, str] = {}
    for inc in incidents:
        c = _Cluster(base=inc, source=list(inc.source), target=list(inc.target))
        known = sorted(members.get(inc.id, ()), key=_seen_key)
        if known:
            for r in known:
                _add(c, r, _point(r), new=False)
        else:
            c.points.append(_incident_point(inc))
        for rid in inc.record_ids:
            owner[rid] = inc.id
        clusters.append(c)

    mapping: dict[str, str] = {}
    for r in sorted(reports, key=_seen_key):
        if r.record_id in owner:
            mapping[r.record_id] = owner[r.record_id]
            continue
        p = _point(r)
        best: tuple[float, _Cluster] | None = None
        for c in clusters:
            ps, pt = _orient(p.type, p.source, p.target, c)
            if not _dyad_ok(p.type, ps, pt, c.source, c.target):
                continue
            scores = [s for q in c.points if (s := match_score(p, q, window_days)) is not None]
            if scores and (best is None or max(scores) > best[0]):
                best = (max(scores), c)
        if best is None:
            c = _Cluster(base=None)
            clusters.append(c)
        else:
            c = best[1]
        _add(c, r, p, new=True)
        cid = c.base.id if c.base else incident_id(c.members[0].record_id)
        owner[r.record_id] = cid
        mapping[r.record_id] = cid

    changed = [
        _build(c, members_known=bool(c.base and members.get(c.base.id))) for c in clusters if c.new
    ]
    return changed, mapping


def _most_precise_date(dates: Sequence[str | None]) -> str | None:
    rank = {"day": 0, "month": 1, "year": 2}
    best: tuple[int, date, str] | None = None
    for d in dates:
        iv = interval(d)
        if iv is None or d is None:
            continue
        cand = (rank[iv[2]], iv[0], d[:10] if iv[2] == "day" else d)
        if best is None or cand[:2] < best[:2]:
            best = cand
    return best[2] if best else None


def _seen_str(value: str) -> str:
    return value or datetime.min.isoformat()


def _build(c: _Cluster, *, members_known: bool) -> Incident:
    base = c.base
    new = c.new
    reps = c.members if (base is None or members_known) else new
    first = reps[0]
    recs = [r.record for r in reps]
    kind = "transfer" if isinstance(first.record, Transfer) else "event"
    claimed: list[str] = list(base.claimed_by) if base and not members_known else []
    denied: list[str] = list(base.denied_by) if base and not members_known else []
    items: set[str] = set(base.items) if base and not members_known else set()
    evidence: list[str] = list(base.evidence) if base and not members_known else []
    record_ids: list[str] = list(base.record_ids) if base else []
    for r in reps:
        _union(claimed, _codes(r.record.claimed_by))
        _union(denied, _codes(r.record.denied_by))
        if isinstance(r.record, Transfer):
            items.update(r.record.items)
        _union(evidence, evidence_texts(r.record))
        _union(record_ids, [r.record_id])

    stages = [r.stage for r in recs if isinstance(r, Transfer)]
    if base and base.stage and not members_known:
        stages.append(base.stage)
    stage = max(stages, key=lambda s: STAGE_RANK.get(s, -1)) if stages else None

    modalities = [r.modality for r in recs] + ([base.modality] if base else [])
    if MODALITY_CLASS.get(modalities[0]) == "irrealis":
        modality = "future" if "future" in modalities else "hypothetical"
    else:
        modality = modalities[0]

    dates = [r.date for r in recs] + ([base.date] if base and not members_known else [])
    seen = [_seen_str(r.seen) for r in reps]
    if base and not members_known:
        seen += [base.first_seen, base.last_seen]
    outlets = {r.outlet or f"article:{r.article_id}" for r in reps}
    if base and not members_known:
        n_reports = base.reports + len(new)
        n_outlets = base.outlets + len(outlets)  # upper bound: old outlets are unknown
    else:
        n_reports, n_outlets = len(reps), len(outlets)

    return Incident(
        id=base.id if base else incident_id(first.record_id),
        kind=kind,
        type=record_type(first) if base is None else base.type,
        source=tuple(c.source),
        target=tuple(c.target),
        modality=modality,
        date=_most_precise_date(dates),
        first_seen=min(seen),
        last_seen=max(seen),
        reports=n_reports,
        outlets=n_outlets,
        claimed_by=tuple(claimed),
        denied_by=tuple(denied),
        stage=stage,
        items=tuple(i for i in ITEM_CLASSES if i in items)
        + tuple(sorted(i for i in items if i not in ITEM_CLASSES)),
        record_ids=tuple(record_ids),
        evidence=tuple(evidence),
    )


def candidate_filter(report: Report, *, window_days: int = 31) -> dict:
    """What the store should select candidate incidents on, for ``assign``.

    - ``kind``: equal to the incident's kind;
    - ``type``: equal to the incident's type (``TRANSFER`` for transfers);
    - ``codes``: the incident's ``source`` or ``target`` shares at least one of these codes;
    - ``modalities``: the incident's modality is one of these;
    - ``date_from`` / ``date_to`` (ISO days): the incident's date interval, or when it has no date
      its ``first_seen``..``last_seen``, overlaps this range. It is wide on purpose (the report's
      interval widened by ``window_days``); ``assign`` applies the exact test.
    """
    p = _point(report)
    mclass = p.mclass
    modalities = sorted(m for m, k in MODALITY_CLASS.items() if k == mclass) or [
        report.record.modality
    ]
    out: dict = {
        "kind": report.kind,
        "type": p.type,
        "codes": sorted({*p.source, *p.target}),
        "modalities": modalities,
        "date_from": None,
        "date_to": None,
    }
    if p.span is not None:
        lo, hi = widen(p.span, window_days)
        out["date_from"], out["date_to"] = lo.isoformat(), hi.isoformat()
    return out


def with_reports(incident: Incident, reports: Sequence[Report]) -> Incident:
    """Recompute an incident's counts from the complete list of its reports (store helper)."""
    c = _Cluster(base=incident, source=list(incident.source), target=list(incident.target))
    for r in sorted(reports, key=_seen_key):
        _add(c, r, _point(r), new=True)
    built = _build(c, members_known=True)
    return replace(built, id=incident.id)
