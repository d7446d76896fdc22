"""WARC / WARC.gz files (e.g. Common Crawl's CC-NEWS): HTML response records to Articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .html import article_from_html


def iter_warc(
    path: str | Path, *, outlet: str | None = None, max_chars: int | None = None
) -> Iterator[Article | InputError]:
    """Articles from the successful HTML ``response`` records; WARC-Target-URI is the url."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; the iterator streams from it
    except OSError as e:
        yield InputError(str(path), f"cannot open: {e.strerror}")
        return
    with fh:
        n = seen = 0
        try:
            for record in ArchiveIterator(fh):
                seen += 1
                if not str(getattr(record, "format", "warc")).startswith("warc"):
                    yield InputError(str(path), "not a WARC file (ARC or unknown format)")
                    return
                if record.rec_type != "response":
                    continue
                n += 1
                url = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{n}"
                http = record.http_headers
                if http is None:
                    continue
                status = http.get_statuscode()
                ctype = (http.get_header("Content-Type") or "").lower()
                if status != "200" or "html" not in ctype:
                    continue
                body = record.content_stream().read()
                art = article_from_html(body, url, outlet=outlet, max_chars=max_chars)
                if art is None:
                    continue  # navigation pages, errors: no main text, nothing to report
                yield art
        except (ArchiveLoadFailed, OSError, ValueError) as e:
            yield InputError(str(path), f"not a readable WARC file (after {seen} records): {e}")
            return
        if seen == 0 and Path(path).stat().st_size > 0:
            yield InputError(str(path), "not a WARC file (no records found)")
