"""armswatch batch / load on a real dask.distributed cluster (scheduler + 2 worker processes).

One cluster serves the whole module (each worker loads spaCy once, ~3 s). The corpus is written
here: 12 short articles in 3 JSON Lines files, cut into shards of 2 lines, plus a small WARC.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from armswatch.batch.output import read_table
from armswatch.batch.run import BatchOptions, load_manifest, run_batch
from armswatch.ingest import iter_articles
from armswatch.model import Article

ARTICLES = [
    (
        "b-01",
        "2024-03-04",
        "Russian forces shelled the Ukrainian city of Kharkiv on Sunday, Ukraine's defence ministry said. Moscow denied targeting civilians.",
    ),
    (
        "b-02",
        "2024-03-05",
        "Germany agreed to deliver Leopard tanks to Ukraine, Chancellor Olaf Scholz said on Tuesday after talks with Volodymyr Zelensky in Berlin.",
    ),
    (
        "b-03",
        "2024-03-09",
        "The United States imposed new sanctions on North Korea on Friday over its ballistic missile tests.",
    ),
    (
        "b-04",
        "2024-04-01",
        "Israel accused Hezbollah of firing rockets at northern Israel. Hezbollah did not comment.",
    ),
    (
        "b-05",
        "2024-04-02",
        "Iran denied supplying drones to Russia for use in Ukraine, after Washington accused Tehran of arming Moscow.",
    ),
    (
        "b-06",
        "2024-04-10",
        "China and Russia held talks in Beijing on military cooperation, the Chinese foreign ministry said.",
    ),
    (
        "b-07",
        None,
        "France will send Caesar howitzers to Armenia, the French defence minister announced.",
    ),
    (
        "b-08",
        "2024-05-02",
        "Pakistan protested to India over the firing along the Line of Control that killed two soldiers.",
    ),
    (
        "b-09",
        "2024-05-03",
        "Turkey threatened to launch a military operation against Kurdish militants in northern Syria.",
    ),
    (
        "b-10",
        "2024-05-20",
        "Japan and the Philippines signed a defence agreement in Manila on Monday.",
    ),
    (
        "b-11",
        "2024-06-01",
        "Poland received the first batch of K2 tanks from South Korea, the Polish defence ministry said.",
    ),
    (
        "b-12",
        "2024-06-15",
        "Sudan's army accused the United Arab Emirates of supplying weapons to the Rapid Support Forces, a charge the UAE denied.",
    ),
]

HTML = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{p1}</p><p>{p2}</p></article></body></html>"""
PAGES = [
    (
        "https://news.example/a1",
        "Strikes on Odesa",
        "Russian drones struck the port of Odesa overnight, Ukrainian officials said on Monday, damaging grain terminals and warehouses near the harbour.",
        "Ukraine accused Russia of trying to cripple its grain exports. The Kremlin denied that civilian infrastructure had been targeted in the attack.",
    ),
    (
        "https://news.example/a2",
        "Arms for Taiwan",
        "The United States approved the sale of Harpoon missiles to Taiwan, the State Department said on Thursday, in a deal worth more than one billion dollars.",
        "China protested against the sale and threatened countermeasures against the American companies involved, its foreign ministry said in Beijing.",
    ),
]


# ---------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        ) as c,
        Client(c) as client,
    ):
        client.wait_for_workers(2)
        yield c, client


def write_corpus(root: Path) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    files = []
    for k in range(3):
        f = root / f"shard{k}.jsonl"
        lines = []
        for aid, pub, text in ARTICLES[4 * k : 4 * k + 4]:
            obj = {"id": aid, "title": f"Title {aid}", "text": text}
            if pub:
                obj["published"] = pub
            lines.append(json.dumps(obj))
        f.write_text("\n".join(lines) + "\n", "utf-8")
        files.append(f)
    return files


def write_warc(path: Path, pages=PAGES) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for url, title, p1, p2 in pages:
            body = HTML.format(title=title, p1=p1, p2=p2).encode("utf-8")
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            w.write_record(
                w.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
    return path


def reference(extractor, articles: list[Article]) -> dict[str, tuple[list[str], list[str]]]:
    """Single-process extraction: per article id, sorted record JSON of events and transfers."""
    out = {}
    for ex in extractor.extract_many(articles):
        out[ex.article.id] = (
            sorted(json.dumps(e.to_dict(), sort_keys=True) for e in ex.events),
            sorted(json.dumps(t.to_dict(), sort_keys=True) for t in ex.transfers),
        )
    return out


def batch_records(out: Path) -> dict[str, tuple[list[str], list[str]]]:
    docs = read_table(out, "documents").to_pylist()
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids)), "duplicate documents"
    got: dict[str, tuple[list[str], list[str]]] = {d["id"]: ([], []) for d in docs}
    for i, table in enumerate(("events", "transfers")):
        rows = read_table(out, table).to_pylist()
        rids = [r["record_id"] for r in rows]
        assert len(rids) == len(set(rids)), f"duplicate {table} rows"
        for r in rows:
            got[r["article_id"]][i].append(json.dumps(json.loads(r["record"]), sort_keys=True))
    return {k: (sorted(v[0]), sorted(v[1])) for k, v in got.items()}


def articles_of(paths) -> list[Article]:
    return [a for a in iter_articles(paths) if isinstance(a, Article)]


# ---------------------------------------------------------------------------------------------
# tests


def test_batch_equals_single_process(cluster, tmp_path, extractor):
    _, client = cluster
    files = write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    s = run_batch([tmp_path / "in"], out, client=client, options=BatchOptions(shard_size=2))
    assert (s.shards, s.ok, s.failed, s.articles) == (6, 6, 0, 12)
    ref = reference(extractor, articles_of(files))
    assert sum(len(e) for e, _ in ref.values()) > 10  # the corpus does produce events
    assert batch_records(out) == ref
    assert s.events == sum(len(e) for e, _ in ref.values())
    months = {p.name for p in (out / "documents").iterdir()}
    assert "month=2024-03" in months and "month=unknown" in months
    docs = read_table(out, "documents").to_pylist()
    assert {d["id"]: d["month"] for d in docs}["b-07"] == "unknown"
    # ids are those the store gives: article content hash + record key + extractor version
    from armswatch.batch.output import record_ids

    by_id = {a.id: a for a in articles_of(files)}
    ev = read_table(out, "events").to_pylist()
    ext = extractor.extract(by_id["b-01"])
    assert sorted(r["record_id"] for r in ev if r["article_id"] == "b-01") == sorted(
        record_ids(ext)[0]
    )


def test_worker_killed_mid_shard(cluster, tmp_path, extractor):
    _, client = cluster
    files = write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    marker = tmp_path / "killed"
    s = run_batch(
        files, out, client=client, options=BatchOptions(shard_size=2, fault_marker=str(marker))
    )
    assert marker.exists()  # one worker did die half-way through a shard
    assert (s.ok, s.failed, s.articles) == (6, 0, 12)
    assert batch_records(out) == reference(extractor, articles_of(files))
    assert not list(out.rglob(".*.tmp"))
    client.wait_for_workers(2, timeout=60)  # the nanny restarts it for the next tests


def test_corrupt_warc_reported_and_rest_complete(cluster, tmp_path, extractor):
    c, _ = cluster
    import typer
    from typer.testing import CliRunner

    from armswatch import cli_batch
    from armswatch.sources.warc import iter_warc

    inp = tmp_path / "in"
    files = write_corpus(inp)
    warc = write_warc(inp / "news.warc.gz")
    bad = inp / "broken.warc.gz"
    bad.write_bytes(gzip.compress(b"WARC/1.0\r\nthis is not a warc record\r\n")[:40] + b"junk")
    app = typer.Typer()
    cli_batch.register(app)
    out = tmp_path / "out"
    res = CliRunner().invoke(
        app,
        [
            "batch",
            str(inp),
            "--out",
            str(out),
            "--scheduler",
            c.scheduler_address,
            "--shard-size",
            "1",
            "--retries",
            "1",
        ],
    )
    assert res.exit_code == 3, res.output
    assert "broken.warc.gz" in res.output and "1 failed" in res.output
    web = [a for a in iter_warc(warc) if isinstance(a, Article)]
    assert len(web) == 2
    ref = reference(extractor, articles_of(files) + web)
    assert batch_records(out) == ref
    m = load_manifest(out)
    assert not any(e["shard"]["path"] == str(bad) for e in m["shards"].values())
    # the WARC was cut into one shard per response record
    assert sum(e["shard"]["path"] == str(warc) for e in m["shards"].values()) == 2


def test_resume_skips_done_shards(cluster, tmp_path, extractor):
    _, client = cluster
    files = write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    opts = BatchOptions(shard_size=2)
    first = run_batch(files, out, client=client, options=opts)
    assert first.ok == 6
    again = run_batch(files, out, client=client, options=opts)
    assert (again.skipped, again.ok, again.articles) == (6, 0, 0)
    # one file changes: only its shards run again, and its old rows are replaced
    lines = files[2].read_text("utf-8").splitlines()
    lines[0] = lines[0].replace("Poland received", "Poland ordered")
    files[2].write_text("\n".join(lines[:3]) + "\n", "utf-8")  # and loses its last article
    third = run_batch(files, out, client=client, options=opts)
    assert (third.skipped, third.ok, third.articles) == (4, 2, 3)
    assert batch_records(out) == reference(extractor, articles_of(files))
    # a part file removed by hand makes its shard run again
    victim = next((out / "events").glob("month=*/part-*.parquet"))
    victim.unlink()
    fourth = run_batch(files, out, client=client, options=opts)
    assert fourth.ok == 1 and victim.exists()


def test_load_twice_stores_once(cluster, tmp_path):
    import duckdb

    from armswatch.batch.load import load_batch

    _, client = cluster
    files = write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    run_batch(files, out, client=client, options=BatchOptions(shard_size=2))
    db = str(tmp_path / "store.duckdb")
    s1 = load_batch(out, db)
    assert s1.articles_new == 12 and s1.incidents_new > 0
    s2 = load_batch(out, db)
    assert (s2.articles_new, s2.articles_seen, s2.incidents_new) == (0, 12, 0)
    conn = duckdb.connect(db, read_only=True)
    try:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 12
        stored = {
            r[0]
            for r in conn.execute(
                "SELECT record_id FROM events UNION ALL SELECT record_id FROM transfers"
            ).fetchall()
        }
        n_inc = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
    finally:
        conn.close()
    parquet = {
        r["record_id"] for t in ("events", "transfers") for r in read_table(out, t).to_pylist()
    }
    assert stored == parquet
    assert n_inc == s1.incidents_new


def test_cli_import_is_light_and_commands_registered():
    code = (
        "import sys, typer; from armswatch import cli_batch; app = typer.Typer(); "
        "cli_batch.register(app); "
        "heavy = [m for m in ('distributed', 'dask', 'pyarrow', 'spacy') if m in sys.modules];"
        " assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    import typer
    from typer.testing import CliRunner

    from armswatch import cli_batch

    app = typer.Typer()
    cli_batch.register(app)
    res = CliRunner().invoke(app, ["--help"])
    assert "batch" in res.output and "load" in res.output
