# The compiled twins (_ctext.c); each is documented there and in native.py.
from collections.abc import Sequence
from typing import Any

Spans = Sequence[tuple[int, int]]

class Tokenizer:
    def __init__(
        self,
        word: Spans,
        mark: Spans,
        scripts: Sequence[tuple[Spans, float]],
        letter: Spans,
        upper: Spans,
        digit: Spans,
    ) -> None: ...
    def units(self, text: str, /) -> tuple[list[str], list[float]]: ...
    def read(self, text: str, alone: dict[str, bytes], reading_type: type[Any], /) -> Any: ...
    def char_counts(self, text: str, /) -> tuple[int, int, int]: ...

def code_points() -> str: ...
def text_hits(
    reading: object, limit: int, longer: dict[str, Any], reading_type: type[Any], /
) -> tuple[int, bytes] | None: ...
def measure(
    reading: object,
    stoplist: object,
    high: float | None,
    reading_type: type[Any],
    measure_type: type[Any],
    /,
) -> Any: ...
