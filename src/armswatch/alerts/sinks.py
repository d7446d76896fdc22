"""Where alerts go: the console, a JSON Lines file, a webhook.

A sink never crashes the run: delivery problems are logged (logger ``armswatch.alerts``) and
the sink returns. Configuration problems are ConfigErrors naming the key.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from ..errors import ConfigError
from ..model import Alert
from .engine import alert_to_dict

log = logging.getLogger("armswatch.alerts")

SEVERITY_STYLE = {
    "info": "cyan",
    "low": "green",
    "medium": "yellow",
    "high": "bold red",
    "critical": "bold white on red",
}


class Sink(Protocol):
    def send(self, alert: Alert, new: bool) -> None: ...


def payload(alert: Alert, new: bool) -> dict[str, Any]:
    return {"event": "new" if new else "update", **alert_to_dict(alert)}


class ConsoleSink:
    """One line per alert on a rich console (stderr by default)."""

    def __init__(self, console: Any = None):
        if console is None:
            from rich.console import Console

            console = Console(stderr=True)
        self.console = console

    def send(self, alert: Alert, new: bool) -> None:
        from rich.markup import escape

        style = SEVERITY_STYLE.get(alert.severity, "")
        tag = "NEW" if new else "UPDATE"
        extra = alert.details.get("scope")
        line = (
            f"[{style}]{tag} {alert.severity.upper()}[/] [dim]{escape(alert.rule)}[/] "
            f"{escape(alert.summary)}"
        )
        if extra:
            line += f" [yellow]({escape(str(extra))})[/]"
        try:
            self.console.print(line, highlight=False)
        except Exception as exc:  # noqa: BLE001 - a sink must not stop the run
            log.error("console sink failed: %s", exc)


class JsonlSink:
    """Appends one JSON object per alert to ``path`` (flushed and fsynced)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def send(self, alert: Alert, new: bool) -> None:
        line = json.dumps(payload(alert, new), ensure_ascii=False, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line + "\n")
                f.flush()
                os.fsync(f.fileno())
        except OSError as exc:
            log.error("jsonl sink %s: cannot write alert %s: %s", self.path, alert.id, exc)


def _blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check_url(url: str, allow_private: bool = False) -> None:
    """Raise ValueError for a URL a webhook must not post to (checked without DNS)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"webhook URL must be http or https, not {parts.scheme or 'nothing'!r}")
    host = parts.hostname
    if not host:
        raise ValueError("webhook URL has no host")
    if allow_private:
        return
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(
        ".localhost"
    ):
        raise ValueError(f"webhook host {host} is loopback; set allow_private = true to allow it")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return
    if _blocked(ip):
        raise ValueError(
            f"webhook address {host} is private or loopback; set allow_private = true to allow it"
        )


def _resolved_blocked(host: str, port: int) -> str | None:
    """The first private/loopback address ``host`` resolves to, if any."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError:
        return None  # the request itself will fail and be retried/logged
    for info in infos:
        addr = info[4][0]
        try:
            if _blocked(ipaddress.ip_address(addr.split("%")[0])):
                return addr
        except ValueError:
            continue
    return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect could lead to a private address: treat 3xx as a failure


class WebhookSink:
    """HTTP POST of the alert as JSON; retries on network errors, 429 and 5xx."""

    def __init__(
        self,
        url: str,
        timeout: float = 5,
        retries: int = 3,
        backoff: float = 0.5,
        headers: Mapping[str, str] | None = None,
        allow_private: bool = False,
    ):
        check_url(url, allow_private)
        self.url, self.timeout, self.retries, self.backoff = url, timeout, retries, backoff
        self.headers = dict(headers or {})
        self.allow_private = allow_private
        self._opener = urllib.request.build_opener(_NoRedirect)
        self.sleep = time.sleep

    def send(self, alert: Alert, new: bool) -> None:
        parts = urlsplit(self.url)
        if not self.allow_private:
            bad = _resolved_blocked(
                parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
            )
            if bad:
                log.error(
                    "webhook %s resolves to private address %s; alert %s not sent",
                    self.url,
                    bad,
                    alert.id,
                )
                return
        body = json.dumps(payload(alert, new), ensure_ascii=False).encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "armswatch-alerts",
            **self.headers,
        }
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with self._opener.open(req, timeout=self.timeout) as resp:
                    resp.read()
                    return
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code}"
                if exc.code != 429 and exc.code < 500:
                    break  # the receiver refuses it; retrying will not help
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                last = str(getattr(exc, "reason", exc))
        log.error(
            "webhook %s: alert %s not delivered after %d attempt(s): %s",
            self.url,
            alert.id,
            attempt + 1,
            last,
        )


# ---------------------------------------------------------------------------------------------

_SINK_KEYS = {
    "console": {"kind"},
    "jsonl": {"kind", "path"},
    "webhook": {"kind", "url", "timeout", "retries", "backoff", "headers", "allow_private"},
}


def sinks_from_config(table: list[dict], path: str) -> list[Sink]:
    """Sinks from a ``[[sinks]]`` array (``kind = "console" | "jsonl" | "webhook"``).

    A relative JSON Lines path is taken relative to the configuration file's folder.
    """
    if not isinstance(table, list):
        raise ConfigError(path, "sinks", "must be an array of tables ([[sinks]])")
    out: list[Sink] = []
    for i, raw in enumerate(table):
        base = f"sinks[{i}]"
        if not isinstance(raw, Mapping):
            raise ConfigError(path, base, "must be a table")
        kind = raw.get("kind")
        if kind not in _SINK_KEYS:
            raise ConfigError(
                path, f"{base}.kind", f"unknown sink kind {kind!r} (console, jsonl or webhook)"
            )
        for k in raw:
            if k not in _SINK_KEYS[kind]:
                raise ConfigError(path, f"{base}.{k}", f"unknown key '{k}' for a {kind} sink")
        if kind == "console":
            out.append(ConsoleSink())
        elif kind == "jsonl":
            p = raw.get("path")
            if not isinstance(p, str) or not p:
                raise ConfigError(path, f"{base}.path", "a jsonl sink needs a path")
            target = Path(p).expanduser()
            if not target.is_absolute():
                target = Path(path).parent / target
            out.append(JsonlSink(target))
        else:
            out.append(_webhook(raw, path, base))
    return out


def _webhook(raw: Mapping[str, Any], path: str, base: str) -> WebhookSink:
    url = raw.get("url")
    if not isinstance(url, str) or not url:
        raise ConfigError(path, f"{base}.url", "a webhook sink needs a url")
    kw: dict[str, Any] = {}
    for k, lo in (("timeout", 0), ("backoff", 0)):
        if k in raw:
            v = raw[k]
            if (
                isinstance(v, bool)
                or not isinstance(v, int | float)
                or v < lo
                or (k == "timeout" and v == 0)
            ):
                raise ConfigError(path, f"{base}.{k}", "must be a positive number")
            kw[k] = float(v)
    if "retries" in raw:
        v = raw["retries"]
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 10:
            raise ConfigError(path, f"{base}.retries", "must be a whole number from 0 to 10")
        kw["retries"] = v
    if "headers" in raw:
        h = raw["headers"]
        if not isinstance(h, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in h.items()
        ):
            raise ConfigError(path, f"{base}.headers", "must be a table of strings")
        kw["headers"] = dict(h)
    if "allow_private" in raw:
        if not isinstance(raw["allow_private"], bool):
            raise ConfigError(path, f"{base}.allow_private", "must be true or false")
        kw["allow_private"] = raw["allow_private"]
    try:
        return WebhookSink(url, **kw)
    except ValueError as exc:
        raise ConfigError(path, f"{base}.url", str(exc)) from None
