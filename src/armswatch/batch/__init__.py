"""Extraction at scale on a Dask cluster (``armswatch batch``) and loading its output into the
store (``armswatch load``). See docs/batch.md.

Light to import: Dask, pyarrow and spaCy are imported only by the functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .load import load_batch
    from .run import BatchOptions, BatchSummary, run_batch

__all__ = ["BatchOptions", "BatchSummary", "load_batch", "run_batch"]


def __getattr__(name: str) -> Any:
    if name in ("BatchOptions", "BatchSummary", "run_batch"):
        from . import run

        return getattr(run, name)
    if name == "load_batch":
        from .load import load_batch

        return load_batch
    raise AttributeError(name)
