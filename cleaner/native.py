"""The compiled twins of the text analysis (``_ctext*.c``), and whether to use them.

``_ctext`` is a small C extension built at install time when a compiler is there
(``setup.py``: optional; without one the build warns, which ``pip install`` shows only
with ``-v``, and goes on). Where it is built and ``CLEANER_PURE`` is not set to a
non-empty value other than ``0``,
``language.read``, ``language.text_hits``, ``language.measure``, ``language.byte_counts`` and
``features.char_counts`` are the ``*_native`` functions, which call it; else they are
the ``*_python`` ones, which stay the reference: ``tests/test_native.py`` holds the two
to the same results. Which one a process uses is decided once, at import (:data:`ENABLED`).

The C writes no character class: for each block of code points a text uses, the first
time, :func:`tokenizer` runs the Python twins' own ``regex`` classes over the block and
hands the C the ranges they match."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

import regex

PURE_ENV = "CLEANER_PURE"
"""Set to a non-empty value other than ``0``: the Python functions, even where the
compiled module is built."""


def _load() -> ModuleType | None:
    try:
        from . import _ctext
    except ImportError:
        return None
    return _ctext


if TYPE_CHECKING:
    from . import _ctext

    compiled = _ctext
else:
    compiled = _load()
    """The compiled module where it is built (``None`` where not), whether in use or not:
    the tests compare its twins with the Python functions either way."""
ENABLED = compiled is not None and os.environ.get(PURE_ENV, "") in ("", "0")
"""The compiled twins are in use in this process (decided at import)."""


Spans = list[tuple[int, int]]
"""Runs of code points, ``(start, stop)``."""


@dataclass(frozen=True, slots=True)
class CharClasses:
    """The Python twins' character classes, each as runs of it (same flags)."""

    word: regex.Pattern[str]
    """A spaced word's character: ``units.scripts().unit``'s group ``w``."""
    mark: regex.Pattern[str]
    """A mark an unspaced letter carries: that pattern's ``\\p{M}``."""
    scripts: tuple[regex.Pattern[str], ...]
    """Each unspaced script's letters, in order: its groups ``s<i>``."""
    letter: regex.Pattern[str]
    upper: regex.Pattern[str]
    digit: regex.Pattern[str]
    """``features._LETTER``, ``_UPPER`` and ``_DIGIT`` (``char_counts``)."""

    def classify(
        self, start: int, stop: int
    ) -> tuple[Spans, Spans, list[Spans], Spans, Spans, Spans]:
        """Where each class matches among the code points ``start`` to ``stop`` (a
        block): ``(start, stop)`` runs, for the tokenizer."""
        chars = "".join(map(chr, range(start, stop)))

        def spans(pattern: regex.Pattern[str]) -> Spans:
            return [(start + m.start(), start + m.end()) for m in pattern.finditer(chars)]

        return (
            spans(self.word),
            spans(self.mark),
            [spans(p) for p in self.scripts],
            spans(self.letter),
            spans(self.upper),
            spans(self.digit),
        )


def _runs(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """``pattern``, one character of a class, as runs of it (same flags)."""
    return regex.compile(f"(?:{pattern.pattern})+", pattern.flags)


@cache
def tokenizer() -> _ctext.Tokenizer:
    """The C tokenizer. It classifies the code points of a block the first time a text
    holds one of them, with the very classes the Python twins match (``units.scripts()``'s
    unit pattern and ``features``'s counts): 0.03-0.08 ms a block."""
    if compiled is None:
        raise RuntimeError("cleaner._ctext is not built")
    from . import features, units

    sc = units.scripts()
    every = "".join(sc.classes)
    v1 = regex.V1  # as the unit pattern is compiled
    classes = CharClasses(
        word=regex.compile(f"[\\w--[{every}]]+", v1),
        mark=regex.compile(r"\p{M}+", v1),
        scripts=tuple(regex.compile(f"[{cls}]+", v1) for cls in sc.classes),
        letter=_runs(features._LETTER),
        upper=_runs(features._UPPER),
        digit=_runs(features._DIGIT),
    )
    return compiled.Tokenizer(classes.classify, [1.0 / s.letters_per_word for s in sc.scripts])
