"""Fetching URLs safely: timeouts, a streamed size cap, retries with backoff, a redirect limit,
and no requests to private, loopback, link-local, multicast or reserved addresses.

The host is resolved once per hop, every resolved address is checked, and the connection is
made to a checked address (so a second DNS answer cannot slip a private address in). Each
redirect is checked again. ``allow_private = true`` in ``[fetch]`` lifts the address check.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from ..config import FetchConfig
from ..errors import ArmswatchError

REDIRECTS = {301, 302, 303, 307, 308}
RETRY_STATUS = {429, 500, 502, 503, 504}
CHUNK = 64 * 1024


class FetchError(ArmswatchError):
    """A URL that could not be fetched (refused, too large, too many redirects, HTTP error)."""

    def __init__(self, url: str, message: str, *, retryable: bool = False):
        self.url, self.message, self.retryable = url, message, retryable
        super().__init__(f"{url}: {message}")


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # the final URL after redirects
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def blocked_address(ip: str) -> bool:
    """True for addresses a fetch must not reach unless private addresses are allowed."""
    addr = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_multicast
            or addr.is_reserved or addr.is_unspecified)  # fmt: skip


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise FetchError(host, f"cannot resolve host: {e}", retryable=True) from None
    out: list[str] = []
    for info in infos:
        ip = str(info[4][0])
        if ip not in out:
            out.append(ip)
    return out


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to an already checked address, with the Host header of the URL."""

    def __init__(self, host: str, ip: str, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, ip: str, port: int, timeout: float, context: ssl.SSLContext):
        super().__init__(host, port, timeout=timeout, context=context)
        self._ip = ip
        self._ctx = context

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._ctx.wrap_socket(sock, server_hostname=self.host)


class Fetcher:
    """Fetches URLs under a :class:`FetchConfig`. ``sleep`` is injectable for tests."""

    def __init__(self, config: FetchConfig | None = None,
                 sleep: Callable[[float], None] = time.sleep):  # fmt: skip
        self.config = config or FetchConfig()
        self.sleep = sleep
        self._ssl = ssl.create_default_context()

    def fetch(self, url: str) -> FetchResult:
        """GET a URL, following up to ``max_redirects`` redirects; retries transient failures."""
        attempt = 0
        while True:
            try:
                return self._follow(url)
            except FetchError as e:
                if not e.retryable or attempt >= self.config.retries:
                    raise
                self.sleep(self.config.backoff * (2**attempt))
                attempt += 1

    def _follow(self, url: str) -> FetchResult:
        current = url
        for _ in range(self.config.max_redirects + 1):
            status, headers, body = self._get(current)
            if status in REDIRECTS:
                location = headers.get("location")
                if not location:
                    raise FetchError(current, f"HTTP {status} without a Location header")
                current = urljoin(current, location)
                continue
            if status in RETRY_STATUS:
                raise FetchError(current, f"HTTP {status}", retryable=True)
            if status >= 400:
                raise FetchError(current, f"HTTP {status}")
            return FetchResult(current, status, body, headers)
        raise FetchError(url, f"more than {self.config.max_redirects} redirects")

    def check(self, url: str) -> tuple[str, str, int, str]:
        """(scheme, host, port, ip to connect to) for a URL, or FetchError if it is refused."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "only http:// and https:// URLs are fetched")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        ips = resolve(parts.hostname, port)
        if not ips:
            raise FetchError(url, "host has no address")
        if not self.config.allow_private:
            bad = [ip for ip in ips if blocked_address(ip)]
            if bad:
                raise FetchError(
                    url, f"refused: {parts.hostname} resolves to a private or local address "
                    f"({bad[0]}); set allow_private = true in [fetch] to allow it",
                )  # fmt: skip
        return parts.scheme, parts.hostname, port, ips[0]

    def _get(self, url: str) -> tuple[int, dict[str, str], bytes]:
        scheme, host, port, ip = self.check(url)
        cfg = self.config
        if scheme == "https":
            conn: http.client.HTTPConnection = _PinnedHTTPSConnection(
                host, ip, port, cfg.timeout, self._ssl
            )
        else:
            conn = _PinnedHTTPConnection(host, ip, port, cfg.timeout)
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request("GET", target, headers={
                "User-Agent": cfg.user_agent, "Accept-Encoding": "identity",
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            })  # fmt: skip
            resp = conn.getresponse()
            headers = {k.lower(): v for k, v in resp.getheaders()}
            if resp.status in REDIRECTS or resp.status >= 400:
                return resp.status, headers, b""
            length = headers.get("content-length")
            if length and length.isdigit() and int(length) > cfg.max_bytes:
                raise FetchError(url, f"larger than max_bytes ({length} > {cfg.max_bytes})")
            chunks, total = [], 0
            while True:
                chunk = resp.read(CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > cfg.max_bytes:
                    raise FetchError(url, f"larger than max_bytes ({cfg.max_bytes})")
                chunks.append(chunk)
            return resp.status, headers, b"".join(chunks)
        except TimeoutError as e:
            raise FetchError(url, f"timed out: {e}", retryable=True) from None
        except (ConnectionError, http.client.HTTPException, OSError) as e:
            if isinstance(e, ssl.SSLCertVerificationError):
                raise FetchError(url, f"TLS certificate not valid: {e}") from None
            raise FetchError(url, f"connection failed: {e}", retryable=True) from None
        finally:
            conn.close()
