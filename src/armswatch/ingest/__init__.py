"""Reading articles: JSON Lines, JSON, .txt/.md and .html files, directories and stdin."""

from .readers import (
    DEFAULT_MAX_CHARS,
    EXTENSIONS,
    InputWarning,
    estimate_count,
    iter_articles,
    normalise_date,
    severity,
)

__all__ = [
    "DEFAULT_MAX_CHARS",
    "EXTENSIONS",
    "InputWarning",
    "estimate_count",
    "iter_articles",
    "normalise_date",
    "severity",
]
