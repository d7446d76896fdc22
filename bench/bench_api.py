"""Load on the HTTP API: 100 concurrent clients against filtered list queries.

Builds (or reuses) a store of 100,000 synthetic events (plus documents, transfers, incidents,
alerts) with bulk SQL inserts, starts the server (uvicorn, as `armswatch serve` does) in a
subprocess on 127.0.0.1, runs N concurrent asyncio+httpx clients for --seconds against
filtered, sorted, paginated list queries, and reports requests per second, p50/p95/p99
latency and errors. Writes bench/results/api.json. Loopback only.

    .venv/bin/python bench/bench_api.py [--events 100000] [--clients 100] [--seconds 30]
        [--workers 1] [--no-cache] [--both] [--db PATH] [--rebuild]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"

# a realistic skew: a few actors in most news
CODES = ["USA", "RUS", "UKR", "CHN", "ISR", "IRN", "PRK", "TUR", "GBR", "FRA", "DEU", "SYR",
         "YEM", "SAU", "ARE", "IND", "PAK", "TWN", "KOR", "JPN", "POL", "BLR", "SDN", "LBY",
         "IRQ", "LBN", "PSE", "EGY", "ETH", "ARM", "AZE", "VEN", "MMR", "AFG", "QAT", "NATO",
         "UNO", "EUR", "IMG", "SRB"]  # fmt: skip
WEIGHTS = [1 / (i + 1) ** 0.9 for i in range(len(CODES))]
TYPES = {"AGREE": 4, "CONSULT": 10, "SUPPORT": 5, "CONCEDE": 1, "COOPERATE": 6, "AID": 7,
         "RETREAT": 1, "REQUEST": 4, "ACCUSE": 12, "REJECT": 5, "THREATEN": 6, "PROTEST": 3,
         "SANCTION": 5, "MOBILIZE": 4, "COERCE": 6, "ASSAULT": 21}  # fmt: skip
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
        "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
        "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}  # fmt: skip
MODALITIES = (["actual"] * 80) + (["negated"] * 6) + (["future"] * 10) + (["hypothetical"] * 4)
STAGES = ["request", "negotiation", "agreement", "delivery"]
OUTLETS = [f"Outlet {i}" for i in range(12)]
ITEMS = ["small_arms", "ammunition", "artillery", "missiles", "drones", "air_defense",
         "aircraft", "armored_vehicles", "naval"]  # fmt: skip


def _date(rng: random.Random) -> str:
    y = rng.choices(range(2018, 2026), weights=[1, 1, 2, 2, 4, 5, 6, 5])[0]
    return f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _pair(rng: random.Random) -> tuple[str, str]:
    a, b = rng.choices(CODES, weights=WEIGHTS, k=2)
    while b == a:
        b = rng.choices(CODES, weights=WEIGHTS)[0]
    return a, b


def build_store(path: Path, n_events: int, seed: int = 7) -> dict[str, int]:
    """Synthesise a store: documents, events, transfers, actors, record_actors, incidents,
    incident_records and alerts, inserted in bulk from Arrow tables."""
    from armswatch.store.writer import Writer

    rng = random.Random(seed)
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)
    Writer(path).close()  # the schema, by the store's own migrations
    n_docs = max(1, n_events // 5)
    docs = {k: [] for k in ("content_hash", "id", "url", "outlet", "title", "published",
                            "first_seen", "extractor_version", "text", "origin")}  # fmt: skip
    body = (
        "{a} forces {verb} {b} positions on Monday, officials in {a} said. "
        "{b} denied the report and accused {a} of escalation. Analysts said the "
        "exchange followed weeks of tension along the border."
    )
    for i in range(n_docs):
        a, b = _pair(rng)
        docs["content_hash"].append(f"{i:064x}")
        docs["id"].append(f"doc-{i}")
        docs["url"].append(f"https://news.example/{i}")
        docs["outlet"].append(rng.choice(OUTLETS))
        docs["title"].append(f"{a} and {b}: report {i}")
        docs["published"].append(_date(rng))
        docs["first_seen"].append("2026-01-01 00:00:00")
        docs["extractor_version"].append("bench")
        docs["text"].append(body.format(a=a, b=b, verb="shelled"))
        docs["origin"].append(None)
    ev = {k: [] for k in ("record_id", "article_id", "content_hash", "type", "modality", "date",
                          "source", "target", "claimed_by", "denied_by", "quad_class",
                          "confidence", "rule", "extractor_version", "record")}  # fmt: skip
    roles: dict[str, list] = {"record_id": [], "role": [], "code": []}
    inc_of: dict[tuple, str] = {}
    incidents: dict[str, dict] = {}
    links: dict[str, list] = {"record_id": [], "incident_id": []}

    def add_roles(rid: str, **by_role: list[str]) -> None:
        for role, codes in by_role.items():
            for c in codes:
                roles["record_id"].append(rid)
                roles["role"].append(role)
                roles["code"].append(c)

    def link(rid: str, kind: str, typ: str, s: str, t: str, date: str | None, mod: str,
             denied: list[str], stage: str | None = None) -> None:  # fmt: skip
        key = (kind, typ, s, t, (date or "")[:7], mod)
        iid = inc_of.get(key)
        if iid is None:
            iid = inc_of[key] = f"inc-{len(inc_of):012x}"
            incidents[iid] = {"id": iid, "kind": kind, "type": typ, "source": [s], "target": [t],
                              "modality": mod, "date": date, "reports": 0, "outlets": 0,
                              "denied_by": set(), "stage": stage}  # fmt: skip
        inc = incidents[iid]
        inc["reports"] += 1
        inc["outlets"] = min(inc["reports"], 12)
        inc["denied_by"].update(denied)
        links["record_id"].append(rid)
        links["incident_id"].append(iid)

    types, tw = list(TYPES), list(TYPES.values())
    for i in range(n_events):
        d = rng.randrange(n_docs)
        s, t = _pair(rng)
        typ = rng.choices(types, weights=tw)[0]
        mod = rng.choice(MODALITIES)
        date = docs["published"][d] if rng.random() < 0.7 else (
            docs["published"][d][:7] if rng.random() < 0.5 else None)  # fmt: skip
        claimed = [rng.choices(CODES, weights=WEIGHTS)[0]] if rng.random() < 0.3 else []
        denied = [t] if rng.random() < 0.12 else []
        rid = f"e{i:031x}"
        text = docs["text"][d]
        rec = {"kind": "event", "type": typ, "source": [s], "target": [t], "modality": mod,
               "claimed_by": claimed, "denied_by": denied, "date": date,
               "quad_class": QUAD[typ], "trigger": "shelled", "rule": "bench.synthetic/1",
               "confidence": 0.6, "actors": {"source": [{"code": s, "text": s, "start": 0,
                                                        "end": 3, "kind": "state"}]},
               "evidence": [{"sentence": {"text": text[:text.index(".") + 1], "start": 0,
                                          "end": text.index(".") + 1},
                             "trigger": {"text": "shelled", "start": text.index("shelled"),
                                         "end": text.index("shelled") + 7},
                             "rule": "bench.synthetic/1"}]}  # fmt: skip
        for k, v in (("record_id", rid), ("article_id", docs["id"][d]),
                     ("content_hash", docs["content_hash"][d]), ("type", typ), ("modality", mod),
                     ("date", date), ("source", [s]), ("target", [t]), ("claimed_by", claimed),
                     ("denied_by", denied), ("quad_class", QUAD[typ]),
                     ("confidence", round(rng.uniform(0.3, 0.95), 3)),
                     ("rule", "bench.synthetic/1"), ("extractor_version", "bench"),
                     ("record", json.dumps(rec))):  # fmt: skip
            ev[k].append(v)
        add_roles(rid, source=[s], target=[t], claimed_by=claimed, denied_by=denied)
        link(rid, "event", typ, s, t, date, mod, denied)
    tr = {k: [] for k in ("record_id", "article_id", "content_hash", "stage", "modality", "date",
                          "supplier", "recipient", "items", "claimed_by", "denied_by",
                          "confidence", "rule", "extractor_version", "record")}  # fmt: skip
    for i in range(n_events // 10):
        d = rng.randrange(n_docs)
        s, r = _pair(rng)
        stage = rng.choice(STAGES)
        mod = rng.choice(MODALITIES)
        date = docs["published"][d]
        denied = [s] if rng.random() < 0.2 else []
        items = rng.sample(ITEMS, rng.randint(1, 2))
        rid = f"t{i:031x}"
        rec = {"kind": "transfer", "supplier": [s], "recipient": [r], "stage": stage,
               "items": items, "modality": mod, "claimed_by": [], "denied_by": denied,
               "date": date, "trigger": "delivered", "rule": "bench.synthetic/1",
               "evidence": []}  # fmt: skip
        for k, v in (("record_id", rid), ("article_id", docs["id"][d]),
                     ("content_hash", docs["content_hash"][d]), ("stage", stage),
                     ("modality", mod), ("date", date), ("supplier", [s]), ("recipient", [r]),
                     ("items", items), ("claimed_by", []), ("denied_by", denied),
                     ("confidence", 0.6), ("rule", "bench.synthetic/1"),
                     ("extractor_version", "bench"), ("record", json.dumps(rec))):  # fmt: skip
            tr[k].append(v)
        add_roles(rid, supplier=[s], recipient=[r], denied_by=denied)
        link(rid, "transfer", "TRANSFER", s, r, date, mod, denied, stage)
    inc_rows = {k: [] for k in ("id", "kind", "type", "source", "target", "modality", "date",
                                "first_seen", "last_seen", "reports", "outlets", "claimed_by",
                                "denied_by", "stage", "items", "contested", "evidence",
                                "created", "updated")}  # fmt: skip
    for inc in incidents.values():
        denied = sorted(inc["denied_by"])
        for k, v in (("id", inc["id"]), ("kind", inc["kind"]), ("type", inc["type"]),
                     ("source", inc["source"]), ("target", inc["target"]),
                     ("modality", inc["modality"]), ("date", inc["date"]),
                     ("first_seen", "2026-01-01T00:00:00"), ("last_seen", "2026-01-02T00:00:00"),
                     ("reports", inc["reports"]), ("outlets", inc["outlets"]),
                     ("claimed_by", []), ("denied_by", denied), ("stage", inc["stage"]),
                     ("items", []), ("contested", bool(denied)), ("evidence", []),
                     ("created", "2026-01-01 00:00:00"), ("updated", "2026-01-02 00:00:00")):  # fmt: skip
            inc_rows[k].append(v)
    transfer_incs = [i for i in incidents.values() if i["kind"] == "transfer"]
    al = {k: [] for k in ("id", "rule", "incident_id", "created", "updated", "summary",
                          "severity", "acknowledged", "fingerprint", "details", "pending",
                          "pending_new")}  # fmt: skip
    for n, inc in enumerate(rng.sample(transfer_incs, min(500, len(transfer_incs)))):
        for k, v in (("id", f"alert-{n:012x}"), ("rule", "un-embargo-arms-transfer"),
                     ("incident_id", inc["id"]), ("created", "2026-01-01T00:00:00"),
                     ("updated", f"2026-01-{1 + n % 28:02d}T00:00:00"),
                     ("summary", f"{inc['source'][0]} → {inc['target'][0]} arms transfer"),
                     ("severity", "high"), ("acknowledged", False), ("fingerprint", str(n)),
                     ("details", "{}"), ("pending", False), ("pending_new", False)):  # fmt: skip
            al[k].append(v)
    conn = duckdb.connect(str(path))
    try:
        conn.execute("BEGIN TRANSACTION")
        for table, cols in (("documents", docs), ("events", ev), ("transfers", tr),
                            ("record_actors", roles), ("incidents", inc_rows),
                            ("incident_records", links), ("alerts", al)):  # fmt: skip
            data = pa.table(cols)  # noqa: F841 - read by DuckDB's replacement scan
            names = ", ".join(cols)
            conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM data")
        conn.execute("INSERT INTO actors SELECT DISTINCT code, code, 'state' FROM record_actors")
        conn.execute("COMMIT")
        conn.execute("CHECKPOINT")
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "events", "transfers", "record_actors", "incidents",
                            "alerts")}  # fmt: skip
    finally:
        conn.close()
    return counts


def queries(rng: random.Random) -> str:
    """One filtered list query, drawn from a realistic mix."""
    c = rng.choices(CODES, weights=WEIGHTS)[0]
    c2 = rng.choices(CODES, weights=WEIGHTS)[0]
    y = rng.randint(2018, 2025)
    t = rng.choice(list(TYPES))
    off = rng.choice([0, 0, 0, 50, 100])
    return rng.choice([
        f"/api/events?actor={c}&limit=50&offset={off}",
        f"/api/events?actor={c}&role=source&type={t}&sort=-date",
        f"/api/events?type={t}&since={y}-01&until={y}-12&limit=50",
        f"/api/events?quad_class={rng.randint(1, 4)}&actor={c}&contested=true",
        f"/api/events?outlet=Outlet%20{rng.randrange(12)}&modality=actual&sort=-confidence",
        f"/api/events?actor={c}&actor={c2}&since={y}",
        f"/api/incidents?actor={c}&contested=true",
        f"/api/incidents?type={t}&sort=-reports&limit=25",
        f"/api/transfers?actor={c}&role=recipient&stage=delivery",
        f"/api/alerts?limit=20&offset={off}",
    ])  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, *, workers: int, cache: bool) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "ARMSWATCH_SERVE_DB": str(db), "ARMSWATCH_SERVE_RELEASE": "2",
           "ARMSWATCH_SERVE_CACHE": "1" if cache else "0"}  # fmt: skip
    env.pop("ARMSWATCH_SERVE_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "armswatch.cli_serve:app_from_env", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
         "--log-level", "warning", "--no-access-log"], env=env)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=5).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit("the server exited")
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


async def load(base: str, clients: int, seconds: float, seed: int) -> dict:
    import httpx

    latencies: list[float] = []
    errors: dict[str, int] = {}
    stop_at = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(n: int, http: httpx.AsyncClient) -> None:
        rng = random.Random(seed * 1000 + n)
        while time.perf_counter() < stop_at:
            url = queries(rng)
            t0 = time.perf_counter()
            try:
                r = await http.get(url)
                ok = r.status_code == 200 and "total" in r.json()
                key = None if ok else f"HTTP {r.status_code}"
            except Exception as e:  # noqa: BLE001 - count every failure
                key = type(e).__name__
            latencies.append(time.perf_counter() - t0)
            if key:
                errors[key] = errors.get(key, 0) + 1

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(n, http) for n in range(clients)))
        wall = time.perf_counter() - t0
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")

    return {"requests": len(lat), "seconds": round(wall, 2), "rps": round(len(lat) / wall, 1),
            "p50_ms": round(pct(0.50), 1), "p95_ms": round(pct(0.95), 1),
            "p99_ms": round(pct(0.99), 1), "max_ms": round(lat[-1] * 1000, 1) if lat else None,
            "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None,
            "errors": sum(errors.values()), "error_kinds": errors}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--db", type=Path, default=RESULTS / "bench_api.duckdb")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--no-cache", action="store_true", help="server without its results cache")
    ap.add_argument("--both", action="store_true", help="run with and without the cache")
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = args.db.with_suffix(".json")
    if args.rebuild or not args.db.exists() or not meta.exists() or \
            json.loads(meta.read_text()).get("events") != args.events:  # fmt: skip
        t0 = time.perf_counter()
        counts = build_store(args.db, args.events)
        meta.write_text(json.dumps({"events": args.events, "counts": counts}))
        print(f"built {args.db} in {time.perf_counter() - t0:.1f}s: {counts}", file=sys.stderr)
    counts = json.loads(meta.read_text())["counts"]
    modes = [True, False] if args.both else [not args.no_cache]
    runs = []
    for cache in modes:
        proc, base = start_server(args.db, workers=args.workers, cache=cache)
        try:
            asyncio.run(load(base, 10, 2.0, seed=1))  # warm-up (not counted)
            res = asyncio.run(load(base, args.clients, args.seconds, seed=2))
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        res.update(cache=cache, workers=args.workers, clients=args.clients)
        runs.append(res)
    print(
        f"\narmswatch API load: {counts['events']:,} events, {args.clients} clients, "
        f"{args.seconds:g}s, {args.workers} worker(s), {os.cpu_count()} cores"
    )
    head = f"{'cache':<6} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} " \
           f"{'p99 ms':>8} {'max ms':>8} {'errors':>7}"  # fmt: skip
    print(head)
    print("-" * len(head))
    for r in runs:
        print(f"{'on' if r['cache'] else 'off':<6} {r['requests']:>9} {r['rps']:>8} "
              f"{r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['max_ms']:>8} "
              f"{r['errors']:>7}")  # fmt: skip
    target = all(r["errors"] == 0 and r["p95_ms"] < 200 for r in runs)
    print(f"target (no errors, p95 < 200 ms): {'met' if target else 'NOT met'}")
    out = {"store": counts, "runs": runs, "target_met": target,
           "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                       "platform": platform.platform()}}  # fmt: skip
    (RESULTS / "api.json").write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {RESULTS / 'api.json'}")


if __name__ == "__main__":
    main()
