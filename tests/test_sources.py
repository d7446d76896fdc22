"""Sources: HTTP fetching (limits, retries, refusals), feeds, URLs, WARC, JSON Lines, config.

Every request goes to a http.server on 127.0.0.1 started by the test; addresses elsewhere are
only resolved (literal IPs) and refused before any connection.
"""

from __future__ import annotations

import io
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_pipeline import ListSink, counts, make_runner

from armswatch.config import Config, FetchConfig, SourceConfig, load_config, parse_duration
from armswatch.errors import ConfigError, InputError
from armswatch.ingest.readers import iter_articles
from armswatch.sources import Fetcher, FetchError, iter_source
from armswatch.sources import http as http_mod
from armswatch.sources.warc import iter_warc
from armswatch.store import Writer

ALLOW = FetchConfig(allow_private=True, retries=2, backoff=0.0, timeout=5)


def page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{body} Paragraph {i} adds more words to the story.</p>" for i in range(6))
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{title}</h1>{paras}</article><footer>(c) Outlet</footer>"
        "</body></html>"
    ).encode()


class Site:
    """Routes served by the test server; ``requests`` records every path asked for."""

    def __init__(self):
        self.requests: list[str] = []
        self.pages: dict[str, bytes] = {
            "/a1.html": page("Strike on the border", "RUS attacked UKR near Kharkiv on Monday."),
            "/a2.html": page("Drone deliveries", "IRN delivered drones to RUS last month."),
        }
        self.stamps = {
            "/a1.html": "Mon, 04 Mar 2024 10:00:00 GMT",
            "/a2.html": "Tue, 05 Mar 2024 10:00:00 GMT",
        }
        self.flaky_left = 2

    def feed(self, port: int) -> bytes:
        items = "".join(
            f"<item><title>Item {p}</title><link>http://127.0.0.1:{port}{p}</link>"
            f"<pubDate>{s}</pubDate></item>"
            for p, s in self.stamps.items()
        )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
            f"<link>http://127.0.0.1:{port}/</link><description>d</description>{items}"
            "</channel></rss>"
        ).encode()


@pytest.fixture
def server():
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            site.requests.append(self.path)
            port = self.server.server_address[1]
            p = self.path
            if p == "/feed.xml":
                return self._send(200, site.feed(port), "application/rss+xml")
            if p in site.pages:
                return self._send(200, site.pages[p], "text/html; charset=utf-8")
            if p.startswith("/redirect/"):
                n = int(p.rsplit("/", 1)[1])
                loc = "/a1.html" if n == 0 else f"/redirect/{n - 1}"
                self.send_response(302)
                self.send_header("Location", loc)
                self.end_headers()
                return None
            if p == "/to-other-host":
                self.send_response(301)
                self.send_header("Location", f"http://127.0.0.2:{port}/a1.html")
                self.end_headers()
                return None
            if p == "/big-declared":
                return self._send(200, b"x" * 2000, "text/html")
            if p == "/big-streamed":  # no Content-Length: the cap must hold while reading
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(40):
                    self.wfile.write(b"y" * 100)
                return None
            if p == "/flaky":
                if site.flaky_left > 0:
                    site.flaky_left -= 1
                    return self._send(503, b"busy", "text/plain")
                return self._send(200, site.pages["/a2.html"], "text/html")
            if p == "/down":
                return self._send(503, b"busy", "text/plain")
            return self._send(404, b"no", "text/plain")

        def _send(self, status, body, ctype):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield site
    httpd.shutdown()
    httpd.server_close()


# -- HTTP fetching --------------------------------------------------------------------------
def test_default_config_refuses_loopback_without_sending(server):
    with pytest.raises(FetchError, match="private or local"):
        Fetcher().fetch(server.base + "/a1.html")
    assert server.requests == []


def test_default_config_refuses_private_without_connecting(monkeypatch):
    def no_connect(*a, **k):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", no_connect)
    for url in (
        "http://10.0.0.1/x",
        "http://[::1]/x",
        "http://169.254.169.254/latest",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://[::ffff:10.0.0.1]/",
    ):
        with pytest.raises(FetchError, match="refused"):
            Fetcher().fetch(url)
    with pytest.raises(FetchError, match="only http"):
        Fetcher().fetch("file:///etc/passwd")


def test_allowed_fetch_and_redirect_limit(server):
    f = Fetcher(ALLOW)
    r = f.fetch(server.base + "/redirect/4")  # five redirects (4 → ... → 0 → a1): allowed
    assert r.status == 200 and r.url.endswith("/a1.html") and b"Kharkiv" in r.body
    server.requests.clear()
    with pytest.raises(FetchError, match="more than 5 redirects"):
        f.fetch(server.base + "/redirect/5")
    assert len(server.requests) == 6  # stopped at the limit, not retried


def test_redirect_target_is_checked_again(server, monkeypatch):
    # 127.0.0.1 passes here; the redirect to 127.0.0.2 is treated as private and refused
    monkeypatch.setattr(http_mod, "blocked_address", lambda ip: ip == "127.0.0.2")
    with pytest.raises(FetchError, match="127.0.0.2"):
        Fetcher(FetchConfig(retries=0)).fetch(server.base + "/to-other-host")
    assert server.requests == ["/to-other-host"]


def test_size_cap_declared_and_streamed(server):
    f = Fetcher(FetchConfig(allow_private=True, max_bytes=1000, retries=0))
    with pytest.raises(FetchError, match="max_bytes"):
        f.fetch(server.base + "/big-declared")
    with pytest.raises(FetchError, match="max_bytes"):
        f.fetch(server.base + "/big-streamed")


def test_retries_with_backoff_on_503(server):
    sleeps: list[float] = []
    f = Fetcher(FetchConfig(allow_private=True, retries=3, backoff=0.5), sleep=sleeps.append)
    assert b"drones" in f.fetch(server.base + "/flaky").body
    assert sleeps == [0.5, 1.0] and server.requests.count("/flaky") == 3
    sleeps.clear()
    with pytest.raises(FetchError, match="503"):
        f.fetch(server.base + "/down")
    assert sleeps == [0.5, 1.0, 2.0] and server.requests.count("/down") == 4
    with pytest.raises(FetchError, match="404"):
        f.fetch(server.base + "/missing")
    assert server.requests.count("/missing") == 1  # client errors are not retried


# -- feeds and URLs through the pipeline ------------------------------------------------------
def _cfg(*sources):
    return Config(fetch=ALLOW, sources=tuple(sources), batch_size=5)


def test_feed_entries_fetched_extracted_and_stored_once(server, tmp_path):
    feed = SourceConfig(kind="feed", url=server.base + "/feed.xml")
    items = list(iter_source(feed, Fetcher(ALLOW)))
    assert [type(i) for i in items] == [tuple, tuple]
    art, stamp = items[0]
    assert art.title == "Item /a1.html" and art.outlet == "Test Wire"
    assert art.published == "2024-03-04" and art.url == server.base + "/a1.html"
    assert "RUS attacked UKR" in art.text and "Home | World" not in art.text
    assert stamp == "Mon, 04 Mar 2024 10:00:00 GMT"

    db = tmp_path / "s.duckdb"
    r = make_runner(db)
    r.config = _cfg(feed)
    r.fetcher = Fetcher(ALLOW)
    s = r.run_sources(r.config.sources)
    assert s.articles_new == 2 and s.events_by_type["ASSAULT"] == 1 and s.transfers == 1
    server.requests.clear()
    s2 = r.run_sources(r.config.sources)  # unchanged entries are not fetched again
    assert s2.articles_new == 0 and server.requests == ["/feed.xml"]

    # the article changes and the feed says so: a new version replaces the old records
    server.pages["/a1.html"] = page("Strike on the border", "RUS threatened UKR near Kharkiv.")
    server.stamps["/a1.html"] = "Wed, 06 Mar 2024 10:00:00 GMT"
    s3 = r.run_sources(r.config.sources)
    assert (s3.articles_new, s3.articles_updated) == (0, 1)
    with Writer(db) as w:
        rows = w.conn.execute(
            "SELECT version, current FROM documents WHERE url = ? ORDER BY 1",
            [server.base + "/a1.html"],
        ).fetchall()
        types = w.conn.execute("SELECT type FROM events ORDER BY 1").fetchall()
        inc = w.conn.execute("SELECT type, reports FROM incidents ORDER BY 1").fetchall()
    assert rows == [(1, False), (2, True)]
    assert types == [("THREATEN",)]  # the ASSAULT record of version 1 is gone
    assert ("ASSAULT", 1) not in inc and ("THREATEN", 1) in inc


def test_same_url_unchanged_is_stored_once(server, tmp_path):
    db = tmp_path / "s.duckdb"
    url = SourceConfig(kind="url", url=server.base + "/a2.html")
    r = make_runner(db)
    r.fetcher = Fetcher(ALLOW)
    assert r.run_sources([url]).articles_new == 1
    s = r.run_sources([url])
    assert (s.articles_new, s.articles_seen) == (0, 1)
    assert counts(db)["documents"] == 1 and counts(db)["transfers"] == 1


def test_fetch_errors_are_reported_not_fatal(server, tmp_path):
    r = make_runner(tmp_path / "s.duckdb", sink=ListSink())
    r.fetcher = Fetcher(FetchConfig(allow_private=True, retries=0))
    s = r.run_paths([server.base + "/down", server.base + "/a1.html"])
    assert s.articles_new == 1 and s.error_count == 1 and "503" in s.errors[0]
    # and with the default config nothing local is fetched
    r.fetcher = Fetcher()
    server.requests.clear()
    s = r.run_paths([server.base + "/a2.html"])
    assert s.error_count == 1 and server.requests == []


# -- WARC and JSON Lines -----------------------------------------------------------------------
def write_warc(path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=str(path).endswith(".gz"))
        w.write_record(w.create_warcinfo_record("test.warc", {"software": "test"}))

        def resp(url, status, ctype, body):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )

        resp(
            "https://news.example/a",
            "200 OK",
            "text/html; charset=utf-8",
            page("Border strike", "RUS attacked UKR near Kharkiv."),
        )
        resp("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG....")
        resp("https://news.example/gone", "404 Not Found", "text/html", b"<p>gone</p>")
        w.write_record(
            w.create_warc_record(
                "https://news.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")
            )
        )
        resp(
            "https://other.example/b",
            "200 OK",
            "text/html",
            page("Deliveries", "IRN delivered drones to RUS."),
        )
    return path


@pytest.mark.parametrize("name", ["t.warc", "t.warc.gz"])
def test_warc_html_responses_become_articles(tmp_path, name):
    path = write_warc(tmp_path / name)
    arts = list(iter_warc(path))
    assert [a.url for a in arts] == ["https://news.example/a", "https://other.example/b"]
    assert arts[0].title == "Border strike" and "Kharkiv" in arts[0].text
    db = tmp_path / "s.duckdb"
    s = make_runner(db).run_paths([str(path)])
    assert s.articles_new == 2 and s.transfers == 1
    assert make_runner(db).run_paths([str(path)]).articles_seen == 2


def test_broken_warc_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(b"not a warc at all")
    items = list(iter_warc(bad))
    assert len(items) == 1 and isinstance(items[0], InputError)


def test_jsonl_stream_reads_lines_and_reports_bad_ones():
    lines = [
        json.dumps({"id": "a", "text": "RUS attacked UKR.", "published": "2024-01-02T10:00"}),
        "",
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps([1]),
    ]
    stdin = io.BytesIO(("\n".join(lines) + "\n").encode())
    out = list(iter_articles(["-"], stdin=stdin))
    assert out[0].id == "a" and out[0].published == "2024-01-02"
    assert [(e.line, "text" in e.message) for e in out[1:]] == [(3, False), (4, True), (5, False)]


def test_stdin_source(tmp_path, monkeypatch):
    data = (json.dumps({"id": "s", "text": "USA met CHN."}) + "\n").encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    s = make_runner(tmp_path / "s.duckdb").run_paths(["-"])
    assert s.articles_new == 1 and s.events_by_type["CONSULT"] == 1


# -- config -----------------------------------------------------------------------------------
def _load(tmp_path, text: str):
    p = tmp_path / "armswatch.toml"
    p.write_text(text)
    return load_config(p)


def test_config_full_example_parses(tmp_path):
    cfg = _load(
        tmp_path,
        """
[store]
path = "data/store.duckdb"
[run]
batch_size = 20
[fetch]
timeout = 5
max_bytes = 1_000_000
retries = 2
allow_private = true
user_agent = "test"
[[sources]]
kind = "feed"
url = "https://example.org/rss"
outlet = "Example"
every = "15m"
[[sources]]
kind = "files"
path = "corpus"
[[sources]]
kind = "jsonl"
path = "-"
[[rules]]
id = "x"
[[sinks]]
kind = "console"
""",
    )
    assert cfg.store_path == str(tmp_path / "data/store.duckdb")
    assert cfg.fetch.timeout == 5.0 and cfg.fetch.allow_private and cfg.batch_size == 20
    assert cfg.sources[0].every == 900 and cfg.sources[1].path == str(tmp_path / "corpus")
    assert cfg.sources[2].path == "-" and cfg.rules == ({"id": "x"},)
    assert cfg.sinks == ({"kind": "console"},)


@pytest.mark.parametrize(
    "text,key",
    [
        ("[fetch]\ntimeout = 5\nproxy = 'x'\n", "fetch.proxy"),
        ("colour = 1\n", "colour"),
        (
            "[[sources]]\nkind='url'\nurl='https://a.org'\n[[sources]]\nkind='feed'\nurl='a.org/rss'\n",
            "sources[1].url",
        ),
        ("[[sources]]\nkind='ftp'\nurl='ftp://a'\n", "sources[0].kind"),
        ("[[sources]]\nkind='files'\n", "sources[0].path"),
        ("[[sources]]\nkind='feed'\nurl='https://a.org'\nevery='soon'\n", "sources[0].every"),
        ("[[sources]]\nkind='feed'\nurl='https://a.org'\nurll='x'\n", "sources[0].urll"),
        ("[fetch]\ntimeout = 'fast'\n", "fetch.timeout"),
        ("[fetch]\nallow_private = 1\n", "fetch.allow_private"),
        ("[fetch]\nmax_bytes = 0\n", "fetch.max_bytes"),
        ("[store]\npath = 3\n", "store.path"),
        ("sources = 'x'\n", "sources"),
        ("[run]\nbatch_size = true\n", "run.batch_size"),
    ],
)
def test_config_errors_name_the_key(tmp_path, text, key):
    with pytest.raises(ConfigError) as e:
        _load(tmp_path, text)
    assert e.value.key == key and f"[{key}]" in str(e.value)
    assert str(tmp_path / "armswatch.toml") in str(e.value)


def test_config_not_toml_and_missing(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        _load(tmp_path, "[store\n")
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.toml")


def test_durations():
    assert [parse_duration(x) for x in ("30s", "15m", "2h", "1d", "45", 10)] == [
        30,
        900,
        7200,
        86400,
        45,
        10,
    ]
    with pytest.raises(ValueError):
        parse_duration("-5m")
