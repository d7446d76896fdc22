"""The extractor: an Article in, an Extraction (events and transfers) out.

(Interface stub; the rule engine is being written. Signatures are stable.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .. import EXTRACTOR_VERSION
from ..model import Article, Extraction


class Extractor:
    """Holds the loaded pipeline and knowledge base; reuse one per process."""

    def __init__(self, kb=None, nlp=None):
        self.kb = kb
        self.nlp = nlp

    def extract(self, article: Article) -> Extraction:
        return Extraction(article=article, version=EXTRACTOR_VERSION)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        for a in articles:
            yield self.extract(a)


def extract_article(article: Article) -> Extraction:
    """Convenience: extract one article with a default Extractor."""
    return Extractor().extract(article)
