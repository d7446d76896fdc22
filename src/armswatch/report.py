"""A readable report of extractions: per article, tables of events and transfers; then totals.

``render_extractions(extractions, console)`` streams: each article is printed as soon as it
arrives, the totals at the end. It works on :class:`~armswatch.model.Extraction` objects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rich.columns import Columns
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import (
    EVENT_TYPES,
    MODALITIES,
    QUAD_CLASS,
    QUAD_NAMES,
    STAGES,
    Actor,
    Event,
    Evidence,
    Extraction,
    Transfer,
    codes,
)

SNIPPET_CHARS = 90
WIDE = 130  # narrower consoles get the evidence under the table, not in it
MODALITY_STYLE = {"actual": "green", "negated": "red", "future": "cyan", "hypothetical": "magenta"}
QUAD_STYLE = {1: "green", 2: "bright_green", 3: "yellow", 4: "red"}


@dataclass
class Totals:
    """Counts over all rendered extractions."""

    articles: int = 0
    articles_with_records: int = 0
    events: int = 0
    transfers: int = 0
    event_types: Counter = field(default_factory=Counter)
    event_modalities: Counter = field(default_factory=Counter)
    transfer_stages: Counter = field(default_factory=Counter)
    transfer_modalities: Counter = field(default_factory=Counter)
    contested: int = 0  # events or transfers denied by someone

    def add(self, ex: Extraction) -> None:
        self.articles += 1
        self.articles_with_records += bool(ex.events or ex.transfers)
        self.events += len(ex.events)
        self.transfers += len(ex.transfers)
        for e in ex.events:
            self.event_types[e.type] += 1
            self.event_modalities[e.modality] += 1
            self.contested += bool(e.denied_by)
        for t in ex.transfers:
            self.transfer_stages[t.stage] += 1
            self.transfer_modalities[t.modality] += 1
            self.contested += bool(t.denied_by)


def render_extractions(extractions: Iterable[Extraction], console: Console) -> Totals:
    """Print every extraction as it comes, then the totals; returns the totals."""
    totals = Totals()
    for ex in extractions:
        render_extraction(ex, console)
        totals.add(ex)
    render_totals(totals, console)
    return totals


def render_extraction(ex: Extraction, console: Console) -> None:
    """One article: a heading, its events table and its transfers table."""
    a = ex.article
    head = Text()
    head.append(a.id, style="bold")
    if a.title:
        head.append("  " + a.title, style="bold cyan")
    meta = [x for x in (a.published, a.outlet, a.url or a.origin) if x]
    console.rule(head, align="left")
    if meta:
        console.print(Text(" · ".join(meta), style="dim"), soft_wrap=True)
    for w in ex.warnings:
        console.print(Text("warning: " + w, style="yellow"), soft_wrap=True)
    if not ex.events and not ex.transfers:
        console.print(Text("no events or transfers found", style="dim italic"))
        return
    wide = console.width >= WIDE
    if ex.events:
        console.print(events_table(ex.events, evidence_column=wide))
        if not wide:
            _print_evidence(ex.events, console)
    if ex.transfers:
        console.print(transfers_table(ex.transfers, evidence_column=wide))
        if not wide:
            _print_evidence(ex.transfers, console)


def events_table(events: Iterable[Event], evidence_column: bool = True) -> Table:
    """Events: type, dyad, modality, claims, date, trigger (and the evidence snippet)."""
    t = _table("Events", ("type", "source → target"), evidence_column)
    for i, e in enumerate(events, 1):
        t.add_row(
            str(i),
            Text(e.type, style=QUAD_STYLE.get(QUAD_CLASS.get(e.type, 0), "")),
            _dyad(e.source, e.target),
            *_common(e, evidence_column),
        )
    return t


def transfers_table(transfers: Iterable[Transfer], evidence_column: bool = True) -> Table:
    """Transfers: dyad, stage, items, modality, claims, date, trigger (and the evidence)."""
    t = _table("Arms transfers", ("supplier → recipient", "stage", "items"), evidence_column)
    for i, tr in enumerate(transfers, 1):
        items = ", ".join(tr.items) or "—"
        if tr.item_text:
            items += f" ({', '.join(tr.item_text)})"
        t.add_row(str(i), _dyad(tr.supplier, tr.recipient), tr.stage, Text(items),
                  *_common(tr, evidence_column))  # fmt: skip
    return t


def _table(title: str, first: tuple[str, ...], evidence_column: bool) -> Table:
    t = Table(title=title, title_justify="left", show_lines=evidence_column, expand=True)
    t.add_column("#", justify="right", no_wrap=True)
    for name in first:
        if name == "items":
            t.add_column(name, min_width=10, max_width=24, overflow="fold")
        elif "→" in name:
            t.add_column(name.replace(" → ", " →\n"), min_width=9)
        else:
            t.add_column(name, no_wrap=True)
    t.add_column("modality", no_wrap=True)
    t.add_column("claimed / denied by")
    t.add_column("date", no_wrap=True)
    t.add_column("trigger", max_width=20)
    if evidence_column:
        t.add_column("evidence", ratio=1, min_width=30)
    return t


def _common(rec: Event | Transfer, evidence_column: bool) -> list:
    claims = Text()
    if rec.claimed_by:
        claims.append("claimed: " + ", ".join(codes(rec.claimed_by)))
    if rec.denied_by:
        if claims:
            claims.append("\n")
        claims.append("denied: " + ", ".join(codes(rec.denied_by)), style="bold red")
    cells = [
        Text(rec.modality, style=MODALITY_STYLE.get(rec.modality, "")),
        claims,
        rec.date or "",
        Text(rec.trigger, style="bold"),
    ]
    if evidence_column:
        cells.append(_evidence(rec.evidence, rec.confidence))
    return cells


def _print_evidence(records: Iterable[Event | Transfer], console: Console) -> None:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", min_width=4)
    grid.add_column(ratio=1)
    for i, rec in enumerate(records, 1):
        grid.add_row(f"{i}.", _evidence(rec.evidence, rec.confidence))
    console.print(grid)


def render_totals(totals: Totals, console: Console) -> None:
    """Totals: events by type (with quad class) and modality, transfers by stage and modality."""
    console.rule(Text("Totals", style="bold"), align="left")
    console.print(
        f"{totals.articles} articles, {totals.articles_with_records} with records: "
        f"{totals.events} events, {totals.transfers} transfers, "
        f"{totals.contested} denied by someone",
        highlight=False,
    )
    if not totals.events and not totals.transfers:
        return
    parts = []
    if totals.events:
        by_type = Table(title="Events by type", title_justify="left")
        by_type.add_column("type")
        by_type.add_column("quad class")
        by_type.add_column("n", justify="right")
        order = {t: i for i, t in enumerate(EVENT_TYPES)}
        for typ, n in sorted(totals.event_types.items(), key=lambda kv: order.get(kv[0], 99)):
            q = QUAD_CLASS.get(typ, 0)
            by_type.add_row(Text(typ, style=QUAD_STYLE.get(q, "")), QUAD_NAMES.get(q, "?"), str(n))
        parts += [by_type, _counter_table("Events by modality", totals.event_modalities,
                                          MODALITIES)]  # fmt: skip
    if totals.transfers:
        parts += [
            _counter_table("Transfers by stage", totals.transfer_stages, STAGES),
            _counter_table("Transfers by modality", totals.transfer_modalities, MODALITIES),
        ]
    console.print(Columns(parts, padding=(0, 3)))


def _counter_table(title: str, counts: Counter, order: Iterable[str]) -> Table:
    t = Table(title=title, title_justify="left", min_width=len(title) + 2)
    t.add_column(title.split(" by ")[-1])
    t.add_column("n", justify="right")
    keys = [k for k in order if counts.get(k)] + sorted(k for k in counts if k not in order)
    for k in keys:
        t.add_row(Text(k, style=MODALITY_STYLE.get(k, "")), str(counts[k]))
    return t


def _codes(actors: tuple[Actor, ...]) -> Text:
    return Text(", ".join(codes(actors)))


def _dyad(source: tuple[Actor, ...], target: tuple[Actor, ...]) -> Text:
    s = ", ".join(codes(source)) or "—"
    t = ", ".join(codes(target)) or "—"
    return Text(f"{s} → {t}")


def _evidence(evidence: tuple[Evidence, ...], confidence: float) -> Text:
    """A snippet of the first evidence sentence (trigger highlighted), rule and confidence."""
    out = snippet(evidence[0]) if evidence else Text("(no evidence)", style="dim")
    rule = evidence[0].rule if evidence else ""
    out.append(f"\n{rule} {confidence:.2f}".rstrip() if rule else f"  {confidence:.2f}",
               style="dim")  # fmt: skip
    return out


def snippet(ev: Evidence, width: int = SNIPPET_CHARS) -> Text:
    """The evidence sentence cut to about ``width`` characters around the trigger (highlighted)."""
    sent, trig = ev.sentence.text, ev.trigger
    start = trig.start - ev.sentence.start
    end = trig.end - ev.sentence.start
    if not (0 <= start <= end <= len(sent)) or sent[start:end] != trig.text:
        start = sent.find(trig.text) if trig.text else -1
        end = start + len(trig.text)
    text = Text(style="italic")
    if start < 0:  # the trigger is not in the sentence: just cut the sentence
        text.append(_flat(sent[:width]))
        if len(sent) > width:
            text.append("…")
        return text
    lo = max(0, min(start - (width - (end - start)) // 2, len(sent) - width))
    hi = min(len(sent), lo + max(width, end - start))
    if lo > 0:
        text.append("…")
    text.append(_flat(sent[lo:start]))
    text.append(_flat(sent[start:end]), style="bold underline")
    text.append(_flat(sent[end:hi]))
    if hi < len(sent):
        text.append("…")
    return text


def _flat(s: str) -> str:
    return s.replace("\n", " ").replace("\r", " ").replace("\t", " ")
