"""The one object that writes to the store (DuckDB), and the reads the writing side needs.

A batch is written inside ONE transaction (``with writer.transaction(): ...``): documents,
their records, actors, incidents and alert state. DuckDB's write-ahead log makes a commit
all-or-nothing, so a process killed at any moment leaves the store at the last committed
batch; the next run skips what is stored (by content hash) and completes the rest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from ..errors import ArmswatchError
from ..model import Alert, Event, Extraction, Incident, Transfer, codes, record_from_dict
from .schema import migrate

try:  # the merger's view of a stored record
    from ..merge.incidents import Report
except ImportError:  # pragma: no cover - merge/ is written in parallel

    @dataclass(frozen=True, slots=True)
    class Report:  # type: ignore[no-redef]
        record_id: str
        kind: str
        article_id: str
        outlet: str | None
        published: str | None
        seen: str
        record: Event | Transfer


EVENT_ROLES = ("source", "target", "claimed_by", "denied_by")
TRANSFER_ROLES = ("supplier", "recipient", "claimed_by", "denied_by")


def now_iso() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def record_id(content_hash: str, kind: str, key: tuple, version: str) -> str:
    """Stable id of a record: article content hash + record key + extractor version."""
    payload = json.dumps([content_hash, kind, key, version], separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class DocResult:
    """What storing one extraction did."""

    status: str  # "new" | "seen" | "updated" (a new version of a stored URL)
    reports: tuple[Report, ...] = ()


class Writer:
    """Owns the DuckDB connection; every write to the store goes through it."""

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = str(path)
        if self.path != ":memory:" and not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as e:
            raise ArmswatchError(f"cannot open the store {self.path}: {e}") from None
        if not read_only:
            migrate(self.conn)
        self._in_tx = False
        # recomputes an incident from its remaining reports after records were replaced
        # (the pipeline sets merge.incidents.with_reports); without it only counts are updated
        self.recompute: Callable[[Incident, list[Report]], Incident] | None = None
        self._buf = _empty_buffer()

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        try:
            if not self._in_tx:
                self.conn.execute("CHECKPOINT")
        except duckdb.Error:
            pass
        self.conn.close()

    def __enter__(self) -> Writer:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        """One batch: committed whole on success, rolled back whole on any exception."""
        if self._in_tx:
            raise RuntimeError("transactions do not nest")
        self.conn.execute("BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield self
            self.flush()
        except BaseException:
            self._in_tx = False
            self._buf = _empty_buffer()
            self.conn.execute("ROLLBACK")
            raise
        self._in_tx = False
        self.conn.execute("COMMIT")

    # -- reads used before extracting ------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM documents WHERE content_hash = ?", [content_hash]
        ).fetchone()
        return row is not None

    def url_state(self, url: str) -> tuple[str, str | None] | None:
        """(content_hash, stamp) of the current stored version of a URL, if any."""
        row = self.conn.execute(
            "SELECT content_hash, stamp FROM documents WHERE url = ? AND current"
            " ORDER BY version DESC LIMIT 1",
            [url],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def counts(self) -> dict[str, int]:
        tables = ("documents", "events", "transfers", "actors", "record_actors", "incidents",
                  "incident_records", "alerts")  # fmt: skip
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    # -- documents and records -------------------------------------------------------------
    def add_extraction(
        self, ext: Extraction, *, seen: str | None = None, stamp: str | None = None
    ) -> DocResult:
        """Store an article and its records (inside a transaction). Same content: nothing."""
        self._require_tx()
        a = ext.article
        h = a.content_hash
        if self.has_content(h):
            return DocResult("seen")
        seen = seen or now_iso()
        version, status = 1, "new"
        if a.url:
            prev = self.conn.execute(
                "SELECT content_hash, version FROM documents WHERE url = ? AND current",
                [a.url],
            ).fetchall()
            if prev:
                version = max(v for _, v in prev) + 1
                status = "updated"
                for old_hash, _ in prev:
                    self.drop_records(old_hash)
                self.conn.execute("UPDATE documents SET current = FALSE WHERE url = ?", [a.url])
        self.conn.execute(
            "INSERT INTO documents (content_hash, id, url, outlet, title, published, first_seen,"
            " extractor_version, text, origin, version, current, stamp)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?)",
            [h, a.id, a.url, a.outlet, a.title, a.published, seen, ext.version, a.text, a.origin,
             version, stamp],
        )  # fmt: skip
        reports = self._add_records(ext, h, seen)
        return DocResult(status, tuple(reports))

    def _add_records(self, ext: Extraction, h: str, seen: str) -> list[Report]:
        a = ext.article
        used: set[str] = set()
        reports: list[Report] = []
        ev_rows, tr_rows, role_rows = [], [], []
        actors: dict[str, tuple[str | None, str]] = {}

        def rid_for(kind: str, rec: Event | Transfer) -> str:
            base = record_id(h, kind, rec.key(), ext.version)
            rid, n = base, 1
            while rid in used:  # two records with one key in one article: keep both, stably
                n += 1
                rid = f"{base}-{n}"
            used.add(rid)
            return rid

        for e in ext.events:
            rid = rid_for("event", e)
            d = e.to_dict()
            ev_rows.append([rid, a.id, h, e.type, e.modality, e.date, d["source"], d["target"],
                            d["claimed_by"], d["denied_by"], e.quad_class, e.confidence, e.rule,
                            ext.version, json.dumps(d, ensure_ascii=False)])  # fmt: skip
            self._roles(rid, e, EVENT_ROLES, role_rows, actors)
            reports.append(Report(rid, "event", a.id, a.outlet, a.published, seen, e))
        for t in ext.transfers:
            rid = rid_for("transfer", t)
            d = t.to_dict()
            tr_rows.append([rid, a.id, h, t.stage, t.modality, t.date, d["supplier"],
                            d["recipient"], list(t.items), d["claimed_by"], d["denied_by"],
                            t.confidence, t.rule, ext.version,
                            json.dumps(d, ensure_ascii=False)])  # fmt: skip
            self._roles(rid, t, TRANSFER_ROLES, role_rows, actors)
            reports.append(Report(rid, "transfer", a.id, a.outlet, a.published, seen, t))
        buf = self._buf
        buf["events"] += ev_rows
        buf["transfers"] += tr_rows
        buf["record_actors"] += role_rows
        for c, (n, k) in actors.items():
            prev = buf["actors"].get(c)
            buf["actors"][c] = (prev[0] or n, prev[1] or k) if prev else (n, k)
        return reports

    def flush(self) -> None:
        """Write the buffered record rows (multi-row inserts; done before any read of them and
        at commit)."""
        buf = self._buf
        self._insert_many("INSERT INTO events VALUES", buf["events"])
        self._insert_many("INSERT INTO transfers VALUES", buf["transfers"])
        self._insert_many("INSERT INTO record_actors VALUES", buf["record_actors"])
        self._insert_many(
            "INSERT INTO actors VALUES", [[c, n, k] for c, (n, k) in buf["actors"].items()],
            " ON CONFLICT (code) DO UPDATE SET name = coalesce(actors.name, excluded.name)",
        )  # fmt: skip
        self._buf = _empty_buffer()

    def _insert_many(self, prefix: str, rows: Sequence[Sequence[Any]], suffix: str = "",
                     chunk: int = 400) -> None:  # fmt: skip
        """Many rows in few statements (DuckDB's executemany is one statement per row)."""
        if not rows:
            return
        one = "(" + ", ".join("?" * len(rows[0])) + ")"
        for i in range(0, len(rows), chunk):
            part = rows[i : i + chunk]
            params = [v for row in part for v in row]
            self.conn.execute(f"{prefix} {', '.join([one] * len(part))}{suffix}", params)

    @staticmethod
    def _roles(rid: str, rec: Any, roles: Sequence[str], rows: list, actors: dict) -> None:
        for role in roles:
            mentions = getattr(rec, role)
            for code in codes(mentions):
                rows.append([rid, role, code])
            for m in mentions:
                name, kind = actors.get(m.code, (None, m.kind))
                actors[m.code] = (name or m.name, kind or m.kind)

    def drop_records(self, content_hash: str) -> None:
        """Remove the records of an old version of a document, and them from their incidents."""
        self.flush()
        ids = [r[0] for r in self.conn.execute(
            "SELECT record_id FROM events WHERE content_hash = ? UNION ALL "
            "SELECT record_id FROM transfers WHERE content_hash = ?", [content_hash, content_hash]
        ).fetchall()]  # fmt: skip
        if not ids:
            return
        touched = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT incident_id FROM incident_records WHERE list_contains(?, record_id)",
            [ids]).fetchall()]  # fmt: skip
        for table in ("events", "transfers", "record_actors", "incident_records"):
            self.conn.execute(f"DELETE FROM {table} WHERE list_contains(?, record_id)", [ids])
        for inc in touched:
            n = self.conn.execute(
                "SELECT count(*) FROM incident_records WHERE incident_id = ?", [inc]
            ).fetchone()[0]
            if n == 0:
                self.conn.execute("DELETE FROM incidents WHERE id = ?", [inc])
            elif self.recompute is not None:
                old = self.incident(inc)
                self.save_incidents([self.recompute(old, self.reports_for(old.record_ids))], {})
            else:
                self.conn.execute(
                    "UPDATE incidents SET reports = ?, updated = ? WHERE id = ?",
                    [n, now_iso(), inc],
                )

    # -- incidents -------------------------------------------------------------------------
    def candidate_incidents(self, filters: Iterable[dict[str, Any]]) -> list[Incident]:
        """Stored incidents that reports may join. Each filter (``merge.candidate_filter``) has
        ``kind``, ``type``, ``codes`` (shares one with source or target) and optionally
        ``modalities`` and ``date_from``/``date_to`` (the incident's date, else its seen range,
        overlaps). Filters differing only in codes and dates are merged into one query."""
        merged: dict[tuple, dict[str, Any]] = {}
        for f in filters:
            if not f.get("codes"):
                continue
            key = (f["kind"], f["type"], tuple(sorted(f.get("modalities") or ())))
            m = merged.setdefault(
                key,
                {"codes": set(), "from": f.get("date_from"), "to": f.get("date_to"), "open": False},
            )
            m["codes"].update(f["codes"])
            if f.get("date_from") is None or f.get("date_to") is None:
                m["open"] = True
            else:
                m["from"] = min(m["from"] or f["date_from"], f["date_from"])
                m["to"] = max(m["to"] or f["date_to"], f["date_to"])
        out: dict[str, Incident] = {}
        for (kind, typ, modalities), m in merged.items():
            sql = (
                f"SELECT {_INCIDENT_COLS} FROM incidents WHERE kind = ? AND type = ?"
                " AND list_has_any(list_concat(source, target), ?)"
            )
            params: list[Any] = [kind, typ, sorted(m["codes"])]
            if modalities:
                sql += " AND list_contains(?, modality)"
                params.append(list(modalities))
            if not m["open"]:  # partial dates (2024-03) compare at their own precision
                sql += (
                    " AND CASE WHEN date IS NOT NULL THEN"
                    " substr(?, 1, length(date)) <= date AND date <= substr(?, 1, length(date))"
                    " ELSE substr(first_seen, 1, 10) <= ? AND substr(last_seen, 1, 10) >= ?"
                    " END"
                )
                params += [m["from"], m["to"], m["to"], m["from"]]
            for row in self.conn.execute(sql, params).fetchall():
                out[row[0]] = row
        return self._incidents(list(out.values()))

    def incident(self, incident_id: str) -> Incident | None:
        row = self.conn.execute(
            f"SELECT {_INCIDENT_COLS} FROM incidents WHERE id = ?", [incident_id]
        ).fetchone()
        return self._incidents([row])[0] if row else None

    def _incidents(self, rows: list[tuple]) -> list[Incident]:
        if not rows:
            return []
        rids: dict[str, list[str]] = {}
        for rid, iid in self.conn.execute(
            "SELECT record_id, incident_id FROM incident_records"
            " SEMI JOIN (SELECT unnest(?) AS id) w ON w.id = incident_id ORDER BY record_id",
            [[r[0] for r in rows]],
        ).fetchall():
            rids.setdefault(iid, []).append(rid)
        return [self._incident(row, tuple(rids.get(row[0], ()))) for row in rows]

    @staticmethod
    def _incident(row: tuple, rids: tuple[str, ...]) -> Incident:
        (iid, kind, typ, source, target, modality, date, first_seen, last_seen, reports, outlets,
         claimed_by, denied_by, stage, items, evidence) = row  # fmt: skip
        return Incident(id=iid, kind=kind, type=typ, source=tuple(source), target=tuple(target),
                        modality=modality, date=date, first_seen=first_seen, last_seen=last_seen,
                        reports=reports, outlets=outlets, claimed_by=tuple(claimed_by),
                        denied_by=tuple(denied_by), stage=stage, items=tuple(items),
                        record_ids=rids, evidence=tuple(evidence))  # fmt: skip

    def save_incidents(self, incidents: Iterable[Incident], mapping: dict[str, str]) -> int:
        """Insert or replace incidents and their record links; returns how many were new."""
        self._require_tx()
        incs = list({i.id: i for i in incidents}.values())
        now = now_iso()
        links: dict[str, str] = {}
        created: dict[str, Any] = {}
        if incs:
            ids = [i.id for i in incs]
            created = dict(self.conn.execute(
                "SELECT id, created FROM incidents SEMI JOIN (SELECT unnest(?) AS x) w"
                " ON w.x = id", [ids]).fetchall())  # fmt: skip
            self.conn.execute("DELETE FROM incidents WHERE id IN (SELECT unnest(?))", [ids])
            self._insert_many("INSERT INTO incidents VALUES", [
                [inc.id, inc.kind, inc.type, list(inc.source), list(inc.target), inc.modality,
                 inc.date, inc.first_seen, inc.last_seen, inc.reports, inc.outlets,
                 list(inc.claimed_by), list(inc.denied_by), inc.stage, list(inc.items),
                 inc.contested, list(inc.evidence), created.get(inc.id, now), now]
                for inc in incs])  # fmt: skip
            for inc in incs:
                for rid in inc.record_ids:
                    links[rid] = inc.id
        links.update(mapping)
        self._insert_many("INSERT OR REPLACE INTO incident_records VALUES",
                          [[r, i] for r, i in links.items()])  # fmt: skip
        return len(incs) - len(created)

    def reports_for(self, record_ids: Sequence[str]) -> list[Report]:
        """The stored records with these ids, as the merger and the rules see them."""
        if not record_ids:
            return []
        self.flush()
        rows = self.conn.execute(
            "SELECT r.record_id, r.kind, r.article_id, d.outlet, d.published,"
            " CAST(d.first_seen AS VARCHAR), r.record FROM ("
            " SELECT record_id, 'event' AS kind, article_id, content_hash, record FROM events"
            " UNION ALL"
            " SELECT record_id, 'transfer', article_id, content_hash, record FROM transfers) r"
            " JOIN documents d USING (content_hash)"
            " SEMI JOIN (SELECT unnest(?) AS record_id) w ON w.record_id = r.record_id"
            " ORDER BY d.first_seen, r.record_id",
            [list(record_ids)],
        ).fetchall()
        return [
            Report(rid, kind, aid, outlet, pub, seen.replace(" ", "T"),
                   record_from_dict(json.loads(rec)))
            for rid, kind, aid, outlet, pub, seen, rec in rows
        ]  # fmt: skip

    # -- alerts ----------------------------------------------------------------------------
    def alert_state(self, rule: str, incident_id: str) -> tuple[str, str, str | None] | None:
        """(id, created, fingerprint) of the stored alert for a rule and incident."""
        row = self.conn.execute(
            "SELECT id, created, fingerprint FROM alerts WHERE rule = ? AND incident_id = ?",
            [rule, incident_id],
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def save_alert(self, alert: Alert, fingerprint: str | None, *, new: bool) -> None:
        """Insert a first alert, or update the stored one (marked for re-delivery)."""
        self._require_tx()
        details = json.dumps(alert.details, ensure_ascii=False, default=str)
        if new:
            self.conn.execute(
                "INSERT INTO alerts (id, rule, incident_id, created, updated, summary, severity,"
                " acknowledged, fingerprint, details, pending, pending_new)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, TRUE)",
                [alert.id, alert.rule, alert.incident_id, alert.created, alert.updated,
                 alert.summary, alert.severity, alert.acknowledged, fingerprint, details],
            )  # fmt: skip
        else:
            self.conn.execute(
                "UPDATE alerts SET updated = ?, summary = ?, severity = ?, fingerprint = ?,"
                " details = ?, pending = TRUE WHERE rule = ? AND incident_id = ?",
                [alert.updated, alert.summary, alert.severity, fingerprint, details, alert.rule,
                 alert.incident_id],
            )  # fmt: skip

    def pending_alerts(self) -> list[tuple[Alert, bool]]:
        """Alerts stored but not yet delivered to the sinks, with whether each is a first one."""
        rows = self.conn.execute(
            "SELECT id, rule, incident_id, created, updated, summary, severity, acknowledged,"
            " details, pending_new FROM alerts WHERE pending ORDER BY created, id"
        ).fetchall()
        return [
            (Alert(id=r[0], rule=r[1], incident_id=r[2], created=r[3], updated=r[4],
                   summary=r[5], severity=r[6], acknowledged=r[7],
                   details=json.loads(r[8]) if r[8] else {}), bool(r[9]))
            for r in rows
        ]  # fmt: skip

    def mark_delivered(self, alert_ids: Sequence[str]) -> None:
        if not alert_ids:
            return
        with self.transaction():
            self.conn.execute(
                "UPDATE alerts SET pending = FALSE, pending_new = FALSE WHERE list_contains(?, id)",
                [list(alert_ids)],
            )

    def _require_tx(self) -> None:
        if not self._in_tx:
            raise RuntimeError("store writes must happen inside writer.transaction()")


def _empty_buffer() -> dict[str, Any]:
    return {"events": [], "transfers": [], "record_actors": [], "actors": {}}


_INCIDENT_COLS = (
    "id, kind, type, source, target, modality, date, first_seen, last_seen, reports, outlets,"
    " claimed_by, denied_by, stage, items, evidence"
)
