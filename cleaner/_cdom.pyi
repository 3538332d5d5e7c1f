# The compiled DOM passes (_cdom.c); each is documented there and in native.py.
from collections.abc import Callable, Mapping, Set
from typing import Any

from .model import Chrome

def bind(path: str, /) -> None: ...
def children(
    mem_id: int, include_text: bool, skip_empty: bool, /
) -> list[tuple[int, int, int]]: ...
def text(mem_id: int, /) -> str | None: ...
def strip(mem_id: int, tag_ids: tuple[int, ...], /) -> int: ...
def walk_tables(
    roles: dict[int, tuple[int, str]],
    name_flags: Callable[[str], int],
    tag_chrome: Mapping[str, object],
    italic_caption: object,
    hidden_search: Callable[[str], object],
    italic_search: Callable[[str], object],
    normalize_line: Callable[[str], str],
    segment_slots: tuple[object, ...],
    refuse: Callable[[], object],
    flags: tuple[int, int, int, int, int, int, int, int, int, int],
    numbers: tuple[int, int, int, float],
    is_nfc: Callable[[str], bool],
    finish_changes: str,
    nfc_stable_ranges: tuple[tuple[int, int], ...],
    /,
) -> object: ...
def walk_normalized(tables: object, text: str, /) -> str | None: ...
def walk(
    body: int,
    container_ids: Set[int],
    keep_ids: Set[int],
    anchors: Set[int],
    strip_ids: dict[int, Any],
    title_id: int | None,
    category: Callable[[str], object],
    has_container: bool,
    overruled: Set[int],
    tables: object,
    /,
) -> list[Any]: ...
def tree(
    root: int,
    table: tuple[bytes, tuple[str | None, ...], Callable[[str], int], int, tuple[int, ...]],
    category: Callable[[str], Chrome | None],
    barriers: frozenset[str],
    minimum: int,
    loose_minimum: int,
    /,
) -> tuple[
    dict[int, int],
    dict[int, int],
    dict[int, int],
    dict[int, int | None],
    dict[int, str | None],
    list[int],
    list[int],
    dict[int, bool],
    dict[int, str],
]: ...
def element(mem_id: int, /) -> tuple[int | None, str | None, str | None, str | None]: ...
def path(root: int, mem_id: int, /) -> list[int] | None: ...

class Selectors:
    def find(self, index: int, root: int, /) -> list[int] | None: ...
    def find_all(self, root: int, /) -> list[list[int] | None]: ...
    def count(self) -> int: ...

def selectors(texts: tuple[str, ...], /) -> Selectors: ...
def ancestors(mem_ids: list[int], /) -> set[int]: ...
