"""The server's read-side SQL: filtered, sorted, paginated listings with totals, and details.

Listings reuse the filters of ``armswatch query`` (:func:`armswatch.store.query.build`) and add
what the API needs on top (quad class, outlet, kind, rule, severity, sorting by whitelisted
columns, offset and a total). Every value reaches DuckDB as a parameter; only whitelisted column
expressions are written into the SQL text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb

from ..store import query as Q

LIST_TABLES = ("documents", "events", "transfers", "incidents", "actors", "alerts")

# columns of a listing (the exports add the full JSON record / details)
_COLS = {
    "events": ["record_id", "date", "type", "quad_class", "source", "target", "modality",
               "claimed_by", "denied_by", "confidence", "outlet", "title", "url", "article_id",
               "rule", "json_extract_string(record, '$.trigger') AS trigger"],
    "transfers": ["record_id", "date", "stage", "supplier", "recipient", "items", "modality",
                  "claimed_by", "denied_by", "confidence", "outlet", "title", "url",
                  "article_id", "rule", "json_extract_string(record, '$.trigger') AS trigger"],
    "incidents": ["id", "kind", "type", "date", "source", "target", "modality", "stage",
                  "items", "claimed_by", "denied_by", "contested", "reports", "outlets",
                  "first_seen", "last_seen"],
    "alerts": ["id", "rule", "severity", "incident_id", "created", "updated", "summary",
               "acknowledged", "type", "source", "target", "contested"],
    "documents": ["content_hash", "id", "url", "outlet", "title", "published", "first_seen",
                  "extractor_version", "version", "current", "events", "transfers"],
    "actors": ["code", "name", "kind", "records"],
}  # fmt: skip
_EXPORT_EXTRA = {"events": ["record"], "transfers": ["record"], "alerts": ["details"],
                 "documents": [], "incidents": [], "actors": []}  # fmt: skip
_JSON_COLS = ("record", "details")

# sortable fields: name -> SQL expression over the listing subquery ``q``
SORTS: dict[str, dict[str, str]] = {
    "events": {"date": "q.date", "type": "q.type", "quad_class": "q.quad_class",
               "confidence": "q.confidence", "outlet": "q.outlet", "modality": "q.modality",
               "record_id": "q.record_id"},
    "transfers": {"date": "q.date", "stage": "q.stage", "confidence": "q.confidence",
                  "outlet": "q.outlet", "modality": "q.modality", "record_id": "q.record_id"},
    "incidents": {"date": "coalesce(q.date, substr(q.first_seen, 1, 10))", "type": "q.type",
                  "reports": "q.reports", "outlets": "q.outlets", "last_seen": "q.last_seen",
                  "first_seen": "q.first_seen", "contested": "q.contested", "id": "q.id"},
    "alerts": {"updated": "q.updated", "created": "q.created", "severity": "q.severity",
               "rule": "q.rule", "id": "q.id"},
    "documents": {"published": "q.published", "first_seen": "q.first_seen",
                  "outlet": "q.outlet", "title": "q.title", "id": "q.id"},
    "actors": {"code": "q.code", "name": "q.name", "records": "q.records", "kind": "q.kind"},
}  # fmt: skip
DEFAULT_SORT = {"events": "-date", "transfers": "-date", "incidents": "-date",
                "alerts": "-updated", "documents": "-published", "actors": "-records"}  # fmt: skip
_TIEBREAK = {"events": "q.record_id", "transfers": "q.record_id", "incidents": "q.id",
             "alerts": "q.id", "documents": "q.content_hash", "actors": "q.code"}  # fmt: skip

_DOCS_SQL = (
    "SELECT d.content_hash, d.id, d.url, d.outlet, d.title, d.published,"
    " CAST(d.first_seen AS VARCHAR) AS first_seen, d.extractor_version, d.version, d.current,"
    " (SELECT count(*) FROM events e WHERE e.content_hash = d.content_hash) AS events,"
    " (SELECT count(*) FROM transfers t WHERE t.content_hash = d.content_hash) AS transfers"
    " FROM documents d"
)
_ACTORS_SQL = (
    "SELECT a.code, a.name, a.kind, coalesce(r.n, 0) AS records FROM actors a LEFT JOIN"
    " (SELECT code, count(DISTINCT record_id) AS n FROM record_actors GROUP BY code) r"
    " USING (code)"
)
_RECORD_OUTLETS = (
    "SELECT ir.incident_id FROM incident_records ir JOIN (SELECT record_id, content_hash"
    " FROM events UNION ALL SELECT record_id, content_hash FROM transfers) r USING (record_id)"
    " JOIN documents d USING (content_hash) WHERE d.outlet = ?"
)


class BadRequest(ValueError):
    """A parameter the SQL layer refuses (unknown sort field ...)."""


@dataclass
class ListParams:
    actor: list[str] = field(default_factory=list)
    role: str = "any"
    type: str | None = None  # event type; transfers: stage; incidents, alerts: incident type
    quad_class: int | None = None
    modality: str | None = None
    contested: bool | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    kind: str | None = None  # incidents: event | transfer; actors: state | igo | ...
    rule: str | None = None
    severity: str | None = None
    acknowledged: bool | None = None
    q: str | None = None  # documents: title contains; actors: code or name contains
    sort: str | None = None
    limit: int | None = 50
    offset: int = 0

    def key(self) -> tuple:
        return (tuple(self.actor), self.role, self.type, self.quad_class, self.modality,
                self.contested, self.since, self.until, self.outlet, self.kind, self.rule,
                self.severity, self.acknowledged, self.q, self.sort, self.limit,
                self.offset)  # fmt: skip


def sort_fields(table: str, sort: str | None) -> list[tuple[str, bool]]:
    """``sort`` (default: the table's) as [(field, descending)], whitelisted."""
    spec = SORTS[table]
    out = []
    for name in (sort or DEFAULT_SORT[table]).split(","):
        name = name.strip()
        desc = name.startswith("-")
        name = name.lstrip("-+")
        if name not in spec:
            raise BadRequest(f"cannot sort {table} by {name!r} (one of {', '.join(spec)})")
        out.append((name, desc))
    return out


def order_by(table: str, sort: str | None) -> str:
    parts = [f"{SORTS[table][name]} {'DESC' if desc else 'ASC'} NULLS LAST"
             for name, desc in sort_fields(table, sort)]  # fmt: skip
    return ", ".join([*parts, _TIEBREAK[table]])


def _base(table: str, p: ListParams) -> tuple[str, list[Any], list[str], list[Any]]:
    """(inner SQL, its params, outer WHERE clauses, their params)."""
    where: list[str] = []
    params: list[Any] = []
    if table in Q.TABLES:
        f = Q.Filters(actors=list(p.actor), role=p.role, type=p.type, since=p.since,
                      until=p.until, modality=p.modality, contested=p.contested is True,
                      limit=None)  # fmt: skip
        sql, inner = Q.build(table, f)
        order = Q.ORDER[table]  # the listing re-orders outside
        sql = sql.removesuffix(order)
        if p.contested is False:  # alerts: the incident's flag (the listing has no denied_by)
            where.append("q.contested IS NOT TRUE" if table == "alerts" else "len(q.denied_by) = 0")
        if table == "events" and p.quad_class is not None:
            where.append("q.quad_class = ?")
            params.append(p.quad_class)
        if table in ("events", "transfers") and p.outlet:
            where.append("q.outlet = ?")
            params.append(p.outlet)
        if table == "incidents":
            if p.kind:
                where.append("q.kind = ?")
                params.append(p.kind)
            if p.outlet:
                where.append(f"q.id IN ({_RECORD_OUTLETS})")
                params.append(p.outlet)
            if p.quad_class is not None:
                where.append("q.type IN (SELECT unnest(?))")
                params.append(_types_of_quad(p.quad_class))
        if table == "alerts":
            for col in ("rule", "severity"):
                if getattr(p, col):
                    where.append(f"q.{col} = ?")
                    params.append(getattr(p, col))
            if p.acknowledged is not None:
                where.append("q.acknowledged = ?")
                params.append(p.acknowledged)
        return sql, inner, where, params
    if table == "documents":
        if p.outlet:
            where.append("q.outlet = ?")
            params.append(p.outlet)
        if p.since:
            where.append("q.published >= ?")
            params.append(p.since)
        if p.until:
            where.append("substr(q.published, 1, length(?)) <= ?")
            params += [p.until, p.until]
        if p.q:
            where.append("q.title ILIKE ?")
            params.append(f"%{_like(p.q)}%")
        return _DOCS_SQL, [], where, params
    if table == "actors":
        if p.kind:
            where.append("q.kind = ?")
            params.append(p.kind)
        if p.q:
            where.append("(q.code ILIKE ? OR q.name ILIKE ?)")
            params += [f"%{_like(p.q)}%"] * 2
        return _ACTORS_SQL, [], where, params
    raise BadRequest(f"unknown table {table!r}")


def _like(s: str) -> str:
    return s.replace("\\", "").replace("%", "").replace("_", " ")


def _types_of_quad(quad: int) -> list[str]:
    from ..model import QUAD_CLASS

    return [t for t, c in QUAD_CLASS.items() if c == quad]


def list_sql(table: str, p: ListParams, *, export: bool = False
             ) -> tuple[str, list[Any], str, list[Any]]:  # fmt: skip
    """(page SQL, params, count SQL, params)."""
    inner, iparams, where, wparams = _base(table, p)
    cols = _COLS[table] + (_EXPORT_EXTRA[table] if export else [])
    cols_sql = ", ".join(c if " AS " in c else f"q.{c}" for c in cols)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    page = f"SELECT {cols_sql} FROM ({inner}) q{w} ORDER BY {order_by(table, p.sort)}"
    pparams = [*iparams, *wparams]
    if p.limit is not None:
        page += " LIMIT ? OFFSET ?"
        pparams += [int(p.limit), int(p.offset)]
    count = f"SELECT count(*) FROM ({inner}) q{w}"
    return page, pparams, count, [*iparams, *wparams]


def jsonable(col: str, v: Any) -> Any:
    if col in _JSON_COLS and isinstance(v, str):
        return json.loads(v)
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [{c: jsonable(c, v) for c, v in zip(cols, r, strict=True)} for r in cur.fetchall()]


def listing(conn: duckdb.DuckDBPyConnection, table: str, p: ListParams) -> dict[str, Any]:
    page, pp, count, cp = list_sql(table, p)
    total = conn.execute(count, cp).fetchone()[0]
    items = rows(conn.execute(page, pp))
    return {"table": table, "total": total, "limit": p.limit, "offset": p.offset,
            "sort": p.sort or DEFAULT_SORT[table], "items": items}  # fmt: skip


def export_cursor(conn: duckdb.DuckDBPyConnection, table: str, p: ListParams):
    page, pp, _, _ = list_sql(table, p, export=True)
    return conn.execute(page, pp)


# -- details --------------------------------------------------------------------------------
def one(conn: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> dict[str, Any] | None:
    got = rows(conn.execute(sql, params))
    return got[0] if got else None


def record_detail(conn: duckdb.DuckDBPyConnection, kind: str, rid: str) -> dict[str, Any] | None:
    table = "events" if kind == "event" else "transfers"
    row = one(conn, f"SELECT r.*, d.id AS doc_id, d.title, d.outlet, d.url, d.published, d.text"
                    f" FROM {table} r JOIN documents d USING (content_hash)"
                    " WHERE r.record_id = ?", [rid])  # fmt: skip
    if row is None:
        return None
    inc = conn.execute("SELECT incident_id FROM incident_records WHERE record_id = ?",
                       [rid]).fetchone()  # fmt: skip
    row["incident_id"] = inc[0] if inc else None
    row["kind"] = kind
    return row


def incident_detail(conn: duckdb.DuckDBPyConnection, iid: str) -> dict[str, Any] | None:
    inc = one(conn, "SELECT * FROM incidents WHERE id = ?", [iid])
    if inc is None:
        return None
    inc["records"] = rows(conn.execute(
        "SELECT r.record_id, r.kind, r.label, coalesce(r.date, d.published) AS date, r.modality,"
        " d.outlet, d.title, d.id AS doc_id, d.url,"
        " json_extract_string(r.record, '$.evidence[0].sentence.text') AS sentence"
        " FROM incident_records ir JOIN ("
        "  SELECT record_id, 'event' AS kind, type AS label, date, modality, content_hash, record"
        "  FROM events UNION ALL"
        "  SELECT record_id, 'transfer', stage, date, modality, content_hash, record"
        "  FROM transfers) r USING (record_id)"
        " JOIN documents d USING (content_hash) WHERE ir.incident_id = ?"
        " ORDER BY date NULLS LAST, r.record_id", [iid]))  # fmt: skip
    inc["alerts"] = rows(conn.execute(
        "SELECT id, rule, severity, summary, created, updated, acknowledged FROM alerts"
        " WHERE incident_id = ? ORDER BY updated DESC", [iid]))  # fmt: skip
    return inc


def alert_detail(conn: duckdb.DuckDBPyConnection, aid: str) -> dict[str, Any] | None:
    return one(conn, "SELECT id, rule, incident_id, created, updated, summary, severity,"
                     " acknowledged, details FROM alerts WHERE id = ?", [aid])  # fmt: skip


def document_detail(conn: duckdb.DuckDBPyConnection, key: str) -> dict[str, Any] | None:
    doc = one(conn, "SELECT content_hash, id, url, outlet, title, published,"
                    " CAST(first_seen AS VARCHAR) AS first_seen, extractor_version, version,"
                    " current, origin, text FROM documents WHERE content_hash = ? OR id = ?"
                    " ORDER BY (content_hash = ?) DESC, current DESC, version DESC LIMIT 1",
                    [key, key, key])  # fmt: skip
    if doc is None:
        return None
    h = doc["content_hash"]
    doc["events"] = rows(conn.execute(
        "SELECT record_id, type, source, target, modality, claimed_by, denied_by, date,"
        " quad_class FROM events WHERE content_hash = ? ORDER BY record_id", [h]))  # fmt: skip
    doc["transfers"] = rows(conn.execute(
        "SELECT record_id, stage, supplier, recipient, items, modality, claimed_by, denied_by,"
        " date FROM transfers WHERE content_hash = ? ORDER BY record_id", [h]))  # fmt: skip
    return doc


def actor_detail(conn: duckdb.DuckDBPyConnection, code: str, recent: int = 20
                 ) -> dict[str, Any] | None:  # fmt: skip
    row = one(conn, "SELECT code, name, kind FROM actors WHERE code = ?", [code])
    roles = dict(conn.execute(
        "SELECT role, count(DISTINCT record_id) FROM record_actors WHERE code = ?"
        " GROUP BY role ORDER BY role", [code]).fetchall())  # fmt: skip
    if row is None and not roles:
        return None
    out = row or {"code": code, "name": None, "kind": None}
    out["roles"] = roles
    p = ListParams(actor=[code], limit=recent)
    out["recent_events"] = listing(conn, "events", p)["items"]
    out["recent_transfers"] = listing(conn, "transfers", p)["items"]
    return out


def dyad(conn: duckdb.DuckDBPyConnection, a: str, b: str, since: str | None,
         until: str | None, bucket: str = "month") -> dict[str, Any]:  # fmt: skip
    """Events between ``a`` and ``b`` (either way, as source and target) by period and quad
    class, and the incidents between them."""
    n = 7 if bucket == "month" else 4
    where = ["len(q.date) >= ?"]
    params: list[Any] = [n]
    if since:
        where.append("q.date >= substr(?, 1, length(q.date))")
        params.append(since)
    if until:
        where.append("substr(q.date, 1, length(?)) <= ?")
        params += [until, until]
    pair = ("((list_contains(q.source, ?) AND list_contains(q.target, ?)) OR"
            " (list_contains(q.source, ?) AND list_contains(q.target, ?)))")  # fmt: skip
    inner = (
        "SELECT e.record_id, coalesce(e.date, d.published) AS date, e.quad_class, e.source,"
        " e.target FROM events e JOIN documents d USING (content_hash)"
        " WHERE e.record_id IN (SELECT record_id FROM record_actors WHERE code = ?)"
        " AND e.record_id IN (SELECT record_id FROM record_actors WHERE code = ?)"
    )
    series = conn.execute(
        f"SELECT substr(q.date, 1, {n}) AS period, q.quad_class, count(*) AS n FROM ({inner}) q"
        f" WHERE {pair} AND {' AND '.join(where)} GROUP BY ALL ORDER BY period, quad_class",
        [a, b, a, b, b, a, *params],
    ).fetchall()
    undated = conn.execute(
        f"SELECT count(*) FROM ({inner}) q WHERE {pair} AND (q.date IS NULL OR len(q.date) < ?)",
        [a, b, a, b, b, a, n]).fetchone()[0]  # fmt: skip
    periods: dict[str, dict[int, int]] = {}
    for period, quad, count in series:
        periods.setdefault(period, {1: 0, 2: 0, 3: 0, 4: 0})[int(quad)] = count
    ipair = pair.replace("q.", "i.")
    iwhere, iparams = [], []
    if since:
        iwhere.append("(i.date IS NULL OR i.date >= substr(?, 1, length(i.date)))")
        iparams.append(since)
    if until:
        iwhere.append("(i.date IS NULL OR substr(i.date, 1, length(?)) <= ?)")
        iparams += [until, until]
    incidents = rows(conn.execute(
        "SELECT i.id, i.kind, i.type, i.date, i.source, i.target, i.modality, i.stage,"
        " i.contested, i.reports, i.outlets, i.first_seen, i.last_seen FROM incidents i"
        f" WHERE {ipair}" + "".join(f" AND {w}" for w in iwhere) +
        " ORDER BY coalesce(i.date, substr(i.first_seen, 1, 10)) DESC NULLS LAST, i.id"
        " LIMIT 500", [a, b, b, a, *iparams]))  # fmt: skip
    return {"a": a, "b": b, "bucket": bucket, "undated_events": undated,
            "series": [{"period": k, "quad": v} for k, v in sorted(periods.items())],
            "incidents": incidents}  # fmt: skip


def transfer_edges(conn: duckdb.DuckDBPyConnection, since: str | None, until: str | None,
                   modality: str | None) -> list[tuple]:  # fmt: skip
    f = Q.Filters(since=since, until=until, modality=modality, limit=None)
    sql, params = Q.build("transfers", f)
    return conn.execute(
        f"SELECT q.supplier, q.recipient, q.stage, q.date FROM ({sql}) q", params
    ).fetchall()


def outlets(conn: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY outlet"
    ).fetchall()]  # fmt: skip


def actor_codes(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None]]:
    return conn.execute("SELECT code, name FROM actors ORDER BY code").fetchall()


def alert_rules(conn: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT rule FROM alerts ORDER BY rule").fetchall()]
