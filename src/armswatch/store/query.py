"""Read-side queries over the store for ``armswatch query`` (and the dashboard later)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from ..errors import ArmswatchError

TABLES = ("events", "transfers", "incidents", "alerts")
ROLES = ("source", "target", "supplier", "recipient", "claimed_by", "denied_by", "any")
# incidents keep suppliers under source and recipients under target
_INCIDENT_ROLE = {"supplier": "source", "recipient": "target"}
_ROLE_KIND = {"source": "event", "target": "event", "supplier": "transfer", "recipient": "transfer"}

_SELECT = {
    "events": (
        "SELECT e.record_id, coalesce(e.date, d.published) AS date, e.type, e.source, e.target,"
        " e.modality, e.claimed_by, e.denied_by, e.quad_class, e.confidence, d.outlet, d.title,"
        " d.url, e.article_id, e.rule, e.extractor_version, e.record"
        " FROM events e JOIN documents d USING (content_hash)"
    ),
    "transfers": (
        "SELECT t.record_id, coalesce(t.date, d.published) AS date, t.stage, t.supplier,"
        " t.recipient, t.items, t.modality, t.claimed_by, t.denied_by, t.confidence, d.outlet,"
        " d.title, d.url, t.article_id, t.rule, t.extractor_version, t.record"
        " FROM transfers t JOIN documents d USING (content_hash)"
    ),
    "incidents": (
        "SELECT i.id, i.kind, i.type, i.date, i.source, i.target, i.modality, i.stage, i.items,"
        " i.claimed_by, i.denied_by, i.contested, i.reports, i.outlets, i.first_seen,"
        " i.last_seen FROM incidents i"
    ),
    "alerts": (
        "SELECT a.id, a.rule, a.severity, a.incident_id, a.created, a.updated, a.summary,"
        " a.acknowledged, i.type, i.source, i.target, i.contested, a.details"
        " FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id"
    ),
}
ORDER = {
    "events": " ORDER BY date DESC NULLS LAST, e.record_id",
    "transfers": " ORDER BY date DESC NULLS LAST, t.record_id",
    "incidents": " ORDER BY i.last_seen DESC, i.id",
    "alerts": " ORDER BY a.updated DESC, a.id",
}


@dataclass
class Filters:
    actors: list[str] = field(default_factory=list)  # every one must take part (in ``role``)
    role: str = "any"
    type: str | None = None  # event type; transfers: stage; alerts: incident type
    since: str | None = None  # YYYY[-MM[-DD]]
    until: str | None = None
    modality: str | None = None
    contested: bool = False
    limit: int | None = 100


def build(table: str, f: Filters) -> tuple[str, list[Any]]:
    """SQL and parameters for a filtered listing of ``table``."""
    if table not in TABLES:
        raise ArmswatchError(f"unknown table {table!r} (one of {', '.join(TABLES)})")
    if f.role not in ROLES:
        raise ArmswatchError(f"unknown role {f.role!r} (one of {', '.join(ROLES)})")
    where: list[str] = []
    params: list[Any] = []
    alias = {"events": "e", "transfers": "t", "incidents": "i", "alerts": "i"}[table]
    for code in f.actors:
        code = code.upper()
        if table in ("events", "transfers"):
            rid = f"{alias}.record_id"
            if f.role == "any":
                where.append(f"{rid} IN (SELECT record_id FROM record_actors WHERE code = ?)")
                params.append(code)
            else:
                where.append(
                    f"{rid} IN (SELECT record_id FROM record_actors WHERE code = ? AND role = ?)"
                )
                params += [code, f.role]
        else:
            cols = (["source", "target", "claimed_by", "denied_by"] if f.role == "any"
                    else [_INCIDENT_ROLE.get(f.role, f.role)])  # fmt: skip
            where.append("(" + " OR ".join(f"list_contains(i.{c}, ?)" for c in cols) + ")")
            params += [code] * len(cols)
    if f.actors and table in ("incidents", "alerts") and f.role in _ROLE_KIND:
        where.append("i.kind = ?")
        params.append(_ROLE_KIND[f.role])
    if f.type:
        col = {"events": "e.type", "transfers": "t.stage", "incidents": "i.type",
               "alerts": "i.type"}[table]  # fmt: skip
        where.append(f"upper({col}) = upper(?)")
        params.append(f.type)
    date = {"events": "coalesce(e.date, d.published)", "transfers": "coalesce(t.date, d.published)",
            "incidents": "i.date", "alerts": "a.created"}[table]  # fmt: skip
    # dates may be partial (2024-03, 2024): a record matches when its period overlaps the range
    if f.since:
        where.append(f"{date} >= substr(?, 1, length({date}))")
        params.append(f.since)
    if f.until:
        where.append(f"substr({date}, 1, length(?)) <= ?")
        params += [f.until, f.until]
    if f.modality:
        col = {"events": "e", "transfers": "t", "incidents": "i", "alerts": "i"}[table]
        where.append(f"{col}.modality = ?")
        params.append(f.modality)
    if f.contested:
        where.append({"events": "len(e.denied_by) > 0", "transfers": "len(t.denied_by) > 0",
                      "incidents": "i.contested", "alerts": "i.contested"}[table])  # fmt: skip
    sql = _SELECT[table]
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += ORDER[table]
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    return sql, params


def run_query(conn: duckdb.DuckDBPyConnection, table: str, f: Filters
              ) -> tuple[list[str], list[tuple]]:  # fmt: skip
    sql, params = build(table, f)
    cur = conn.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return cols, cur.fetchall()


def query_arrow(conn: duckdb.DuckDBPyConnection, table: str, f: Filters):
    sql, params = build(table, f)
    try:  # a relation exports to Arrow without an extra copy
        return conn.sql(sql, params=params).to_arrow_table()
    except (TypeError, AttributeError):  # older duckdb
        pass
    res = conn.execute(sql, params)
    for name in ("to_arrow_table", "fetch_arrow_table", "arrow"):  # across duckdb versions
        if hasattr(res, name):
            return getattr(res, name)()
    raise ArmswatchError("this duckdb cannot export Arrow tables")
