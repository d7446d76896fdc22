"""Shared fixtures: the input fixture files, bad-input builders, one extractor and one spaCy
pipeline per session."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
INPUTS = FIXTURES / "inputs"

# ids of every article in tests/fixtures/inputs, in the order a directory read yields them
# (sorted paths; a directory's files before its subdirectories').
INPUT_IDS = [
    "fx-arr-1", "array.json:2",                      # array.json
    "fx-001", "fx-002", "articles.jsonl:3",          # articles.jsonl
    "page",                                          # page.html
    "fx-json-1",                                     # single.json
    "navy-seizure", "serbia-denial",                 # nested/*.md, nested/*.txt
]  # fmt: skip


@pytest.fixture(scope="session")
def inputs() -> Path:
    return INPUTS


@pytest.fixture(scope="session")
def extractor():
    """The CLI's process-wide extractor (loaded once for the whole test session)."""
    from armswatch.cli import get_extractor

    return get_extractor()


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline with armswatch's lemma corrections and parse repairs."""
    pytest.importorskip("spacy")
    from armswatch.errors import ArmswatchError
    from armswatch.nlp import load_pipeline

    try:
        return load_pipeline()
    except ArmswatchError as e:  # pragma: no cover - model missing
        pytest.skip(str(e))


@pytest.fixture
def bad_batch(tmp_path: Path) -> dict[str, Path]:
    """A directory of inputs with every kind of problem, next to good articles.

    batch.jsonl: good (bad-001), malformed JSON (line 2), good (bad-003), empty text (line 4),
    not UTF-8 (line 5), good (bad-006), a 5 MB article (line 7), good (bad-008).
    binary.txt: NUL bytes. latin1.txt: not UTF-8 (line 2). ok.txt: a good article.
    """
    d = tmp_path / "batch"
    d.mkdir()
    big = "The ministry said the convoy was delayed. " * 120_000  # ~5 MB
    lines = [
        b'{"id": "bad-001", "text": "Russia and China held talks in Moscow on Monday."}',
        b'{"id": "bad-002", "text": "unterminated string}',
        b'{"id": "bad-003", "text": "Iran sent drones to Russia, Ukraine said."}',
        b'{"id": "bad-004", "text": "   \\n  "}',
        b'{"id": "bad-005", "text": "Z\xfcrich hosted the talks."}',
        b'{"id": "bad-006", "text": "Turkey denied selling drones to Sudan."}',
        b'{"id": "bad-007", "text": "' + big.encode() + b'"}',
        b'{"id": "bad-008", "text": "The UN Security Council imposed an arms embargo."}',
    ]
    (d / "batch.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (d / "latin1.txt").write_bytes("First line is fine.\nZ\xfcrich talks".encode("latin-1"))
    (d / "ok.txt").write_text("Germany pledged more air defence systems to Ukraine.\n")
    return {"dir": d, "jsonl": d / "batch.jsonl", "binary": d / "binary.txt",
            "latin1": d / "latin1.txt", "ok": d / "ok.txt"}  # fmt: skip


BAD_BATCH_GOOD_IDS = ["bad-001", "bad-003", "bad-006", "bad-008", "ok"]


@pytest.fixture(scope="session")
def input_ids() -> list[str]:
    return list(INPUT_IDS)


@pytest.fixture(scope="session")
def good_ids() -> list[str]:
    """ids of the articles in ``bad_batch`` that must come through."""
    return list(BAD_BATCH_GOOD_IDS)
