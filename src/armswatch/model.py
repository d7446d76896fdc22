"""Record types shared by every layer: articles in, actors, events, transfers, incidents, alerts out.

All records are frozen, slotted dataclasses. Text positions are character offsets into the
article text (like a spaCy ``Span``), so evidence can always be re-located in the source.
``to_dict`` gives the JSON shape written by ``armswatch extract``: the codebook's fields
(actor *codes* under ``source``/``target``/``supplier``/``recipient``/``claimed_by``/``denied_by``)
plus the provenance armswatch adds (``actors``, ``evidence``, ``rule``, ``confidence`` ...).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
QUAD_CLASS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}  # fmt: skip
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})
MODALITIES = ("actual", "negated", "future", "hypothetical")
STAGES = ("request", "negotiation", "agreement", "delivery")
STAGE_RANK = {s: i for i, s in enumerate(STAGES)}
ITEM_CLASSES = (
    "small_arms", "ammunition", "artillery", "missiles", "drones", "air_defense", "aircraft",
    "armored_vehicles", "naval", "components", "other",
)  # fmt: skip

Modality = Literal["actual", "negated", "future", "hypothetical"]


class Role(str, Enum):
    """The roles an actor can have in a record ("any" for filters over all of them)."""

    source = "source"
    target = "target"
    supplier = "supplier"
    recipient = "recipient"
    claimed_by = "claimed_by"
    denied_by = "denied_by"
    any = "any"


ModalityName = Enum("ModalityName", {m: m for m in MODALITIES}, type=str)  # for API and CLI
Stage = Literal["request", "negotiation", "agreement", "delivery"]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from any source."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    url: str | None = None
    outlet: str | None = None
    origin: str | None = None  # "path:line" or URL it was read from, for error messages

    @property
    def content_hash(self) -> str:
        """SHA-256 of title and text: the identity used to store an article once."""
        h = hashlib.sha256()
        h.update((self.title or "").encode("utf-8"))
        h.update(b"\x00")
        h.update(self.text.encode("utf-8"))
        return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded actor as mentioned in the text.

    ``code`` is the codebook code (ISO3 state, IGO code, ``IMG``); ``sector`` the PLOVER
    agent/sector code where the mention says it (GOV, MIL, SPY, MED, BUS ...); ``name`` the
    canonical name of the entity (a person, a ministry) when the knowledge base knows it.
    """

    code: str
    text: str = ""
    span: Span | None = None
    sector: str | None = None
    name: str | None = None
    kind: str = "state"  # state | igo | group | person | org

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        span = None
        if d.get("start") is not None:
            span = Span(d["start"], d["end"], d.get("text", ""))
        return cls(
            code=d["code"],
            text=d.get("text", ""),
            span=span,
            sector=d.get("sector"),
            name=d.get("name"),
            kind=d.get("kind", "state"),
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "text": self.text,
            "sector": self.sector,
            "kind": self.kind,
        }
        if self.name:
            d["name"] = self.name
        if self.span is not None:
            d["start"], d["end"] = self.span.start, self.span.end
        return d


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a record comes from: the sentence, the trigger inside it, and the rule that fired."""

    sentence: Span
    trigger: Span
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence.to_dict(),
            "trigger": self.trigger.to_dict(),
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        s, t = d["sentence"], d["trigger"]
        return cls(
            Span(s["start"], s["end"], s["text"]),
            Span(t["start"], t["end"], t["text"]),
            d.get("rule", ""),
        )


def codes(actors: tuple[Actor, ...]) -> list[str]:
    """Distinct actor codes in first-seen order."""
    out: list[str] = []
    for a in actors:
        if a.code not in out:
            out.append(a.code)
    return out


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER event between coded actors, with modality, claims, denials and date."""

    type: str
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    modality: Modality = "actual"
    claimed_by: tuple[Actor, ...] = ()
    denied_by: tuple[Actor, ...] = ()
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    date_text: str | None = None
    mode: str | None = None  # PLOVER mode, e.g. "military" for AID
    context: tuple[str, ...] = ()  # PLOVER contexts, e.g. ("military",)
    trigger: str = ""
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5

    @property
    def quad_class(self) -> int:
        return QUAD_CLASS[self.type]

    @property
    def rule(self) -> str:
        return self.evidence[0].rule if self.evidence else ""

    def key(self) -> tuple:
        """Identity inside one article: type, dyad (unordered for symmetric types), modality."""
        s, t = tuple(sorted(codes(self.source))), tuple(sorted(codes(self.target)))
        if self.type in SYMMETRIC_TYPES and t < s:
            s, t = t, s
        return (self.type, s, t, self.modality)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "event",
            "type": self.type,
            "source": codes(self.source),
            "target": codes(self.target),
            "modality": self.modality,
            "claimed_by": codes(self.claimed_by),
            "denied_by": codes(self.denied_by),
            "date": self.date,
            "quad_class": self.quad_class,
            "mode": self.mode,
            "context": list(self.context),
            "trigger": self.trigger,
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
            "date_text": self.date_text,
            "actors": _actor_roles(
                source=self.source,
                target=self.target,
                claimed_by=self.claimed_by,
                denied_by=self.denied_by,
            ),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Transfer:
    """Movement of weapons (or a deal for it) from supplier to recipient, at its furthest stage."""

    supplier: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    stage: Stage
    items: tuple[str, ...] = ()
    item_text: tuple[str, ...] = ()  # the words the items were read from
    modality: Modality = "actual"
    claimed_by: tuple[Actor, ...] = ()
    denied_by: tuple[Actor, ...] = ()
    date: str | None = None
    date_text: str | None = None
    trigger: str = ""
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5

    @property
    def rule(self) -> str:
        return self.evidence[0].rule if self.evidence else ""

    def key(self) -> tuple:
        return (tuple(sorted(codes(self.supplier))), tuple(sorted(codes(self.recipient))))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "transfer",
            "supplier": codes(self.supplier),
            "recipient": codes(self.recipient),
            "stage": self.stage,
            "items": list(self.items),
            "item_text": list(self.item_text),
            "modality": self.modality,
            "claimed_by": codes(self.claimed_by),
            "denied_by": codes(self.denied_by),
            "date": self.date,
            "trigger": self.trigger,
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
            "date_text": self.date_text,
            "actors": _actor_roles(
                supplier=self.supplier,
                recipient=self.recipient,
                claimed_by=self.claimed_by,
                denied_by=self.denied_by,
            ),
            "evidence": [e.to_dict() for e in self.evidence],
        }


def _actors_from(d: dict[str, Any], role: str) -> tuple[Actor, ...]:
    """Actors of one role from a record dict: the detailed ``actors`` block, else bare codes."""
    detailed = (d.get("actors") or {}).get(role)
    if detailed is not None:
        return tuple(Actor.from_dict(a) for a in detailed)
    return tuple(Actor(code=c) for c in d.get(role) or ())


def _evidence_from(d: dict[str, Any]) -> tuple[Evidence, ...]:
    return tuple(Evidence.from_dict(e) for e in d.get("evidence") or ())


def record_from_dict(d: dict[str, Any]) -> Event | Transfer:
    """Rebuild an Event or Transfer from its ``to_dict`` form (as stored or written to JSONL)."""
    common: dict[str, Any] = {
        "modality": d.get("modality") or "actual",
        "claimed_by": _actors_from(d, "claimed_by"),
        "denied_by": _actors_from(d, "denied_by"),
        "date": d.get("date"),
        "date_text": d.get("date_text"),
        "trigger": d.get("trigger", ""),
        "evidence": _evidence_from(d),
        "confidence": d.get("confidence", 0.5),
    }
    if d.get("kind") == "transfer" or "supplier" in d:
        return Transfer(
            supplier=_actors_from(d, "supplier"),
            recipient=_actors_from(d, "recipient"),
            stage=d["stage"],
            items=tuple(d.get("items") or ()),
            item_text=tuple(d.get("item_text") or ()),
            **common,
        )
    return Event(
        type=d["type"],
        source=_actors_from(d, "source"),
        target=_actors_from(d, "target"),
        mode=d.get("mode"),
        context=tuple(d.get("context") or ()),
        **common,
    )


def _actor_roles(**roles: tuple[Actor, ...]) -> dict[str, list[dict[str, Any]]]:
    return {role: [a.to_dict() for a in actors] for role, actors in roles.items()}


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    events: tuple[Event, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    version: str = ""
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "title": a.title,
            "published": a.published,
            "url": a.url,
            "extractor_version": self.version,
            "events": [e.to_dict() for e in self.events],
            "transfers": [t.to_dict() for t in self.transfers],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class Incident:
    """One real-world event as reported by one or more articles (merged records)."""

    id: str
    kind: Literal["event", "transfer"]
    type: str  # PLOVER type for events, "TRANSFER" for transfers (stage kept apart)
    source: tuple[str, ...]  # actor codes (supplier for transfers)
    target: tuple[str, ...]  # actor codes (recipient for transfers)
    modality: str
    date: str | None
    first_seen: str
    last_seen: str
    reports: int
    outlets: int
    claimed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    stage: str | None = None
    items: tuple[str, ...] = ()
    record_ids: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def contested(self) -> bool:
        """Reported (as fact or as someone's claim) and denied by someone."""
        return bool(self.denied_by)


@dataclass(frozen=True, slots=True)
class Alert:
    """A watch rule that matched an incident (or a single record)."""

    id: str
    rule: str
    incident_id: str
    created: str
    updated: str
    summary: str
    severity: str = "info"
    acknowledged: bool = False
    details: dict[str, Any] = field(default_factory=dict)
