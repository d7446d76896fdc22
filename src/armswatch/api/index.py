"""Columnar in-memory listings of events, transfers, incidents and alerts for the API.

A :class:`ListIndex` holds one table's rows in the SQL listing's default order, each row's
listing JSON already encoded, and numpy arrays for every filter and sort field: equality
columns as integer codes, dates as ranks, actors as row positions per role and code, sort
fields as DuckDB's own dense ranks. A filtered, sorted page then costs a few vectorised
operations over at most the table's rows and a join of bytes, instead of a SQL query, and
needs no thread, connection or JSON encoding per request.

The SQL listing (:func:`armswatch.api.queries.listing`) stays the reference: the index is
built from the same SQL (so rows, values and orderings are DuckDB's) and reproduces its filter
semantics, which tests/test_api_index.py checks against it on random parameter combinations.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import ArmswatchError
from ..store import query as SQ
from . import queries as Q

INDEX_TABLES = ("events", "transfers", "incidents", "alerts")
_LIST_COLS = ("source", "target", "claimed_by", "denied_by")  # incidents' actor columns
_TOP = "\U0010ffff"  # sorts after every character: `d[:len(u)] <= u` iff `d < u + _TOP`

# filter columns, name -> SQL expression over the listing subquery ``q`` (alerts: ``x`` is the
# alert's incident, for the columns the alerts listing does not select)
_FILTERS: dict[str, dict[str, str]] = {
    "events": {"type_u": "upper(q.type)", "quad": "q.quad_class", "modality": "q.modality",
               "outlet": "q.outlet", "day": "q.date", "denied": "len(q.denied_by) > 0"},
    "transfers": {"type_u": "upper(q.stage)", "modality": "q.modality", "outlet": "q.outlet",
                  "day": "q.date", "denied": "len(q.denied_by) > 0"},
    "incidents": {"type_u": "upper(q.type)", "type": "q.type", "modality": "q.modality",
                  "kind": "q.kind", "day": "q.date", "contested": "q.contested",
                  "denied": "len(q.denied_by) > 0", **{c: f"q.{c}" for c in _LIST_COLS}},
    "alerts": {"type_u": "upper(q.type)", "modality": "x.modality", "kind": "x.kind",
               "day": "q.created", "contested": "q.contested", "rule": "q.rule",
               "severity": "q.severity", "acknowledged": "q.acknowledged",
               **{c: f"x.{c}" for c in _LIST_COLS}},
}  # fmt: skip
_JOIN = {"alerts": " LEFT JOIN incidents x ON x.id = q.incident_id"}
_TIE = {"events": "q.record_id", "transfers": "q.record_id", "incidents": "q.id",
        "alerts": "q.id"}  # fmt: skip
_INCIDENT_OUTLETS = (  # as queries._RECORD_OUTLETS, for every outlet at once
    "SELECT d.outlet, list(DISTINCT x._pos) FROM incident_records ir JOIN"
    " (SELECT record_id, content_hash FROM events UNION ALL"
    "  SELECT record_id, content_hash FROM transfers) r USING (record_id)"
    " JOIN documents d USING (content_hash) JOIN _aw_rows x ON x._id = ir.incident_id"
    " WHERE d.outlet IS NOT NULL GROUP BY d.outlet"
)
_EMPTY = np.zeros(0, dtype=np.int64)

Pred = Callable[[Any], np.ndarray]  # row selection (slice or positions) -> bool mask


def dumps(value: Any) -> bytes:
    """JSON exactly as Starlette's ``JSONResponse`` writes it."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")  # fmt: skip


def _arrow(conn: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> pa.Table:
    try:  # a relation exports to Arrow without an extra copy
        return conn.sql(sql, params=list(params) or None).to_arrow_table()
    except (TypeError, AttributeError):  # older duckdb
        pass
    res = conn.execute(sql, list(params))
    for name in ("to_arrow_table", "fetch_arrow_table", "arrow"):  # across duckdb versions
        if hasattr(res, name):
            return getattr(res, name)()
    raise ArmswatchError("this duckdb cannot export Arrow tables")


def _encoded(col: pa.ChunkedArray) -> tuple[np.ndarray, list[Any]]:
    """(codes, distinct values): ``values[codes[i]]`` is row i's value, NULL has code -1."""
    enc = pc.dictionary_encode(col.combine_chunks())
    codes = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
    return codes, enc.dictionary.to_pylist()


class Codes:
    """A column as integer codes (NULL: -1) and the code of each distinct value."""

    def __init__(self, col: pa.ChunkedArray) -> None:
        self.codes, values = _encoded(col)
        self.vocab = {v: i for i, v in enumerate(values)}

    def code(self, value: Any) -> int:
        return self.vocab.get(value, -2)  # -2 matches no row, not even the NULLs


class Dates:
    """Partial dates (YYYY, YYYY-MM, YYYY-MM-DD or any string) for ``since``/``until``.

    SQL: ``d >= substr(since, 1, length(d))`` and ``substr(d, 1, length(until)) <= until``.
    Rows keep the rank of their date among the sorted distinct dates and a class per date
    length, so both become comparisons of ranks with a threshold per class."""

    def __init__(self, col: pa.ChunkedArray) -> None:
        codes, values = _encoded(col)
        self.uniq = sorted(values)  # code-point order: DuckDB's (bytewise UTF-8) order too
        rank = {v: i for i, v in enumerate(self.uniq)}
        self.lengths = sorted({len(v) for v in values})
        cls = {n: i for i, n in enumerate(self.lengths)}
        null = len(self.lengths)  # the class of NULL dates: matches no range
        # per distinct value, then gathered per row (the appended entry serves code -1)
        self.rank = np.array([rank[v] for v in values] + [0], dtype=np.int32)[codes]
        self.cls = np.array([cls[len(v)] for v in values] + [null], dtype=np.int8)[codes]

    def since(self, s: str) -> Pred:
        th = [bisect_left(self.uniq, s[:n]) for n in self.lengths] + [len(self.uniq) + 1]
        ths = np.array(th, dtype=np.int32)
        return lambda sel: self.rank[sel] >= ths[self.cls[sel]]

    def until(self, u: str) -> Pred:
        th = bisect_left(self.uniq, u + _TOP)
        return lambda sel: (self.rank[sel] < th) & (self.cls[sel] < len(self.lengths))


def _groups(tbl: pa.Table) -> dict[tuple, np.ndarray]:
    """Rows ``(key..., list of positions)`` as {key: sorted positions}."""
    *keys, lists = tbl.columns
    lists = lists.combine_chunks()
    flat = lists.values.to_numpy(zero_copy_only=False).astype(np.int64)  # what offsets index
    offsets = lists.offsets.to_numpy()
    cols = [k.to_pylist() for k in keys]
    return {tuple(c[i] for c in cols): np.sort(flat[offsets[i]:offsets[i + 1]])
            for i in range(len(lists))}  # fmt: skip


class ListIndex:
    """One table's listing, in memory; :meth:`page` answers like the SQL listing."""

    def __init__(self, table: str, conn: duckdb.DuckDBPyConnection) -> None:
        self.table = table
        self.default = Q.sort_fields(table, None)
        rows_sql, ranks_sql, params = self._sql(table, list(Q.SORTS[table]))
        cur = conn.cursor()  # its own: the view registered below stays private to it
        try:
            rows = self._rows(_arrow(cur, rows_sql, params))
            self._ranks(_arrow(cur, ranks_sql, params))
            cur.register("_aw_rows", rows)
            self.members = self._members(cur)
            self.outlets = ({k[0]: v for k, v in _groups(_arrow(cur, _INCIDENT_OUTLETS)).items()}
                            if table == "incidents" else {})  # fmt: skip
        finally:
            cur.close()

    # -- building -------------------------------------------------------------------------
    @staticmethod
    def _sql(table: str, fields: list[str]) -> tuple[str, str, list[Any]]:
        """Two queries, both one row per listing row in the default order: (1) its JSON
        (DuckDB's ``to_json`` writes what ``json.dumps`` of :func:`queries.rows` does), id and
        filter columns; (2) for each sort field its dense ranks ascending and descending (NULLs
        last), apart so that the window sorts do not carry the JSON."""
        inner, iparams, _, _ = Q._base(table, Q.ListParams(limit=None))
        names = [c.split(" AS ")[-1] for c in Q._COLS[table]]
        exprs = [c.split(" AS ")[0] if " AS " in c else f"q.{c}" for c in Q._COLS[table]]
        pairs = ", ".join(f"'{n}': {e}" for n, e in zip(names, exprs, strict=True))
        cols = ["to_json({" + pairs + "})::VARCHAR AS _json", f"{_TIE[table]} AS _id"]
        cols += [f"{e} AS _f_{k}" for k, e in _FILTERS[table].items()]
        ranks = [f"row_number() OVER (ORDER BY {_TIE[table]}) AS _tie"]
        ranks += [f"dense_rank() OVER (ORDER BY {Q.SORTS[table][f]} {d} NULLS LAST) AS _{d[0]}_{f}"
                  for f in fields for d in ("ASC", "DESC")]  # fmt: skip
        tail = f" FROM ({inner}) q{_JOIN.get(table, '')} ORDER BY {Q.order_by(table, None)}"
        return f"SELECT {', '.join(cols)}{tail}", f"SELECT {', '.join(ranks)}{tail}", iparams

    def _rows(self, tbl: pa.Table) -> pa.Table:
        """Keep the JSON, dates and codes; return (id, actor lists, position) for SQL."""
        self.n = tbl.num_rows
        self.items = [s.encode("utf-8") for s in tbl.column("_json").to_pylist()]
        self.dates = Dates(tbl.column("_f_day"))
        scalar = [k for k in _FILTERS[self.table] if k != "day" and k not in _LIST_COLS]
        self.codes = {k: Codes(tbl.column(f"_f_{k}")) for k in scalar}
        lists = [f"_f_{c}" for c in _LIST_COLS if c in _FILTERS[self.table]]
        out = tbl.select(["_id", *lists])
        return out.append_column("_pos", pa.array(np.arange(self.n, dtype=np.int64)))

    def _ranks(self, tbl: pa.Table) -> None:
        self.keys: dict[tuple[str, bool], np.ndarray] = {}
        self.spans: dict[tuple[str, bool], int] = {}  # 1 + the largest rank
        for name in Q.SORTS[self.table]:
            for desc in (False, True):
                key = tbl.column(f"_{'D' if desc else 'A'}_{name}").to_numpy().astype(np.int64)
                self.keys[name, desc] = key
                self.spans[name, desc] = int(key.max(initial=0)) + 1
        self.tie = tbl.column("_tie").to_numpy().astype(np.int64)

    def _members(self, conn: duckdb.DuckDBPyConnection) -> dict[tuple, np.ndarray]:
        """(role, code) and ("any", code) -> rows. Events and transfers: from
        ``record_actors``, as the SQL filter reads it; incidents and alerts: their incident's
        actor lists (the role named by its column)."""
        if self.table in ("events", "transfers"):
            pairs = ("SELECT ra.role, ra.code, r._pos FROM record_actors ra"
                     " JOIN _aw_rows r ON r._id = ra.record_id")  # fmt: skip
        else:
            pairs = " UNION ALL ".join(f"SELECT '{c}' AS role, unnest(_f_{c}) AS code, _pos"
                                       f" FROM _aw_rows" for c in _LIST_COLS)  # fmt: skip
        out = _groups(_arrow(conn, f"SELECT role, code, list(DISTINCT _pos) FROM ({pairs})"
                                   " WHERE code IS NOT NULL GROUP BY role, code"))  # fmt: skip
        out.update({("any", k[0]): v for k, v in _groups(_arrow(
            conn, f"SELECT code, list(DISTINCT _pos) FROM ({pairs}) WHERE code IS NOT NULL"
                  " GROUP BY code")).items()})  # fmt: skip
        return out

    # -- querying -------------------------------------------------------------------------
    def _actor_rows(self, role: str, code: str) -> np.ndarray:
        if self.table in ("incidents", "alerts"):
            role = SQ._INCIDENT_ROLE.get(role, role)
        return self.members.get((role, code), _EMPTY)

    def _eq(self, name: str, value: Any) -> Pred:
        col = self.codes[name]
        code = col.code(value)
        return lambda sel: col.codes[sel] == code

    def _conditions(self, p: Q.ListParams) -> tuple[list[np.ndarray], list[Pred]]:
        """Row sets that must all contain a row, and predicates over columns, as in
        :func:`armswatch.api.queries._base` and :func:`armswatch.store.query.build`."""
        t = self.table
        if p.role not in SQ.ROLES:
            raise Q.BadRequest(f"unknown role {p.role!r}")
        sets = [self._actor_rows(p.role, code.upper()) for code in p.actor]
        preds: list[Pred] = []
        if p.actor and t in ("incidents", "alerts") and p.role in SQ._ROLE_KIND:
            preds.append(self._eq("kind", SQ._ROLE_KIND[p.role]))
        if p.type:
            preds.append(self._eq("type_u", p.type.upper()))
        if p.since:
            preds.append(self.dates.since(p.since))
        if p.until:
            preds.append(self.dates.until(p.until))
        if p.modality:
            preds.append(self._eq("modality", p.modality))
        if p.contested is True:
            preds.append(self._eq("denied" if t in ("events", "transfers") else "contested", True))
        elif p.contested is False:
            if t == "alerts":  # no incident, or one not contested
                col = self.codes["contested"]
                true = col.code(True)
                preds.append(lambda sel: col.codes[sel] != true)
            else:
                preds.append(self._eq("denied", False))
        if t == "events" and p.quad_class is not None:
            preds.append(self._eq("quad", p.quad_class))
        if t in ("events", "transfers") and p.outlet:
            preds.append(self._eq("outlet", p.outlet))
        if t == "incidents":
            if p.kind:
                preds.append(self._eq("kind", p.kind))
            if p.outlet:
                sets.append(self.outlets.get(p.outlet, _EMPTY))
            if p.quad_class is not None:
                col = self.codes["type"]
                wanted = [col.code(x) for x in Q._types_of_quad(p.quad_class)]
                preds.append(lambda sel: np.isin(col.codes[sel], wanted))
        if t == "alerts":
            for name in ("rule", "severity"):
                if getattr(p, name):
                    preds.append(self._eq(name, getattr(p, name)))
            if p.acknowledged is not None:
                preds.append(self._eq("acknowledged", p.acknowledged))
        return sets, preds

    def select(self, p: Q.ListParams) -> np.ndarray:
        """Positions (in the default order) of the rows matching ``p``'s filters."""
        sets, preds = self._conditions(p)
        rows: np.ndarray | None = None
        for s in sorted(sets, key=len):
            if rows is None:
                rows = s
            elif len(rows):
                member = np.zeros(self.n, dtype=bool)
                member[s] = True
                rows = rows[member[rows]]
        sel: Any = slice(None) if rows is None else rows
        mask: np.ndarray | None = None
        for pred in preds:
            m = pred(sel)
            mask = m if mask is None else mask & m
        if rows is None:
            return np.arange(self.n) if mask is None else np.flatnonzero(mask)
        return rows if mask is None else rows[mask]

    def order(self, rows: np.ndarray, fields: list[tuple[str, bool]], stop: int) -> np.ndarray:
        """The first ``stop`` of ``rows`` ordered by ``fields`` then the tiebreak."""
        keys = [self.keys[f][rows] for f in fields] + [self.tie[rows]]
        spans = [self.spans[f] for f in fields] + [self.n + 1]
        if float(np.prod(spans, dtype=np.float64)) < 2.0**62:  # one int64 key: partial sort
            key = keys[0]
            for k, span in zip(keys[1:], spans[1:], strict=True):
                key = key * span + k
            if stop < len(rows):
                top = np.argpartition(key, stop - 1)[:stop]
                return rows[top[np.argsort(key[top])]]
            return rows[np.argsort(key)]
        return rows[np.lexsort(keys[::-1])][:stop]

    def page(self, p: Q.ListParams) -> tuple[int, list[bytes]]:
        """(total, the page's items as JSON) for ``p`` (limit None: 50)."""
        fields = Q.sort_fields(self.table, p.sort)
        rows = self.select(p)
        limit = 50 if p.limit is None else int(p.limit)
        start, stop = int(p.offset), int(p.offset) + limit
        total = len(rows)
        if start >= total:
            return total, []
        if fields != self.default:
            rows = self.order(rows, fields, stop)
        return total, [self.items[i] for i in rows[start:stop]]

    def body(self, p: Q.ListParams) -> bytes:
        """The JSON page, byte for byte what ``JSONResponse(queries.listing(...))`` sends."""
        total, items = self.page(p)
        head = dumps({"table": self.table, "total": total,
                      "limit": 50 if p.limit is None else p.limit, "offset": p.offset,
                      "sort": p.sort or Q.DEFAULT_SORT[self.table]})  # fmt: skip
        return head[:-1] + b',"items":[' + b",".join(items) + b"]}"
