"""The DuckDB store: schema migrations, one writer, idempotent ingest, transactions."""

from __future__ import annotations

import json

import duckdb
import pytest
from test_pipeline import StubExtractor, counts, make_runner, write_corpus

from armswatch.model import Actor, Article, Event, Extraction, Transfer
from armswatch.store import LATEST, Writer, migrate, record_id
from armswatch.store.schema import current_version


def _ext(text="RUS attacked UKR. IRN delivered drones to RUS.", **kw) -> Extraction:
    art = Article(id=kw.pop("id", "a1"), text=text, title=kw.pop("title", "T"), **kw)
    return StubExtractor().extract(art)


def test_fresh_store_is_at_latest_version(tmp_path):
    with Writer(tmp_path / "s.duckdb") as w:
        assert current_version(w.conn) == LATEST
        tables = {
            r[0]
            for r in w.conn.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    assert {
        "documents",
        "events",
        "transfers",
        "actors",
        "record_actors",
        "incidents",
        "incident_records",
        "alerts",
        "schema_version",
    } <= tables


def test_v1_store_is_migrated_keeping_its_data(tmp_path):
    path = str(tmp_path / "old.duckdb")
    conn = duckdb.connect(path)
    assert migrate(conn, target=1) == 1
    conn.execute(
        "INSERT INTO documents VALUES ('h1', 'a1', 'https://x.org/a', 'X', 'T',"
        " '2024-01-01', now(), 'v0', 'text', NULL)"
    )
    conn.execute(
        "INSERT INTO events VALUES ('r1', 'a1', 'h1', 'ASSAULT', 'actual', NULL,"
        " ['RUS'], ['UKR'], [], [], 4, 0.5, 'x/1', 'v0', '{}')"
    )
    conn.close()
    with Writer(path) as w:  # opening migrates
        assert current_version(w.conn) == LATEST
        assert w.conn.execute("SELECT version, current, stamp FROM documents").fetchall() == [
            (1, True, None)
        ]
        assert w.counts()["events"] == 1
        assert w.url_state("https://x.org/a") == ("h1", None)
        versions = [
            r[0] for r in w.conn.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
        ]
    assert versions == list(range(1, LATEST + 1))
    with Writer(path) as w:  # and migrating again is a no-op
        assert migrate(w.conn) == LATEST


def test_store_newer_than_code_is_refused(tmp_path):
    conn = duckdb.connect(str(tmp_path / "s.duckdb"))
    migrate(conn)
    conn.execute("INSERT INTO schema_version (version) VALUES (?)", [LATEST + 1])
    with pytest.raises(Exception, match="newer"):
        migrate(conn)


def test_records_rows_actors_and_roles(tmp_path):
    ext = _ext(
        "RUS attacked UKR. IRN delivered drones to RUS. USA denied.",
        url="https://x/1",
        outlet="Wire",
        published="2024-03-02",
    )
    with Writer(tmp_path / "s.duckdb") as w:
        with w.transaction():
            res = w.add_extraction(ext, seen="2024-03-02T10:00:00")
        assert res.status == "new" and len(res.reports) == 2
        assert {r.kind for r in res.reports} == {"event", "transfer"}
        ev = w.conn.execute(
            "SELECT type, source, target, denied_by, quad_class, modality, date,"
            " record, extractor_version FROM events"
        ).fetchone()
        assert ev[:7] == ("ASSAULT", ["RUS"], ["UKR"], ["USA"], 4, "actual", "2024-03-02")
        assert json.loads(ev[7])["trigger"] == "attacked" and ev[8] == "stub-1"
        tr = w.conn.execute("SELECT supplier, recipient, items, stage FROM transfers").fetchone()
        assert tr == (["IRN"], ["RUS"], ["drones"], "delivery")
        roles = set(w.conn.execute("SELECT role, code FROM record_actors").fetchall())
        assert roles == {
            ("source", "RUS"),
            ("target", "UKR"),
            ("denied_by", "USA"),
            ("supplier", "IRN"),
            ("recipient", "RUS"),
        }
        assert ("RUS", "nRUS", "state") in w.conn.execute("SELECT * FROM actors").fetchall()
        # reports rebuilt from the store equal the ones written
        again = w.reports_for([r.record_id for r in res.reports])
        assert {r.record_id: r.record for r in again} == {
            r.record_id: r.record for r in res.reports
        }


def test_record_ids_are_stable_and_versioned():
    a = record_id("h", "event", ("ASSAULT", ("RUS",), ("UKR",), "actual"), "v1")
    assert a == record_id("h", "event", ("ASSAULT", ("RUS",), ("UKR",), "actual"), "v1")
    assert a != record_id("h", "event", ("ASSAULT", ("RUS",), ("UKR",), "actual"), "v2")
    assert a != record_id("h2", "event", ("ASSAULT", ("RUS",), ("UKR",), "actual"), "v1")


def test_two_records_with_one_key_are_both_kept(tmp_path):
    art = Article(id="d", text="x")
    e = Event(type="ASSAULT", source=(Actor("RUS"),), target=(Actor("UKR"),), date="2024-01-01")
    ext = Extraction(
        article=art,
        events=(
            e,
            Event(
                type="ASSAULT", source=(Actor("RUS"),), target=(Actor("UKR"),), date="2024-02-01"
            ),
        ),
        transfers=(
            Transfer(supplier=(Actor("USA"),), recipient=(Actor("UKR"),), stage="agreement"),
        ),
        version="v",
    )
    with Writer(tmp_path / "s.duckdb") as w:
        with w.transaction():
            res = w.add_extraction(ext)
        ids = [r.record_id for r in res.reports]
        assert len(set(ids)) == 3 and ids[1] == ids[0] + "-2"


def test_same_article_twice_is_stored_once(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 10)
    db = tmp_path / "s.duckdb"
    make_runner(db).run_paths([str(corpus)])
    before = counts(db)
    # the same file again, and a copy of it under another name with other ids
    copy = tmp_path / "copy.jsonl"
    copy.write_text(
        "\n".join(
            json.dumps({**json.loads(ln), "id": "other" + str(i)})
            for i, ln in enumerate(corpus.read_text().splitlines())
        )
        + "\n"
    )
    s = make_runner(db).run_paths([str(corpus), str(copy)])
    assert (s.articles_new, s.articles_seen) == (0, 20)
    assert counts(db) == before and before["documents"] == 10


def test_duplicate_inside_one_batch_is_stored_once(tmp_path):
    line = json.dumps({"id": "a", "text": "RUS attacked UKR."})
    f = tmp_path / "d.jsonl"
    f.write_text(line + "\n" + line + "\n")
    s = make_runner(tmp_path / "s.duckdb").run_paths([str(f)])
    assert (s.articles_new, s.articles_seen) == (1, 1)


def test_changed_article_at_same_url_replaces_records(tmp_path):
    db = tmp_path / "s.duckdb"
    with Writer(db) as w:
        with w.transaction():
            assert w.add_extraction(_ext("RUS attacked UKR.", url="https://x/a")).status == "new"
        with w.transaction():
            res = w.add_extraction(_ext("RUS threatened UKR.", url="https://x/a"))
        assert res.status == "updated"
        with w.transaction():  # the first text again: known content, nothing happens
            assert w.add_extraction(_ext("RUS attacked UKR.", url="https://x/a")).status == "seen"
        assert w.conn.execute("SELECT type FROM events").fetchall() == [("THREATEN",)]
        assert w.conn.execute("SELECT count(*) FROM record_actors").fetchone()[0] == 2
        new_hash = _ext("RUS threatened UKR.", url="https://x/a").article.content_hash
        assert w.url_state("https://x/a") == (new_hash, None)


def test_writes_need_a_transaction_and_roll_back(tmp_path):
    with Writer(tmp_path / "s.duckdb") as w:
        with pytest.raises(RuntimeError, match="inside"):
            w.add_extraction(_ext())
        with pytest.raises(ZeroDivisionError), w.transaction():
            w.add_extraction(_ext())
            raise ZeroDivisionError
        assert w.counts()["documents"] == 0 and w.counts()["events"] == 0


def test_alert_state_and_delivery_flags(tmp_path):
    from armswatch.model import Alert

    a = Alert(id="al1", rule="r", incident_id="i1", created="t0", updated="t0", summary="s")
    with Writer(tmp_path / "s.duckdb") as w:
        with w.transaction():
            w.save_alert(a, "fp1", new=True)
        assert w.alert_state("r", "i1") == ("al1", "t0", "fp1")
        assert w.pending_alerts() == [(a, True)]
        w.mark_delivered(["al1"])
        assert w.pending_alerts() == []
        with w.transaction():
            w.save_alert(a, "fp2", new=False)
        assert [new for _, new in w.pending_alerts()] == [False]
        assert w.alert_state("r", "i1")[2] == "fp2"
