"""Surface-form helpers shared by the knowledge base and the dictionary readers.

Text and forms are compared after a *length-preserving* normalisation (lower case, one kind of
apostrophe and hyphen, plain spaces), so offsets found in the normalised text are offsets into
the original text.
"""

from __future__ import annotations

import re

_CHAR_MAP = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark
        "\u2018": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "`": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)

# how a form is compared with the text once the normalised strings are equal
EXACT = 0  # same case (sentence-initial capital and all-caps headlines allowed)
ANY = 1  # any case: the form is all lower case ("defence minister")
ICAP = 2  # any case, but the text must hold a capital letter ("the Kremlin", "North Korean")


def normalize(text: str) -> str:
    """Lower case with unified apostrophes/hyphens/spaces; same length as ``text``."""
    low = text.lower()
    if len(low) != len(text):  # a few characters ("İ") lower to two: keep them as they are
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_CHAR_MAP)


def canon(form: str) -> str:
    """A form with unified apostrophes/hyphens/spaces, case kept (for exact comparison)."""
    return form.translate(_CHAR_MAP)


def case_mode(form: str) -> int:
    if not any(c.isupper() for c in form):
        return ANY
    letters = [c for c in form if c.isalpha()]
    if " " in form and len(form) >= 8 and not all(c.isupper() for c in letters):
        return ICAP
    return EXACT


def case_ok(form: str, seg: str, mode: int) -> bool:
    """Does the text segment ``seg`` (already known equal to ``form`` ignoring case) qualify?"""
    if mode == ANY:
        return True
    if mode == ICAP:
        return any(c.isupper() for c in seg)
    seg = canon(seg)
    if seg == form:
        return True
    # sentence-initial capital: "the Quad" -> "The Quad", "al-Shabaab" -> "Al-Shabaab"
    if form[0].islower() and seg[0].isupper() and seg[1:] == form[1:]:
        return True
    # all-caps headline: "CHINA", "TURKEY" - only for forms of five letters or more
    letters = [c for c in form if c.isalpha()]
    return bool(len(letters) >= 5 and not all(c.isupper() for c in letters) and seg.isupper())


_WORD_TAIL = re.compile(r"(?:(?<=[^aeiou])y)$")


def plural(noun: str) -> str:
    """English plural of a role noun or of the head of "X of Y" ("ministers of defence")."""
    if " of " in noun:
        head, rest = noun.split(" of ", 1)
        return f"{plural(head)} of {rest}"
    if noun.endswith("person"):
        return noun[: -len("person")] + "people"
    if noun.endswith("man") and not noun.endswith(("human", "german", "ottoman")):
        return noun[:-3] + "men"
    if _WORD_TAIL.search(noun):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def spelling_variants(term: str) -> list[str]:
    """British/American variants of a role noun: defence/defense, organisation/organization."""
    out = [term]
    for a, b in (("defence", "defense"), ("organisation", "organization"), ("labour", "labor")):
        for x, y in ((a, b), (b, a)):
            if x in term:
                out.append(term.replace(x, y))
    return list(dict.fromkeys(out))
