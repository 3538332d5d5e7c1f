"""The compiled twins of the text analysis (``_ctext.c``), and whether to use them.

``_ctext`` is a small C extension built at install time when a compiler is there
(``setup.py``: optional; without one the install warns and goes on). Where it is built
and ``CLEANER_PURE`` is not set to a non-empty value other than ``0``, ``units.units``,
``language.read`` and ``features.char_counts`` are its twins; else they are the Python
functions, which stay the reference: ``tests/test_native.py`` holds the two to the same
results. Which one a process uses is decided once, at import (:data:`ENABLED`).

The C writes no character class: :func:`tokenizer` runs the Python twins' own ``regex``
classes over every code point, once, and hands the C the ranges they match.
"""

from __future__ import annotations

import os
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


def _spans(pattern: regex.Pattern[str], everything: str) -> list[tuple[int, int]]:
    """The code point ranges ``[start, stop)`` that ``pattern`` (a class, repeated) matches."""
    return [m.span() for m in pattern.finditer(everything)]


def _runs(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """``pattern``, one character of a class, as runs of it (same flags)."""
    return regex.compile(f"(?:{pattern.pattern})+", pattern.flags)


@cache
def tokenizer() -> _ctext.Tokenizer:
    """The C tokenizer, its table built from the very classes the Python twins match
    (``units.scripts()``'s and ``features``'s); about 30 ms, once a process."""
    if compiled is None:
        raise RuntimeError("cleaner._ctext is not built")
    from . import features, units

    sc = units.scripts()
    everything = compiled.code_points()
    every = "".join(sc.classes)
    v1 = regex.V1
    return compiled.Tokenizer(
        word=_spans(regex.compile(f"[\\w--[{every}]]+", v1), everything),
        mark=_spans(regex.compile(r"\p{M}+", v1), everything),
        scripts=[
            (_spans(regex.compile(f"[{cls}]+", v1), everything), 1.0 / s.letters_per_word)
            for cls, s in zip(sc.classes, sc.scripts, strict=True)
        ],
        letter=_spans(_runs(features._LETTER), everything),
        upper=_spans(_runs(features._UPPER), everything),
        digit=_spans(_runs(features._DIGIT), everything),
    )
