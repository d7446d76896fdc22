"""The server's write actions beyond a one-line UPDATE: re-running extraction of a document."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException

from ..model import Article
from . import queries as Q


def reextract_document(st: Any, key: str) -> dict[str, Any]:
    """Extract a stored article again with this armswatch's rules and replace its records;
    incidents and alerts are updated as ``armswatch run`` would (same watch rules and sinks as
    the ``--config`` given to ``serve``, else the defaults)."""
    from ..config import Config, load_config
    from ..pipeline import Monitor, Runner, RunSummary

    with st.store.read() as cur:
        doc = Q.document_detail(cur, key)
        stamp = None
        if doc is not None:
            row = cur.execute("SELECT stamp FROM documents WHERE content_hash = ?",
                              [doc["content_hash"]]).fetchone()  # fmt: skip
            stamp = row[0] if row else None
    if doc is None:
        raise HTTPException(404, f"no document {key!r}")
    article = Article(id=doc["id"], text=doc["text"], title=doc["title"],
                      published=doc["published"], url=doc["url"], outlet=doc["outlet"],
                      origin=doc["origin"])  # fmt: skip
    extractor = st.extractor()
    ext = extractor.extract(article)  # the slow part, outside the write lock
    config = load_config(st.config_path) if st.config_path else Config()
    monitor = Monitor.from_config(config)
    h = article.content_hash
    summary = RunSummary()
    with st.store.write() as w:
        w.recompute = monitor.with_reports
        with w.transaction():
            w.drop_records(h)
            w.conn.execute("DELETE FROM documents WHERE content_hash = ?", [h])
        runner = Runner(config, st.store.path, extractor=extractor, monitor=monitor)
        runner.commit_batch(w, [(ext, stamp)], summary)
        w.conn.execute(
            "UPDATE documents SET version = ?, current = ?, first_seen = ? WHERE content_hash = ?",
            [doc["version"], doc["current"], doc["first_seen"], h],
        )
    return {"content_hash": h, "id": article.id, "extractor_version": ext.version,
            "events": len(ext.events), "transfers": len(ext.transfers),
            "incidents_changed": summary.incidents_changed, "alerts_new": summary.alerts_new,
            "alerts_updated": summary.alerts_updated}  # fmt: skip
