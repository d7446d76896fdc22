"""Read access to the DuckDB store for the server, and the rare writes.

DuckDB lets one *process* write a file, and a process holding a file open read-only keeps
writers out. So the server opens the store read-only on the first request, hands each request
its own cursor (a cheap child of the one connection), and closes the file again after
``release_after`` idle seconds: an ``armswatch run`` started meanwhile can take the write lock,
and the next request reopens and sees its data. Write actions wait for the readers to finish,
close the read-only connection, open the store read-write (``Writer``) for the action and close
it again.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from ..errors import ArmswatchError


class StoreMissing(ArmswatchError):
    """No store file at the path."""


class StoreBusy(ArmswatchError):
    """Another process (``armswatch run``) holds the store's write lock."""


class ReadStore:
    def __init__(self, path: str, *, release_after: float | None = 2.0, threads: int = 1,
                 cache_size: int = 512) -> None:  # fmt: skip
        self.path = str(path)
        self.release_after = release_after
        self.threads = threads
        self._cond = threading.Condition()
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._readers = 0
        self._writing = False
        self._last = 0.0
        self._sig: tuple | None = None
        self.generation = 0  # bumped whenever the file may have changed: results cache key
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()
        self._reaper: threading.Thread | None = None
        self._stop = threading.Event()
        self._derived: dict[str, tuple[int, Any]] = {}  # key -> (generation, value)
        self._derived_locks: dict[str, threading.Lock] = {}
        self._derived_lock = threading.Lock()

    # -- lifecycle ----------------------------------------------------------------------------
    def _signature(self) -> tuple:
        out = []
        for p in (self.path, self.path + ".wal"):
            try:
                st = os.stat(p)
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def _open(self) -> None:
        if not os.path.exists(self.path):
            raise StoreMissing(f"no store at {self.path} (run `armswatch run --db {self.path}`)")
        try:
            conn = duckdb.connect(self.path, read_only=True,
                                  config={"threads": self.threads})  # fmt: skip
        except duckdb.Error as e:
            text = str(e)
            if "lock" in text.lower():
                raise StoreBusy(f"the store {self.path} is being written by another process; "
                                "retry in a moment") from None  # fmt: skip
            raise ArmswatchError(f"cannot open the store {self.path}: {text}") from None
        self._conn = conn
        sig = self._signature()
        if sig != self._sig:
            self._sig = sig
            self._bump()
        self._start_reaper()

    def _close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def close(self) -> None:
        self._stop.set()
        with self._cond:
            self._close()

    def _start_reaper(self) -> None:
        if self.release_after is None or (self._reaper and self._reaper.is_alive()):
            return
        self._reaper = threading.Thread(target=self._reap, name="armswatch-store-reaper",
                                        daemon=True)  # fmt: skip
        self._reaper.start()

    def _reap(self) -> None:
        assert self.release_after is not None
        while not self._stop.wait(min(1.0, self.release_after / 2)):
            with self._cond:
                if (self._conn is not None and self._readers == 0 and not self._writing
                        and time.monotonic() - self._last >= self.release_after):  # fmt: skip
                    self._close()

    # -- access -------------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of the shared read-only connection, for one request."""
        with self._cond:
            while self._writing:
                self._cond.wait()
            if self._conn is None:
                self._open()
            self._readers += 1
            conn = self._conn
        try:
            assert conn is not None
            cur = conn.cursor()
            try:
                yield cur
            finally:
                cur.close()
        finally:
            with self._cond:
                self._readers -= 1
                self._last = time.monotonic()
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[Any]:
        """A ``Writer`` on the store (read-write), with no reader open in this process."""
        from ..store.writer import Writer

        with self._cond:
            while self._writing:
                self._cond.wait()
            self._writing = True
            while self._readers:
                self._cond.wait()
            self._close()
        try:
            try:
                w = Writer(self.path)
            except ArmswatchError as e:
                if "lock" in str(e).lower():
                    raise StoreBusy(str(e)) from None
                raise
            try:
                yield w
            finally:
                w.close()
        finally:
            with self._cond:
                self._writing = False
                self._bump()
                self._cond.notify_all()

    # -- values derived from the whole store (the listing indexes) ---------------------------
    def derived(self, key: str, build: Callable[[duckdb.DuckDBPyConnection], Any]) -> Any:
        """``build(cursor)`` once per store generation: the value kept for the current one,
        else a new one (concurrent callers of the same ``key`` wait for one build)."""
        with self._derived_lock:
            lock = self._derived_locks.setdefault(key, threading.Lock())
        with lock:
            got = self.derived_now(key)
            if got is not None:
                return got
            self._derived.pop(key, None)  # let the stale one go before building its successor
            with self.read() as cur:
                gen = self.generation  # the file cannot change while it is open
                value = build(cur)
            self._derived[key] = (gen, value)
            return value

    def derived_now(self, key: str) -> Any:
        """The value of ``key`` if it is current, else None; never builds (cheap enough to
        call on the event loop: a lock and at most two ``stat`` calls)."""
        got = self._derived.get(key)
        if got is None or got[0] != self._fresh_generation():
            return None
        return got[1]

    def _fresh_generation(self) -> int:
        with self._cond:
            if self._conn is None:
                sig = self._signature()
                if sig != self._sig:
                    self._sig = sig
                    self._bump()
            return self.generation

    # -- results cache ------------------------------------------------------------------------
    def _bump(self) -> None:
        self.generation += 1
        with self._cache_lock:
            self._cache.clear()

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per store generation and key (LRU)."""
        if self._cache_size <= 0:
            return compute()
        k = (self._fresh_generation(), *key)
        with self._cache_lock:
            if k in self._cache:
                self._cache.move_to_end(k)
                return self._cache[k]
        value = compute()
        with self._cache_lock:
            self._cache[k] = value
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return value
