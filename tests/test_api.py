"""The HTTP API (armswatch.api) over a store built from our own short articles.

The store is built once per session with the real extractor; the API is driven with FastAPI's
TestClient (httpx). test_dashboard.py reuses ``build_store``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

from fastapi.testclient import TestClient

PWN = "<script>window.__pwned=1</script>"
ARTICLES = [
    {"id": "t-001", "title": "Russian forces shell Kharkiv", "published": "2023-03-10",
     "outlet": "Test Wire",
     "text": "Russian forces shelled the Ukrainian city of Kharkiv on Thursday, Ukraine's "
             "military said. Ukraine accused Russia of targeting civilians. " + PWN +
             " The Kremlin denied the accusation. Officials used <b>bold</b> words."},
    {"id": "t-002", "title": "North Korea shipped shells to Russia, US says",
     "published": "2023-09-14", "outlet": "Test Desk",
     "text": "North Korea delivered artillery shells to Russia in September, the United States "
             "said. " + PWN + " Pyongyang denied sending any weapons to Moscow."},
    {"id": "t-003", "title": "Iran sends drones to Russia", "published": "2022-11-06",
     "outlet": "Test Wire",
     "text": "Iran supplied Shahed drones to Russia, Ukrainian officials said. Tehran denied "
             "the report. The <b>bold</b> claim was repeated by Kyiv."},
    {"id": "t-004", "title": "Talks in Ankara", "published": "2023-03-20",
     "outlet": "Other Outlet",
     "text": "Russia and Ukraine met in Ankara on Monday to discuss grain exports, Turkey said. "
             "Russia later threatened Ukraine with new strikes."},
]  # fmt: skip


def build_store(directory: Path, extractor) -> Path:
    """Write the articles as JSON Lines and run the main job on them into a new store."""
    from armswatch.config import Config
    from armswatch.pipeline import run

    src = directory / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = directory / "api.duckdb"
    run(Config(), [str(src)], db_path=str(db), extractor=extractor)
    return db


@pytest.fixture(scope="session")
def store(tmp_path_factory, extractor) -> Path:
    return build_store(tmp_path_factory.mktemp("api"), extractor)


@pytest.fixture(scope="module")
def client(store):
    from armswatch.api import create_app

    with TestClient(create_app(str(store), release_after=None)) as c:
        yield c


def get(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    return r


# -- listings and filters -------------------------------------------------------------------
def test_store_has_what_the_tests_need(client):
    counts = get(client, "/api/health").json()["counts"]
    assert counts["documents"] == 4
    assert counts["events"] >= 8 and counts["transfers"] >= 2
    assert counts["incidents"] >= 5 and counts["alerts"] >= 1


def test_event_filters(client):
    everything = get(client, "/api/events?limit=1000").json()
    assert everything["total"] == len(everything["items"])
    assault = get(client, "/api/events?type=ASSAULT").json()
    assert assault["total"] >= 1 and {e["type"] for e in assault["items"]} == {"ASSAULT"}
    quad4 = get(client, "/api/events?quad_class=4").json()
    assert all(e["quad_class"] == 4 for e in quad4["items"]) and quad4["total"] >= 1
    rus_src = get(client, "/api/events?actor=RUS&role=source").json()
    assert rus_src["items"] and all("RUS" in e["source"] for e in rus_src["items"])
    both = get(client, "/api/events?actor=PRK&actor=RUS").json()["items"]
    assert both and all(
        {"PRK", "RUS"} <= set(e["source"] + e["target"] + e["denied_by"] + e["claimed_by"])
        for e in both
    )
    contested = get(client, "/api/events?contested=true").json()
    assert contested["items"] and all(e["denied_by"] for e in contested["items"])
    uncontested = get(client, "/api/events?contested=false").json()
    assert contested["total"] + uncontested["total"] == everything["total"]
    future = get(client, "/api/events?modality=future").json()["items"]
    assert all(e["modality"] == "future" for e in future)
    outlet = get(client, "/api/events?outlet=Test%20Desk").json()["items"]
    assert outlet and {e["outlet"] for e in outlet} == {"Test Desk"}
    dated = get(client, "/api/events?since=2023-03&until=2023-03-31").json()["items"]
    assert dated and all(e["date"].startswith("2023-03") for e in dated)


def test_transfers_incidents_alerts_documents_actors(client):
    tr = get(client, "/api/transfers?actor=RUS&role=recipient&stage=delivery").json()
    assert tr["total"] >= 2
    assert all("RUS" in t["recipient"] and t["stage"] == "delivery" for t in tr["items"])
    inc = get(client, "/api/incidents?kind=transfer").json()["items"]
    assert inc and {i["type"] for i in inc} == {"TRANSFER"}
    contested = get(client, "/api/incidents?contested=true").json()["items"]
    assert contested and all(i["contested"] for i in contested)
    by_outlet = get(client, "/api/incidents?outlet=Other%20Outlet").json()["items"]
    assert by_outlet and all("RUS" in i["source"] + i["target"] for i in by_outlet)
    alerts = get(client, "/api/alerts").json()["items"]
    assert alerts and all(a["incident_id"] for a in alerts)
    docs = get(client, "/api/documents?outlet=Test%20Wire").json()
    assert docs["total"] == 2
    assert get(client, "/api/documents?q=ankara").json()["total"] == 1
    actors = get(client, "/api/actors?sort=code").json()["items"]
    codes = [a["code"] for a in actors]
    assert codes == sorted(codes) and {"RUS", "UKR", "PRK", "IRN"} <= set(codes)


def test_sorting_and_pagination(client):
    full = get(client, "/api/events?sort=date,record_id&limit=1000").json()
    dates = [e["date"] for e in full["items"]]
    assert dates == sorted(dates, key=lambda d: (d is None, d))
    desc = get(client, "/api/events?sort=-confidence&limit=1000").json()["items"]
    conf = [e["confidence"] for e in desc]
    assert conf == sorted(conf, reverse=True)
    pages = []
    for off in range(0, full["total"], 3):
        page = get(client, f"/api/events?sort=date,record_id&limit=3&offset={off}").json()
        assert page["total"] == full["total"] and page["offset"] == off
        pages += page["items"]
    assert [e["record_id"] for e in pages] == [e["record_id"] for e in full["items"]]
    beyond = get(client, f"/api/events?offset={full['total'] + 5}").json()
    assert beyond["items"] == [] and beyond["total"] == full["total"]


@pytest.mark.parametrize("url", [
    "/api/events?sort=record;drop",  # not a field name
    "/api/events?sort=text",  # not whitelisted
    "/api/events?limit=0", "/api/events?limit=5000", "/api/events?offset=-1",
    "/api/events?since=2023-3", "/api/events?until=yesterday", "/api/events?quad_class=5",
    "/api/events?role=owner", "/api/events?modality=maybe", "/api/events?contested=perhaps",
    "/api/events?actor=RUS'--", "/api/events?type=ASSAULT%27%20OR%201=1",
    "/api/export/events?format=xml", "/api/export/nothing",
])  # fmt: skip
def test_bad_parameters_are_refused(client, url):
    r = client.get(url)
    assert r.status_code == 422, (url, r.status_code, r.text[:300])


def test_details(client):
    ev = get(client, "/api/events?type=REJECT&actor=RUS").json()["items"][0]
    d = get(client, f"/api/events/{ev['record_id']}").json()
    assert d["record"]["evidence"] and PWN in d["text"] and d["incident_id"]
    s = d["record"]["evidence"][0]["sentence"]
    assert d["text"][s["start"] : s["end"]] == s["text"]
    inc = get(client, f"/api/incidents/{d['incident_id']}").json()
    assert ev["record_id"] in [r["record_id"] for r in inc["records"]]
    doc = get(client, "/api/documents/t-002").json()
    assert doc["id"] == "t-002" and doc["transfers"] and doc["events"]
    assert get(client, f"/api/documents/{doc['content_hash']}").json()["id"] == "t-002"
    alert = get(client, "/api/alerts").json()["items"][0]
    assert get(client, f"/api/alerts/{alert['id']}").json()["incident_id"] == alert["incident_id"]
    rus = get(client, "/api/actors/rus").json()
    assert rus["kb_name"] == "Russia" and rus["recent_events"] and rus["roles"]
    get(client, "/api/events/nope", 404)
    get(client, "/api/incidents/nope", 404)
    get(client, "/api/actors/ZZZZ", 404)


def test_dyad_and_graph(client):
    dy = get(client, "/api/dyad?a=RUS&b=UKR").json()
    assert dy["series"] and dy["incidents"]
    assert sum(sum(p["quad"].values()) for p in dy["series"]) >= 3
    assert dy["series"][0]["period"] <= dy["series"][-1]["period"]
    g = get(client, "/api/graph/transfers").json()
    edges = {(e["supplier"], e["recipient"], e["stage"]) for e in g["edges"]}
    assert ("PRK", "RUS", "delivery") in edges and ("IRN", "RUS", "delivery") in edges
    nodes = {n["code"]: n for n in g["nodes"]}
    assert nodes["PRK"]["embargoed"]  # UNSC 1718 (2006) is in force in 2023
    assert not nodes["RUS"]["embargoed"]


# -- exports --------------------------------------------------------------------------------
def test_exports(client):
    page = get(client, "/api/events?actor=RUS&limit=1000").json()
    r = get(client, "/api/export/events?actor=RUS&format=csv")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == page["total"]
    assert {"record_id", "type", "source", "record"} <= set(rows[0])
    assert {row["record_id"] for row in rows} == {e["record_id"] for e in page["items"]}

    r = get(client, "/api/events?actor=RUS&format=jsonl")
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert len(lines) == page["total"] and all(isinstance(x["record"], dict) for x in lines)

    import pyarrow.parquet as pq

    r = get(client, "/api/export/transfers?format=parquet")
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == get(client, "/api/transfers").json()["total"]
    assert "supplier" in table.column_names
    r = get(client, "/api/export/incidents?format=csv&contested=true&limit=2")
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == 2


# -- write actions and the token --------------------------------------------------------------
def test_writes_refused_without_a_configured_token(client):
    alert = get(client, "/api/alerts").json()["items"][0]
    r = client.post(f"/api/alerts/{alert['id']}/ack", headers={"Authorization": "Bearer x"})
    assert r.status_code == 403
    assert client.post("/api/documents/t-001/reextract").status_code == 403


def test_token_protected_actions(tmp_path, extractor):
    from armswatch.api import create_app

    db = build_store(tmp_path, extractor)
    with TestClient(create_app(str(db), token="s3cret", release_after=None)) as c:
        alert = get(c, "/api/alerts").json()["items"][0]
        url = f"/api/alerts/{alert['id']}/ack"
        assert c.post(url).status_code == 403
        assert c.post(url, headers={"Authorization": "Bearer wrong"}).status_code == 403
        assert c.post(url, headers={"Authorization": "s3cret"}).status_code == 403
        r = c.post(url, headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 200 and r.json()["acknowledged"] is True
        # the read side sees the write (the cache is invalidated)
        assert get(c, f"/api/alerts/{alert['id']}").json()["acknowledged"] is True
        assert get(c, "/api/alerts?acknowledged=true").json()["total"] == 1
        assert (
            c.post("/api/alerts/nope/ack", headers={"Authorization": "Bearer s3cret"}).status_code
            == 404
        )
        before = get(c, "/api/documents/t-002").json()
        r = c.post("/api/documents/t-002/reextract", headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 200, r.text
        assert r.json()["events"] == len(before["events"])
        after = get(c, "/api/documents/t-002").json()
        assert sorted(e["record_id"] for e in after["events"]) == sorted(
            e["record_id"] for e in before["events"]
        )
        assert get(c, "/api/health").json()["counts"]["documents"] == 4


# -- pages, docs, CLI -------------------------------------------------------------------------
def test_pages_escape_article_text(client):
    doc = get(client, "/api/documents/t-001").json()  # has both the script and the <b>
    ev = next(e for e in doc["events"] if e["type"] == "REJECT")
    html = get(client, f"/events/{ev['record_id']}").text
    assert PWN not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert 'class="ev-trigger"' in html and 'class="ev-sentence"' in html
    doc = get(client, "/documents/t-001").text
    assert PWN not in doc and "&lt;script&gt;" in doc


@pytest.mark.parametrize("url", ["/", "/incidents?contested=true", "/events?type=ASSAULT",
                                 "/transfers?stage=delivery", "/alerts", "/graph",
                                 "/dyad?a=RUS&b=UKR", "/actors", "/actors/RUS", "/documents",
                                 "/events?type=&actor="])  # fmt: skip
def test_pages_render(client, url):
    html = get(client, url).text
    assert "<html" in html and 'href="/api/' in html  # every page links its JSON twin


def test_pages_refuse_bad_parameters(client):
    get(client, "/events?since=tomorrow", 400)
    get(client, "/events?sort=text", 422)


def test_docs_offline(client):
    html = get(client, "/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert get(client, "/docs/openapi-swagger.json").json()["openapi"].startswith("3.0")
    assert get(client, "/static/swagger/swagger-ui-bundle.js").status_code == 200
    spec = get(client, "/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/export/{table}" in spec["paths"]


def test_serve_command_defaults(monkeypatch, store):
    import typer
    from typer.testing import CliRunner

    from armswatch import cli_serve

    seen = {}

    def fake_run(target, **kwargs):
        seen.update(kwargs, target=target)

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", fake_run)
    app = typer.Typer()
    cli_serve.register(app)
    app.command("noop")(lambda: None)  # a second command keeps `serve` a subcommand
    r = CliRunner().invoke(app, ["serve", "--db", str(store)])
    assert r.exit_code == 0, r.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000
    assert seen["target"] == "armswatch.cli_serve:app_from_env" and seen["factory"] is True
    assert seen["loop"] == "asyncio"  # uvloop starved connections under load (bench/README.md)
    r = CliRunner().invoke(app, ["serve", "--db", str(store.parent / "missing.duckdb")])
    assert r.exit_code == 1
