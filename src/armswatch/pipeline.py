"""The monitor's main job: read sources, extract, store, merge into incidents, alert.

``run`` does one pass; ``watch`` repeats it for the configured sources until a stop event is
set. Each batch of ``run.batch_size`` new articles is stored in ONE transaction together with
the incidents and alert state it changes; alerts are delivered to the sinks after the commit
and marked delivered then, so a crash between the two re-delivers (never loses) an alert.
"""

from __future__ import annotations

import dataclasses
import importlib.resources
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any, Protocol

from .config import Config, SourceConfig
from .errors import ArmswatchError, InputError
from .model import Alert, Extraction, Incident, codes
from .sources import Fetcher, Item, iter_paths, iter_source
from .store.writer import Report, Writer, now_iso

SAMPLE = "data/samples/articles.jsonl"
MAX_ERRORS_KEPT = 50


class Observer(Protocol):
    """Progress callbacks (the CLI draws Rich progress bars from them)."""

    def on_source(self, label: str) -> None: ...
    def on_item(self, status: str) -> None: ...  # new | seen | error
    def on_batch(self, number: int, documents: int) -> None: ...


@dataclass
class Monitor:
    """The merge and alert steps a run applies after storing records (injectable for tests)."""

    assign: Callable[..., tuple[list[Incident], dict[str, str]]]
    evaluate: Callable[..., list[Any]]
    make_alert: Callable[..., Alert]
    rules: list[Any] = field(default_factory=list)
    sinks: list[Any] = field(default_factory=list)
    window_days: int = 31
    # what to select candidate incidents on, per report (merge.incidents.candidate_filter);
    # None: same kind and type, a shared actor code
    candidate_filter: Callable[..., dict[str, Any]] | None = None
    # recompute an incident from all its reports (merge.incidents.with_reports)
    with_reports: Callable[..., Incident] | None = None
    pass_members: bool = False  # give assign() the candidates' stored reports (members=)

    @classmethod
    def from_config(cls, config: Config) -> Monitor:
        try:
            from .alerts.engine import make_alert
            from .alerts.rules import default_rules, evaluate, load_rules
            from .alerts.sinks import sinks_from_config
            from .merge.incidents import assign, candidate_filter, with_reports
        except ImportError as e:  # pragma: no cover - a broken install
            raise ArmswatchError(f"the merge/alert modules cannot be loaded: {e}") from None
        rules = load_rules(list(config.rules), config.path) if config.rules else default_rules()
        sinks = sinks_from_config(list(config.sinks), config.path) if config.sinks else []
        return cls(assign=assign, evaluate=evaluate, make_alert=make_alert, rules=rules,
                   sinks=sinks, candidate_filter=candidate_filter, with_reports=with_reports,
                   pass_members=True)  # fmt: skip


@dataclass
class RunSummary:
    articles_new: int = 0
    articles_updated: int = 0  # a new version of an article at a stored URL
    articles_seen: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    events_by_type: Counter = field(default_factory=Counter)
    transfers: int = 0
    incidents_new: int = 0
    incidents_changed: int = 0
    contested: int = 0  # contested incidents among the new and changed ones
    alerts_new: int = 0
    alerts_updated: int = 0
    alerts: list[tuple[Alert, bool]] = field(default_factory=list)  # (alert, new) saved
    delivery_errors: list[str] = field(default_factory=list)
    batches: int = 0
    stopped: bool = False

    def add_error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(message)

    def merge(self, other: RunSummary) -> None:
        for f in dataclasses.fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if isinstance(a, bool):
                setattr(self, f.name, a or b)
            elif isinstance(a, int | Counter):
                setattr(self, f.name, a + b)
            elif isinstance(a, list):
                a.extend(b)


def sample_corpus() -> str:
    """Path of the bundled sample corpus."""
    res = importlib.resources.files("armswatch") / SAMPLE
    if not res.is_file():
        raise ArmswatchError(f"the bundled sample corpus is missing ({SAMPLE})")
    return str(res)


class Runner:
    """Holds what survives between passes (extractor, monitor, fetcher) and does one pass."""

    def __init__(self, config: Config, db_path: str, *, extractor: Any = None,
                 monitor: Monitor | None = None, observer: Observer | None = None,
                 stop: threading.Event | None = None, fetcher: Fetcher | None = None):  # fmt: skip
        self.config = config
        self.db_path = db_path
        self.monitor = monitor if monitor is not None else Monitor.from_config(config)
        if extractor is None:
            from .extract.pipeline import Extractor

            extractor = Extractor()
        self.extractor = extractor
        self.observer = observer
        self.stop = stop or threading.Event()
        self.fetcher = fetcher or Fetcher(config.fetch)

    # -- one pass ---------------------------------------------------------------------------
    def run_paths(self, paths: Sequence[str]) -> RunSummary:
        return self.run_items(lambda w: iter_paths(paths, self.fetcher, self.config.max_chars))

    def run_sources(self, sources: Sequence[SourceConfig]) -> RunSummary:
        def items(writer: Writer) -> Iterator[Item]:
            skip = _feed_skip(writer)
            for src in sources:
                if self.stop.is_set():
                    return
                if self.observer:
                    self.observer.on_source(src.label())
                yield from iter_source(src, self.fetcher, skip=skip,
                                       max_chars=self.config.max_chars)  # fmt: skip

        return self.run_items(items)

    def run_items(self, make_items: Callable[[Writer], Iterable[Item]]) -> RunSummary:
        """The monitor's pass over the items ``make_items(writer)`` yields (articles with
        their source stamp, or InputErrors): extract, store, merge and alert in batches."""
        summary = RunSummary()
        with ExitStack() as stack:
            writer = stack.enter_context(Writer(self.db_path))
            writer.recompute = self.monitor.with_reports
            self._deliver(writer, summary)  # left over from a run that stopped before delivery
            pending: list[tuple[Extraction, str | None]] = []
            in_batch: set[str] = set()
            for item in make_items(writer):
                if isinstance(item, InputError):
                    summary.add_error(str(item))
                    self._tick("error")
                else:
                    article, stamp = item
                    h = article.content_hash
                    if h in in_batch or writer.has_content(h):
                        summary.articles_seen += 1
                        self._tick("seen")
                    else:
                        in_batch.add(h)
                        pending.append((self.extractor.extract(article), stamp))
                        self._tick("new")
                if len(pending) >= self.config.batch_size:
                    self.commit_batch(writer, pending, summary)
                    pending, in_batch = [], set()
                if self.stop.is_set():
                    summary.stopped = True
                    break
            if pending:
                self.commit_batch(writer, pending, summary)
        return summary

    def _tick(self, status: str) -> None:
        if self.observer:
            self.observer.on_item(status)

    # -- one batch, one transaction ---------------------------------------------------------
    def commit_batch(self, writer: Writer, pending: list[tuple[Extraction, str | None]],
                summary: RunSummary) -> None:  # fmt: skip
        now = now_iso()
        batch = RunSummary()
        with writer.transaction():
            reports: list[Report] = []
            for ext, stamp in pending:
                res = writer.add_extraction(ext, seen=now, stamp=stamp)
                if res.status == "seen":
                    batch.articles_seen += 1
                    continue
                if res.status == "updated":
                    batch.articles_updated += 1
                else:
                    batch.articles_new += 1
                batch.events_by_type.update(e.type for e in ext.events)
                batch.transfers += len(ext.transfers)
                reports.extend(res.reports)
            if reports:
                self._merge_and_alert(writer, reports, now, batch)
        summary.merge(batch)
        summary.batches += 1
        if self.observer:
            self.observer.on_batch(summary.batches, len(pending))
        self._deliver(writer, summary)

    def _merge_and_alert(self, writer: Writer, reports: list[Report], now: str,
                         batch: RunSummary) -> None:  # fmt: skip
        m = self.monitor
        if m.candidate_filter is not None:
            filters = [m.candidate_filter(r, window_days=m.window_days) for r in reports]
        else:
            filters = [_simple_filter(r) for r in reports]
        candidates = writer.candidate_incidents(filters)
        kwargs: dict[str, Any] = {"window_days": m.window_days}
        known: dict[str, Report] = {r.record_id: r for r in reports}
        if m.pass_members and candidates:
            wanted = {rid for c in candidates for rid in c.record_ids} - known.keys()
            known.update((r.record_id, r) for r in writer.reports_for(sorted(wanted)))
            kwargs["members"] = {c.id: [known[r] for r in c.record_ids if r in known]
                                 for c in candidates}  # fmt: skip
        changed, mapping = m.assign(reports, candidates, **kwargs)
        need = {rid for inc in changed for rid in inc.record_ids} - known.keys()
        if need:
            known.update((r.record_id, r) for r in writer.reports_for(sorted(need)))
        batch.incidents_new += writer.save_incidents(changed, mapping)
        batch.incidents_changed += len(changed)
        for inc in changed:
            batch.contested += inc.contested
            rids = set(inc.record_ids) | {r for r, i in mapping.items() if i == inc.id}
            missing = rids - known.keys()
            if missing:
                known.update((r.record_id, r) for r in writer.reports_for(sorted(missing)))
            inc_reports = sorted((known[r] for r in rids if r in known),
                                 key=lambda r: (r.seen, r.record_id))  # fmt: skip
            for rule in m.evaluate(m.rules, inc, inc_reports):
                alert = m.make_alert(rule, inc, inc_reports, now)
                fingerprint = alert.details.get("fingerprint")
                fingerprint = None if fingerprint is None else str(fingerprint)
                state = writer.alert_state(alert.rule, inc.id)
                if state is None:
                    writer.save_alert(alert, fingerprint, new=True)
                    batch.alerts_new += 1
                    batch.alerts.append((alert, True))
                elif state[2] != fingerprint:
                    alert = dataclasses.replace(alert, id=state[0], created=state[1])
                    writer.save_alert(alert, fingerprint, new=False)
                    batch.alerts_updated += 1
                    batch.alerts.append((alert, False))

    def _deliver(self, writer: Writer, summary: RunSummary) -> None:
        """Send stored, undelivered alerts to the sinks; mark those every sink took."""
        if not self.monitor.sinks:
            pending = writer.pending_alerts()
            writer.mark_delivered([a.id for a, _ in pending])
            return
        done = []
        for alert, new in writer.pending_alerts():
            ok = True
            for sink in self.monitor.sinks:
                try:
                    sink.send(alert, new)
                except Exception as e:  # noqa: BLE001 - a sink's failure must not stop a run
                    ok = False
                    summary.delivery_errors.append(f"{type(sink).__name__}: {alert.id}: {e}")
            if ok:
                done.append(alert.id)
        writer.mark_delivered(done)


def _simple_filter(r: Report) -> dict[str, Any]:
    rec = r.record
    if r.kind == "transfer":
        return {"kind": "transfer", "type": "TRANSFER",
                "codes": codes(rec.supplier) + codes(rec.recipient)}  # fmt: skip
    return {"kind": "event", "type": rec.type, "codes": codes(rec.source) + codes(rec.target)}


def _feed_skip(writer: Writer) -> Callable[[str, str | None], bool]:
    """Feed entries whose URL is stored and whose stamp has not changed are not fetched again."""

    def skip(url: str, stamp: str | None) -> bool:
        state = writer.url_state(url)
        return state is not None and (stamp is None or state[1] == stamp)

    return skip


def run(config: Config, paths: Sequence[str] | None = None, *, db_path: str,
        **kwargs: Any) -> RunSummary:  # fmt: skip
    """One pass: the given paths/URLs, else the configured sources, else the sample corpus."""
    runner = Runner(config, db_path, **kwargs)
    if paths:
        return runner.run_paths(paths)
    if config.sources:
        return runner.run_sources(config.sources)
    return runner.run_paths([sample_corpus()])


def watch(config: Config, every: float, *, db_path: str, stop: threading.Event,
          on_cycle: Callable[[int, RunSummary], None] | None = None,
          clock: Callable[[], float] | None = None, **kwargs: Any) -> RunSummary:  # fmt: skip
    """Repeat passes over the configured sources (each at its own ``every``, else ``every``)
    until ``stop`` is set; the store is opened only during a pass, so queries work between."""
    import time

    if not config.sources:
        raise ArmswatchError(f"{config.path}: watch needs [[sources]] in the config")
    clock = clock or time.monotonic
    runner = Runner(config, db_path, stop=stop, **kwargs)
    total = RunSummary()
    next_due = {i: 0.0 for i in range(len(config.sources))}
    cycle = 0
    while not stop.is_set():
        t = clock()
        due = [i for i, when in next_due.items() if when <= t]
        if due:
            cycle += 1
            summary = runner.run_sources([config.sources[i] for i in due])
            total.merge(summary)
            for i in due:
                next_due[i] = t + (config.sources[i].every or every)
            if on_cycle:
                on_cycle(cycle, summary)
        wait = max(0.0, min(next_due.values()) - clock())
        stop.wait(min(wait, 60.0) if wait > 0 else 0.05)
    total.stopped = True
    return total
