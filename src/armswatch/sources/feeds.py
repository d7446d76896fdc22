"""RSS/Atom feeds: the feed is fetched and parsed with feedparser, each entry's page fetched
and extracted; the feed gives the title, date and outlet."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from ..errors import InputError
from ..model import Article
from .html import article_from_html
from .http import Fetcher, FetchError


def _date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        t = dict.get(entry, key)  # dict.get: no feedparser fallback mapping (and warning)
        if t:
            return time.strftime("%Y-%m-%d", t)
    return None


def entry_stamp(entry: dict) -> str | None:
    """What tells a changed entry from an unchanged one: its updated (else published) text."""
    return dict.get(entry, "updated") or dict.get(entry, "published") or None


def iter_feed(
    url: str,
    fetcher: Fetcher,
    *,
    outlet: str | None = None,
    max_entries: int | None = None,
    skip: Callable[[str, str | None], bool] | None = None,
    max_chars: int | None = None,
) -> Iterator[tuple[Article, str | None] | InputError]:
    """(Article, stamp) per feed entry, or InputError for an entry (or feed) that fails.

    ``skip(link, stamp)`` is asked before an entry's page is fetched: the pipeline answers True
    for a URL already stored with the same stamp, so unchanged entries cost no request.
    """
    import feedparser

    try:
        res = fetcher.fetch(url)
    except FetchError as e:
        yield InputError(url, e.message)
        return
    feed = feedparser.parse(res.body, response_headers={"content-location": res.url})
    if feed.bozo and not feed.entries:
        yield InputError(url, f"not a readable RSS/Atom feed: {feed.get('bozo_exception')}")
        return
    feed_outlet = outlet or feed.feed.get("title") or None
    entries = feed.entries[:max_entries] if max_entries else feed.entries
    for i, entry in enumerate(entries):
        link = entry.get("link")
        where = f"{url}#entry{i + 1}"
        if not link:
            yield InputError(where, "entry has no link")
            continue
        stamp = entry_stamp(entry)
        if skip is not None and skip(link, stamp):
            continue
        try:
            page = fetcher.fetch(link)
        except FetchError as e:
            yield InputError(link, e.message)
            continue
        art = article_from_html(page.body, link, title=entry.get("title") or None,
                                published=_date(entry), outlet=feed_outlet,
                                max_chars=max_chars)  # fmt: skip
        if art is None:
            yield InputError(link, "no article text found in the page")
            continue
        yield art, stamp
