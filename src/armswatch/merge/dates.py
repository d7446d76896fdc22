"""Dates at mixed precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) as day intervals."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def interval(value: str | None) -> tuple[date, date, str] | None:
    """``(first day, last day, precision)`` of a date string, or None when it cannot be read.

    Accepts ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` and anything that starts with one of them
    (an ISO datetime). Precision is ``"year"``, ``"month"`` or ``"day"``.
    """
    if not value:
        return None
    m = _DATE.match(value.strip())
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        year = int(y)
        if mo is None:
            return date(year, 1, 1), date(year, 12, 31), "year"
        month = int(mo)
        if d is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last), "month"
        day = date(year, month, int(d))
        return day, day, "day"
    except ValueError:
        return None


def gap_days(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two intervals; 0 when they overlap."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def widen(a: tuple[date, date], days: int) -> tuple[date, date]:
    return a[0] - timedelta(days=days), a[1] + timedelta(days=days)
