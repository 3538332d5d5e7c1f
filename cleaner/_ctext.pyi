# The compiled twins (_ctext.c); each is documented there and in native.py.
from collections import Counter
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from cleaner import slot as slot_module
from cleaner.language import Measure, Reading, Stoplist
from cleaner.memo import DocumentMemo
from cleaner.model import Block, Feature, Segment
from cleaner.rulebook import RuleSet
from cleaner.thresholds import Thresholds

Spans = Sequence[tuple[int, int]]
Classes = tuple[Spans, Spans, Sequence[Spans], Spans, Spans, Spans]
"""word, mark, one class a script, letter, upper, digit (native.classify)"""

class Tokenizer:
    def __init__(
        self,
        classify: Callable[[int, int], Classes],
        weights: Sequence[float],
    ) -> None: ...
    def units(self, text: str, /) -> tuple[list[str], list[float]]: ...
    def read(
        self, text: str, alone: dict[str, bytes], reading_type: type[Reading], /
    ) -> Reading: ...
    def char_counts(self, text: str, /) -> tuple[int, int, int]: ...

def text_hits(
    reading: Reading | str,
    limit: int,
    longer: dict[str, tuple[tuple[Stoplist, bytes], ...]],
    reading_type: type[Reading],
    /,
) -> tuple[int, bytes] | None: ...
def measure(
    reading: Reading | str,
    stoplist: Stoplist | None,
    high: float | None,
    reading_type: type[Reading],
    measure_type: type[Measure],
    /,
) -> Measure | None: ...
def byte_counts(data: bytes, /) -> dict[int, int]: ...
def search(f: Callable[[str], object], text: str, /) -> object: ...
def uncontended(f: object, /) -> bool: ...

class LiteralScan:
    def __init__(
        self, literals: Sequence[tuple[Sequence[tuple[int, ...] | None], int]], /
    ) -> None: ...
    def find(self, text: str, /) -> bytes: ...

def first_line_rule(
    plans: dict[tuple[str, bool, bool], Any],
    make_plan: Callable[[tuple[str, bool, bool]], Any],
    text: str,
    pinned: bool,
    /,
) -> object: ...
def marks(html: str, size: int, /) -> tuple[int, list[tuple[int, int]]]: ...
def gate_lines(
    document: str,
    count: int,
    max_chars: int,
    step: int,
    digit: bool,
    search: Callable[[str, int], object],
    /,
) -> bool: ...
def break_marks(text: str, /) -> int: ...
def gate_endings(document: str, chars: int, gap: int, head: int, /) -> bool: ...
def sieve_line(plan: tuple[Any, ...], text: str, /) -> int: ...
def sieve_run(plan: tuple[Any, ...], memo: object, slots: list[Any], /) -> int | None: ...
def sieve_lines(
    plan: tuple[Any, ...], memo: object, texts: list[str], bit: int, /
) -> list[int]: ...
def sieve_live(
    plan: tuple[Any, ...], slots: list[Any], /
) -> tuple[list[int], list[str], list[int]]: ...
def lru_merge(lru: object, entries: dict[Any, Any], /) -> None: ...
def text_segments(
    text: str, table: dict[str, Segment] | LineTable | None, plan: tuple[object, ...], /
) -> tuple[list[Segment], dict[str, Segment] | None]: ...

class LineTable:
    def __init__(self) -> None: ...
    def update(self, lines: dict[str, Segment], /) -> None: ...
    def clear(self) -> None: ...
    def get(self, raw: str, /) -> Segment | None: ...
    def items(self) -> list[tuple[str, Segment]]: ...
    def __len__(self) -> int: ...
    def __contains__(self, raw: object, /) -> bool: ...

class FirstScreen:
    def __init__(self, ask: Callable[[str], object]) -> None: ...
    def places(
        self,
        texts: list[str],
        search: Callable[[str], object],
        known: dict[str, bool] | None = None,
        /,
    ) -> list[int]: ...

class Scorer:
    def __init__(
        self,
        plan: Callable[[Thresholds], tuple[object, ...] | None],
        fallback: Callable[..., tuple[float, list[Feature]]],
    ) -> None: ...
    def score(
        self,
        segment: Segment,
        counts: Counter[str],
        t: Thresholds,
        stoplist: Stoplist | None,
        reading: Reading | None = None,
        /,
    ) -> tuple[float, list[Feature]]: ...

class SlotKind:
    def __init__(
        self,
        undecided: object,
        scorer: object,
        keep: object,
        chrome: object,
        block_type: type,
        descriptors: tuple[object, ...],
        segment_type: type | None = None,
        /,
    ) -> None: ...
    def __call__(self, segment: Segment, /) -> Slot: ...

class Slot:
    """slot.Slot's twin (its fields as the dataclass types them)."""

    segment: Segment
    verdict: object
    origin: object
    rule: str | None
    score: float
    features: tuple[Feature, ...]
    protected: bool
    ends_body: bool
    edges_only: bool
    neighbours: tuple[str, str] | None
    settled: bool
    def set(
        self, verdict: object, origin: object, rule: str | None = None, *, protected: bool = False
    ) -> None: ...
    def block(self) -> object: ...

class DecideSteps:
    def __init__(self, constants: tuple[object, ...], line_at: int, cut_at: int) -> None: ...
    def structure(
        self, segments: list[Segment], rules: RuleSet, html: bool, /
    ) -> list[slot_module.Slot]: ...
    def line_rules(
        self, slots: list[slot_module.Slot], rules: RuleSet, memo: DocumentMemo, /
    ) -> None: ...
    def cut(self, slots: list[slot_module.Slot], rules: RuleSet, memo: DocumentMemo, /) -> None: ...
    def settle(
        self,
        slots: list[slot_module.Slot],
        once: Callable[
            [list[Segment], RuleSet, bool, DocumentMemo, Thresholds], list[slot_module.Slot]
        ],
        rules: RuleSet,
        html: bool,
        memo: DocumentMemo,
        t: Thresholds,
        passes: int,
        /,
    ) -> None: ...
    def blocks(self, slots: list[slot_module.Slot], /) -> list[Block]: ...

class Context:
    def __init__(
        self,
        constants: tuple[object, ...],
        plan: Callable[[Thresholds], tuple[tuple[float, ...], tuple[int, ...]] | None],
        fallbacks: tuple[Callable[..., None], Callable[..., None], Callable[..., None]],
    ) -> None: ...
    def choose_headline(
        self, slots: list[slot_module.Slot], t: Thresholds, memo: DocumentMemo, /
    ) -> None: ...
    def apply_context(
        self, slots: list[slot_module.Slot], t: Thresholds, html: bool, memo: DocumentMemo, /
    ) -> None: ...
    def drop_repeats(self, slots: list[slot_module.Slot], t: Thresholds, /) -> None: ...

class ScoreStep:
    def __init__(
        self,
        *,
        undecided: object,
        headline: object,
        block_rule: object,
        missing: object,
        hits_at: int,
        counter: type[Counter[str]],
        feature: Callable[[str, float], Feature],
        language: ModuleType,
        other_fields: Callable[[Segment], tuple[object, ...]],
        bare: tuple[object, ...],
        fallback: Callable[[list[slot_module.Slot], DocumentMemo, Thresholds], None],
        segment: type[Segment],
        other_names: tuple[str, ...],
    ) -> None: ...
    def run(self, slots: list[slot_module.Slot], memo: DocumentMemo, t: Thresholds, /) -> None: ...

class MemoMethod:
    """A DocumentMemo method's compiled twin (a method descriptor): called with the memo
    first, then the Python method's arguments."""

    def __init__(
        self,
        which: int,
        constants: tuple[object, ...],
        fields: tuple[int, int, int, int],
        unit_chunk: int,
        /,
    ) -> None: ...
    def __call__(self, memo: DocumentMemo, /, *args: Any, **kwargs: Any) -> Any: ...
    def __get__(self, memo: object, owner: object = None, /) -> Any: ...
