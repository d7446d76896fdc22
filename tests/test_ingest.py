"""The readers (every input kind, every kind of bad input) and the batch runner."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from armswatch.errors import ArmswatchError, InputError
from armswatch.ingest import InputWarning, estimate_count, iter_articles, normalise_date, severity
from armswatch.ingest.batch import BatchStats, extract_batch
from armswatch.model import Article, Extraction


def split(items):
    arts = [x for x in items if isinstance(x, Article)]
    errs = [x for x in items if isinstance(x, InputError) and severity(x) == "error"]
    warns = [x for x in items if isinstance(x, InputError) and severity(x) == "warning"]
    assert len(arts) + len(errs) + len(warns) == len(items), "only Articles and InputErrors"
    return arts, errs, warns


def read(*paths, **kw):
    return split(list(iter_articles(list(paths), **kw)))


# --- each input kind ----------------------------------------------------------------------------


def test_jsonl(inputs):
    arts, errs, warns = read(inputs / "articles.jsonl")
    assert not errs and not warns
    assert [a.id for a in arts] == ["fx-001", "fx-002", "articles.jsonl:3"]
    a1, a2, a3 = arts
    assert a1.title == "Test: shells for the front"
    assert a1.url == "https://example.org/a1" and a1.outlet == "Example Wire"
    assert a1.text.startswith("North Korea has supplied") and a1.text.endswith("Thursday.")
    assert a1.published == "2023-08-31"
    assert a2.published == "2023-08-31"  # RFC 2822
    assert a3.published == "2024-02-23"  # ISO datetime with offset: the date as written
    assert a1.origin == f"{inputs / 'articles.jsonl'}:1"
    assert a3.origin == f"{inputs / 'articles.jsonl'}:3"
    assert a2.title is None and a2.url is None


def test_jsonl_ignores_answer_fields(tmp_path):
    f = tmp_path / "a.ndjson"
    f.write_text('{"id": "x", "text": "Some text.", "events": "not even a list", "foo": 1}\n')
    arts, errs, _ = read(f)
    assert not errs and [a.id for a in arts] == ["x"]
    assert not hasattr(arts[0], "events")


def test_json_object_and_array(inputs):
    arts, errs, _ = read(inputs / "single.json", inputs / "array.json")
    assert not errs
    assert [a.id for a in arts] == ["fx-json-1", "fx-arr-1", "array.json:2"]
    assert arts[0].title == "One object" and arts[0].published == "2023-09-01"
    assert arts[2].text.startswith("Turkey offered")
    assert arts[2].origin.endswith("array.json[2]")


def test_txt_and_md(inputs):
    nested = inputs / "nested"
    arts, errs, _ = read(nested / "serbia-denial.txt", nested / "navy-seizure.md",
                         published="2024-01-05")  # fmt: skip
    assert not errs
    txt, md = arts
    assert txt.id == "serbia-denial" and txt.title is None
    assert txt.text.startswith("Serbia denied reports") and "Belgrade" in txt.text
    assert md.id == "navy-seizure" and md.title == "Seized cargo in the Red Sea"
    assert md.text.startswith("The U.S. Navy seized") and "#" not in md.text
    assert txt.published == md.published == "2024-01-05"
    assert txt.origin == str(nested / "serbia-denial.txt")


def test_txt_without_published_argument(inputs):
    arts, _, _ = read(inputs / "nested" / "serbia-denial.txt")
    assert arts[0].published is None


def test_published_argument_is_only_a_default(inputs):
    arts, _, _ = read(inputs / "articles.jsonl", published="2020-01-01")
    assert [a.published for a in arts] == ["2023-08-31", "2023-08-31", "2024-02-23"]
    f = inputs / "array.json"
    assert {a.published for a in read(f, published="2020-01-01")[0]} == {"2020-01-01"}


def test_html(inputs):
    arts, errs, _ = read(inputs / "page.html")
    assert not errs
    (a,) = arts
    assert a.id == "page"
    assert a.title == "Japan approves air defence missile sale"
    assert "Patriot air defence missiles" in a.text and "China criticised" in a.text
    assert "Copyright" not in a.text and "Business" not in a.text  # boilerplate dropped
    assert not a.text.startswith(a.title)
    assert a.published == "2023-12-22"
    assert a.url == "https://news.example.org/japan-missiles"


def test_html_without_text(tmp_path):
    f = tmp_path / "empty.htm"
    f.write_text(
        "<html><head><title>x</title></head><body><script>var x = 1;</script></body></html>"
    )
    arts, errs, _ = read(f)
    assert not arts
    assert errs[0].path == str(f) and "no article text" in errs[0].message


def test_directory_recursive_sorted(inputs, input_ids):
    arts, errs, warns = read(inputs, published="2024-01-05")
    assert not errs and not warns  # ignored.csv is not an article file: silently left out
    assert [a.id for a in arts] == input_ids
    assert [a.id for a in read(inputs)[0]] == input_ids  # deterministic


def test_stdin():
    data = b'{"id": "s1", "text": "One."}\n\n{"text": "Two."}\n'
    arts, errs, _ = split(list(iter_articles(["-"], stdin=io.BytesIO(data))))
    assert not errs
    assert [a.id for a in arts] == ["s1", "stdin:3"]
    assert arts[1].origin == "<stdin>:3"


def test_single_path_string(inputs):
    arts = [x for x in iter_articles(str(inputs / "single.json")) if isinstance(x, Article)]
    assert [a.id for a in arts] == ["fx-json-1"]


def test_bom_and_crlf(tmp_path):
    f = tmp_path / "bom.jsonl"
    f.write_bytes(b'\xef\xbb\xbf{"id": "b1", "text": "One."}\r\n{"id": "b2", "text": "Two."}\r\n')
    arts, errs, _ = read(f)
    assert not errs and [a.id for a in arts] == ["b1", "b2"]


def test_integer_id_is_accepted(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": 17, "text": "Text."}\n')
    assert read(f)[0][0].id == "17"


# --- bad input ----------------------------------------------------------------------------------


def test_malformed_line_in_the_middle(bad_batch):
    arts, errs, _ = read(bad_batch["jsonl"])
    assert [a.id for a in arts] == ["bad-001", "bad-003", "bad-006", "bad-008"]
    by_line = {e.line: e for e in errs}
    assert sorted(by_line) == [2, 4, 5, 7]
    assert all(e.path == str(bad_batch["jsonl"]) for e in errs)
    assert by_line[2].message.startswith("not valid JSON")
    assert str(by_line[2]).startswith(f"{bad_batch['jsonl']}:2: not valid JSON")
    assert "empty article" in by_line[4].message
    assert "not UTF-8" in by_line[5].message and "0xfc" in by_line[5].message
    assert by_line[7].message.startswith("article is 5.0 MB")
    assert "over the limit of 1,000,000 characters" in by_line[7].message


def test_whole_bad_batch_directory(bad_batch, good_ids):
    arts, errs, _ = read(bad_batch["dir"])
    assert [a.id for a in arts] == good_ids
    where = {(Path(e.path).name, e.line) for e in errs}
    assert where == {("batch.jsonl", 2), ("batch.jsonl", 4), ("batch.jsonl", 5),
                     ("batch.jsonl", 7), ("binary.txt", None), ("latin1.txt", 2)}  # fmt: skip


def test_binary_files(bad_batch, tmp_path):
    _, errs, _ = read(bad_batch["binary"])
    assert errs[0].path == str(bad_batch["binary"]) and "binary file" in errs[0].message
    f = tmp_path / "data.jsonl"
    f.write_bytes(b'{"id": "a", "text": "x"}\n\x1f\x8b\x08\x00\x00\x00\x00\x00\n')
    arts, errs, _ = read(f)
    assert not arts and len(errs) == 1 and "binary file" in errs[0].message


def test_non_utf8_text_file(bad_batch):
    _, errs, _ = read(bad_batch["latin1"])
    (e,) = errs
    assert e.path == str(bad_batch["latin1"]) and e.line == 2
    assert "not UTF-8" in e.message and "0xfc at column 2" in e.message


def test_oversize_text_file_and_custom_limit(tmp_path):
    f = tmp_path / "long.txt"
    f.write_text("word " * 400)  # 2,000 characters
    arts, errs, _ = read(f, max_chars=1000)
    assert not arts and "article is 0.0 MB (2,000 characters)" in errs[0].message
    assert "over the limit of 1,000 characters" in errs[0].message
    assert read(f, max_chars=2000)[0]


def test_oversize_is_detected_without_reading(tmp_path):
    # far more bytes than 4 per allowed character: skipped unread, the next line still loads
    f = tmp_path / "huge.jsonl"
    f.write_text('{"id": "h", "text": "' + "x" * 300_000 + '"}\n{"id": "ok", "text": "y"}\n')
    arts, errs, _ = read(f, max_chars=10)
    assert [a.id for a in arts] == ["ok"]
    assert errs[0].line == 1 and errs[0].message.startswith("article is 0.3 MB")
    g = tmp_path / "huge.txt"
    g.write_text("x" * 300_000)
    _, errs, _ = read(g, max_chars=10)
    assert errs[0].message.startswith("article is 0.3 MB")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "a"}', "empty article 'a'"),
        ('{"id": "a", "text": ""}', "empty article 'a'"),
        ('{"id": "a", "text": null}', "empty article 'a'"),
        ('{"text": " \\t "}', "empty article 'x.jsonl:2'"),
        ('{"id": "a", "text": 5}', '"text" must be a string, got a number'),
        ('{"id": ["a"], "text": "t"}', '"id" must be a string, got an array'),
        ('{"id": "a", "text": "t", "title": {"x": 1}}', '"title" must be a string, got an object'),
        ('{"id": "a", "text": "t", "published": 20230831}', '"published" must be a string'),
        ('["a", "b"]', "expected a JSON object, got an array"),
        ("{'id': 'a'}", "not valid JSON"),
    ],
)
def test_bad_jsonl_lines(tmp_path, line, message):
    f = tmp_path / "x.jsonl"
    f.write_text('{"id": "first", "text": "ok"}\n' + line + '\n{"id": "last", "text": "ok"}\n')
    arts, errs, _ = read(f)
    assert [a.id for a in arts] == ["first", "last"]
    (e,) = errs
    assert e.line == 2 and message in e.message and e.path == str(f)


def test_bad_json_file(tmp_path):
    f = tmp_path / "x.json"
    f.write_text('[{"id": "a", "text": "ok"},\n {"id": "b", "text": ""},\n 3]')
    arts, errs, _ = read(f)
    assert [a.id for a in arts] == ["a"]
    assert [e.message for e in errs] == ["item 2: empty article 'b' (no text); skipped",
                                         "item 3: expected a JSON object, got a number"]  # fmt: skip
    g = tmp_path / "y.json"
    g.write_text('{"id": "a",\n "text": }')
    (e,) = read(g)[1]
    assert e.line == 2 and "not valid JSON" in e.message


def test_unknown_extension_and_missing_path(tmp_path):
    f = tmp_path / "notes.docx"
    f.write_bytes(b"PK\x03\x04\x00\x00 binary office file")
    arts, errs, _ = read(f, tmp_path / "missing.jsonl")
    assert not arts
    assert "unknown file type '.docx'" in errs[0].message and "not text" in errs[0].message
    assert errs[1].message == "no such file or directory"


def test_other_extensions_are_read_by_content(tmp_path):
    jl = tmp_path / "batch.in"
    jl.write_text(
        '{"id": "a1", "text": "Chile and Peru held talks."}\n'
        '{"id": "a2", "text": "Iran denied it."}\n'
    )
    txt = tmp_path / "note"
    txt.write_text("Japan protested to China on Monday.")
    arts, errs, _ = read(jl, txt)
    assert not errs
    assert [a.id for a in arts] == ["a1", "a2", "note"]


def test_empty_txt(tmp_path):
    f = tmp_path / "blank.md"
    f.write_text("\n\n  \n")
    (e,) = read(f)[1]
    assert e.path == str(f) and "empty article 'blank'" in e.message


def test_unparseable_published_is_a_warning(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "a", "text": "t", "published": "last Tuesday"}\n')
    arts, errs, warns = read(f)
    assert not errs and [a.id for a in arts] == ["a"] and arts[0].published is None
    (w,) = warns
    assert isinstance(w, InputWarning) and w.severity == "warning" and w.line == 1
    assert "cannot read published date 'last Tuesday'" in w.message
    arts, _, warns = read(f, published="2024-03-01")
    assert arts[0].published == "2024-03-01" and "using --published 2024-03-01" in warns[0].message


def test_duplicate_id_is_a_warning(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "a", "text": "t"}\n{"id": "a", "text": "u"}\n')
    arts, errs, warns = read(f)
    assert len(arts) == 2 and not errs
    assert warns[0].line == 2 and "duplicate id 'a'" in warns[0].message


def test_invalid_published_argument(inputs):
    with pytest.raises(ValueError, match="cannot read"):
        list(iter_articles([inputs], published="soon"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-08-31", "2023-08-31"),
        ("2023-08-31T23:30:00+02:00", "2023-08-31"),
        ("2023-08-31T10:00:00Z", "2023-08-31"),
        ("2023-08-31 10:00", "2023-08-31"),
        ("Thu, 31 Aug 2023 10:00:00 +0000", "2023-08-31"),
        ("31 Aug 2023 10:00:00 GMT", "2023-08-31"),
        ("  2023-08-31 ", "2023-08-31"),
        ("2023-02-30", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_estimate_count(inputs, bad_batch, input_ids):
    assert estimate_count([inputs]) == len(input_ids) - 1  # array.json (2 articles) counts 1
    assert estimate_count([bad_batch["jsonl"]]) == 8
    assert estimate_count(["-"]) is None


# --- the batch runner ---------------------------------------------------------------------------


class FlakyExtractor:
    """Raises on articles whose text contains BOOM; batches like a spaCy pipe would."""

    def __init__(self, batch: int = 3, fatal: bool = False):
        self.batch, self.fatal = batch, fatal

    def extract(self, article):
        if "BOOM" in article.text:
            if self.fatal:
                raise ArmswatchError("model missing")
            raise RuntimeError(f"rule crashed on {article.id}")
        return Extraction(article=article, version="test")

    def extract_many(self, articles):
        buf = []
        for a in articles:
            buf.append(a)
            if len(buf) == self.batch:
                yield from [self.extract(b) for b in buf]
                buf = []
        yield from [self.extract(b) for b in buf]


def _articles(texts):
    return [Article(id=f"a{i}", text=t, origin=f"f.jsonl:{i}") for i, t in enumerate(texts, 1)]


@pytest.mark.parametrize("batch", [1, 2, 3, 10])
def test_batch_survives_an_extraction_error(batch):
    items = _articles(["one", "two BOOM", "three", "four", "five BOOM", "six", "seven"])
    items.insert(3, InputError("f.jsonl", "not valid JSON: x", 99))
    problems, stats = [], BatchStats()
    out = list(extract_batch(items, FlakyExtractor(batch), problems.append, stats))
    assert [x.article.id for x in out] == ["a1", "a3", "a4", "a6", "a7"]
    assert sorted(map(str, problems)) == [  # the order of reports depends on batching
        "f.jsonl:2: extraction failed: RuntimeError: rule crashed on a2",
        "f.jsonl:5: extraction failed: RuntimeError: rule crashed on a5",
        "f.jsonl:99: not valid JSON: x",
    ]
    assert (stats.articles, stats.extracted, stats.failed, stats.skipped) == (7, 5, 2, 1)
    assert not stats.complete


def test_batch_fatal_errors_propagate():
    items = _articles(["one", "two BOOM", "three"])
    with pytest.raises(ArmswatchError, match="model missing"):
        list(extract_batch(items, FlakyExtractor(fatal=True), lambda e: None))


def test_batch_fails_fast_when_nothing_works():
    items = _articles(["BOOM"] * 20)
    problems = []
    with pytest.raises(ArmswatchError, match="failed on each of the first 10 articles"):
        list(extract_batch(items, FlakyExtractor(), problems.append))
    assert len(problems) == 9


def test_batch_counts_warnings_apart():
    items = [InputWarning("f", "duplicate id", 2), *_articles(["one"])]
    stats = BatchStats()
    out = list(extract_batch(items, FlakyExtractor(), lambda e: None, stats))
    assert len(out) == 1 and stats.warnings == 1 and stats.complete
