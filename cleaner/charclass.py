"""A character class of the ``regex`` module, listed code point by code point as a stdlib
``re`` class below a bound, for a fast first test.

``regex`` tests Unicode script properties (``\\p{Thai}``, ``\\p{Han}``) slowly: about 45 ns
a character, so asking whether a 90-character line holds a Thai or CJK letter cost 4 µs,
on every block. A ``re`` class of a few explicit ranges scans the same line in 0.3 µs. The
ranges are read from the ``regex`` class itself, by running it over every code point below
the bound, so they hold exactly the code points it matches there (with this installed
``regex``'s Unicode tables). Above the bound the caller still asks ``regex``.
"""

from __future__ import annotations

import re

import regex

LISTED_BELOW = 0x2E80
"""Code points below this are listed (Thai, Lao, Myanmar, Khmer letters lie there; CJK,
the other unspaced scripts, start here). Listing them takes about a millisecond, once."""
ABOVE = re.compile(f"[{chr(LISTED_BELOW)}-\\U0010ffff]")
"""Any code point at or above ``LISTED_BELOW``: where a listed class says nothing."""


def listed(pattern: regex.Pattern[str], below: int = LISTED_BELOW) -> re.Pattern[str]:
    """A ``re`` class of exactly the code points under ``below`` that ``pattern`` (one
    character class) matches; a class that matches nothing when none does."""
    starts = [m.start() for m in pattern.finditer("".join(map(chr, range(below))))]
    ranges: list[list[int]] = []
    for cp in starts:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    if not ranges:
        return re.compile("(?!)")
    parts = (re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return re.compile(f"[{''.join(parts)}]")
