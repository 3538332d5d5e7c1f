"""A block's working state while the decision runs: its verdict so far, which stage gave
it, the rule or the scorer's points, and whether context may still change it."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from dataclasses import dataclass

from . import native
from .model import Block, Feature, Origin, Segment, make_block


class Verdict(enum.Enum):
    KEEP = "keep"
    DROP = "drop"
    NONE = "undecided"


KEEP, DROP, UNDECIDED = Verdict.KEEP, Verdict.DROP, Verdict.NONE
"""The verdicts as module constants for the pipeline's loops: on Python 3.11 every
``Verdict.KEEP`` read goes through ``EnumType.__getattr__`` (about 100 ns, a global 20), and
the steps read them a few dozen times a block."""

_CHROME = Origin.CHROME


@dataclass(slots=True)
class Slot:
    """Working state of one block while the pipeline runs."""

    segment: Segment
    verdict: Verdict = Verdict.NONE
    origin: Origin = Origin.SCORER
    rule: str | None = None
    score: float = 0.0
    features: tuple[Feature, ...] = ()
    """The scorer features that fired, with their points."""
    protected: bool = False
    """Kept by a KEEP rule: context cannot drop it."""
    ends_body: bool = False
    """Dropped by a footer's line rule (``Rule.ends_body``)."""
    edges_only: bool = False
    """Dropped by a line rule that, in an extracted text, drops only outside the prose
    (``Rule.edges_only``)."""
    neighbours: tuple[str, str] | None = None
    settled: bool = False

    def set(
        self, verdict: Verdict, origin: Origin, rule: str | None = None, *, protected: bool = False
    ) -> None:
        self.verdict, self.origin, self.rule, self.protected = verdict, origin, rule, protected

    def block(self) -> Block:
        """The block's public record, by position in ``Block``'s field order through
        ``make_block`` (0.7 µs; ``Block(...)`` by keyword 2.3: ``tests/test_fast_objects.py``
        holds the two equal)."""
        seg = self.segment
        origin = self.origin
        return make_block(
            seg.text,
            self.verdict is KEEP,
            origin,
            self.rule,
            self.features,
            self.score,
            seg.chrome if origin is _CHROME else None,
            self.neighbours,
            self.settled,
            seg.tag,
            seg.classes,
        )


_BLOCK_FIELDS = (
    "text", "kept", "origin", "rule", "features", "score", "chrome", "neighbours", "settled",
    "tag", "classes",
)  # fmt: skip
"""``Block``'s fields in the order ``_ctext_slot.c`` fills them (``B_TEXT`` ...)."""


def _native_kind() -> Callable[[Segment], Slot]:
    """``_ctext.SlotKind``: ``kind(segment)`` makes the compiled twin of ``Slot(segment)``
    (``cleaner/_ctext_slot.c``): the same fields under the same names, ``set()`` and
    ``block()``, the same equality and repr. Its ``block()`` fills a ``Block`` as Block's
    own slot descriptors fill it (in their slots, in Block's field order), as
    ``make_block`` does, and reads a ``Segment``'s text, tag and classes from its slots."""
    assert native.compiled is not None
    assert {f.name for f in dataclasses.fields(Block)} == set(_BLOCK_FIELDS)
    descriptors = tuple(vars(Block)[name] for name in _BLOCK_FIELDS)
    # Duck-typed: a Slot in all but its class.
    kind = native.compiled.SlotKind
    return kind(UNDECIDED, Origin.SCORER, KEEP, _CHROME, Block, descriptors, Segment)  # type: ignore[return-value]


new_slot: Callable[[Segment], Slot] = _native_kind() if native.ENABLED else Slot
"""``Slot(segment)``, as the decision makes one per block and pass: the compiled twin
where ``_ctext`` is in use (0.1 µs against the dataclass's 0.6; the steps compiled in C
read its members directly), else the dataclass."""


def restated(block: Block, text: str, settled: bool) -> Block:
    """``dataclasses.replace(block, text=text, settled=settled)`` by position (0.7 against
    4.5 µs): a wrapped paragraph's verdict on each of its lines, a settle pass's drop."""
    b = block
    return make_block(
        text,
        b.kept,
        b.origin,
        b.rule,
        b.features,
        b.score,
        b.chrome,
        b.neighbours,
        settled,
        b.tag,
        b.classes,
    )
