"""The command line: every input kind, bad input, exit statuses, the report, the entry point.

The extractor is shared by the whole session (``get_extractor`` caches one per process). These
tests check ids, shapes, messages and exit codes; what is extracted is tested elsewhere.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from armswatch import EXTRACTOR_VERSION, __version__, cli
from armswatch.model import Actor, Article, Event, Evidence, Extraction, Span, Transfer
from armswatch.report import render_extractions

RECORD_KEYS = {"id", "title", "published", "url", "extractor_version", "events", "transfers",
               "warnings"}  # fmt: skip
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def runner(extractor) -> CliRunner:
    return CliRunner()


def invoke(runner, *args, **kw):
    return runner.invoke(cli.app, [str(a) for a in args], **kw)


def records(text: str) -> list[dict]:
    out = [json.loads(line) for line in text.splitlines()]
    for r in out:
        assert set(r) >= RECORD_KEYS
        assert r["extractor_version"] == EXTRACTOR_VERSION
        assert isinstance(r["events"], list) and isinstance(r["transfers"], list)
    return out


# --- extract: each input kind --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("articles.jsonl", ["fx-001", "fx-002", "articles.jsonl:3"]),
        ("single.json", ["fx-json-1"]),
        ("array.json", ["fx-arr-1", "array.json:2"]),
        ("nested/serbia-denial.txt", ["serbia-denial"]),
        ("nested/navy-seizure.md", ["navy-seizure"]),
        ("page.html", ["page"]),
    ],
)
def test_extract_each_kind(runner, inputs, name, ids):
    r = invoke(runner, "extract", inputs / name)
    assert r.exit_code == 0, r.output
    assert [x["id"] for x in records(r.stdout)] == ids
    assert "error" not in r.stderr


def test_extract_directory_to_file(runner, inputs, input_ids, tmp_path):
    out = tmp_path / "out.jsonl"
    r = invoke(runner, "extract", inputs, "-o", out, "--published", "2024-01-05")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    recs = records(out.read_text(encoding="utf-8"))
    assert [x["id"] for x in recs] == input_ids
    by_id = {x["id"]: x for x in recs}
    assert by_id["navy-seizure"]["title"] == "Seized cargo in the Red Sea"
    assert by_id["navy-seizure"]["published"] == "2024-01-05"
    assert by_id["fx-002"]["published"] == "2023-08-31"
    assert by_id["page"]["url"] == "https://news.example.org/japan-missiles"
    assert f"{len(input_ids)} of {len(input_ids)} articles extracted" in r.stderr


def test_extract_stdin_and_unicode(runner):
    data = '{"id": "ü-1", "title": "Zürich talks", "text": "Talks in Zürich on Monday."}\n'
    r = invoke(runner, "extract", "-", input=data.encode())
    assert r.exit_code == 0, r.output
    assert "Zürich talks" in r.stdout  # ensure_ascii=False
    assert [x["id"] for x in records(r.stdout)] == ["ü-1"]


def test_quiet(runner, inputs):
    r = invoke(runner, "extract", inputs / "articles.jsonl", "--quiet")
    assert r.exit_code == 0 and r.stderr == ""


# --- extract: bad input ---------------------------------------------------------------------------


def test_bad_batch(runner, bad_batch, good_ids, tmp_path):
    out = tmp_path / "out.jsonl"
    r = invoke(runner, "extract", bad_batch["dir"], "-o", out)
    assert r.exit_code == cli.EXIT_SKIPPED == 3, r.output
    assert [x["id"] for x in records(out.read_text(encoding="utf-8"))] == good_ids
    err = r.stderr
    jl = bad_batch["jsonl"]
    assert f"{jl}:2: not valid JSON" in err
    assert f"{jl}:4: empty article 'bad-004'" in err
    assert f"{jl}:5: not UTF-8" in err
    assert f"{jl}:7: article is 5.0 MB" in err
    assert f"{bad_batch['binary']}: binary file" in err
    assert f"{bad_batch['latin1']}:2: not UTF-8" in err
    assert "6 inputs skipped" in err


def test_malformed_line_in_the_middle_to_stdout(runner, tmp_path):
    f = tmp_path / "mid.jsonl"
    f.write_text(
        '{"id": "before", "text": "One."}\n{"id": oops}\n{"id": "after", "text": "Two."}\n'
    )
    r = invoke(runner, "extract", f)
    assert r.exit_code == 3
    assert [x["id"] for x in records(r.stdout)] == ["before", "after"]
    assert f"{f}:2: not valid JSON" in r.stderr


@pytest.mark.parametrize("kind", ["empty", "non-utf8", "binary", "5mb"])
def test_each_bad_input_alone_gives_3(runner, tmp_path, kind):
    good = tmp_path / "good.txt"
    good.write_text("Japan approved the sale of missiles.")
    bad = tmp_path / "bad.txt"
    content = {
        "empty": b" \n\n",
        "non-utf8": b"caf\xe9 au lait",
        "binary": b"\x00\x01\x02" * 100,
        "5mb": b"Word " * 1_000_000,
    }[kind]
    bad.write_bytes(content)
    r = invoke(runner, "extract", bad, good)
    assert r.exit_code == 3
    assert [x["id"] for x in records(r.stdout)] == ["good"]
    assert r.stderr.startswith(f"{bad}") and str(bad) in r.stderr


def test_max_chars_option(runner, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "short", "text": "tiny"}\n{"id": "long", "text": "' + "x" * 50 + '"}\n')
    r = invoke(runner, "extract", f, "--max-chars", "20")
    assert r.exit_code == 3
    assert [x["id"] for x in records(r.stdout)] == ["short"]
    assert f"{f}:2: article is 0.0 MB (50 characters), over the limit of 20 characters" in r.stderr


def test_warning_keeps_exit_0(runner, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "a", "text": "t", "published": "someday"}\n')
    r = invoke(runner, "extract", f)
    assert r.exit_code == 0
    assert records(r.stdout)[0]["published"] is None
    assert f"{f}:1: warning: cannot read published date 'someday'" in r.stderr
    assert invoke(runner, "extract", f, "-q").stderr == ""


def test_missing_path_gives_3(runner, inputs, tmp_path):
    r = invoke(runner, "extract", tmp_path / "nope.jsonl", inputs / "single.json")
    assert r.exit_code == 3
    assert [x["id"] for x in records(r.stdout)] == ["fx-json-1"]
    assert f"{tmp_path / 'nope.jsonl'}: no such file or directory" in r.stderr


def test_unwritable_output_gives_1(runner, inputs, tmp_path):
    r = invoke(runner, "extract", inputs / "single.json", "-o", tmp_path / "no" / "dir" / "x")
    assert r.exit_code == cli.EXIT_FATAL == 1
    assert "cannot write" in r.stderr


def test_bad_published_option_gives_2(runner, inputs):
    r = invoke(runner, "extract", inputs / "single.json", "--published", "next week")
    assert r.exit_code == 2
    assert "--published" in r.stderr


def test_no_paths_is_a_usage_error(runner):
    assert invoke(runner, "extract").exit_code == 2


class _Crashy:
    def __init__(self, real):
        self.real = real

    def extract(self, article):
        if "CRASH" in article.text:
            raise ValueError("a rule broke")
        return self.real.extract(article)

    def extract_many(self, articles):
        for a in articles:
            yield self.extract(a)


def test_extraction_error_is_reported_and_batch_goes_on(runner, extractor, monkeypatch, tmp_path):
    monkeypatch.setattr(cli, "get_extractor", lambda: _Crashy(extractor))
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "a", "text": "fine"}\n{"id": "b", "text": "CRASH"}\n'
                 '{"id": "c", "text": "fine"}\n')  # fmt: skip
    r = invoke(runner, "extract", f)
    assert r.exit_code == 3
    assert [x["id"] for x in records(r.stdout)] == ["a", "c"]
    assert f"{f}:2: extraction failed: ValueError: a rule broke" in r.stderr


def test_fatal_extractor_error_gives_1(runner, monkeypatch, inputs):
    from armswatch.errors import ArmswatchError

    def broken():
        raise ArmswatchError("spaCy's English pipeline is not installed")

    monkeypatch.setattr(cli, "get_extractor", broken)
    r = invoke(runner, "extract", inputs / "single.json")
    assert r.exit_code == 1
    assert "error: spaCy's English pipeline is not installed" in r.stderr


# --- run, version, help --------------------------------------------------------------------------


def test_run_on_paths(runner, inputs, input_ids, tmp_path):
    out = tmp_path / "o.jsonl"
    r = invoke(runner, "report", inputs, "-o", out)
    assert r.exit_code == 0, r.output
    for i in input_ids:
        assert i in r.stdout
    assert "Totals" in r.stdout and f"{len(input_ids)} articles" in r.stdout
    assert [x["id"] for x in records(out.read_text(encoding="utf-8"))] == input_ids


def test_run_bad_input_gives_3(runner, bad_batch, good_ids):
    r = invoke(runner, "report", bad_batch["dir"])
    assert r.exit_code == 3
    assert f"{bad_batch['jsonl']}:2: not valid JSON" in r.stderr
    assert f"{len(good_ids)} articles" in r.stdout


def test_run_without_samples(runner, monkeypatch):
    monkeypatch.setattr(cli, "SAMPLES", "data/samples/does-not-exist.jsonl")
    r = invoke(runner, "report")
    assert r.exit_code == 1
    assert "sample articles" in r.stderr and "missing" in r.stderr


def test_run_bundled_samples(runner):
    from importlib.resources import files

    if not (files("armswatch") / cli.SAMPLES).is_file():
        pytest.skip("bundled sample articles not written yet")
    r = invoke(runner, "report")
    assert r.exit_code == 0, r.output
    assert "Totals" in r.stdout


def test_version(runner):
    r = invoke(runner, "version")
    assert r.exit_code == 0
    assert f"armswatch {__version__}" in r.stdout and EXTRACTOR_VERSION in r.stdout


@pytest.mark.parametrize(
    ("args", "must"),
    [
        ([], ["extract", "report", "run", "watch", "query", "version"]),
        (["extract"], ["--output", "--published", "--max-chars", "--quiet", ".jsonl", ".html",
                       "claimed_by", "evidence", "Exit status"]),
        (["report"], ["--output", "--published", "--max-chars", "--quiet", "report"]),
        (["version"], ["version"]),
    ],
)  # fmt: skip
def test_help(runner, args, must):
    r = invoke(runner, *args, "--help", terminal_width=200)
    assert r.exit_code == 0
    for word in must:
        assert word in r.stdout, word


def test_help_does_not_import_heavy_modules():
    code = ("import sys, armswatch.cli; "
            "heavy = [m for m in ('spacy', 'trafilatura', 'duckdb') if m in sys.modules]; "
            "sys.exit(f'imported at start-up: {heavy}' if heavy else 0)")  # fmt: skip
    subprocess.run([sys.executable, "-c", code], check=True)


def test_entry_point(inputs, tmp_path):
    """The installed `armswatch` script: stdin in, JSON Lines out, exit 3 on bad input."""
    exe = BIN / "armswatch"
    if not exe.exists():
        pytest.skip("armswatch script not installed in this environment")
    data = b'{"id": "e1", "text": "Talks."}\nnot json\n'
    p = subprocess.run(
        [exe, "extract", "-", "-q"], input=data, capture_output=True, timeout=300, check=False
    )
    assert p.returncode == 3, p.stderr
    assert [x["id"] for x in records(p.stdout.decode())] == ["e1"]
    assert b"<stdin>:2: not valid JSON" in p.stderr


# --- the report ----------------------------------------------------------------------------------


def _extraction() -> Extraction:
    text = "North Korea supplied shells to Russia, U.S. officials said. Pyongyang denied it."
    sent = Span(0, 59, text[:59])

    def span(s):
        i = text.index(s)
        return Span(i, i + len(s), s)

    prk, rus = Actor("PRK", "North Korea", span("North Korea")), Actor("RUS", "Russia")
    usa = Actor("USA", "U.S. officials", sector="GOV")
    ev = Evidence(sent, span("supplied"), "aid.supply/1")
    return Extraction(
        article=Article(id="rep-1", text=text, title="Shells [draft]", published="2023-08-31"),
        events=(Event("AID", (prk,), (rus,), claimed_by=(usa,), denied_by=(prk,), date="2023",
                      trigger="supplied", evidence=(ev,), confidence=0.8),
                Event("REJECT", (prk,), (), trigger="denied")),
        transfers=(Transfer((prk,), (rus,), "delivery", items=("ammunition",),
                            modality="actual", claimed_by=(usa,), trigger="supplied",
                            evidence=(ev,)),),
    )  # fmt: skip


@pytest.mark.parametrize("width", [80, 160])
def test_report(width):
    console = Console(record=True, width=width, color_system=None)
    totals = render_extractions([_extraction(), Extraction(Article(id="rep-2", text="x"))], console)
    out = console.export_text()
    assert (totals.articles, totals.events, totals.transfers, totals.contested) == (2, 2, 1, 1)
    for s in [
        "rep-1",
        "Shells [draft]",
        "AID",
        "PRK → RUS",
        "PRK → —",
        "claimed: USA",
        "denied: PRK",
        "supplied",
        "delivery",
        "ammunition",
        "aid.supply/1",
        "rep-2",
        "no events or transfers found",
        "Totals",
        "material cooperation",
    ]:
        assert s in out, s  # fmt: skip
