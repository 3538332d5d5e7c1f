"""The compiled twins (``_ctext*.c``: the text analysis; ``_cdom*.c``: passes over the
DOM), and whether to use them.

``_ctext`` is a small C extension built at install time when a compiler is there
(``setup.py``: optional; without one the build warns, which ``pip install`` shows only
with ``-v``, and goes on). Where it is built and ``CLEANER_PURE`` is not set to a
non-empty value other than ``0``, ``language.read``, ``language.text_hits``,
``language.measure``, ``language.byte_counts`` and ``features.char_counts`` are the
``*_native`` functions, which call it, and ``features.score`` is the compiled scorer's
method; else they are the ``*_python`` ones, which stay the reference
(``tests/test_native.py`` and ``tests/test_native_score.py`` hold the two to the same
results). Which one a process uses is decided once, at import (:data:`ENABLED`).

The C writes no character class: for each block of code points a text uses, the first
time, :func:`tokenizer` runs the Python twins' own ``regex`` classes over the block and
hands the C the ranges they match.

``_cdom`` reads the tree selectolax parsed through Lexbor's public C API, whose functions
it finds by name in selectolax's own extension (:func:`_load_dom`). It is in use
(:data:`DOM_ENABLED`) where it is built, ``CLEANER_PURE`` is not set, the functions are
there and a small parsed document reads the same through it as through selectolax."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

import regex
from selectolax.lexbor import LexborNode

log = logging.getLogger(__name__)

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
_PURE = os.environ.get(PURE_ENV, "") not in ("", "0")
ENABLED = compiled is not None and not _PURE
"""The compiled twins are in use in this process (decided at import)."""

_PROBE = "<body><p id=a>x<!--c-->y</p> \n<b>\u1ea1</b>z</body>"
"""The document :func:`_load_dom` reads both ways before trusting the binding."""


def _type(node: LexborNode) -> int:
    """A node's DOM node type as Lexbor numbers it (the DOM standard's)."""
    return 3 if node.is_text_node else 8 if node.is_comment_node else 1


def _agrees(dom: ModuleType) -> bool:
    """Whether the bound ``_cdom`` reads :data:`_PROBE` as selectolax does: each node's
    children (as ``iter()`` gives them, with and without text and blank text) and texts."""
    from selectolax.lexbor import LexborHTMLParser

    def seen(node: LexborNode, text: bool, skip: bool) -> list[tuple[int, int, int]]:
        kids = node.iter(include_text=text, skip_empty=skip)
        return [(k.mem_id, _type(k), k.tag_id or 0) for k in kids]

    tree = LexborHTMLParser(_PROBE)
    stack = [tree.root] if tree.root is not None else []
    while stack:
        node = stack.pop()
        for text, skip in ((False, False), (True, False), (True, True)):
            if dom.children(node.mem_id, text, skip) != seen(node, text, skip):
                return False
        if dom.text(node.mem_id) != (node.text_content if node.is_text_node else None):
            return False
        stack.extend(node.iter(include_text=True))
    return True


def _load_dom() -> ModuleType | None:
    """``_cdom``, bound to the Lexbor functions in the loaded selectolax extension, or
    ``None`` (not built, the functions not found, or a probe read differently)."""
    try:
        from selectolax import lexbor

        from . import _cdom

        _cdom.bind(lexbor.__file__ or "")
    except (ImportError, OSError) as exc:
        log.debug("compiled DOM passes not in use: %s", exc)
        return None
    try:
        agrees = _agrees(_cdom)
    except (AttributeError, TypeError, ValueError) as exc:  # a selectolax without a property
        log.warning("compiled DOM passes not in use: the probe page failed: %s", exc)
        return None
    if not agrees:
        log.warning("compiled DOM passes not in use: they read a probe page differently")
        return None
    return _cdom


if TYPE_CHECKING:
    from . import _cdom

    dom = _cdom
else:
    dom = None if _PURE else _load_dom()
    """``_cdom``, bound and checked, where it is in use (else ``None``)."""
DOM_ENABLED = dom is not None
"""The compiled DOM passes are in use in this process (decided at import)."""


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
