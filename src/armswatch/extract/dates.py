"""Resolving date expressions against the article's publication date, keeping the precision.

"on Wednesday" in an article published Thursday 2023-08-31 is ``2023-08-30`` (day);
"in July" is ``2023-07`` (month); "last year" is ``2022`` (year). Common news patterns are
resolved here directly (fast, predictable); anything else goes to dateparser.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

WEEKDAYS = {d: i for i, d in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}  # fmt: skip
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
# Nouns that only say when: "on Monday", "at night", "on the same day".
TIME_NOUNS = frozenset(("day", "night", "morning", "afternoon", "evening", "weekend", "week",
                        "month", "year", "dawn", "dusk", "midnight", "noon", "occasion",
                        "anniversary", "eve"))  # fmt: skip


def is_temporal(tok) -> bool:
    """A token that names a time, not a place or party ("on Monday", "at dawn", "in 2023")."""
    w = tok.lower_.rstrip(".")
    return w in WEEKDAYS or w in MONTHS or tok.lemma_.lower() in TIME_NOUNS or tok.like_num


_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR_RE = r"((?:19|20)\d\d)"

# Durations and frequencies are DATE entities too, but name no point in time.
_DURATION = re.compile(
    r"\b(each|every|per|annual|annually|yearly|monthly|weekly|daily|decades?|centuries|"
    r"\d+\s*(?:-\s*)?(?:years?|months?|weeks?|days?)\s*(?:old|long)?|"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|several|many|few|nearly|almost)\s+"
    r"(?:years?|months?|weeks?|days?))\b",
    re.IGNORECASE,
)


def parse_published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def resolve(text: str, published: str | dt.date | None, past: bool = False) -> str | None:
    """An ISO date at the precision the text gives (YYYY-MM-DD, YYYY-MM or YYYY), or None.

    ``past``: the act is told in the past tense, so a day and month without a year fall on or
    before publication ("met on April 6" in a March article is last year's April 6); otherwise
    up to three months ahead are kept as announced dates."""
    base = published if isinstance(published, dt.date) else parse_published(published)
    t = " ".join(text.lower().replace("\u2019", "'").split())
    t = re.sub(r"^(on|in|since|by|from|until|during|as of|of|at|the)\s+", "", t)
    if not t:
        return None
    found = _resolve_common(t, base, past)
    if found is not None:
        return found or None  # "" means: recognised as no point in time
    if _DURATION.search(t):
        return None
    return _dateparser_resolve(t, base)


def _resolve_common(t: str, base: dt.date | None, past: bool = False) -> str | None:
    # Full dates: "December 14, 2020", "14 December 2020", "Aug. 30, 2023", "2020-12-14".
    m = re.search(r"\b(\d{4})-(\d\d)-(\d\d)\b", t)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = re.search(_MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR_RE, t)
    if m:
        return _iso(int(m[3]), MONTHS[m[1]], int(m[2]))
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+" + _YEAR_RE, t)
    if m:
        return _iso(int(m[3]), MONTHS[m[2]], int(m[1]))
    # Month and day without a year: the most recent such day not after publication.
    m = re.search(r"\b" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b", t) or re.search(
        r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE, t
    )
    if m:
        month_first = m[1].rstrip(".") in MONTHS or m[1] in MONTHS
        month, day = (MONTHS[m[1]], int(m[2])) if month_first else (MONTHS[m[2]], int(m[1]))
        if base is None:
            return ""
        year = base.year
        candidate = _date(year, month, day)
        # A day well after publication is last year's ("Dec. 20" in a January article);
        # up to three months ahead is an announced date ("the mandate expires on April 30"),
        # unless the act is told in the past.
        ahead = dt.timedelta(days=0 if past else 90)
        if candidate is not None and candidate > base + ahead:
            year -= 1
        return _iso(year, month, day)
    # Month and year: "July 2023", "in July of last year".
    m = re.search(r"\b" + _MONTH_RE + r",?\s+(?:of\s+)?" + _YEAR_RE, t)
    if m:
        return f"{int(m[2]):04d}-{MONTHS[m[1]]:02d}"
    # Month and a year told relatively: "May last year", "in March of this year".
    m = re.search(r"\b" + _MONTH_RE + r",?\s+(?:of\s+)?(last|this|next)\s+year\b", t)
    if m:
        if base is None:
            return ""
        year = base.year + {"last": -1, "this": 0, "next": 1}[m[2]]
        return f"{year:04d}-{MONTHS[m[1]]:02d}"
    # Weekday: the most recent one on or before publication ("on Wednesday").
    m = re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", t)
    if m:
        if base is None:
            return ""
        delta = (base.weekday() - WEEKDAYS[m[1]]) % 7
        if "next" in t:
            delta = -((WEEKDAYS[m[1]] - base.weekday()) % 7 or 7)
        elif "last" in t and delta == 0:
            delta = 7
        return (base - dt.timedelta(days=delta)).isoformat()
    # Relative words.
    if base is not None:
        if re.fullmatch(r"(today|this morning|this afternoon|this evening|tonight)", t):
            return base.isoformat()
        if re.fullmatch(r"(yesterday|last night)", t):
            return (base - dt.timedelta(days=1)).isoformat()
        if re.fullmatch(r"(the )?day before yesterday", t):
            return (base - dt.timedelta(days=2)).isoformat()
        if re.search(r"\b(earlier|later)? ?this month\b", t):
            return f"{base.year:04d}-{base.month:02d}"
        if re.search(r"\bnext month\b", t):
            nxt = base.replace(day=28) + dt.timedelta(days=4)
            return f"{nxt.year:04d}-{nxt.month:02d}"
        if re.search(r"\blast month\b|\bprevious month\b", t):
            first = base.replace(day=1) - dt.timedelta(days=1)
            return f"{first.year:04d}-{first.month:02d}"
        if re.search(r"\b(earlier|later)? ?this year\b", t):
            return f"{base.year:04d}"
        if re.search(r"\blast year\b|\bprevious year\b|\ba year ago\b", t):
            return f"{base.year - 1:04d}"
        if re.search(r"\bnext year\b", t):
            return f"{base.year + 1:04d}"
    # Bare month: "in July" — the most recent July not after publication.
    m = re.fullmatch(r"(?:early |mid-?|late |earlier in |last )?" + _MONTH_RE, t)
    if m:
        if base is None:
            return ""
        month = MONTHS[m[1]]
        year = base.year if month <= base.month else base.year - 1
        return f"{year:04d}-{month:02d}"
    # A year, alone or in a range ("between 2013 and 2015": the start).
    m = re.search(r"\b" + _YEAR_RE + r"\b", t)
    if m and not re.search(r"\d{1,2}\s*(?:years?|months?)", t):
        return m[1]
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def _dateparser_resolve(t: str, base: dt.date | None) -> str | None:
    import dateparser

    settings = {
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
        "REQUIRE_PARTS": [],
        "STRICT_PARSING": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    try:
        res = dateparser.search.search_dates(t, languages=["en"], settings=settings)
    except (ValueError, TypeError, OverflowError, AttributeError, KeyError):
        # dateparser raises assorted errors on odd input; a date is optional
        return None
    if not res:
        return None
    d = res[0][1].date()
    if re.search(r"\b\d{1,2}\b", t) and any(m in t for m in MONTHS):
        return d.isoformat()
    if any(m in t.split() for m in MONTHS):
        return f"{d.year:04d}-{d.month:02d}"
    if re.search(_YEAR_RE, t):
        return f"{d.year:04d}"
    return None


# Date expressions in running text (the extractor runs spaCy without its NER, so dates are
# found here): full and partial dates, weekdays, months, years, relative words.
_M = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE_EXPR = re.compile(
    r"\b(?:"
    r"\d{4}-\d\d-\d\d"
    r"|(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    + _M
    + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _M + r"(?:,?\s+(?:19|20)\d\d)?"
    r"|(?:(?:early|late|mid)\s+|mid-)?"
    + _M
    + r"(?:,?\s+(?:of\s+)?(?:(?:19|20)\d\d|(?:last|next|this)\s+year))?"
    r"|(?:last|next|this)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year)"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:earlier|later)\s+this\s+(?:week|month|year)"
    r"|yesterday|today|tonight"
    r"|(?:19|20)\d\d"
    r")\b",
    re.IGNORECASE,
)
# A month standing alone needs a clue that it is a date: "may" and "march" are ordinary
# words, and abbreviations are names too ("Defence Minister Dong Jun").
_AMBIGUOUS_MONTH = re.compile(r"^" + _M + r"$", re.IGNORECASE)


def find_expressions(text: str) -> list[tuple[int, int]]:
    """Character spans of date expressions in a sentence."""
    out: list[tuple[int, int]] = []
    for m in _DATE_EXPR.finditer(text):
        s = m.group().strip()
        if _AMBIGUOUS_MONTH.match(s):
            before = text[max(0, m.start() - 12) : m.start()].lower()
            if not re.search(
                r"\b(in|since|by|until|from|during|early|late|mid|last|next)\s*-?$", before
            ) or (s[0].islower()):
                continue  # "may" the verb, "march" the noun
        if s.isdigit() and not re.search(
            r"\b(in|since|by|until|from|during|of|between|and|early|late|mid|before|after)"
            r"\s*-?$",
            text[max(0, m.start() - 12) : m.start()].lower(),
        ):
            continue  # a bare number that happens to look like a year ("2000 troops")
        if re.search(r"\bthe\s+$", text[max(0, m.start() - 5) : m.start()].lower()) and re.match(
            r"\s+[A-Z][a-z]", text[m.end() : m.end() + 3]
        ):
            continue  # part of a name: "the August 17 Communique", "the October 7 Attack"
        out.append((m.start(), m.end()))
    return out
