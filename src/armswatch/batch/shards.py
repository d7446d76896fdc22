"""Shards: the units of work of a batch run, and how input files are cut into them.

A shard is one of

* ``jsonl``: a line range of a JSON Lines file (``start``/``end`` byte offsets at line starts,
  ``line`` the number of its first line, so ids ``FILE:LINE`` and error positions are those of
  a whole-file read);
* ``warc``: a range of records of a WARC or WARC.gz file (``start``/``end`` byte offsets of
  record starts; ``end`` None: to the end of the file);
* ``files``: up to ``shard_size`` small files of one directory (.json .txt .md .html .htm),
  each read whole.

A shard's id is derived from what it reads (absolute path and range, or the file list), so a
rerun of the same shard writes the same part files. Its *fingerprint* adds the size and
modification time of its files, the extractor version and the reading options: a shard whose
fingerprint is in the manifest with its part files present is done.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ingest.readers import EXTENSIONS, JSONL_EXTENSIONS

WARC_SUFFIXES = (".warc", ".warc.gz")
DEFAULT_SHARD_SIZE = 500


def is_warc(path: str | os.PathLike) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def is_jsonl(path: str | os.PathLike) -> bool:
    return Path(path).suffix.lower() in JSONL_EXTENSIONS


@dataclass(frozen=True, slots=True)
class Shard:
    kind: str  # jsonl | warc | files
    path: str  # the file (jsonl, warc) or the directory holding ``files``
    start: int = 0
    end: int | None = None
    line: int = 1
    files: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        payload = json.dumps([self.kind, self.path, self.start, self.end, list(self.files)])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]

    def label(self) -> str:
        if self.kind == "files":
            return f"{self.path} ({len(self.files)} files)"
        end = "end" if self.end is None else str(self.end)
        return f"{self.path} [bytes {self.start}-{end}]"

    def inputs(self) -> tuple[str, ...]:
        return self.files if self.kind == "files" else (self.path,)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["files"] = list(self.files)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Shard:
        return cls(kind=d["kind"], path=d["path"], start=d.get("start", 0), end=d.get("end"),
                   line=d.get("line", 1), files=tuple(d.get("files") or ()))  # fmt: skip


def file_stamp(path: str) -> list[Any]:
    """What tells a changed file: size and modification time (ns). Missing: ``[None, None]``."""
    try:
        st = os.stat(path)
    except OSError:
        return [None, None]
    return [st.st_size, st.st_mtime_ns]


def fingerprint(shard: Shard, settings: dict[str, Any]) -> str:
    """Shard identity plus its files' stamps, the extractor version and the reading options."""
    payload = json.dumps(
        [shard.id, [file_stamp(f) for f in shard.inputs()], settings], sort_keys=True
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


# ---------------------------------------------------------------------------------------------
# finding the input files


def expand_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[Path | InputError]:
    """Files to read (absolute), directories expanded recursively in sorted order (hidden
    entries skipped; files with other extensions ignored); missing paths as InputErrors."""
    for p in paths:
        if str(p) == "-":
            yield InputError("-", "stdin cannot be sharded; write it to a .jsonl file first")
            continue
        path = Path(p).absolute()
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    f = Path(dirpath) / name
                    if not name.startswith(".") and (f.suffix.lower() in EXTENSIONS
                                                      or is_warc(f)):  # fmt: skip
                        yield f
        elif path.is_file():
            if path.suffix.lower() in EXTENSIONS or is_warc(path):
                yield path
            else:
                yield InputError(str(path), "unknown file type: expected .jsonl .ndjson .json "
                                 ".txt .md .html .htm .warc .warc.gz")  # fmt: skip
        else:
            yield InputError(str(path), "no such file or directory")


def group_small_files(files: Iterable[Path], shard_size: int) -> list[Shard]:
    """Files read whole, grouped per directory into shards of at most ``shard_size`` files
    (adding a file to one directory only re-cuts that directory's shards)."""
    by_dir: dict[str, list[str]] = {}
    for f in files:
        by_dir.setdefault(str(f.parent), []).append(str(f))
    out = []
    for d, names in by_dir.items():
        for i in range(0, len(names), shard_size):
            out.append(Shard("files", d, files=tuple(names[i : i + shard_size])))
    return out


# ---------------------------------------------------------------------------------------------
# splitting big files (run on the cluster: a WARC.gz must be decompressed to be cut)


def plan_file(path: str, shard_size: int = DEFAULT_SHARD_SIZE) -> list[dict[str, Any]]:
    """Shards of one JSON Lines or WARC file, as dicts. A file that cannot be scanned becomes
    one whole-file shard (which then reports the problem when it is read)."""
    try:
        if is_warc(path):
            shards = _plan_warc(path, shard_size)
        else:
            shards = _plan_jsonl(path, shard_size)
    except Exception:  # noqa: BLE001 - reading the shard reports it, with the reader's message
        kind = "warc" if is_warc(path) else "jsonl"
        shards = [Shard(kind, path)]
    return [s.to_dict() for s in shards]


def _plan_jsonl(path: str, shard_size: int) -> list[Shard]:
    """Cut at line starts, every ``shard_size`` non-blank lines."""
    cuts: list[tuple[int, int]] = [(0, 1)]  # (byte offset, line number)
    n = 0
    offset = 0
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if raw.strip():
                if n and n % shard_size == 0 and cuts[-1][0] != offset:
                    cuts.append((offset, lineno))
                n += 1
            offset += len(raw)
    shards = []
    for i, (start, line) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else None
        shards.append(Shard("jsonl", path, start=start, end=end, line=line))
    return shards


def _plan_warc(path: str, shard_size: int) -> list[Shard]:
    """Cut at record starts, every ``shard_size`` response records."""
    from warcio.archiveiterator import ArchiveIterator

    starts: list[int] = []
    n = 0
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for record in it:
            is_response = record.rec_type == "response"
            it.read_to_end(record)
            if is_response:
                if n % shard_size == 0:
                    starts.append(it.get_record_offset())
                n += 1
    if not starts:
        return [Shard("warc", path)]
    starts[0] = 0  # warcinfo and other records before the first response go with the first shard
    return [Shard("warc", path, start=s, end=starts[i + 1] if i + 1 < len(starts) else None)
            for i, s in enumerate(starts)]  # fmt: skip
