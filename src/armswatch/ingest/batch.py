"""Running an extractor over a stream of read results without letting one article stop the batch.

``extract_batch(items, extractor, on_problem)`` takes what :func:`~armswatch.ingest.iter_articles`
yields (Articles and InputErrors), hands every InputError to ``on_problem``, feeds the Articles to
``extractor.extract_many`` (so an extractor may batch them, e.g. with ``nlp.pipe``) and yields the
Extractions in input order. When the extractor raises on an article, the articles it had been
given but not yet returned are extracted again one by one; the one that fails is reported to
``on_problem`` as an InputError naming its origin, and the batch goes on.

An :class:`~armswatch.errors.ArmswatchError` that is not an InputError (a missing model, a bad data
file) is not about one article: it is raised, as is the error of an extractor that fails on each
of the first ``FAIL_FAST_AFTER`` articles.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from ..errors import ArmswatchError, InputError
from ..model import Article, Extraction
from .readers import severity

FAIL_FAST_AFTER = 10


class _Extractor(Protocol):
    def extract(self, article: Article) -> Extraction: ...

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]: ...


@dataclass
class BatchStats:
    """What happened to a batch; ``complete`` when nothing was skipped."""

    articles: int = 0  # articles read and handed to the extractor
    extracted: int = 0
    skipped: int = 0  # input errors: pieces of input that gave no article
    failed: int = 0  # articles the extractor raised on
    warnings: int = 0
    events: int = 0
    transfers: int = 0

    @property
    def complete(self) -> bool:
        return not (self.skipped or self.failed)


def extract_batch(
    items: Iterable[Article | InputError],
    extractor: _Extractor,
    on_problem: Callable[[InputError], None],
    stats: BatchStats | None = None,
) -> Iterator[Extraction]:
    """Extractions of the Articles among ``items``; InputErrors (and failures) to ``on_problem``."""
    stats = stats if stats is not None else BatchStats()
    source = iter(items)
    pending: deque[Article] = deque()
    source_error: list[BaseException] = []

    def articles() -> Iterator[Article]:
        while True:
            try:
                item = next(source)
            except StopIteration:
                return
            except Exception as e:  # the reader itself broke: not an extraction failure
                source_error.append(e)
                raise
            if isinstance(item, InputError):
                if severity(item) == "warning":
                    stats.warnings += 1
                else:
                    stats.skipped += 1
                on_problem(item)
                continue
            stats.articles += 1
            pending.append(item)
            yield item

    def done(ex: Extraction) -> Extraction:
        stats.extracted += 1
        stats.events += len(ex.events)
        stats.transfers += len(ex.transfers)
        return ex

    def failed(article: Article, exc: Exception) -> None:
        if isinstance(exc, ArmswatchError) and not isinstance(exc, InputError):
            raise exc
        stats.failed += 1
        if stats.failed >= FAIL_FAST_AFTER and not stats.extracted:
            raise ArmswatchError(
                f"the extractor failed on each of the first {stats.failed} articles; "
                f"last error: {type(exc).__name__}: {exc}"
            ) from exc
        on_problem(InputError(article.origin or article.id,
                              f"extraction failed: {type(exc).__name__}: {exc}"))  # fmt: skip

    while True:
        try:
            for ex in extractor.extract_many(articles()):
                _pop(pending, ex.article)
                yield done(ex)
            return
        except Exception:  # any bug in a rule must not stop the batch
            if source_error:
                raise source_error[0] from None
            suspects = list(pending)
            pending.clear()
            if not suspects:  # raised before taking an article: it cannot work at all
                raise
            for art in suspects:  # one by one, to find the article(s) it fails on
                try:
                    ex = extractor.extract(art)
                except Exception as e:  # noqa: BLE001
                    failed(art, e)
                    continue
                yield done(ex)
            # and on with a fresh extract_many over the rest of the input


def _pop(pending: deque[Article], article: Article) -> None:
    if pending and pending[0] is article:
        pending.popleft()
        return
    for i, a in enumerate(pending):
        if a is article:
            del pending[i]
            return
    if pending:  # an extractor that returns copies: trust the order
        pending.popleft()
