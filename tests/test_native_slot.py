"""The compiled Slot (``cleaner/_ctext_slot.c``, made by ``slot.new_slot`` where ``_ctext``
is in use) against ``slot.Slot``, the dataclass it twins: the same defaults, the same
fields after the same ``set()`` calls and assignments, the same ``block()``, equality,
repr and copy; and the decision gives the same blocks with either. Skipped where
``_ctext`` is not built."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner, decide, native, slot
from cleaner.model import Chrome, Feature, Origin, Segment
from cleaner.slot import Slot, Verdict

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIELDS = [f.name for f in dataclasses.fields(Slot)]

short = st.text(max_size=8)
segments = st.builds(
    Segment,
    text=short,
    tag=short,
    classes=short,
    chrome=st.none() | st.builds(Chrome, short, short),
    in_body=st.sampled_from([None, True, False]),
)
values = {
    "verdict": st.sampled_from(Verdict),
    "origin": st.sampled_from(Origin),
    "rule": st.none() | short,
    "score": st.floats(allow_nan=False) | st.integers(-5, 5),
    "features": st.lists(st.builds(Feature, short, st.floats(allow_nan=False))).map(tuple),
    "protected": st.booleans(),
    "ends_body": st.booleans(),
    "edges_only": st.booleans(),
    "neighbours": st.none() | st.tuples(short, short),
    "settled": st.booleans(),
}
sets = st.tuples(values["verdict"], values["origin"], st.none() | short, st.none() | st.booleans())
assignments = st.one_of(*(st.tuples(st.just(name), v) for name, v in values.items()))
steps = st.lists(st.one_of(sets, assignments), max_size=6)


def _kind() -> object:
    return slot._native_kind()


def _fields(s: object) -> list[object]:
    return [getattr(s, name) for name in FIELDS]


def _apply(s: object, step: tuple[object, ...]) -> None:
    if len(step) == 2:
        setattr(s, str(step[0]), step[1])
        return
    verdict, origin, rule, protected = step
    if protected is None:
        s.set(verdict, origin, rule)  # type: ignore[attr-defined]
    else:
        s.set(verdict, origin, rule, protected=protected)  # type: ignore[attr-defined]


@given(segments, steps)
def test_the_same_fields_block_repr_and_equality(
    segment: Segment, todo: list[tuple[object, ...]]
) -> None:
    plain, compiled = Slot(segment), _kind()(segment)  # type: ignore[operator]
    assert _fields(compiled) == _fields(plain)
    # The very default objects (the 0.0 score is only equal: any float would do).
    assert all(getattr(compiled, n) is getattr(plain, n) for n in FIELDS if n != "score")
    for step in todo:
        _apply(plain, step)
        _apply(compiled, step)
        assert _fields(compiled) == _fields(plain)
    assert repr(compiled).removeprefix("Slot") == repr(plain).removeprefix("Slot")
    made, expected = compiled.block(), plain.block()
    assert made == expected and hash(made) == hash(expected)
    assert [type(getattr(made, f.name)) for f in dataclasses.fields(made)] == [
        type(getattr(expected, f.name)) for f in dataclasses.fields(expected)
    ]
    twin = copy.copy(compiled)
    assert twin is not compiled and twin == compiled and _fields(twin) == _fields(compiled)
    other = _kind()(segment)  # type: ignore[operator]
    assert (other == compiled) == (Slot(segment) == plain)


def test_what_the_dataclass_refuses_it_refuses() -> None:
    s = _kind()(Segment("x"))  # type: ignore[operator]
    with pytest.raises(TypeError):
        hash(s)
    with pytest.raises(TypeError):
        s.set(Verdict.KEEP)
    with pytest.raises(TypeError):
        s.set(Verdict.KEEP, Origin.RULE, "r", "extra")
    with pytest.raises(TypeError):
        s.set(Verdict.KEEP, Origin.RULE, shielded=True)
    with pytest.raises(TypeError):
        _kind()()  # type: ignore[operator]
    with pytest.raises(AttributeError):
        s.colour = "red"
    s.set(Verdict.KEEP, Origin.RULE, rule="r")
    assert (s.rule, s.protected) == ("r", False)
    assert s != Slot(Segment("x")) and (s == 1) is False


def _decided(path: Path, make: object, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    monkeypatch.setattr(decide, "new_slot", make)
    content = path.read_text("utf-8")
    result = Cleaner().clean(content, kind="html" if path.suffix == ".html" else "text")
    return result.to_dict(blocks=True)["blocks"]  # type: ignore[return-value]


PAGES = sorted(
    p for p in FIXTURES.glob("*/*") if p.suffix in (".html", ".txt") and ".expected" not in p.name
)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_decision_is_the_same_with_either(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every golden page and text fixture, decided with dataclass slots and with compiled
    ones: the same blocks."""
    assert _decided(path, Slot, monkeypatch) == _decided(path, _kind(), monkeypatch)
