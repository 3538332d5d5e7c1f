"""Words in any script: a text's *units* and the words each is worth.

A unit is a spaced word (a ``\\w+`` run), or one letter (with its combining marks) of a
script written without spaces between words: Chinese, Japanese, Thai, Lao, Khmer and
Burmese (``data/scripts.toml``). There a letter counts ``1 / letters_per_word`` words, the
per-script figure measured (docs/algorithm.md), so a 300-character Japanese paragraph is
about 175 words, not one. ``language.py`` matches stoplists on these units.
"""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice

import regex

from .charclass import ABOVE, listed

_DATA = importlib.resources.files("cleaner") / "data"

UNIT_CHUNK = 16_384
"""Texts longer than this many characters are read this many units at a time, so that one
huge block (a 20-million-letter word, a page of CJK without a break) never becomes a list
of millions of strings: memory stays bounded, the result is the same."""


WORD = regex.compile(r"\w+")
"""A word in any script (``\\w+``); the one compiled copy, used beyond this module too."""
WORD_CHAR = regex.compile(r"\w")
"""One character of a ``WORD``."""


@dataclass(frozen=True, slots=True)
class Script:
    """A script written without spaces between words."""

    name: str
    letters_per_word: float
    sentence_punctuation: bool
    """False where the script marks no sentence end (Thai, Lao)."""


@dataclass(frozen=True, slots=True)
class Scripts:
    """The unspaced scripts of ``data/scripts.toml`` and the tokeniser built from them."""

    scripts: tuple[Script, ...]
    classes: tuple[str, ...]
    """Each script's letters, a ``regex`` class's contents (``letters`` in the data)."""
    unit: regex.Pattern[str]
    """One unit per match: group ``s<i>`` a letter of unspaced script ``i`` (with its marks),
    group ``w`` a spaced word."""
    any_unspaced: regex.Pattern[str]
    no_punctuation: regex.Pattern[str]
    """The last letter of a text is of a script that marks no sentence end."""
    unspaced_listed: re.Pattern[str]
    bare_listed: re.Pattern[str]
    """Both classes' letters below ``charclass.LISTED_BELOW``, fast (``charclass.py``)."""
    word_listed: re.Pattern[str]
    """``WORD`` for a text with no character at or above ``charclass.LISTED_BELOW``: runs
    of the code points below it that ``regex``'s ``\\w`` matches, listed as a stdlib ``re``
    class (the same runs; 4.1 against 6.6 µs a corpus line)."""

    def weighed(self, matches: list[regex.Match[str]]) -> tuple[list[str], list[float]]:
        """The units ``unit`` matched and the words each is worth: 1 for a spaced word,
        ``1 / letters_per_word`` for a letter of an unspaced script."""
        tokens = [m.group() for m in matches]
        weights = [
            1.0
            if m.lastgroup == "w"
            else 1.0 / self.scripts[int(str(m.lastgroup)[1:])].letters_per_word
            for m in matches
        ]
        return tokens, weights

    def has_unspaced(self, text: str) -> bool:
        """``any_unspaced.search(text)``, the listed class first."""
        if self.unspaced_listed.search(text):
            return True
        return ABOVE.search(text) is not None and self.any_unspaced.search(text) is not None


@cache
def scripts() -> Scripts:
    raw = tomllib.loads((_DATA / "scripts.toml").read_text("utf-8"))
    found = tuple(
        Script(s["name"], float(s["letters_per_word"]), bool(s["sentence_punctuation"]))
        for s in raw["unspaced"]
    )
    classes = [s["letters"] for s in raw["unspaced"]]
    every = "".join(classes)
    groups = [f"(?P<s{i}>[{cls}]\\p{{M}}*)" for i, cls in enumerate(classes)]
    bare = "".join(c for c, s in zip(classes, found, strict=True) if not s.sentence_punctuation)
    any_unspaced = regex.compile(f"[{every}]")
    return Scripts(
        scripts=found,
        classes=tuple(classes),
        unit=regex.compile("|".join([*groups, f"(?P<w>[\\w--[{every}]]+)"]), regex.V1),
        any_unspaced=any_unspaced,
        no_punctuation=regex.compile(f"[{bare}]\\p{{M}}*[^\\p{{L}}]*$" if bare else "(?!)"),
        unspaced_listed=listed(any_unspaced),
        bare_listed=listed(regex.compile(f"[{bare}]" if bare else "(?!)")),
        word_listed=re.compile(listed(WORD_CHAR).pattern + "+"),
    )


def units(text: str) -> tuple[list[str], list[float]]:
    """The units of ``text`` (lower-case it first for matching) and the words each is
    worth: 1 for a spaced word, ``1 / letters_per_word`` for a letter of an unspaced script."""
    sc = scripts()
    if text.isascii():  # no unspaced letter, every character listed: one test in C
        found: list[str] = sc.word_listed.findall(text)
        return found, [1.0] * len(found)
    if not sc.unspaced_listed.search(text):  # ``has_unspaced``, reusing its second test
        if not ABOVE.search(text):  # every character is listed
            found = sc.word_listed.findall(text)
            return found, [1.0] * len(found)
        if not sc.any_unspaced.search(text):
            found = WORD.findall(text)
            return found, [1.0] * len(found)
    return sc.weighed(list(sc.unit.finditer(text)))


def unit_chunks(text: str) -> Iterator[tuple[list[str], list[float]]]:
    """``units(text)``, UNIT_CHUNK units at a time (one chunk for ordinary blocks)."""
    if len(text) <= UNIT_CHUNK:
        yield units(text)
        return
    sc = scripts()
    unspaced = sc.has_unspaced(text)
    matches = (sc.unit if unspaced else WORD).finditer(text)
    while batch := list(islice(matches, UNIT_CHUNK)):
        if unspaced:
            yield sc.weighed(batch)
        else:
            tokens = [m.group() for m in batch]
            yield tokens, [1.0] * len(tokens)


def unit_set(text: str) -> set[str]:
    """The distinct units of ``text`` (lower-case it first): the words of a spaced script,
    the letters of an unspaced one. Headline matching compares these."""
    found: set[str] = set()
    for tokens, _ in unit_chunks(text):
        found.update(tokens)
    return found


def word_count(text: str) -> float:
    """Length of ``text`` in words (word-equivalents in unspaced scripts)."""
    return sum(sum(weights) for _, weights in unit_chunks(text))


def marks_no_sentence_end(text: str) -> bool:
    """The text ends in a script that has no sentence-final punctuation (Thai, Lao): its
    ending says nothing about whether it is a sentence."""
    sc = scripts()
    if not sc.bare_listed.search(text) and not ABOVE.search(text):
        return False  # no letter of such a script at all
    return bool(sc.no_punctuation.search(text))
