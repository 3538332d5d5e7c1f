"""``_ctext.lru_merge`` (``_ctext_lru.c``) does what ``memo.merge_python`` does: the same
table, in the same order, with the same character count and the same keys marked used,
after any run of merges (new keys, held ones used again, records filled in further, texts
over a tenth of the bound, evictions by entries and by characters, marked entries given
their second chance), and the same after a ``chars_of`` or ``combine`` that raises."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import memo, native
from cleaner.memo import BoundedLRU, merge_python

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")

Record = tuple[object, object]
_M = memo._MISSING
KEYS = st.text(alphabet="abcxyz", min_size=0, max_size=9)


def _fuller(held: Record, new: Record) -> Record:
    return tuple(h if n is _M else n for h, n in zip(held, new, strict=True))  # type: ignore[return-value]


def _compiled(lru: BoundedLRU[Any, Any], entries: dict[Any, Any]) -> None:
    assert native.compiled is not None
    native.compiled.lru_merge(lru, entries)


def _state(lru: BoundedLRU[Any, Any]) -> tuple[list[tuple[object, object]], int, set[Any]]:
    return list(lru._table.items()), lru.chars, set(lru._used)


def _pair(size: int, max_chars: int, combine: bool) -> list[BoundedLRU[str, Any]]:
    return [BoundedLRU(size, len, max_chars, _fuller if combine else None) for _ in range(2)]


@st.composite
def _batches(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Documents' entries: keys from a small pool (so many are held), values records with
    fields missing or known, sometimes the very object held (a document that only read)."""
    field = st.sampled_from([_M, None, 1, "r"])
    return draw(
        st.lists(
            st.dictionaries(KEYS, st.tuples(field, field), max_size=12),
            max_size=8,
        )
    )


@settings(max_examples=300, deadline=None)
@given(
    size=st.integers(0, 8),
    max_chars=st.integers(-1, 40),
    combine=st.booleans(),
    batches=_batches(),
    reuse=st.lists(st.booleans(), max_size=40),
)
def test_merges_leave_the_same_table(
    size: int, max_chars: int, combine: bool, batches: list[dict[str, Any]], reuse: list[bool]
) -> None:
    python, compiled = _pair(size, max_chars, combine)
    flags = iter(reuse)
    for batch in batches:
        # Where the table holds the key, a document that only read it hands back the very
        # value held (``value is held``): the refresh alone, no combine.
        same = {k: next(flags, False) for k in batch}
        entries = [
            {k: lru._table[k] if same[k] and k in lru._table else v for k, v in batch.items()}
            for lru in (python, compiled)
        ]
        merge_python(python, entries[0])
        _compiled(compiled, entries[1])
        assert _state(compiled) == _state(python)
        assert [*python._table.values()] == [*compiled._table.values()]


def test_the_shipped_merge_is_the_compiled_one_for_dicts() -> None:
    if native.ENABLED:
        assert memo._MERGE is native.compiled.lru_merge
    lru: BoundedLRU[str, int] = BoundedLRU(2, len, 100)
    lru.merge({"a": 1, "b": 2, "c": 3})
    lru.merge({"b": 2})  # used again: marked, not moved
    assert _state(lru) == ([("b", 2), ("c", 3)], 2, {"b"})
    lru.merge({"d": 4})  # b's second chance: to the end, unmarked; c goes
    assert _state(lru) == ([("d", 4), ("b", 2)], 2, set())


@pytest.mark.parametrize("where", ["chars_of", "combine", "evict"])
def test_a_call_that_raises_leaves_the_same_state(where: str) -> None:
    def run(merge: Callable[[BoundedLRU[Any, Any], dict[Any, Any]], None]) -> object:
        calls = {"n": 0}

        def chars_of(key: str) -> int:
            calls["n"] += 1
            if (where == "chars_of" and key == "boom") or (where == "evict" and calls["n"] > 5):
                raise RuntimeError(key)
            return len(key)

        def combine(held: Record, new: Record) -> Record:
            if where == "combine":
                raise RuntimeError("combine")
            return _fuller(held, new)

        lru: BoundedLRU[str, Any] = BoundedLRU(3, chars_of, 100, combine)
        merge(lru, {"aa": (1, _M), "bb": (2, _M)})
        try:
            merge(lru, {"aa": (_M, 5), "cc": (3, 3), "boom": (4, 4), "dd": (5, 5)})
        except RuntimeError as exc:
            return _state(lru), str(exc)
        return _state(lru), None

    assert run(_compiled) == run(merge_python)


def test_entries_not_a_dict_are_refused() -> None:
    lru: BoundedLRU[str, int] = BoundedLRU(2, len, 100)
    assert native.compiled is not None
    with pytest.raises(TypeError):
        native.compiled.lru_merge(lru, {"a": 1}.items())  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    size=st.integers(1, 8),
    batches=st.lists(st.lists(KEYS, max_size=10, unique=True), max_size=12),
)
def test_used_marks_are_held_keys_and_the_bounds_hold(size: int, batches: list[list[str]]) -> None:
    """After each merge (either twin): the table within its bounds, every mark a held key,
    and the keys the last document used again all still held where its keys, held and new,
    are no more than the table holds (as an LRU keeps them: a marked key is moved, not
    evicted, and the unmarked ones, new ones last, go first)."""
    for merge in (merge_python, _compiled):
        lru: BoundedLRU[str, int] = BoundedLRU(size, len, 1_000)
        for keys in batches:
            held = [k for k in keys if k in lru._table]
            merge(lru, dict.fromkeys(keys, 0))
            assert len(lru._table) <= size and lru.chars == sum(map(len, lru._table))
            assert lru._used <= lru._table.keys()
            if len(keys) <= size:
                assert all(k in lru._table for k in held)
