"""The monitor's one configuration file (TOML): store, fetch settings, sources, rules and sinks.

The schema is documented in ``docs/config.md``. ``load_config`` validates every key and raises
:class:`~armswatch.errors.ConfigError` naming the offending key (``sources[2].url``) and the file;
unknown keys are rejected by name. ``[[rules]]`` and ``[[sinks]]`` are passed on unparsed to
``alerts.rules.load_rules`` and ``alerts.sinks.sinks_from_config``, which validate them.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError

DEFAULT_DB = "armswatch.duckdb"
DB_ENV = "ARMSWATCH_DB"
SOURCE_KINDS = ("files", "jsonl", "feed", "url", "warc")
_PATH_KINDS = {"files", "jsonl", "warc"}
_URL_KINDS = {"feed", "url"}
USER_AGENT = "armswatch/0.1 (news monitor; +https://github.com/armswatch/armswatch)"


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """How HTTP(S) sources are fetched (see ``sources.http.Fetcher``)."""

    timeout: float = 10.0  # seconds, connect and each read
    max_bytes: int = 5_000_000
    retries: int = 3  # extra attempts on 5xx, 429, timeouts and connection errors
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One ``[[sources]]`` entry."""

    kind: str
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    every: float | None = None  # seconds between polls in ``watch``; None: every cycle
    max_entries: int | None = None  # feeds: newest entries taken per poll
    name: str = ""

    def label(self) -> str:
        return self.name or f"{self.kind}:{self.url or self.path}"


@dataclass(frozen=True, slots=True)
class Config:
    path: str = "<defaults>"  # the file it was read from
    store_path: str | None = None
    batch_size: int = 50
    max_chars: int = 200_000
    fetch: FetchConfig = field(default_factory=FetchConfig)
    sources: tuple[SourceConfig, ...] = ()
    rules: tuple[dict[str, Any], ...] = ()
    sinks: tuple[dict[str, Any], ...] = ()


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNITS = {None: 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: str | float) -> float:
    """``"15m"`` → 900.0; also ``s``, ``h``, ``d`` and bare seconds. ValueError if malformed."""
    if isinstance(value, bool):
        raise ValueError("not a duration")  # noqa: TRY004 - callers map ValueError
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        m = _DURATION.match(value)
        if not m:
            raise ValueError(f"not a duration: {value!r} (use e.g. 30s, 15m, 2h, 1d)")
        seconds = float(m.group(1)) * _UNITS[m.group(2)]
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    return seconds


def is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def resolve_db_path(cli_db: str | None, config: Config | None) -> str:
    """``--db`` first, then ``$ARMSWATCH_DB``, then ``[store] path``, then ./armswatch.duckdb."""
    if cli_db:
        return cli_db
    if os.environ.get(DB_ENV):
        return os.environ[DB_ENV]
    if config is not None and config.store_path:
        return config.store_path
    return DEFAULT_DB


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and validate a TOML config file."""
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(p), "-", "no such file") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(str(p), "-", f"not valid TOML: {e}") from None
    return parse_config(raw, str(p), base=p.parent)


def parse_config(raw: dict[str, Any], path: str = "<config>", base: Path | None = None) -> Config:
    """Validate a config already parsed from TOML; relative paths are taken from ``base``."""
    v = _Validator(path, base)
    v.keys(raw, "", {"store", "fetch", "run", "sources", "rules", "sinks"})
    store = v.table(raw, "store")
    v.keys(store, "store", {"path"})
    store_path = v.opt(store, "store", "path", str)
    run = v.table(raw, "run")
    v.keys(run, "run", {"batch_size", "max_chars"})
    batch_size = v.opt(run, "run", "batch_size", int, 50)
    max_chars = v.opt(run, "run", "max_chars", int, 200_000)
    v.positive(batch_size, "run.batch_size")
    v.positive(max_chars, "run.max_chars")
    fetch = _parse_fetch(v, v.table(raw, "fetch"))
    sources = tuple(
        _parse_source(v, s, f"sources[{i}]") for i, s in enumerate(v.array(raw, "sources"))
    )
    rules = tuple(v.array(raw, "rules"))
    sinks = tuple(v.array(raw, "sinks"))
    return Config(
        path=path,
        store_path=v.resolve(store_path) if store_path else None,
        batch_size=batch_size,
        max_chars=max_chars,
        fetch=fetch,
        sources=sources,
        rules=rules,
        sinks=sinks,
    )


def _parse_fetch(v: _Validator, t: dict[str, Any]) -> FetchConfig:
    v.keys(t, "fetch", set(FetchConfig.__slots__))
    d = FetchConfig()
    cfg = FetchConfig(
        timeout=float(v.opt(t, "fetch", "timeout", (int, float), d.timeout)),
        max_bytes=v.opt(t, "fetch", "max_bytes", int, d.max_bytes),
        retries=v.opt(t, "fetch", "retries", int, d.retries),
        backoff=float(v.opt(t, "fetch", "backoff", (int, float), d.backoff)),
        max_redirects=v.opt(t, "fetch", "max_redirects", int, d.max_redirects),
        allow_private=v.opt(t, "fetch", "allow_private", bool, d.allow_private),
        user_agent=v.opt(t, "fetch", "user_agent", str, d.user_agent),
    )
    v.positive(cfg.timeout, "fetch.timeout")
    v.positive(cfg.max_bytes, "fetch.max_bytes")
    for key in ("retries", "max_redirects"):
        if getattr(cfg, key) < 0:
            raise ConfigError(v.path, f"fetch.{key}", "must not be negative")
    if cfg.backoff < 0:
        raise ConfigError(v.path, "fetch.backoff", "must not be negative")
    return cfg


def _parse_source(v: _Validator, s: Any, where: str) -> SourceConfig:
    if not isinstance(s, dict):
        raise ConfigError(v.path, where, "must be a table")
    v.keys(s, where, {"kind", "path", "url", "outlet", "every", "max_entries", "name"})
    kind = v.opt(s, where, "kind", str)
    if kind is None:
        raise ConfigError(v.path, f"{where}.kind", f"missing (one of {', '.join(SOURCE_KINDS)})")
    if kind not in SOURCE_KINDS:
        raise ConfigError(
            v.path, f"{where}.kind", f"unknown kind {kind!r} (one of {', '.join(SOURCE_KINDS)})"
        )
    path = v.opt(s, where, "path", str)
    url = v.opt(s, where, "url", str)
    if kind in _PATH_KINDS:
        if url is not None:
            raise ConfigError(v.path, f"{where}.url", f"not allowed for kind {kind!r}; use path")
        if not path:
            raise ConfigError(v.path, f"{where}.path", f"missing (required for kind {kind!r})")
        if not (kind == "jsonl" and path == "-"):
            path = v.resolve(path)
    else:
        if path is not None:
            raise ConfigError(v.path, f"{where}.path", f"not allowed for kind {kind!r}; use url")
        if not url:
            raise ConfigError(v.path, f"{where}.url", f"missing (required for kind {kind!r})")
        if not is_url(url):
            raise ConfigError(v.path, f"{where}.url", "not a URL (http:// or https://)")
    every = s.get("every")
    if every is not None:
        try:
            every = parse_duration(every)
        except ValueError as e:
            raise ConfigError(v.path, f"{where}.every", str(e)) from None
    max_entries = v.opt(s, where, "max_entries", int)
    if max_entries is not None:
        v.positive(max_entries, f"{where}.max_entries")
    return SourceConfig(
        kind=kind,
        path=path,
        url=url,
        outlet=v.opt(s, where, "outlet", str),
        every=every,
        max_entries=max_entries,
        name=v.opt(s, where, "name", str, ""),
    )


class _Validator:
    def __init__(self, path: str, base: Path | None):
        self.path, self.base = path, base

    def keys(self, t: dict[str, Any], where: str, allowed: set[str]) -> None:
        for k in t:
            if k not in allowed:
                key = f"{where}.{k}" if where else k
                raise ConfigError(
                    self.path, key, f"unknown key (allowed: {', '.join(sorted(allowed))})"
                )

    def table(self, raw: dict[str, Any], key: str) -> dict[str, Any]:
        t = raw.get(key, {})
        if not isinstance(t, dict):
            raise ConfigError(self.path, key, "must be a table ([" + key + "])")
        return t

    def array(self, raw: dict[str, Any], key: str) -> list[Any]:
        a = raw.get(key, [])
        if not isinstance(a, list):
            raise ConfigError(self.path, key, f"must be an array of tables ([[{key}]])")
        for i, item in enumerate(a):
            if not isinstance(item, dict):
                raise ConfigError(self.path, f"{key}[{i}]", "must be a table")
        return a

    def opt(self, t: dict[str, Any], where: str, key: str, typ: Any, default: Any = None) -> Any:
        if key not in t:
            return default
        value = t[key]
        types = typ if isinstance(typ, tuple) else (typ,)
        # bool is an int in Python; never accept it where a number is meant
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            names = " or ".join(x.__name__ for x in types)
            raise ConfigError(self.path, f"{where}.{key}", f"must be {names}, not {value!r}")
        return value

    def positive(self, value: float, key: str) -> None:
        if value <= 0:
            raise ConfigError(self.path, key, "must be positive")

    def resolve(self, p: str) -> str:
        path = Path(p).expanduser()
        if not path.is_absolute() and self.base is not None:
            path = self.base / path
        return str(path)
