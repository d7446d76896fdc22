"""What runs on a Dask worker: read one shard, extract it, write its part files.

Functions here are sent to the workers by reference, so every worker needs armswatch installed
(the same version as the client: the extractor version is part of every shard's fingerprint).
Each worker thread builds one Extractor the first time it needs it and keeps it (spaCy and the
knowledge base are loaded once per process per thread; run workers with ``--nthreads 1``).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ingest.batch import BatchStats, extract_batch
from ..ingest.readers import _Reader, iter_articles, normalise_date, severity
from ..model import Article
from . import output
from .shards import Shard

MAX_ERRORS_PER_SHARD = 50
_local = threading.local()


class ShardError(Exception):
    """The shard's input could not be read (a corrupt or truncated WARC ...)."""


def get_extractor():
    """This thread's Extractor, created on first use."""
    ex = getattr(_local, "extractor", None)
    if ex is None:
        from ..extract.pipeline import Extractor

        ex = _local.extractor = Extractor()
    return ex


def warm_up() -> dict[str, float]:
    """Load the extractor now (``client.run(warm_up)``): seconds it took, and the pid."""
    t = time.perf_counter()
    get_extractor()
    return {"load_s": round(time.perf_counter() - t, 3), "pid": os.getpid()}


def peak_rss_mb() -> float:
    import resource
    import sys

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


# ---------------------------------------------------------------------------------------------
# reading a shard


class _LineRange:
    """A binary stream over a byte range of a file whose first ``skip`` lines read as blank,
    so that the JSON Lines reader numbers lines as in a whole-file read."""

    def __init__(self, fh, start: int, end: int | None, first_line: int):
        fh.seek(start)
        self.fh, self.pos, self.end, self.skip = fh, start, end, first_line - 1

    def readline(self, limit: int = -1) -> bytes:
        if self.skip:
            self.skip -= 1
            return b"\n"
        if self.end is not None:
            left = self.end - self.pos
            if left <= 0:
                return b""
            limit = left if limit is None or limit < 0 else min(limit, left)
        raw = self.fh.readline(limit)
        self.pos += len(raw)
        return raw


def _read_jsonl(shard: Shard, published: str | None, max_chars: int
                ) -> Iterator[Article | InputError]:  # fmt: skip
    reader = _Reader(normalise_date(published) if published else None, max_chars, None)
    path = Path(shard.path)
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        raise ShardError(f"cannot open: {e.strerror or e}") from None
    with fh:
        yield from reader.read_jsonl(_LineRange(fh, shard.start, shard.end, shard.line),
                                     str(path), path.name)  # fmt: skip


def _read_warc(shard: Shard, published: str | None, max_chars: int
               ) -> Iterator[Article | InputError]:  # fmt: skip
    """HTML responses of a record range, as ``sources.warc.iter_warc`` reads a whole file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from ..sources.html import article_from_html

    default = normalise_date(published) if published else None
    path = shard.path
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        raise ShardError(f"cannot open: {e.strerror or e}") from None
    with fh:
        fh.seek(shard.start)
        seen = n = 0
        try:
            it = ArchiveIterator(fh)
            for record in it:
                seen += 1
                if not record.rec_type or not str(record.format).startswith("warc"):
                    raise ValueError(f"no WARC record at byte {it.offset}")
                if record.rec_type == "response" and record.http_headers is not None:
                    n += 1
                    url = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{n}"
                    http = record.http_headers
                    ctype = (http.get_header("Content-Type") or "").lower()
                    if http.get_statuscode() == "200" and "html" in ctype:
                        body = record.content_stream().read()
                        art = article_from_html(body, url, max_chars=max_chars)
                        if art is not None:
                            if art.published is None and default is not None:
                                art = _with_date(art, default)
                            yield art
                it.read_to_end(record)
                if shard.end is not None and it.get_record_offset() + it.get_record_length() \
                        >= shard.end:  # fmt: skip
                    break
        except (ArchiveLoadFailed, OSError, ValueError, EOFError) as e:
            raise ShardError(f"not a readable WARC file (after {seen} records): {e}") from None
        if seen == 0 and os.path.getsize(path) > shard.start:
            raise ShardError("not a WARC file (no records found)")


def _with_date(a: Article, published: str) -> Article:
    return Article(id=a.id, text=a.text, title=a.title, published=published, url=a.url,
                   outlet=a.outlet, origin=a.origin)  # fmt: skip


def read_shard(shard: Shard, published: str | None, max_chars: int
               ) -> Iterator[Article | InputError]:  # fmt: skip
    if shard.kind == "jsonl":
        return _read_jsonl(shard, published, max_chars)
    if shard.kind == "warc":
        return _read_warc(shard, published, max_chars)
    return iter_articles(list(shard.files), published=published, max_chars=max_chars)


# ---------------------------------------------------------------------------------------------
# the task


def run_shard(shard_dict: dict[str, Any], out_dir: str, published: str | None = None,
              max_chars: int = 1_000_000, fault_marker: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Extract one shard and write its part files; a small summary dict goes back.

    Raises (and Dask retries) when the shard's input cannot be read at all. Problems with
    single articles (invalid JSON lines, empty text, extraction failures) are counted and
    listed in ``errors``; the shard still succeeds. ``fault_marker`` is for tests: the first
    task that finds that file missing creates it and kills its own worker process after writing
    its documents part (a crash half-way through a shard).
    """
    t0, c0 = time.perf_counter(), time.process_time()
    shard = Shard.from_dict(shard_dict)
    sid = shard.id
    out = Path(out_dir)
    errors: list[str] = []
    counts = {"errors": 0, "warnings": 0}

    def on_problem(err: InputError) -> None:
        if severity(err) == "warning":
            counts["warnings"] += 1
            return
        counts["errors"] += 1
        if len(errors) < MAX_ERRORS_PER_SHARD:
            errors.append(str(err))

    stats = BatchStats()
    items = read_shard(shard, published, max_chars)
    extractions = list(extract_batch(items, get_extractor(), on_problem, stats))
    written: list[str] = []
    by_month = output.rows(extractions, sid)
    for table in output.TABLES:
        for month, tables in sorted(by_month.items()):
            if tables[table]:
                written.append(output.write_part(out, table, month, sid, tables[table]))
        if table == "documents" and fault_marker:
            _crash_once(fault_marker)
    output.remove_stale_parts(out, sid, set(written))
    return {
        "shard": sid, "files": written, "articles": stats.extracted,
        "events": stats.events, "transfers": stats.transfers, "errors": errors,
        "error_count": counts["errors"], "warnings": counts["warnings"],
        "seconds": round(time.perf_counter() - t0, 3),
        "cpu_s": round(time.process_time() - c0, 3),
        "pid": os.getpid(),
    }  # fmt: skip


def _crash_once(marker: str) -> None:
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    os._exit(1)
