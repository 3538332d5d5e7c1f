"""Which block rules a document may match, from what is known of its lines.

A block rule's prefilters are questions about the document's lines: its ``needs``, when
each literal is a line break and then text without one (``"\\nTags"``: a line starts with
Tags) and case is compared as written, and its ``gate`` (``gate.py``): a LineGate asks
each line alone, an EndingGate compares lines' endings. Asked of the joined document they
cost a search of the whole text a rule and a pass (the document is decided again on what
it kept: 2.4 passes a text document). The :class:`Sieve` asks each line its questions
once (``Sieve.line``: an ``int``, one bit a question), and the decision memo keeps that
answer with the text's other facts (``memo.Facts``, ``BLOCK``), so a line the Cleaner has
seen costs a lookup; the document's answer is the lines' bits put together
(``Sieve.run``): for each rule, whether its pattern is to be searched.

The same answers as the rules' own prefilters on the joined document (``Rule.spans``):
``"\\nX"`` without another line break occurs in ``"\\n"`` + the lines joined by ``"\\n"``
exactly where a line starts with X; a LineGate's and an EndingGate's checks read the
lines. That holds where no text holds a line break itself (a text-mode line never does):
where one does, ``run`` answers ``None`` and every rule asks its own (``Rule.spans``).
Rules with a time limit (user files) are not sifted: they ask their own, as before. A
rule that ``opens`` with its heads (``Rule.opens``) is then matched at the lines that
start with one (``lines_of``) instead of searched through the document.

``run``, ``lines_of`` and ``live`` are ``_ctext.sieve_run``, ``sieve_lines`` and
``sieve_live`` where ``native.ENABLED`` (the lookups, the questions of a new line, the
counting, in C); the ``*_python`` methods stay the reference (``tests/test_sieve.py``
holds the two to the same answers and the same memo). Without the compiled module the
sieve is not asked (``unsifted``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from . import native
from .gate import EndingGate, LineGate, chained, endings_of, line_fits, wide
from .model import STRUCTURAL, Segment
from .rules import Rule

if TYPE_CHECKING:
    from .memo import DocumentMemo
    from .slot import Slot

BROKEN = 1
"""A line's bit 0: its text holds a line break (the document's answer is then ``None``)."""
ANSWER_BITS = 62
"""Bits a line's answer holds (the line-break bit, then one a question), so that it fits
a C ``int64``; a rule whose questions would go past it is not sifted."""

_NONE, _LINES, _ENDING = 0, 1, 2
"""A rule's gate, as the plan hands it to C."""


@dataclass(frozen=True, slots=True)
class Sieve:
    """The questions a rule set's block rules ask of a line, and how each rule's answer is
    put together from them."""

    heads: tuple[tuple[int, tuple[str, ...]], ...] = ()
    """(bit, literals): the line starts with one of the literals (a rule's ``needs``)."""
    lines: tuple[tuple[int, LineGate], ...] = ()
    """(bit, gate): the gate's question of one line (``gate.line_fits``)."""
    wides: tuple[tuple[int, int], ...] = ()
    """(bit, gap): the line holds more than ``gap`` characters other than white space (an
    EndingGate's line that ends what is compared, ``gate.wide``)."""
    rules: tuple[tuple[int, int, int, int, int, int] | None, ...] = ()
    """For each block rule, ``None`` where it is not sifted, else (its heads' bit or 0, the
    gate's kind, then for a LineGate its bit, count, step and 0, for an EndingGate its
    chars, gap, head (-1: none) and wide bit, and 0s without a gate)."""
    opened: tuple[int, ...] = ()
    """For each block rule, its heads' bit where it ``opens`` with them (and has a
    ``line_starts`` form): its pattern is matched at those lines alone
    (``Rule.opened_spans``, the lines from ``lines_of``); else 0."""
    plan: tuple[Any, ...] = field(default=(), repr=False)
    """The same as plain tuples, for ``_ctext.sieve_run``: (heads, the heads' literals'
    first characters as a str (``None`` where one is empty), the line gates as
    (bit, max_chars, digit, search), wides, rules, memo.BLOCK, memo._BLANK,
    model.STRUCTURAL, model.Segment, the member descriptor of ``Segment.text``)."""

    @classmethod
    def of(cls, rules: tuple[Rule, ...]) -> Sieve:
        heads: list[tuple[int, tuple[str, ...]]] = []
        lines: list[tuple[int, LineGate]] = []
        wides: list[tuple[int, int]] = []
        plan: list[tuple[int, int, int, int, int, int] | None] = []
        opened: list[int] = []
        bit = BROKEN
        for rule in rules:
            wanted = (rule.heads is not None) + (rule.gate is not None)
            if rule.timeout is not None or bit.bit_length() + wanted > ANSWER_BITS:
                plan.append(None)
                opened.append(0)
                continue
            head_bit = 0
            if rule.heads is not None:
                bit <<= 1
                head_bit = bit
                heads.append((bit, rule.heads))
            opened.append(head_bit if rule.opens and rule.line_starts is not None else 0)
            gate = rule.gate
            if isinstance(gate, LineGate):
                bit <<= 1
                lines.append((bit, gate))
                plan.append((head_bit, _LINES, bit, gate.count, gate.step, 0))
            elif isinstance(gate, EndingGate):
                bit <<= 1
                wides.append((bit, gate.gap))
                head = -1 if gate.head is None else gate.head
                plan.append((head_bit, _ENDING, gate.chars, gate.gap, head, bit))
            else:
                plan.append((head_bit, _NONE, 0, 0, 0, 0))
        from .memo import _BLANK, BLOCK  # memo imports the rule book, which builds sieves

        literals = [x for _, group in heads for x in group]
        compiled = (
            tuple(heads),
            "".join(x[0] for x in literals) if all(literals) else None,
            tuple((b, g.max_chars, g.digit, g.search()) for b, g in lines),
            tuple(wides),
            tuple(plan),
            BLOCK,
            _BLANK,
            STRUCTURAL,
            Segment,
            Segment.__dict__["text"],
        )
        return cls(tuple(heads), tuple(lines), tuple(wides), tuple(plan), tuple(opened), compiled)

    def line(self, text: str) -> int:
        """The answers of one line: ``BROKEN`` where it holds a line break, each head's bit
        where it starts with one of its literals, each line gate's where it fits."""
        found = BROKEN if "\n" in text else 0
        for bit, literals in self.heads:
            if text.startswith(literals):
                found |= bit
        for bit, gate in self.lines:
            if line_fits(gate, text):
                found |= bit
        for bit, gap in self.wides:
            if wide(text, gap):
                found |= bit
        return found

    def run_python(self, memo: DocumentMemo, slots: list[Slot]) -> int | None:
        """For each block rule (bit i for rule i), whether its pattern is to be searched
        in the document of ``slots`` (the texts of those not decided by their place,
        joined by line breaks: ``decide._apply_block_rules``): its sifted prefilters pass,
        or it is not sifted. ``None`` where a text holds a line break. Each line's answers
        from ``memo`` (``DocumentMemo.block``)."""
        texts = [s.segment.text for s in slots if s.origin not in STRUCTURAL]
        bits = [memo.block(self, text) for text in texts]
        every = 0
        for found in bits:
            every |= found
        if every & BROKEN:
            return None
        may = 0
        for i, entry in enumerate(self.rules):
            if entry is not None:
                head_bit, kind, a, b, c, _ = entry
                if head_bit and not every & head_bit:
                    continue
                if kind == _LINES and not (
                    every & a and chained([bool(x & a) for x in bits], b, c)
                ):
                    continue
                if kind == _ENDING and not endings_of(texts, a, b, None if c < 0 else c):
                    continue
            may |= 1 << i
        return may

    def lines_python(self, memo: DocumentMemo, texts: list[str], bit: int) -> list[int]:
        """Which of ``texts`` have answers that hold ``bit``, in order (from ``memo``)."""
        return [k for k, text in enumerate(texts) if memo.block(self, text) & bit]

    def lines_native(self, memo: DocumentMemo, texts: list[str], bit: int) -> list[int]:
        """:meth:`lines_python` by ``_ctext.sieve_lines``."""
        compiled = native.compiled
        assert compiled is not None
        return compiled.sieve_lines(self.plan, memo, texts, bit)

    def live_python(self, slots: list[Slot]) -> tuple[list[int], list[str], list[int]]:
        """The document ``run`` reads: where its slots are in ``slots`` (those not decided
        by their place), their texts, and where each starts in the texts joined by line
        breaks."""
        live = [i for i, s in enumerate(slots) if s.origin not in STRUCTURAL]
        texts = [slots[i].segment.text for i in live]
        starts = list(accumulate((len(x) + 1 for x in texts[:-1]), initial=0)) if texts else []
        return live, texts, starts

    def live_native(self, slots: list[Slot]) -> tuple[list[int], list[str], list[int]]:
        """:meth:`live_python` by ``_ctext.sieve_live``."""
        compiled = native.compiled
        assert compiled is not None
        return compiled.sieve_live(self.plan, slots)

    def run_native(self, memo: DocumentMemo, slots: list[Slot]) -> int | None:
        """:meth:`run_python` by ``_ctext.sieve_run`` (a compiled Slot's fields read in
        its struct, a Segment's text through its member descriptor)."""
        compiled = native.compiled
        assert compiled is not None
        return compiled.sieve_run(self.plan, memo, slots)

    def unsifted(self, memo: DocumentMemo, slots: list[Slot]) -> int | None:
        """``None``: every rule asks its own prefilters of the document (``Rule.spans``).
        Without the compiled module the sieve is not asked: its Python loops over the
        lines cost more than the searches they save (the seeds' and corpus pages' naive
        text, ``CLEANER_PURE=1``: 2.50 → 2.58 ms a document with ``run_python``), as
        the gates' do (``gate.unasked``); ``run_python`` stays the reference."""
        return None

    run = run_native if native.ENABLED else unsifted
    lines_of = lines_native if native.ENABLED else lines_python
    live = live_native if native.ENABLED else live_python
