"""Where articles come from: files and folders, JSON Lines streams, RSS/Atom feeds, URLs, WARC.

Every source yields ``(Article, stamp)`` pairs (``stamp``: what tells a changed feed entry from
an unchanged one, else None) or :class:`~armswatch.errors.InputError` for a piece that cannot be
read, so one bad item never stops a run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..config import SourceConfig, is_url
from ..errors import InputError
from ..model import Article
from .feeds import iter_feed
from .html import article_from_html
from .http import Fetcher, FetchError
from .warc import iter_warc

Item = tuple[Article, str | None] | InputError
SkipFn = Callable[[str, str | None], bool]

__all__ = ["FetchError", "Fetcher", "Item", "iter_paths", "iter_source", "source_for_path"]


def _files(paths: list[str], max_chars: int) -> Iterator[Article | InputError]:
    """Files, folders and ``-`` (JSON Lines on stdin), read as ``armswatch extract`` reads them."""
    from ..ingest.readers import iter_articles

    yield from iter_articles(paths, max_chars=max_chars)


def _with_outlet(items: Iterable[Article | InputError], outlet: str | None) -> Iterator[Item]:
    for it in items:
        if isinstance(it, InputError):
            yield it
        elif outlet and not it.outlet:
            yield dataclasses.replace(it, outlet=outlet), None
        else:
            yield it, None


def fetch_url(url: str, fetcher: Fetcher, outlet: str | None, max_chars: int) -> Item:
    try:
        page = fetcher.fetch(url)
    except FetchError as e:
        return InputError(url, e.message)
    art = article_from_html(page.body, page.url, outlet=outlet, max_chars=max_chars)
    if art is None:
        return InputError(url, "no article text found in the page")
    if page.url != url:  # keep the URL asked for as the identity of the page
        art = dataclasses.replace(art, url=url)
    return art, None


def iter_source(
    src: SourceConfig, fetcher: Fetcher, *, skip: SkipFn | None = None, max_chars: int = 200_000
) -> Iterator[Item]:
    """The articles of one configured source."""
    if src.kind in ("files", "jsonl"):  # "-" is JSON Lines on stdin
        yield from _with_outlet(_files([src.path], max_chars), src.outlet)
    elif src.kind == "warc":
        yield from _with_outlet(iter_warc(src.path, outlet=src.outlet, max_chars=max_chars),
                                src.outlet)  # fmt: skip
    elif src.kind == "url":
        yield fetch_url(src.url, fetcher, src.outlet, max_chars)
    elif src.kind == "feed":
        yield from iter_feed(src.url, fetcher, outlet=src.outlet, max_entries=src.max_entries,
                             skip=skip, max_chars=max_chars)  # fmt: skip
    else:  # pragma: no cover - the config validates kinds
        raise ValueError(src.kind)


def source_for_path(p: str) -> SourceConfig:
    """The source a command-line PATH stands for: ``-``, a URL, a WARC file, else files."""
    if p == "-":
        return SourceConfig(kind="jsonl", path="-")
    if is_url(p):
        return SourceConfig(kind="url", url=p)
    if p.endswith((".warc", ".warc.gz")):
        return SourceConfig(kind="warc", path=p)
    return SourceConfig(kind="files", path=str(Path(p)))


def iter_paths(paths: Iterable[str], fetcher: Fetcher, max_chars: int = 200_000
               ) -> Iterator[Item]:  # fmt: skip
    for p in paths:
        yield from iter_source(source_for_path(p), fetcher, max_chars=max_chars)
