"""Readers: files, directories and stdin in; Articles (and the reasons for skipping input) out.

``iter_articles`` never raises for bad input. It yields :class:`~armswatch.model.Article` objects
and, interleaved with them, :class:`~armswatch.errors.InputError` objects that say which piece of
input was skipped and why, so that one broken article never stops a batch. Problems that do not
cost an article (an unparseable ``published`` date, a duplicate id) are yielded as
:class:`InputWarning`, a subclass with ``severity == "warning"``, right before the Article they
concern. Use :func:`severity` to tell the two apart.

Input kinds (chosen by file extension):

* ``.jsonl`` / ``.ndjson`` (and ``-`` for stdin): one JSON object per line with ``id``, ``text``
  and optionally ``title``, ``published``, ``url``, ``outlet``. Any other field (``events``,
  ``transfers`` ...) is ignored. Blank lines are skipped. A missing ``id`` becomes
  ``<file name>:<line>``.
* ``.json``: one such object, or an array of them (a missing ``id`` becomes
  ``<file name>:<item number>``, counted from 1).
* ``.txt`` / ``.md``: the whole file is one article; ``id`` is the file name without extension.
  A Markdown file's leading ``# Title`` line becomes the title.
* ``.html`` / ``.htm``: main text, title, date, canonical URL and site name by trafilatura.
* Directories: every file with one of the extensions above, recursively, in sorted order
  (hidden files and directories are skipped).

``published`` is normalised to ``YYYY-MM-DD`` from ``YYYY-MM-DD``, ISO 8601 datetimes and
RFC 2822 dates (the calendar date as written, not converted to UTC). The ``published`` argument
is the date of every article that does not carry its own (for .txt/.md files, always).
"""

from __future__ import annotations

import email.utils
import json
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import Article

DEFAULT_MAX_CHARS = 1_000_000
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
JSON_EXTENSIONS = frozenset({".json"})
TEXT_EXTENSIONS = frozenset({".txt", ".md"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
EXTENSIONS = JSONL_EXTENSIONS | JSON_EXTENSIONS | TEXT_EXTENSIONS | HTML_EXTENSIONS
STDIN = "-"
STRING_FIELDS = ("title", "published", "url", "outlet")
_SNIFF_BYTES = 8192
# A UTF-8 character takes at most 4 bytes: a file or line longer than this many bytes per
# allowed character is over the limit without reading (or parsing) it.
_MAX_BYTES_PER_CHAR = 4
_SLACK_BYTES = 1 << 16  # JSON syntax, escapes and other fields around the text


class InputWarning(InputError):
    """A problem in the input that does not cost the article (it is still yielded)."""

    severity = "warning"


def severity(err: InputError) -> str:
    """``"warning"`` for :class:`InputWarning`, else ``"error"`` (the input was skipped)."""
    return getattr(err, "severity", "error")


Item = Article | InputError


def iter_articles(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    published: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
) -> Iterator[Item]:
    """Articles from files, directories and ``-`` (stdin, JSON Lines), with the input errors.

    ``published``: the date (``YYYY-MM-DD``, ISO datetime or RFC 2822) of articles that carry
    none; raises ``ValueError`` when it cannot be parsed (a caller's mistake, not the input's).
    ``max_chars``: longer articles are skipped with an InputError.
    ``stdin``: a binary stream read for ``-`` (default ``sys.stdin.buffer``).
    """
    default_date = None
    if published is not None:
        default_date = normalise_date(published)
        if default_date is None:
            raise ValueError(f"cannot read {published!r} as a date (use YYYY-MM-DD)")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    reader = _Reader(default_date, max_chars, stdin)
    for p in paths:
        yield from reader.read_path(p)


def expand_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path | InputError]:
    """Files to read, in order: directories expanded (sorted, recursive), missing paths as errors.

    ``-`` is passed through as ``Path("-")``.
    """
    for p in paths:
        if str(p) == STDIN:
            yield Path(STDIN)
            continue
        path = Path(p)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path
        else:
            yield InputError(str(path), "no such file or directory")


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            f = Path(dirpath) / name
            if f.suffix.lower() in EXTENSIONS:
                yield f


def estimate_count(paths: Iterable[str | os.PathLike]) -> int | None:
    """A quick estimate of how many articles ``iter_articles(paths)`` yields (for progress bars).

    JSON Lines files count their non-blank lines, other files count 1, stdin makes it unknown
    (``None``).
    """
    total = 0
    for f in expand_paths(paths):
        if isinstance(f, InputError):
            continue
        if str(f) == STDIN:
            return None
        if f.suffix.lower() in JSONL_EXTENSIONS:
            try:
                total += _count_lines(f)
            except OSError:
                total += 1
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    n, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


def _sniff(path: Path) -> str | None:
    """The extension a file's content suggests: JSON Lines, JSON, HTML or text; None if binary."""
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if b"\x00" in head:
        return None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"{":
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
        try:
            json.loads(first)
            return ".jsonl"
        except ValueError:
            return ".json"  # one object over several lines
    if start == b"[":
        return ".json"
    if start == b"<" and b"<html" in head.lower():
        return ".html"
    return ".txt"


# ---------------------------------------------------------------------------------------------
# dates


def normalise_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from a date, an ISO 8601 datetime or an RFC 2822 date; None if unreadable."""
    s = value.strip()
    if not s:
        return None
    try:
        if len(s) == 10:
            return date.fromisoformat(s).isoformat()
        return datetime.fromisoformat(s).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


# ---------------------------------------------------------------------------------------------
# the reader


class _Reader:
    def __init__(self, default_date: str | None, max_chars: int, stdin: BinaryIO | None):
        self.default_date = default_date
        self.max_chars = max_chars
        self.stdin = stdin
        self.seen_ids: dict[str, str] = {}

    # -- dispatch -------------------------------------------------------------------------------

    def read_path(self, p: str | os.PathLike) -> Iterator[Item]:
        for f in expand_paths([p]):
            if isinstance(f, InputError):
                yield f
                continue
            try:
                yield from self.read_file(f)
            except OSError as e:  # permission denied, a file vanishing mid-read ...
                yield InputError(str(f), f"cannot read: {e.strerror or e}")

    def read_file(self, f: Path) -> Iterator[Item]:
        if str(f) == STDIN:
            stream = self.stdin if self.stdin is not None else sys.stdin.buffer
            yield from self.read_jsonl(stream, "<stdin>", "stdin")
            return
        ext = f.suffix.lower()
        if ext not in EXTENSIONS:
            # A file named on the command line with another extension (".in", ".out", none):
            # read it by its content rather than refuse it.
            ext = _sniff(f)
            if ext is None:
                yield InputError(
                    str(f),
                    f"unknown file type {f.suffix.lower() or '(no extension)'!r} and the content "
                    "is not text (expected JSON Lines, JSON, HTML or plain text)",
                )
                return
        if ext in JSONL_EXTENSIONS:
            with open(f, "rb") as fh:
                if b"\x00" in fh.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]:
                    yield InputError(str(f), "binary file (NUL bytes), not JSON Lines; skipped")
                    return
                yield from self.read_jsonl(fh, str(f), f.name)
            return
        size = f.stat().st_size
        if size > self.max_chars * _MAX_BYTES_PER_CHAR + _SLACK_BYTES:
            yield self._oversize(str(f), None, None, size_bytes=size)
            return
        data = f.read_bytes()
        if b"\x00" in data[:_SNIFF_BYTES]:
            yield InputError(str(f), "binary file (NUL bytes); skipped")
            return
        if ext in HTML_EXTENSIONS:
            yield from self.read_html(data, f)
            return
        try:
            content = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            yield InputError(
                str(f), f"not UTF-8 text (invalid byte {_bad_byte(data, e)}); file skipped", line
            )
            return
        if ext in JSON_EXTENSIONS:
            yield from self.read_json(content, f)
        else:
            yield from self.read_text(content, f)

    # -- JSON Lines -----------------------------------------------------------------------------

    def read_jsonl(self, fh: BinaryIO, path: str, name: str) -> Iterator[Item]:
        limit = self.max_chars * _MAX_BYTES_PER_CHAR + _SLACK_BYTES
        lineno = 0
        while True:
            raw = fh.readline(limit)
            if not raw:
                return
            lineno += 1
            if len(raw) >= limit and not raw.endswith(b"\n"):
                size = len(raw)
                while more := fh.readline(limit):  # skip the rest of the line unread
                    size += len(more)
                    if more.endswith(b"\n"):
                        break
                yield self._oversize(path, lineno, None, size_bytes=size)
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as e:
                yield InputError(
                    path, f"not UTF-8 (invalid byte {_bad_byte(raw, e)}); line skipped", lineno
                )
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield InputError(path, f"not valid JSON: {e.msg} at column {e.colno}", lineno)
                continue
            yield from self._from_object(obj, path, lineno, f"{name}:{lineno}", f"{path}:{lineno}")

    # -- JSON -----------------------------------------------------------------------------------

    def read_json(self, content: str, f: Path) -> Iterator[Item]:
        path = str(f)
        try:
            obj = json.loads(content)
        except json.JSONDecodeError as e:
            yield InputError(path, f"not valid JSON: {e.msg} at column {e.colno}", e.lineno)
            return
        if isinstance(obj, list):
            for i, item in enumerate(obj, 1):
                for out in self._from_object(item, path, None, f"{f.name}:{i}", f"{path}[{i}]"):
                    if isinstance(out, InputError) and out.line is None:
                        out = type(out)(path, f"item {i}: {out.message}")
                    yield out
        else:
            yield from self._from_object(obj, path, None, f.name, path)

    def _from_object(
        self, obj: Any, path: str, line: int | None, default_id: str, origin: str
    ) -> Iterator[Item]:
        if not isinstance(obj, dict):
            yield InputError(path, f"expected a JSON object, got {_json_type(obj)}", line)
            return
        art_id = obj.get("id")
        if art_id is None or art_id == "":
            art_id = default_id
        elif isinstance(art_id, int) and not isinstance(art_id, bool):
            art_id = str(art_id)
        elif not isinstance(art_id, str):
            yield InputError(path, f'"id" must be a string, got {_json_type(art_id)}', line)
            return
        text = obj.get("text")
        if text is not None and not isinstance(text, str):
            yield InputError(path, f'"text" must be a string, got {_json_type(text)}', line)
            return
        fields: dict[str, str | None] = {}
        for key in STRING_FIELDS:
            v = obj.get(key)
            if v is not None and not isinstance(v, str):
                yield InputError(path, f'"{key}" must be a string, got {_json_type(v)}', line)
                return
            fields[key] = v or None
        yield from self._article(
            path, line, origin, art_id, text or "", fields["title"], fields["published"],
            fields["url"], fields["outlet"],
        )  # fmt: skip

    # -- plain text and Markdown ----------------------------------------------------------------

    def read_text(self, content: str, f: Path) -> Iterator[Item]:
        title = None
        text = content
        if f.suffix.lower() == ".md":
            title, text = _split_markdown_title(content)
        yield from self._article(str(f), None, str(f), f.stem, text, title, None, None, None)

    # -- HTML -----------------------------------------------------------------------------------

    def read_html(self, data: bytes, f: Path) -> Iterator[Item]:
        import trafilatura  # heavy (lxml, htmldate ...): only when there is HTML to read

        path = str(f)
        try:
            doc = trafilatura.bare_extraction(
                data, with_metadata=True, include_comments=False, include_tables=True
            )
        except Exception as e:  # noqa: BLE001 (trafilatura raises assorted errors)
            yield InputError(path, f"cannot parse HTML: {type(e).__name__}: {e}")
            return
        text = (getattr(doc, "text", None) or "") if doc is not None else ""
        if not text.strip():
            yield InputError(path, "no article text found in the HTML page")
            return
        title = getattr(doc, "title", None) or None
        # trafilatura repeats the headline as the first line of the text; keep it in the title
        if title and text.startswith(title + "\n"):
            text = text[len(title) + 1 :]
        yield from self._article(
            path, None, path, f.stem, text, title, getattr(doc, "date", None) or None,
            getattr(doc, "url", None) or None, getattr(doc, "sitename", None) or None,
        )  # fmt: skip

    # -- common checks --------------------------------------------------------------------------

    def _article(
        self,
        path: str,
        line: int | None,
        origin: str,
        art_id: str,
        text: str,
        title: str | None,
        published: str | None,
        url: str | None,
        outlet: str | None,
    ) -> Iterator[Item]:
        if not text.strip():
            yield InputError(path, f"empty article {art_id!r} (no text); skipped", line)
            return
        if len(text) > self.max_chars:
            yield self._oversize(path, line, len(text))
            return
        date_ = self.default_date
        if published is not None:
            date_ = normalise_date(published)
            if date_ is None:
                yield InputWarning(
                    path,
                    f"cannot read published date {published!r} of {art_id!r}; "
                    + ("using --published " + self.default_date if self.default_date else
                       "kept without a date"),
                    line,
                )  # fmt: skip
                date_ = self.default_date
        if art_id in self.seen_ids:
            yield InputWarning(
                path, f"duplicate id {art_id!r} (first seen at {self.seen_ids[art_id]})", line
            )
        else:
            self.seen_ids[art_id] = origin
        yield Article(
            id=art_id, text=text, title=title, published=date_, url=url, outlet=outlet,
            origin=origin,
        )  # fmt: skip

    def _oversize(
        self, path: str, line: int | None, chars: int | None, size_bytes: int | None = None
    ) -> InputError:
        if chars is not None:
            size = f"{chars / 1e6:.1f} MB ({chars:,} characters)"
        else:
            size = f"{(size_bytes or 0) / 1e6:.1f} MB"
        return InputError(
            path,
            f"article is {size}, over the limit of {self.max_chars:,} characters "
            "(--max-chars); skipped",
            line,
        )


def _split_markdown_title(content: str) -> tuple[str | None, str]:
    stripped = content.lstrip("\ufeff\r\n\t ")
    first, _, rest = stripped.partition("\n")
    if first.startswith("# ") and first[2:].strip():
        return first[2:].strip(), rest.lstrip("\r\n")
    return None, content


def _bad_byte(data: bytes, e: UnicodeDecodeError) -> str:
    col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
    return f"0x{data[e.start]:02x} at column {col}"


def _json_type(v: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            int: "a number", float: "a number", type(None): "null"}.get(type(v), type(v).__name__)  # fmt: skip
