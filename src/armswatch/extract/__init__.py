"""Rule-based, claim-aware extraction of PLOVER events and arms transfers."""

from .pipeline import Extractor, extract_article

__all__ = ["Extractor", "extract_article"]
