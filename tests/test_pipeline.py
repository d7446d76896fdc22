"""The run/watch orchestration: batches, incidents, alerts once, and the kill -9 test.

The stub extractor and fake merge/alert functions here are shared by test_store, test_sources and
test_query (and by the subprocesses of the kill test): they make records from a tiny pattern
language so the tests need neither spaCy nor the real rule engine.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from armswatch.config import Config
from armswatch.model import Actor, Alert, Event, Extraction, Incident, Transfer, codes
from armswatch.pipeline import Monitor, Runner, RunSummary, watch
from armswatch.store import Writer

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"

# -- fakes --------------------------------------------------------------------------------------
_EVENT = re.compile(r"\b([A-Z]{3}) (attacked|met|accused|threatened) ([A-Z]{3})\b")
_TRANSFER = re.compile(r"\b([A-Z]{3}) delivered (\w+) to ([A-Z]{3})\b")
_DENY = re.compile(r"\b([A-Z]{3}) denied\b")
_TYPES = {"attacked": "ASSAULT", "met": "CONSULT", "accused": "ACCUSE", "threatened": "THREATEN"}


class StubExtractor:
    """'RUS attacked UKR.' → ASSAULT RUS→UKR; 'IRN delivered drones to RUS.' → a transfer;
    'XXX denied' → XXX denies every record of the article."""

    version = "stub-1"

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.calls = 0

    def extract(self, article):
        self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        t = article.text
        denied = tuple(Actor(c) for c in dict.fromkeys(_DENY.findall(t)))
        events = {}
        for m in _EVENT.finditer(t):
            e = Event(
                type=_TYPES[m.group(2)],
                source=(Actor(m.group(1), name=f"n{m.group(1)}"),),
                target=(Actor(m.group(3)),),
                denied_by=denied,
                date=article.published,
                trigger=m.group(2),
            )
            events.setdefault(e.key(), e)
        transfers = {}
        for m in _TRANSFER.finditer(t):
            tr = Transfer(
                supplier=(Actor(m.group(1)),),
                recipient=(Actor(m.group(3)),),
                stage="delivery",
                items=("drones",) if "drone" in m.group(2) else (),
                denied_by=denied,
                date=article.published,
                trigger="delivered",
            )
            transfers.setdefault(tr.key(), tr)
        return Extraction(
            article=article,
            events=tuple(events.values()),
            transfers=tuple(transfers.values()),
            version=self.version,
        )


def _ikey(r) -> tuple:
    rec = r.record
    if isinstance(rec, Transfer):
        return ("transfer", "TRANSFER", tuple(codes(rec.supplier)), tuple(codes(rec.recipient)))
    return ("event", rec.type, tuple(codes(rec.source)), tuple(codes(rec.target)))


def fake_assign(reports, incidents, *, window_days=31):
    """One incident per (kind, type, source, target), as the real merger would roughly do."""
    by_key = {(i.kind, i.type, i.source, i.target): i for i in incidents}
    changed = {}
    mapping = {}
    for r in reports:
        k = _ikey(r)
        inc = changed.get(k) or by_key.get(k)
        if inc is None:
            iid = "inc-" + hashlib.sha1(repr(k).encode()).hexdigest()[:12]
            inc = Incident(
                id=iid,
                kind=k[0],
                type=k[1],
                source=k[2],
                target=k[3],
                modality=r.record.modality,
                date=r.record.date,
                first_seen=r.seen,
                last_seen=r.seen,
                reports=0,
                outlets=0,
            )
        denied = tuple(dict.fromkeys(inc.denied_by + tuple(codes(r.record.denied_by))))
        inc = replace(
            inc,
            record_ids=inc.record_ids + (r.record_id,),
            reports=inc.reports + 1,
            outlets=inc.outlets + (1 if r.outlet else 0),
            denied_by=denied,
            last_seen=r.seen,
        )
        changed[k] = inc
        mapping[r.record_id] = inc.id
    return list(changed.values()), mapping


@dataclass(frozen=True)
class FakeRule:
    id: str
    only_contested: bool = False


def fake_evaluate(rules, incident, reports):
    return [r for r in rules if incident.contested or not r.only_contested]


def fake_make_alert(rule, incident, reports, now):
    return Alert(
        id="al-" + hashlib.sha1(f"{rule.id}|{incident.id}".encode()).hexdigest()[:12],
        rule=rule.id,
        incident_id=incident.id,
        created=now,
        updated=now,
        summary=f"{incident.type} {incident.source}->{incident.target}",
        details={"fingerprint": f"{sorted(incident.denied_by)}"},
    )


class ListSink:
    def __init__(self):
        self.sent: list[tuple[str, str, bool]] = []

    def send(self, alert, new):
        self.sent.append((alert.rule, alert.incident_id, new))


def fake_monitor(sink=None) -> Monitor:
    return Monitor(
        assign=fake_assign,
        evaluate=fake_evaluate,
        make_alert=fake_make_alert,
        rules=[FakeRule("contested", only_contested=True)],
        sinks=[sink] if sink is not None else [],
    )


def write_corpus(path: Path, n: int, *, start: int = 0) -> Path:
    actors = ["RUS", "UKR", "USA", "CHN", "IRN", "ISR", "SYR", "TUR"]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            a, b = actors[i % 8], actors[(i * 3 + 1) % 8]
            if a == b:
                b = "FRA"
            text = f"Report {i}. {a} attacked {b} near the border. IRN delivered drones to {a}."
            if i % 7 == 0:
                text += f" {b} denied the report."
            fh.write(
                json.dumps(
                    {
                        "id": f"a{i}",
                        "text": text,
                        "title": f"T{i}",
                        "published": f"2024-03-{1 + i % 28:02d}",
                        "outlet": f"outlet{i % 3}",
                    }
                )
                + "\n"
            )
    return path


def make_runner(db, *, batch_size=5, sink=None, extractor=None, **kw) -> Runner:
    return Runner(
        Config(batch_size=batch_size),
        str(db),
        extractor=extractor or StubExtractor(),
        monitor=fake_monitor(sink),
        **kw,
    )


def counts(db) -> dict[str, int]:
    with Writer(db) as w:
        return w.counts()


# -- tests --------------------------------------------------------------------------------------
def test_run_stores_merges_and_alerts_once(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 30)
    db = tmp_path / "s.duckdb"
    sink = ListSink()
    s = make_runner(db, sink=sink).run_paths([str(corpus)])
    assert (s.articles_new, s.articles_seen, s.error_count) == (30, 0, 0)
    assert s.events_by_type["ASSAULT"] == 30 and s.transfers == 30
    assert s.batches == 6
    c = counts(db)
    assert c["documents"] == 30 and c["events"] == 30 and c["transfers"] == 30
    assert c["incidents"] == s.incidents_new > 0
    assert c["incident_records"] == 60
    assert s.alerts_new == c["alerts"] > 0 and s.alerts_updated == 0
    assert len(sink.sent) == s.alerts_new and all(new for *_, new in sink.sent)
    # a second run: nothing new, nothing re-alerted, nothing re-extracted
    ext = StubExtractor()
    s2 = make_runner(db, sink=sink, extractor=ext).run_paths([str(corpus)])
    assert (s2.articles_new, s2.articles_seen, s2.alerts_new, s2.alerts_updated) == (0, 30, 0, 0)
    assert ext.calls == 0 and counts(db) == c and len(sink.sent) == s.alerts_new


def test_later_report_updates_the_alert(tmp_path):
    db = tmp_path / "s.duckdb"
    sink = ListSink()
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps({"id": "x1", "text": "RUS attacked UKR. UKR denied it."}) + "\n")
    s = make_runner(db, sink=sink).run_paths([str(one)])
    assert s.alerts_new == 1 and sink.sent == [("contested", s.alerts[0][0].incident_id, True)]
    two = tmp_path / "two.jsonl"  # same incident, one more denier: the fingerprint changes
    two.write_text(json.dumps({"id": "x2", "text": "RUS attacked UKR. POL denied it."}) + "\n")
    s2 = make_runner(db, sink=sink).run_paths([str(two)])
    assert (s2.alerts_new, s2.alerts_updated, s2.incidents_new) == (0, 1, 0)
    assert sink.sent[-1][2] is False and counts(db)["alerts"] == 1
    three = tmp_path / "three.jsonl"  # same again, no change worth re-alerting
    three.write_text(json.dumps({"id": "x3", "text": "RUS attacked UKR. POL denied."}) + "\n")
    s3 = make_runner(db, sink=sink).run_paths([str(three)])
    assert (s3.alerts_new, s3.alerts_updated) == (0, 0) and len(sink.sent) == 2


def test_failed_batch_rolls_back_everything(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 12)
    db = tmp_path / "s.duckdb"
    calls = {"n": 0}

    def boom(reports, incidents, window_days=31):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("merger failed")
        return fake_assign(reports, incidents)

    r = make_runner(db)
    r.monitor.assign = boom
    with pytest.raises(RuntimeError):
        r.run_paths([str(corpus)])
    c = counts(db)
    assert c["documents"] == 5 and c["events"] == 5 and c["incident_records"] == 10
    s = make_runner(db).run_paths([str(corpus)])  # completes the rest
    assert (s.articles_new, s.articles_seen) == (7, 5)


def test_undelivered_alerts_are_sent_on_the_next_run(tmp_path):
    class Broken:
        def send(self, alert, new):
            raise OSError("webhook down")

    corpus = write_corpus(tmp_path / "c.jsonl", 8)
    db = tmp_path / "s.duckdb"
    r = make_runner(db)
    r.monitor.sinks = [Broken()]
    s = r.run_paths([str(corpus)])
    assert s.alerts_new > 0 and s.delivery_errors
    sink = ListSink()
    make_runner(db, sink=sink).run_paths([str(corpus)])
    assert len(sink.sent) == s.alerts_new


def test_stop_event_ends_the_run_after_committing(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 40)
    db = tmp_path / "s.duckdb"
    stop = threading.Event()

    class Obs:
        def on_source(self, label): ...
        def on_item(self, status):
            if status == "new":
                self.n = getattr(self, "n", 0) + 1
                if self.n == 7:
                    stop.set()

        def on_batch(self, number, documents): ...

    s = make_runner(db, observer=Obs(), stop=stop).run_paths([str(corpus)])
    assert s.stopped and s.articles_new == 7 and counts(db)["documents"] == 7


def test_watch_repeats_until_stopped(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 3)
    from armswatch.config import SourceConfig

    cfg = Config(sources=(SourceConfig(kind="files", path=str(corpus)),))
    stop = threading.Event()
    cycles: list[RunSummary] = []

    def on_cycle(n, s):
        cycles.append(s)
        if n == 1:  # new articles arrive between passes
            write_corpus(corpus, 5)
        if n == 3:
            stop.set()

    watch(
        cfg,
        0.05,
        db_path=str(tmp_path / "s.duckdb"),
        stop=stop,
        on_cycle=on_cycle,
        extractor=StubExtractor(),
        monitor=fake_monitor(),
    )
    assert [c.articles_new for c in cycles] == [3, 2, 0]


# -- kill -9 ------------------------------------------------------------------------------------
_CHILD = textwrap.dedent("""
    import sys
    sys.path[:0] = [{tests!r}, {src!r}]
    from test_pipeline import make_runner, StubExtractor
    class Obs:
        def on_source(self, label): pass
        def on_item(self, status): pass
        def on_batch(self, number, documents):
            print("BATCH", number, flush=True)
    s = make_runner({db!r}, batch_size=10, extractor=StubExtractor(delay=0.004),
                    observer=Obs()).run_paths([{corpus!r}])
    print("DONE", s.articles_new, s.articles_seen, flush=True)
""")


def _child(db: Path, corpus: Path) -> subprocess.Popen:
    code = _CHILD.format(tests=str(TESTS), src=str(SRC), db=str(db), corpus=str(corpus))
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _run_to_end(db: Path, corpus: Path) -> tuple[int, int]:
    p = _child(db, corpus)
    out, _ = p.communicate(timeout=120)
    assert p.returncode == 0, out
    done = next(ln for ln in out.splitlines() if ln.startswith("DONE")).split()
    return int(done[1]), int(done[2])


def test_kill_9_mid_ingest_then_resume_equals_clean_run(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 300)
    clean_db = tmp_path / "clean.duckdb"
    assert _run_to_end(clean_db, corpus) == (300, 0)
    clean = counts(clean_db)

    db = tmp_path / "killed.duckdb"
    evidence = []
    for kill_after in (1, 4):  # killed twice, at different points, before a final full run
        p = _child(db, corpus)
        seen_batches = 0
        for line in p.stdout:
            if line.startswith("BATCH"):
                seen_batches += 1
                if seen_batches == kill_after:
                    os.kill(p.pid, signal.SIGKILL)
                    break
            assert not line.startswith("DONE"), "the child finished before it was killed"
        p.wait(timeout=30)
        assert p.returncode == -signal.SIGKILL
        evidence.append(counts(db)["documents"])
    assert 0 < evidence[0] < 300 and evidence[1] < 300, evidence
    new, seen = _run_to_end(db, corpus)
    print(
        f"\nkill-9 evidence: documents after kills {evidence}; resume: {new} new + {seen} seen;"
        f" clean: {clean}"
    )
    assert new + seen == 300 and seen == evidence[-1]
    assert counts(db) == clean
