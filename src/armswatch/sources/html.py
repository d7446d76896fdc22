"""HTML pages to Articles (trafilatura): main text, and title/date/site when the caller has none."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from ..model import Article


def url_id(url: str) -> str:
    """A stable article id for a page read from a URL."""
    return "u" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def article_from_html(
    html: bytes | str,
    url: str,
    *,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    max_chars: int | None = None,
) -> Article | None:
    """The article in a page, or None when trafilatura finds no main text."""
    import trafilatura

    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)  # fmt: skip
    if doc is None or not (doc.text or "").strip():
        return None
    text = doc.text.strip()
    title = title or doc.title
    if title and text.startswith(title + "\n"):
        text = text[len(title) + 1 :].lstrip()  # the headline repeated as the first line
    if max_chars is not None:
        text = text[:max_chars]
    published = published or (doc.date[:10] if doc.date else None)
    outlet = outlet or doc.sitename or urlsplit(url).hostname
    return Article(id=url_id(url), text=text, title=title, published=published, url=url,
                   outlet=outlet, origin=url)  # fmt: skip
