"""Alert sinks: console, JSON Lines, webhook (against a local server), and their config."""

from __future__ import annotations

import io
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from rich.console import Console

from armswatch.alerts.sinks import (
    ConsoleSink,
    JsonlSink,
    WebhookSink,
    check_url,
    sinks_from_config,
)
from armswatch.errors import ConfigError
from armswatch.model import Alert

ALERT = Alert(
    id="alert-0123",
    rule="un-embargo-arms-transfer",
    incident_id="inc-9",
    created="2025-01-01T00:00:00",
    updated="2025-01-01T00:00:00",
    summary="PRK → RUS arms transfer (delivery, ammunition) — 2 reports, 2 outlets",
    severity="high",
    details={"fingerprint": "abc", "scope": "non-state — check"},
)


class _Server:
    """A local HTTP server answering POSTs with the status codes in ``statuses`` in turn."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.bodies: list[dict] = []
        self.headers: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", 0))
                outer.bodies.append(json.loads(self.rfile.read(n)))
                outer.headers.append(dict(self.headers))
                code = outer.statuses.pop(0) if outer.statuses else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_console_sink_prints_one_line():
    buf = io.StringIO()
    ConsoleSink(Console(file=buf, width=200, color_system=None)).send(ALERT, True)
    out = buf.getvalue()
    assert out.count("\n") == 1
    assert "NEW HIGH" in out and "PRK → RUS arms transfer" in out and "check" in out
    buf2 = io.StringIO()
    ConsoleSink(Console(file=buf2, width=200, color_system=None)).send(ALERT, False)
    assert buf2.getvalue().startswith("UPDATE")


def test_jsonl_sink_appends_one_object_per_line(tmp_path):
    path = tmp_path / "out" / "alerts.jsonl"
    sink = JsonlSink(path)
    sink.send(ALERT, True)
    sink.send(ALERT, False)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first, second = map(json.loads, lines)
    assert first["id"] == "alert-0123" and first["event"] == "new"
    assert second["event"] == "update" and second["details"]["fingerprint"] == "abc"
    assert first["summary"] == ALERT.summary  # not ASCII-escaped


def test_jsonl_sink_logs_instead_of_crashing(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with caplog.at_level(logging.ERROR, logger="armswatch.alerts"):
        JsonlSink(blocker / "alerts.jsonl").send(ALERT, True)
    assert "cannot write" in caplog.text


def test_webhook_retries_after_503_and_delivers():
    with _Server([503, 200]) as srv:
        sink = WebhookSink(
            srv.url,
            timeout=2,
            retries=3,
            backoff=0.01,
            headers={"X-Token": "t0ken"},
            allow_private=True,
        )
        sink.send(ALERT, True)
    assert len(srv.bodies) == 2
    assert srv.bodies[1]["id"] == "alert-0123" and srv.bodies[1]["event"] == "new"
    assert srv.headers[1]["X-Token"] == "t0ken"
    assert srv.headers[1]["Content-Type"] == "application/json"


def test_webhook_gives_up_with_logged_error(caplog):
    with _Server([500, 502, 503]) as srv:
        sink = WebhookSink(srv.url, timeout=2, retries=2, backoff=0.0, allow_private=True)
        with caplog.at_level(logging.ERROR, logger="armswatch.alerts"):
            sink.send(ALERT, False)  # must not raise
    assert len(srv.bodies) == 3
    assert "not delivered after 3 attempt(s)" in caplog.text and "HTTP 503" in caplog.text


def test_webhook_does_not_retry_client_errors(caplog):
    with _Server([400, 200]) as srv:
        sink = WebhookSink(srv.url, retries=3, backoff=0.0, allow_private=True)
        with caplog.at_level(logging.ERROR, logger="armswatch.alerts"):
            sink.send(ALERT, True)
    assert len(srv.bodies) == 1 and "HTTP 400" in caplog.text


def test_webhook_unreachable_is_logged_not_raised(caplog):
    with _Server([]) as srv:
        url = srv.url
    sink = WebhookSink(url, timeout=1, retries=1, backoff=0.0, allow_private=True)
    with caplog.at_level(logging.ERROR, logger="armswatch.alerts"):
        sink.send(ALERT, True)
    assert "not delivered" in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://10.1.2.3/x",
        "http://192.168.0.10/x",
        "http://172.16.5.5/x",
        "http://169.254.169.254/latest",
        "http://[::1]/x",
        "http://localhost:9000/x",
        "http://[::ffff:10.0.0.1]/x",
        "http://0.0.0.0/x",
    ],
)
def test_private_addresses_are_refused_without_allow_private(url):
    with pytest.raises(ValueError, match="allow_private"):
        WebhookSink(url)
    WebhookSink(url, allow_private=True)  # allowed when asked for


def test_private_address_refused_even_when_server_is_listening():
    with _Server([200]) as srv, pytest.raises(ValueError):
        WebhookSink(srv.url)
    assert srv.bodies == []


def test_public_address_and_bad_scheme():
    check_url("https://hooks.example.org/armswatch")
    with pytest.raises(ValueError, match="http or https"):
        check_url("file:///etc/passwd")


def test_sinks_from_config(tmp_path):
    cfg = tmp_path / "armswatch.toml"
    sinks = sinks_from_config(
        [
            {"kind": "console"},
            {"kind": "jsonl", "path": "alerts/out.jsonl"},
            {
                "kind": "webhook",
                "url": "https://hooks.example.org/a",
                "timeout": 3,
                "retries": 2,
                "backoff": 1,
                "headers": {"Authorization": "Bearer x"},
            },
        ],
        str(cfg),
    )
    assert [type(s).__name__ for s in sinks] == ["ConsoleSink", "JsonlSink", "WebhookSink"]
    assert sinks[1].path == tmp_path / "alerts" / "out.jsonl"
    assert sinks[2].retries == 2 and sinks[2].timeout == 3.0
    assert sinks[2].headers == {"Authorization": "Bearer x"}


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ({"kind": "pager"}, "sinks[0].kind"),
        ({}, "sinks[0].kind"),
        ({"kind": "console", "colour": "red"}, "sinks[0].colour"),
        ({"kind": "jsonl"}, "sinks[0].path"),
        ({"kind": "jsonl", "path": "a.jsonl", "url": "http://x"}, "sinks[0].url"),
        ({"kind": "webhook"}, "sinks[0].url"),
        ({"kind": "webhook", "url": "http://127.0.0.1/x"}, "sinks[0].url"),
        ({"kind": "webhook", "url": "https://h.example.org", "retries": -1}, "sinks[0].retries"),
        ({"kind": "webhook", "url": "https://h.example.org", "timeout": 0}, "sinks[0].timeout"),
        (
            {"kind": "webhook", "url": "https://h.example.org", "headers": {"a": 1}},
            "sinks[0].headers",
        ),
        (
            {"kind": "webhook", "url": "https://h.example.org", "allow_private": "yes"},
            "sinks[0].allow_private",
        ),
    ],
)
def test_sinks_from_config_errors_name_the_key(entry, key):
    with pytest.raises(ConfigError) as err:
        sinks_from_config([entry], "conf.toml")
    assert err.value.key == key and err.value.path == "conf.toml"


def test_allow_private_in_config():
    (s,) = sinks_from_config(
        [{"kind": "webhook", "url": "http://127.0.0.1:9/x", "allow_private": True}], "conf.toml"
    )
    assert s.allow_private
