"""The batch output: a Parquet dataset per table, partitioned by the article's month.

Layout (``DIR`` is ``armswatch batch --out``)::

    DIR/_manifest.json
    DIR/documents/month=YYYY-MM/part-<shard id>.parquet   (month=unknown: no published date)
    DIR/events/month=YYYY-MM/part-<shard id>.parquet
    DIR/transfers/month=YYYY-MM/part-<shard id>.parquet

Columns mirror the store's tables (``store/schema.py``); record ids are the store's
(``store.writer.record_id`` with the writer's suffix for a second record with the same key in
one article), so loading the dataset gives the ids a direct ``armswatch run`` would. ``record``
is the record's full JSON (``to_dict``); ``ordinal`` its position in the article's list.

Each part file is written under a temporary dot-name and renamed into place, so a reader never
sees half a file and a retried or duplicated shard replaces its own files instead of adding
rows. Readers (pyarrow, DuckDB ``read_parquet(..., hive_partitioning=true)``) ignore dot-files.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model import Article, Event, Extraction, Transfer, record_from_dict
from ..store.writer import record_id

TABLES = ("documents", "events", "transfers")
UNKNOWN_MONTH = "unknown"


def _schemas():
    import pyarrow as pa

    s, strs = pa.string(), pa.list_(pa.string())
    documents = pa.schema([
        ("content_hash", s), ("id", s), ("url", s), ("outlet", s), ("title", s),
        ("published", s), ("extractor_version", s), ("text", s), ("origin", s),
        ("warnings", strs), ("events", pa.int32()), ("transfers", pa.int32()), ("shard", s),
    ])  # fmt: skip
    common_tail = [("claimed_by", strs), ("denied_by", strs)]
    events = pa.schema([
        ("record_id", s), ("article_id", s), ("content_hash", s), ("ordinal", pa.int32()),
        ("type", s), ("modality", s), ("date", s), ("source", strs), ("target", strs),
        *common_tail, ("quad_class", pa.int32()), ("confidence", pa.float64()), ("rule", s),
        ("extractor_version", s), ("published", s), ("record", s),
    ])  # fmt: skip
    transfers = pa.schema([
        ("record_id", s), ("article_id", s), ("content_hash", s), ("ordinal", pa.int32()),
        ("stage", s), ("modality", s), ("date", s), ("supplier", strs), ("recipient", strs),
        ("items", strs), *common_tail, ("confidence", pa.float64()), ("rule", s),
        ("extractor_version", s), ("published", s), ("record", s),
    ])  # fmt: skip
    return {"documents": documents, "events": events, "transfers": transfers}


def month_of(published: str | None) -> str:
    if published and len(published) >= 7 and published[4] == "-":
        return published[:7]
    return UNKNOWN_MONTH


def record_ids(ext: Extraction) -> tuple[list[str], list[str]]:
    """The store's ids for an extraction's events and transfers (``Writer._add_records``)."""
    h = ext.article.content_hash
    used: set[str] = set()

    def rid_for(kind: str, rec: Event | Transfer) -> str:
        base = record_id(h, kind, rec.key(), ext.version)
        rid, n = base, 1
        while rid in used:
            n += 1
            rid = f"{base}-{n}"
        used.add(rid)
        return rid

    return ([rid_for("event", e) for e in ext.events],
            [rid_for("transfer", t) for t in ext.transfers])  # fmt: skip


def rows(extractions: Iterable[Extraction], shard_id: str) -> dict[str, dict[str, list[dict]]]:
    """``{month: {table: [row, ...]}}`` for a shard's extractions."""
    out: dict[str, dict[str, list[dict]]] = {}
    for ext in extractions:
        a = ext.article
        h = a.content_hash
        month = month_of(a.published)
        t = out.setdefault(month, {name: [] for name in TABLES})
        t["documents"].append({
            "content_hash": h, "id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title,
            "published": a.published, "extractor_version": ext.version, "text": a.text,
            "origin": a.origin, "warnings": list(ext.warnings), "events": len(ext.events),
            "transfers": len(ext.transfers), "shard": shard_id,
        })  # fmt: skip
        ev_ids, tr_ids = record_ids(ext)
        for i, (e, rid) in enumerate(zip(ext.events, ev_ids, strict=True)):
            d = e.to_dict()
            t["events"].append({
                "record_id": rid, "article_id": a.id, "content_hash": h, "ordinal": i,
                "type": e.type, "modality": e.modality, "date": e.date, "source": d["source"],
                "target": d["target"], "claimed_by": d["claimed_by"],
                "denied_by": d["denied_by"], "quad_class": e.quad_class,
                "confidence": e.confidence, "rule": e.rule, "extractor_version": ext.version,
                "published": a.published, "record": json.dumps(d, ensure_ascii=False),
            })  # fmt: skip
        for i, (tr, rid) in enumerate(zip(ext.transfers, tr_ids, strict=True)):
            d = tr.to_dict()
            t["transfers"].append({
                "record_id": rid, "article_id": a.id, "content_hash": h, "ordinal": i,
                "stage": tr.stage, "modality": tr.modality, "date": tr.date,
                "supplier": d["supplier"], "recipient": d["recipient"], "items": list(tr.items),
                "claimed_by": d["claimed_by"], "denied_by": d["denied_by"],
                "confidence": tr.confidence, "rule": tr.rule, "extractor_version": ext.version,
                "published": a.published, "record": json.dumps(d, ensure_ascii=False),
            })  # fmt: skip
    return out


def part_name(shard_id: str) -> str:
    return f"part-{shard_id}.parquet"


def write_part(out_dir: Path, table: str, month: str, shard_id: str, table_rows: list[dict]
               ) -> str:  # fmt: skip
    """Write one part file atomically (temp name, then rename); returns its relative path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rel = f"{table}/month={month}/{part_name(shard_id)}"
    final = out_dir / rel
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".{final.name}.{uuid.uuid4().hex}.tmp"
    tbl = pa.Table.from_pylist(table_rows, schema=_schemas()[table])
    try:
        pq.write_table(tbl, tmp, compression="zstd")
        os.replace(tmp, final)
    finally:
        if tmp.exists():
            tmp.unlink()
    return rel


def remove_stale_parts(out_dir: Path, shard_id: str, keep: set[str]) -> None:
    """Remove this shard's part files that this run did not write (months it no longer has)."""
    name = part_name(shard_id)
    for table in TABLES:
        for f in (out_dir / table).glob(f"month=*/{name}"):
            rel = f"{table}/{f.parent.name}/{name}"
            if rel not in keep:
                f.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# reading back


def document_parts(out_dir: Path) -> list[Path]:
    """The documents part files, sorted by month then name (``unknown`` last)."""
    parts = [p for p in (out_dir / "documents").glob("month=*/part-*.parquet")]
    return sorted(parts, key=lambda p: (p.parent.name == f"month={UNKNOWN_MONTH}",
                                        p.parent.name, p.name))  # fmt: skip


def iter_extractions(out_dir: str | os.PathLike) -> Iterator[Extraction]:
    """Every stored Extraction (article with its records in their original order), one part
    file at a time (a part holds at most one shard: memory stays bounded)."""
    import pyarrow.parquet as pq

    out_dir = Path(out_dir)
    for doc_part in document_parts(out_dir):
        month_dir, name = doc_part.parent.name, doc_part.name
        # content hash -> ordinal -> record (an article repeated in one shard: same records)
        recs: dict[str, dict[str, dict[int, dict]]] = {"events": {}, "transfers": {}}
        for table in ("events", "transfers"):
            f = out_dir / table / month_dir / name
            if not f.exists():
                continue
            t = pq.read_table(f, columns=["content_hash", "ordinal", "record"])
            for h, i, rec in zip(*(t.column(c).to_pylist() for c in t.column_names),
                                 strict=True):  # fmt: skip
                recs[table].setdefault(h, {}).setdefault(i, json.loads(rec))
        docs = pq.read_table(doc_part).to_pylist()
        for d in docs:
            h = d["content_hash"]
            art = Article(id=d["id"], text=d["text"], title=d["title"], published=d["published"],
                          url=d["url"], outlet=d["outlet"], origin=d["origin"])  # fmt: skip
            ev, tr = recs["events"].get(h, {}), recs["transfers"].get(h, {})
            evs = [record_from_dict(ev[i]) for i in sorted(ev)]
            trs = [record_from_dict(tr[i]) for i in sorted(tr)]
            yield Extraction(
                article=art,
                events=tuple(evs),
                transfers=tuple(trs),
                version=d["extractor_version"],
                warnings=tuple(d["warnings"] or ()),
            )


def read_table(out_dir: str | os.PathLike, table: str) -> Any:
    """A whole table as a pyarrow Table with its ``month`` column (small outputs, tests)."""
    import pyarrow.dataset as ds

    path = Path(out_dir) / table
    if not path.exists():
        return _schemas()[table].empty_table()
    return ds.dataset(path, format="parquet", partitioning="hive").to_table()
