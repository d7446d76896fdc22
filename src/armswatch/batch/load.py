"""``armswatch load``: a batch output into the DuckDB store, with incidents and alerts.

The stored extractions go through the monitor's own pass (``pipeline.Runner``) with an
"extractor" that hands back what the batch extracted, so documents, records, record ids,
incidents and alert state are exactly what ``armswatch run`` would store for the same articles.
Documents already in the store (same content hash) are skipped: loading twice stores once.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

from ..config import Config
from ..errors import ArmswatchError
from ..model import Article, Extraction
from .output import document_parts, iter_extractions


class _Replay:
    """Answers ``extract(article)`` with the batch's Extraction of that article."""

    def __init__(self) -> None:
        self.current: dict[str, Extraction] = {}

    def extract(self, article: Article) -> Extraction:
        ext = self.current.get(article.content_hash)
        if ext is None:  # pragma: no cover - the runner asks for the item just yielded
            raise ArmswatchError(f"load: no stored extraction for article {article.id!r}")
        return ext


def load_batch(out_dir: str | os.PathLike, db_path: str, config: Config | None = None,
               *, batch_size: int = 500, observer=None):  # fmt: skip
    """Store every extraction of the batch output ``out_dir``; returns the pipeline's
    ``RunSummary`` (articles new/seen, events, transfers, incidents, alerts)."""
    from ..pipeline import Runner

    out = Path(out_dir)
    if not (out / "documents").is_dir() or not document_parts(out):
        raise ArmswatchError(f"{out}: not a batch output (no documents/month=*/part-*.parquet)")
    config = dataclasses.replace(config or Config(), batch_size=batch_size)
    replay = _Replay()
    runner = Runner(config, db_path, extractor=replay, observer=observer)

    def items(_writer) -> Iterator[tuple[Article, None]]:
        for ext in iter_extractions(out):
            replay.current = {ext.article.content_hash: ext}
            yield ext.article, None

    return runner.run_items(items)
