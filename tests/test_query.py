"""`armswatch query` filters and formats, and the run/watch commands, through register(app)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest
import typer
from test_pipeline import SRC, TESTS, StubExtractor, fake_monitor, make_runner
from typer.testing import CliRunner

from armswatch import cli_monitor, pipeline
from armswatch.config import Config
from armswatch.store.query import Filters, build

ARTICLES = [
    ("a1", "2024-03-01", "RUS attacked UKR near Kharkiv. UKR denied the losses."),
    ("a2", "2024-03-10", "RUS attacked UKR again."),
    ("a3", "2024-04-02", "USA met CHN in Geneva. IRN delivered drones to RUS."),
    ("a4", "2023-12-30", "ISR attacked SYR. IRN threatened ISR."),
    ("a5", "2024-05-05", "USA delivered missiles to UKR."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("q")
    f = d / "c.jsonl"
    f.write_text(
        "".join(
            json.dumps({"id": i, "published": p, "text": t, "outlet": "W"}) + "\n"
            for i, p, t in ARTICLES
        )
    )
    path = d / "s.duckdb"
    make_runner(path).run_paths([str(f)])
    return str(path)


@pytest.fixture
def app():
    a = typer.Typer()
    cli_monitor.register(a)
    return a


def q(app, db, *args):
    res = CliRunner().invoke(app, ["query", *args, "--db", db])
    assert res.exit_code == 0, res.output
    return res.output


def jl(app, db, *args):
    return [json.loads(x) for x in q(app, db, *args, "--format", "jsonl").splitlines() if x]


def test_event_filters(app, db):
    assert len(jl(app, db, "events")) == 5
    rus = jl(app, db, "events", "--actor", "RUS")
    assert {r["article_id"] for r in rus} == {"a1", "a2"}
    assert jl(app, db, "events", "--actor", "rus", "--role", "target") == []
    assert {r["article_id"] for r in jl(app, db, "events", "--actor", "ISR", "--role", "any")} == {
        "a4"
    }
    both = jl(app, db, "events", "--actor", "ISR", "--actor", "SYR")  # all must take part
    assert [r["type"] for r in both] == ["ASSAULT"]
    assert [r["type"] for r in jl(app, db, "events", "--type", "consult")] == ["CONSULT"]
    march = jl(app, db, "events", "--since", "2024-03-01", "--until", "2024-03-31")
    assert {r["article_id"] for r in march} == {"a1", "a2"}
    assert {r["article_id"] for r in jl(app, db, "events", "--since", "2024-04")} == {"a3"}
    assert {r["article_id"] for r in jl(app, db, "events", "--until", "2023")} == {"a4"}
    contested = jl(app, db, "events", "--contested")
    assert [(r["article_id"], r["denied_by"]) for r in contested] == [("a1", ["UKR"])]
    assert contested[0]["record"]["kind"] == "event"  # the full record, as JSON
    assert len(jl(app, db, "events", "--modality", "actual")) == 5
    assert jl(app, db, "events", "--modality", "negated") == []
    assert len(jl(app, db, "events", "--limit", "2")) == 2
    assert {r["type"] for r in jl(app, db, "events", "--actor", "IRN", "--role", "source")} == {
        "THREATEN"
    }


def test_transfer_incident_alert_filters(app, db):
    assert {tuple(r["supplier"]) for r in jl(app, db, "transfers")} == {("IRN",), ("USA",)}
    assert [
        r["recipient"] for r in jl(app, db, "transfers", "--actor", "USA", "--role", "supplier")
    ] == [["UKR"]]
    assert jl(app, db, "transfers", "--actor", "USA", "--role", "recipient") == []
    incs = jl(app, db, "incidents", "--actor", "RUS", "--role", "source", "--type", "ASSAULT")
    assert len(incs) == 1 and incs[0]["reports"] == 2 and incs[0]["contested"] is True
    assert len(jl(app, db, "incidents", "--actor", "USA", "--role", "supplier")) == 1
    assert [i["type"] for i in jl(app, db, "incidents", "--contested")] == ["ASSAULT"]
    alerts = jl(app, db, "alerts")
    assert len(alerts) == 1 and alerts[0]["rule"] == "contested"
    assert alerts[0]["details"] == {"fingerprint": "['UKR']"}
    assert len(jl(app, db, "alerts", "--actor", "UKR")) == 1
    assert jl(app, db, "alerts", "--actor", "CHN") == []


def test_formats(app, db, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    table = q(app, db, "events", "--actor", "RUS")
    assert "ASSAULT" in table and "events (2)" in table
    rows = list(csv.reader(io.StringIO(q(app, db, "transfers", "--format", "csv"))))
    assert rows[0][:3] == ["record_id", "date", "stage"] and len(rows) == 3
    out = tmp_path / "e.csv"
    q(app, db, "events", "--format", "csv", "-o", str(out))
    assert len(out.read_text().splitlines()) == 6
    pq = tmp_path / "e.parquet"
    q(app, db, "events", "--format", "parquet", "-o", str(pq), "--limit", "0")
    import pyarrow.parquet as pqm

    t = pqm.read_table(pq)
    assert t.num_rows == 5 and t.schema.field("source").type.value_type == "string"
    res = CliRunner().invoke(app, ["query", "events", "--format", "parquet", "--db", db])
    assert res.exit_code == 2 and "-o" in res.output


def test_query_errors(app, db, tmp_path):
    res = CliRunner().invoke(app, ["query", "things", "--db", db])
    assert res.exit_code == 2 and "unknown table" in res.output
    res = CliRunner().invoke(app, ["query", "events", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "no store" in res.output
    with pytest.raises(Exception, match="role"):
        build("events", Filters(role="victim"))


def test_run_command_summary_and_db_env(app, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.Monitor, "from_config", classmethod(lambda c, cfg: fake_monitor()))
    monkeypatch.setattr("armswatch.extract.pipeline.Extractor", StubExtractor)
    f = tmp_path / "c.jsonl"
    f.write_text(
        "".join(json.dumps({"id": i, "published": p, "text": t}) + "\n" for i, p, t in ARTICLES)
        + "{broken\n"
    )
    monkeypatch.setenv("ARMSWATCH_DB", str(tmp_path / "env.duckdb"))
    res = CliRunner().invoke(app, ["run", str(f)])
    assert res.exit_code == 3, res.output  # one line skipped
    assert (tmp_path / "env.duckdb").exists()
    for text in ("articles new", "events ASSAULT", "incidents new", "alerts new", "NEW", "skipped"):
        assert text in res.output, text
    res = CliRunner().invoke(app, ["run", str(f), "--db", str(tmp_path / "flag.duckdb")])
    assert res.exit_code == 3 and (tmp_path / "flag.duckdb").exists()
    cfg = tmp_path / "a.toml"
    cfg.write_text("[fetch]\nbogus = 1\n")
    res = CliRunner().invoke(app, ["run", "--config", str(cfg)])
    assert res.exit_code == 2 and "fetch.bogus" in res.output


def test_run_without_paths_uses_the_sample_corpus(tmp_path, monkeypatch):
    called = {}

    def fake_run_paths(self, paths):
        called["paths"] = paths
        return pipeline.RunSummary()

    monkeypatch.setattr(pipeline.Runner, "run_paths", fake_run_paths)
    monkeypatch.setattr(pipeline, "sample_corpus", lambda: "/sample.jsonl")
    pipeline.run(
        Config(),
        None,
        db_path=str(tmp_path / "s.duckdb"),
        extractor=StubExtractor(),
        monitor=fake_monitor(),
    )
    assert called["paths"] == ["/sample.jsonl"]


_WATCH = textwrap.dedent("""
    import sys
    sys.path[:0] = [{tests!r}, {src!r}]
    import typer
    from armswatch import cli_monitor, pipeline
    from test_pipeline import StubExtractor, fake_monitor
    pipeline.Monitor.from_config = classmethod(lambda c, cfg: fake_monitor())
    import armswatch.extract.pipeline as ep
    ep.Extractor = lambda: StubExtractor(delay=0.01)
    app = typer.Typer()
    cli_monitor.register(app)
    app(["watch", "--every", "1s", "--config", {cfg!r}, "--db", {db!r}])
""")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_watch_stops_cleanly_on_signal(tmp_path, sig):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": f"w{i}", "text": f"RUS attacked UKR {i}."}) + "\n" for i in range(200)
        )
    )
    cfg = tmp_path / "w.toml"
    cfg.write_text(f"[run]\nbatch_size = 10\n[[sources]]\nkind = 'jsonl'\npath = '{corpus}'\n")
    db = tmp_path / "w.duckdb"
    code = _WATCH.format(tests=str(TESTS), src=str(SRC), cfg=str(cfg), db=str(db))
    p = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    for line in p.stderr:  # wait until it is watching, then stop it mid-pass
        if line.startswith("watching"):
            break
    import time

    time.sleep(0.8)
    p.send_signal(sig)
    _, errout = p.communicate(timeout=30)
    assert p.returncode == 0, errout
    assert "stopped" in errout
    from armswatch.store import Writer

    with Writer(db) as w:
        c = w.counts()
    # stopped mid-pass: what was extracted was committed whole (one event per article)
    assert 0 < c["documents"] < 200 and c["events"] == c["documents"], c
