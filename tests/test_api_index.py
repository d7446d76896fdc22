"""The API's in-memory listing index (armswatch.api.index) against the SQL listing it replaces.

A synthetic store with the awkward cases (partial and missing dates, NULL outlets, confidences
and quad classes, mixed-case types, record_actors rows that disagree with the records' lists,
incidents whose ``contested`` flag disagrees with ``denied_by``, alerts without an incident)
is listed both ways for many random parameter combinations; every answer must be identical:
total, items, their order.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
duckdb = pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")

from armswatch.api import queries as Q
from armswatch.api.index import INDEX_TABLES, ListIndex, dumps
from armswatch.store.query import ROLES

CODES = ["USA", "RUS", "UKR", "CHN", "IRN", "PRK", "TUR", "NATO"]
TYPES = ["ASSAULT", "ACCUSE", "CONSULT", "AID", "Reject", "threaten"]  # stored case varies
MODALITIES = ["actual", "negated", "future", "hypothetical"]
OUTLETS = ["Wire", "Desk", "Post", None]
STAGES = ["request", "negotiation", "agreement", "delivery"]
RULES = ["embargo", "escalation", "new-supplier"]
# JSON escaping must come out as json.dumps writes it: quotes, backslashes, non-ASCII, controls
TITLES = ["Title {}", 'Talks in Türkiye — "quoted" \\ {}', "emoji \U0001f600 \u2028 \x01 \x7f {}"]
DOC_COLS = "content_hash id url outlet title published first_seen extractor_version text origin"
EVENT_COLS = ("record_id article_id content_hash type modality date source target claimed_by"
              " denied_by quad_class confidence rule extractor_version record")  # fmt: skip
TRANSFER_COLS = ("record_id article_id content_hash stage modality date supplier recipient items"
                 " claimed_by denied_by confidence rule extractor_version record")  # fmt: skip
INCIDENT_COLS = ("id kind type source target modality date first_seen last_seen reports outlets"
                 " claimed_by denied_by stage items contested evidence created updated")  # fmt: skip
ALERT_COLS = ("id rule incident_id created updated summary severity acknowledged fingerprint"
              " details pending pending_new")  # fmt: skip


def _date(rng: random.Random) -> str | None:
    y = rng.choice([2021, 2022, 2023])
    return rng.choice([None, f"{y}", f"{y}-{rng.randint(1, 12):02d}",
                       f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                       f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])  # fmt: skip


def _codes(rng: random.Random, most: int = 2) -> list[str]:
    return rng.sample(CODES, rng.randint(0, most))


def _table(cols: list[str], rows: list[tuple]) -> pa.Table:
    return pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)})


def build_store(path: Path, seed: int = 11) -> None:
    """Documents, events, transfers, record_actors, incidents, incident_records, alerts."""
    from armswatch.store.writer import Writer

    Writer(path).close()  # the schema, by the store's migrations
    rng = random.Random(seed)
    docs = [(f"{i:064x}", f"doc-{i}", f"https://x.example/{i}", rng.choice(OUTLETS),
             TITLES[i % 3].format(i), _date(rng), "2024-01-01 00:00:00", "t", "text", None)
            for i in range(60)]  # fmt: skip
    events, transfers, roles, links = [], [], [], []
    for i in range(400):
        d = rng.choice(docs)
        src, tgt, claimed, denied = _codes(rng), _codes(rng), _codes(rng, 1), _codes(rng, 1)
        rid = f"e{rng.getrandbits(48):012x}"
        events.append((rid, d[1], d[0], rng.choice(TYPES), rng.choice(MODALITIES), _date(rng),
                       src, tgt, claimed, denied, rng.choice([1, 2, 3, 4, None]),
                       rng.choice([0.5, 0.6, 0.75, None]), "r/1", "t",
                       json.dumps({"trigger": rng.choice(["shelled", "said", None])})))  # fmt: skip
        for role, codes in (("source", src), ("target", tgt), ("claimed_by", claimed),
                            ("denied_by", denied)):  # fmt: skip
            roles += [(rid, role, c) for c in codes]
        if rng.random() < 0.1:  # record_actors is what the SQL filter reads, not the lists
            roles.append((rid, rng.choice(["source", "target"]), rng.choice(CODES)))
    for i in range(80):
        d = rng.choice(docs)
        sup, rec, denied = _codes(rng, 1), _codes(rng, 1), _codes(rng, 1)
        rid = f"t{rng.getrandbits(48):012x}"
        transfers.append((rid, d[1], d[0], rng.choice(STAGES), rng.choice(MODALITIES),
                          _date(rng), sup, rec, ["drones"], [], denied,
                          rng.choice([0.6, 0.9, None]), "r/2", "t", "{}"))  # fmt: skip
        roles += [(rid, "supplier", c) for c in sup] + [(rid, "recipient", c) for c in rec]
        roles += [(rid, "denied_by", c) for c in denied]
    incidents = []
    for i in range(150):
        kind = rng.choice(["event", "transfer"])
        denied = _codes(rng, 1)
        contested = bool(denied) if rng.random() < 0.8 else not denied  # sometimes at odds
        incidents.append((f"inc-{i:04d}", kind, "TRANSFER" if kind == "transfer" else
                          rng.choice(TYPES).upper(), _codes(rng), _codes(rng),
                          rng.choice(MODALITIES + [None]), _date(rng),
                          f"2024-0{rng.randint(1, 9)}-0{rng.randint(1, 9)}T00:00:00",
                          f"2024-1{rng.randint(0, 2)}-0{rng.randint(1, 9)}T00:00:00",
                          rng.randint(1, 5), rng.randint(1, 3), _codes(rng, 1), denied,
                          rng.choice(STAGES) if kind == "transfer" else None, [], contested,
                          [], "2024-01-01 00:00:00", "2024-01-02 00:00:00"))  # fmt: skip
    for rid in [e[0] for e in events] + [t[0] for t in transfers]:
        if rng.random() < 0.8:
            links.append((rid, rng.choice(incidents)[0]))
    alerts = [(f"alert-{i:03d}", rng.choice(RULES),
               rng.choice(incidents)[0] if rng.random() < 0.85 else "inc-missing",
               _date(rng) or "2024", f"2024-02-{rng.randint(1, 9):02d}", "summary",
               rng.choice(["high", "low"]), rng.random() < 0.3, None, "{}", False, False)
              for i in range(60)]  # fmt: skip
    conn = duckdb.connect(str(path))
    try:
        for name, cols, rows in (
            ("documents", DOC_COLS, docs), ("events", EVENT_COLS, events),
            ("transfers", TRANSFER_COLS, transfers), ("record_actors", "record_id role code", roles),
            ("incidents", INCIDENT_COLS, incidents), ("incident_records", "record_id incident_id", links),
            ("alerts", ALERT_COLS, alerts),
        ):  # fmt: skip
            data = _table(cols.split(), rows)  # noqa: F841 - read by DuckDB's replacement scan
            names = ", ".join(cols.split())
            conn.execute(f"INSERT INTO {name} ({names}) SELECT {names} FROM data")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("index") / "index.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="module")
def conn(store):
    c = duckdb.connect(str(store), read_only=True)
    yield c
    c.close()


def _sort(rng: random.Random, table: str) -> str | None:
    if rng.random() < 0.3:
        return None
    fields = rng.sample(list(Q.SORTS[table]), rng.randint(1, 3))
    return ",".join(("-" if rng.random() < 0.5 else "") + f for f in fields)


def random_params(rng: random.Random, table: str) -> Q.ListParams:
    """Any combination of the filters, sort and page, valid or matching nothing."""

    def maybe(values: list, p: float = 0.35):
        return rng.choice(values) if rng.random() < p else None

    dates = [f"{y}{s}" for y in (2021, 2022, 2023) for s in ("", "-03", "-07", "-03-15", "-12-31")]
    return Q.ListParams(
        actor=[rng.choice(CODES + ["ZZZ", "rus"]) for _ in range(rng.choice([0, 0, 1, 1, 2]))],
        role=rng.choice(list(ROLES)), type=maybe(TYPES + ["assault", "TRANSFER", "NONE"]),
        quad_class=maybe([1, 2, 3, 4], 0.25), modality=maybe(MODALITIES),
        contested=maybe([True, False], 0.4), since=maybe(dates, 0.3), until=maybe(dates, 0.3),
        outlet=maybe(["Wire", "Desk", "Post", "Nowhere"], 0.25), kind=maybe(["event", "transfer"]),
        rule=maybe(RULES + ["other"]), severity=maybe(["high", "low"]),
        acknowledged=maybe([True, False]), sort=_sort(rng, table),
        limit=rng.choice([1, 5, 20, 50, 200]), offset=rng.choice([0, 0, 0, 3, 10, 40, 500]),
    )  # fmt: skip


@pytest.mark.parametrize("table", INDEX_TABLES)
def test_index_answers_exactly_like_the_sql_listing(conn, table):
    ix = ListIndex(table, conn)
    everything = Q.listing(conn, table, Q.ListParams(limit=None))["total"]
    assert ix.n == everything > 50
    rng = random.Random(f"params-{table}")
    narrowed = paged = 0
    for _ in range(600):
        p = random_params(rng, table)
        want = Q.listing(conn, table, p)
        got = json.loads(ix.body(p))
        assert got["total"] == want["total"], p
        assert [json.dumps(i) for i in got["items"]] == [json.dumps(i) for i in want["items"]], p
        assert got == want, p
        assert ix.body(p) == dumps(want)  # byte for byte what JSONResponse would send
        narrowed += 0 < want["total"] < everything
        paged += len(want["items"]) > 1
    # the draws exercised the filters and the sorts, not only empty or full answers
    assert narrowed > 100 and paged > 80, (narrowed, paged)


def test_each_filter_is_checked(conn):
    """One filter at a time, each over every value: the totals split the table as SQL does."""
    cases = {"type": TYPES + ["assault"], "modality": MODALITIES, "contested": [True, False],
             "quad_class": [1, 2, 3, 4], "outlet": ["Wire", "Desk", "Post"],
             "since": ["2022", "2022-07", "2022-07-15"], "until": ["2022", "2022-07", "2022-07-15"],
             "kind": ["event", "transfer"], "rule": RULES, "severity": ["high", "low"],
             "acknowledged": [True, False]}  # fmt: skip
    for table in INDEX_TABLES:
        ix = ListIndex(table, conn)
        for name, values in cases.items():
            for v in values:
                p = Q.ListParams(**{name: v}, limit=1000)
                assert json.loads(ix.body(p)) == Q.listing(conn, table, p), (table, name, v)
        for role in ROLES:
            for code in CODES:
                p = Q.ListParams(actor=[code], role=role, limit=1000)
                assert json.loads(ix.body(p)) == Q.listing(conn, table, p), (table, role, code)


def test_record_actors_not_the_lists_decide(conn):
    """Events list an actor under a role when record_actors says so (the SQL reference reads
    that table), even when the record's own lists do not name it there."""
    odd = conn.execute(
        "SELECT ra.code, ra.record_id FROM record_actors ra JOIN events e USING (record_id)"
        " WHERE ra.role = 'source' AND NOT list_contains(e.source, ra.code) LIMIT 1"
    ).fetchall()[0]
    assert odd, "the store should have such a row"
    p = Q.ListParams(actor=[odd[0]], role="source", limit=1000)
    ids = [e["record_id"] for e in json.loads(ListIndex("events", conn).body(p))["items"]]
    assert odd[1] in ids


def test_alerts_not_contested_is_the_complement(conn):
    ix = ListIndex("alerts", conn)
    yes = json.loads(ix.body(Q.ListParams(contested=True, limit=1000)))
    no = json.loads(ix.body(Q.ListParams(contested=False, limit=1000)))
    assert yes["total"] and no["total"] and yes["total"] + no["total"] == ix.n
    assert any(a["contested"] is None for a in no["items"])  # alerts without an incident


def test_bad_sort_is_refused(conn):
    with pytest.raises(Q.BadRequest, match="cannot sort events by 'text'"):
        ListIndex("events", conn).body(Q.ListParams(sort="-date,text"))


def test_the_api_serves_the_index_and_follows_writes(store, tmp_path):
    """Through FastAPI: the same bytes as the SQL listing, 422 on bad parameters, and a write
    (acknowledging an alert) is seen by the next listing."""
    from fastapi.testclient import TestClient

    from armswatch.api import create_app

    db = tmp_path / "copy.duckdb"
    db.write_bytes(store.read_bytes())
    with TestClient(create_app(str(db), token="t", release_after=None, cache=False)) as c:
        st = c.app.state.aw
        for url, table, p in (
            ("/api/events?actor=RUS&sort=-confidence&limit=7",
             "events", Q.ListParams(actor=["RUS"], sort="-confidence", limit=7)),
            ("/api/transfers?stage=delivery&since=2022", "transfers",
             Q.ListParams(type="delivery", since="2022", limit=50)),
            ("/api/incidents?outlet=Wire&quad_class=4&offset=2", "incidents",
             Q.ListParams(outlet="Wire", quad_class=4, offset=2, limit=50)),
        ):  # fmt: skip
            r = c.get(url)
            assert r.status_code == 200 and r.headers["content-type"] == "application/json"
            with st.store.read() as cur:
                assert r.content == dumps(Q.listing(cur, table, p))
        assert st.store.derived_now("events") is not None  # the listing built the index
        r = c.get("/api/events?sort=-text")
        assert r.status_code == 422 and "cannot sort events by 'text'" in r.json()["detail"]
        assert c.get("/api/events?limit=1001").status_code == 422
        assert c.get("/api/events?quad_class=9").status_code == 422
        before = c.get("/api/alerts?acknowledged=true&limit=1").json()["total"]
        target = c.get("/api/alerts?acknowledged=false&limit=1").json()["items"][0]["id"]
        r = c.post(f"/api/alerts/{target}/ack", headers={"Authorization": "Bearer t"})
        assert r.status_code == 200
        assert c.get("/api/alerts?acknowledged=true&limit=1").json()["total"] == before + 1


def test_an_empty_store_lists_nothing(tmp_path):
    from armswatch.store.writer import Writer

    db = tmp_path / "empty.duckdb"
    Writer(db).close()
    c = duckdb.connect(str(db), read_only=True)
    try:
        for table in INDEX_TABLES:
            ix = ListIndex(table, c)
            for p in (Q.ListParams(), Q.ListParams(actor=["RUS"], since="2022", until="2023",
                                                   sort=",".join(Q.SORTS[table]))):  # fmt: skip
                assert ix.body(p) == dumps(Q.listing(c, table, p))
                assert json.loads(ix.body(p))["total"] == 0
    finally:
        c.close()


def test_sorts_on_several_fields(conn):
    """Both ways of ordering: one packed int64 key (partial sort) and, when the ranks do not
    fit one, numpy's lexsort (forced here by inflating the spans)."""
    for table in INDEX_TABLES:
        packed = ListIndex(table, conn)
        lexsorted = ListIndex(table, conn)
        lexsorted.spans = {k: 2**40 for k in lexsorted.spans}
        rng = random.Random(f"sort-{table}")
        for _ in range(80):
            fields = rng.sample(list(Q.SORTS[table]), rng.randint(1, 4))
            sort = ",".join(("-" if rng.random() < 0.5 else "") + f for f in fields)
            p = Q.ListParams(sort=sort, limit=rng.choice([1, 5, 50, 1000]),
                             offset=rng.choice([0, 0, 7, 60]), contested=rng.choice([None, False]))  # fmt: skip
            want = dumps(Q.listing(conn, table, p))
            assert packed.body(p) == want, p
            assert lexsorted.body(p) == want, p
