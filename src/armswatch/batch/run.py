"""The driver of ``armswatch batch``: plan shards, skip the done ones, run the rest on Dask.

``run_batch`` connects to a scheduler (``scheduler="tcp://host:8786"``), or starts a local
cluster of ``workers`` single-threaded worker processes; both go through one ``Client``.
Planning (cutting JSON Lines and WARC files into shards) runs on the cluster too, and its
result is kept in the manifest per file stamp, so a resumed run does not scan again.

A shard task that raises is retried (``retries``); a worker that dies takes its task to another
worker (Dask's ``allowed-failures``). A shard that still fails is reported and left out of the
manifest, so the next run tries it again; the other shards' output is complete.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import EXTRACTOR_VERSION
from ..errors import ArmswatchError, InputError
from ..ingest.readers import DEFAULT_MAX_CHARS
from .shards import (
    DEFAULT_SHARD_SIZE,
    Shard,
    expand_inputs,
    file_stamp,
    fingerprint,
    group_small_files,
    is_jsonl,
    is_warc,
    plan_file,
)

MANIFEST = "_manifest.json"
MANIFEST_VERSION = 1
MAX_ERRORS_KEPT = 200
SAVE_EVERY_S = 10.0


@dataclass
class BatchOptions:
    shard_size: int = DEFAULT_SHARD_SIZE
    published: str | None = None
    max_chars: int = DEFAULT_MAX_CHARS
    retries: int = 2
    fault_marker: str | None = None  # tests only: see worker.run_shard

    def settings(self) -> dict[str, Any]:
        """What changes a shard's output (part of its fingerprint)."""
        return {"extractor": EXTRACTOR_VERSION, "published": self.published,
                "max_chars": self.max_chars}  # fmt: skip


@dataclass
class BatchSummary:
    shards: int = 0  # planned
    skipped: int = 0  # done by an earlier run (resume)
    ok: int = 0
    failed: int = 0
    articles: int = 0
    events: int = 0
    transfers: int = 0
    input_errors: int = 0  # pieces of input skipped (bad lines, empty articles ...)
    warnings: int = 0
    seconds: float = 0.0  # wall time of the extraction (after planning)
    workers: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (shard label, error)
    errors: list[str] = field(default_factory=list)  # input errors, first MAX_ERRORS_KEPT

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    @property
    def complete(self) -> bool:
        return not (self.failed or self.input_errors)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["articles_per_s"] = round(self.articles_per_s, 2)
        return d


# ---------------------------------------------------------------------------------------------
# the manifest


def load_manifest(out_dir: Path) -> dict[str, Any]:
    f = out_dir / MANIFEST
    if not f.exists():
        return {"version": MANIFEST_VERSION, "plans": {}, "shards": {}}
    try:
        m = json.loads(f.read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise ArmswatchError(f"{f}: unreadable manifest ({e}); move it away to start over"
                             ) from None  # fmt: skip
    if m.get("version") != MANIFEST_VERSION:
        raise ArmswatchError(f"{f}: manifest version {m.get('version')} is not "
                             f"{MANIFEST_VERSION}")  # fmt: skip
    m.setdefault("plans", {})
    m.setdefault("shards", {})
    return m


def save_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    manifest["updated"] = datetime.now(UTC).isoformat(timespec="seconds")
    f = out_dir / MANIFEST
    tmp = out_dir / f".{MANIFEST}.{uuid.uuid4().hex}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    os.replace(tmp, f)


def is_done(out_dir: Path, entry: dict[str, Any] | None, fp: str) -> bool:
    return bool(entry) and entry.get("fingerprint") == fp and all(
        (out_dir / rel).exists() for rel in entry.get("files", ()))  # fmt: skip


# ---------------------------------------------------------------------------------------------
# the cluster


def open_client(stack: ExitStack, scheduler: str | None, workers: int | None):
    """A Client to ``scheduler``, else to a new local cluster of ``workers`` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return stack.enter_context(Client(scheduler, timeout="30s"))
        except (OSError, TimeoutError) as e:
            raise ArmswatchError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
    n = workers or max(1, (os.cpu_count() or 1))
    cluster = stack.enter_context(LocalCluster(
        n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None))  # fmt: skip
    return stack.enter_context(Client(cluster))


# ---------------------------------------------------------------------------------------------
# the run


def plan(client, inputs: Iterable[str | Path], options: BatchOptions, manifest: dict[str, Any]
         ) -> list[Shard]:  # fmt: skip
    """Shards for the input files; JSONL/WARC files are cut on the cluster (cached by stamp)."""
    small: list[Path] = []
    big: list[str] = []
    for f in inputs:
        if is_jsonl(f) or is_warc(f):
            big.append(str(f))
        else:
            small.append(Path(f))
    plans = manifest["plans"]
    todo = [f for f in big if plans.get(f, {}).get("stamp") != [*file_stamp(f), options.shard_size]]
    if todo:
        from distributed import wait

        futs = client.map(plan_file, todo, shard_size=options.shard_size, pure=False)
        wait(futs)
        for f, fut in zip(todo, futs, strict=True):
            shards = fut.result() if fut.status == "finished" else [Shard(
                "warc" if is_warc(f) else "jsonl", f).to_dict()]  # fmt: skip
            plans[f] = {"stamp": [*file_stamp(f), options.shard_size], "shards": shards}
    out = [Shard.from_dict(d) for f in big for d in plans[f]["shards"]]
    return out + group_small_files(small, options.shard_size)


def _drop_stale(out_dir: Path, manifest: dict[str, Any], shards: list[Shard]) -> None:
    """Forget (and delete the parts of) earlier shards of this run's inputs that the new
    plan no longer has: a file that changed and was cut differently."""
    current = {s.id for s in shards}
    inputs = {s.path for s in shards if s.kind != "files"}
    inputs |= {f for s in shards if s.kind == "files" for f in s.files}
    for sid, entry in list(manifest["shards"].items()):
        sh = entry.get("shard", {})
        mine = sh.get("path") in inputs or any(f in inputs for f in sh.get("files", ()))
        if sid not in current and mine:
            for rel in entry.get("files", ()):
                (out_dir / rel).unlink(missing_ok=True)
            del manifest["shards"][sid]


def run_batch(
    inputs: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    options: BatchOptions | None = None,
    client: Any = None,
    on_shard: Callable[[str, dict[str, Any] | None, str | None], None] | None = None,
) -> BatchSummary:
    """Extract ``inputs`` on Dask into the Parquet dataset ``out_dir``; see the module doc.

    ``client``: an existing ``distributed.Client`` (else one is made from ``scheduler`` /
    ``workers``). ``on_shard(label, result, error)`` is called as each shard ends.
    """
    from distributed import as_completed

    from .worker import run_shard

    options = options or BatchOptions()
    out = Path(out_dir).absolute()
    out.mkdir(parents=True, exist_ok=True)
    manifest = load_manifest(out)
    summary = BatchSummary()
    files: list[Path] = []
    for f in expand_inputs(inputs):
        if isinstance(f, InputError):
            summary.input_errors += 1
            summary.errors.append(str(f))
        else:
            files.append(f)
    if not files and summary.input_errors:
        raise ArmswatchError("no input to read: " + "; ".join(summary.errors[:5]))
    with ExitStack() as stack:
        if client is None:
            client = open_client(stack, scheduler, workers)
        summary.workers = len(client.scheduler_info().get("workers", {}))
        shards = plan(client, [str(f) for f in files], options, manifest)
        summary.shards = len(shards)
        _drop_stale(out, manifest, shards)
        settings = options.settings()
        todo: list[tuple[Shard, str]] = []
        for s in shards:
            fp = fingerprint(s, settings)
            if is_done(out, manifest["shards"].get(s.id), fp):
                summary.skipped += 1
            else:
                todo.append((s, fp))
        save_manifest(out, manifest)
        t0 = time.perf_counter()
        run_id = uuid.uuid4().hex[:8]
        futures = {}
        for s, fp in todo:
            fut = client.submit(run_shard, s.to_dict(), str(out), options.published,
                                options.max_chars, options.fault_marker,
                                key=f"armswatch-shard-{s.id}-{run_id}", retries=options.retries,
                                pure=False)  # fmt: skip
            futures[fut] = (s, fp)
        last_save = time.monotonic()
        for fut in as_completed(list(futures)):
            s, fp = futures.pop(fut)
            if fut.status == "finished":
                res = fut.result()
                summary.ok += 1
                summary.articles += res["articles"]
                summary.events += res["events"]
                summary.transfers += res["transfers"]
                summary.input_errors += res["error_count"]
                summary.warnings += res["warnings"]
                room = MAX_ERRORS_KEPT - len(summary.errors)
                summary.errors.extend(res["errors"][: max(room, 0)])
                manifest["shards"][s.id] = {
                    "shard": s.to_dict(), "fingerprint": fp, "files": res["files"],
                    "articles": res["articles"], "events": res["events"],
                    "transfers": res["transfers"], "errors": res["errors"],
                    "done": datetime.now(UTC).isoformat(timespec="seconds"),
                }  # fmt: skip
                if on_shard:
                    on_shard(s.label(), res, None)
            else:
                exc = fut.exception() if fut.status == "error" else None
                msg = f"{type(exc).__name__}: {exc}" if exc is not None else fut.status
                summary.failed += 1
                summary.failures.append((s.label(), msg))
                manifest["shards"].pop(s.id, None)
                if on_shard:
                    on_shard(s.label(), None, msg)
            fut.release()
            if time.monotonic() - last_save > SAVE_EVERY_S:
                save_manifest(out, manifest)
                last_save = time.monotonic()
        summary.seconds = round(time.perf_counter() - t0, 3)
        manifest["last_run"] = {k: v for k, v in summary.to_dict().items()
                                if k not in ("errors",)}  # fmt: skip
        save_manifest(out, manifest)
    return summary
