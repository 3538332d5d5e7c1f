"""The speed benchmark's timing protocol (benchmarks/speed.py): cleaner never times a
document its decision memo already holds."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.speed import Crawl, Doc, text_systems, time_interleaved
from benchmarks.speed_probes import STAGES
from cleaner import Cleaner, Options

DOCS = [
    Doc("a", "Tiêu đề một\nĐoạn văn đầu tiên của bài viết, đủ dài để đọc.", None),
    Doc("b", "Tiêu đề hai\nMột đoạn văn khác, cũng là nội dung của bài.", None),
]


def _seen(crawl: Crawl) -> list[tuple[Cleaner, bool]]:
    """For each cleaner call: which Cleaner ran it, and whether that Cleaner's memo
    already held the document's first line."""
    calls: list[tuple[Cleaner, bool]] = []  # held, so no two Cleaners share an id
    run = text_systems(crawl)["cleaner"]

    def spy(doc: Doc) -> object:
        memo = crawl.cleaner._memos[""]
        try:
            memo.facts[doc.content.split("\n")[0]]
            held = True
        except KeyError:
            held = False
        calls.append((crawl.cleaner, held))
        return run(doc)

    time_interleaved({"cleaner": spy}, DOCS, rounds=3, new_round=crawl.new_round)
    return calls


def test_each_round_times_documents_its_memo_has_not_seen() -> None:
    calls = _seen(Crawl(Options()))
    assert len(calls) == 2 * 4  # the warm-up round, then three timed rounds
    assert not any(held for _, held in calls)
    cleaners = [id(who) for who, _ in calls]
    assert len(set(cleaners)) == 4  # one Cleaner per round
    assert all(cleaners[i] == cleaners[i + 1] for i in range(0, 8, 2))


def test_reuse_times_documents_already_in_the_memo() -> None:
    calls = _seen(Crawl(Options(), reuse=True))
    assert len({id(who) for who, _ in calls}) == 1
    assert [held for _, held in calls] == [False, False] + [True] * 6


def test_every_stage_names_functions_that_exist() -> None:
    """The stage breakdown finds its functions by name in cProfile's output: a renamed
    function would make its stage read 0% without an error."""
    package = Path(__file__).resolve().parent.parent / "cleaner"
    source = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    c_source = "\n".join(p.read_text(encoding="utf-8") for p in package.glob("_ctext*.c"))
    for stage, names in STAGES.items():
        for name in names:
            if "." in name:  # a compiled step, Type.method of cleaner._ctext: in its C
                kind, method = name.split(".")
                assert f'.tp_name = "cleaner._ctext.{kind}"' in c_source, name
                assert f'{{"{method}", ' in c_source, name
            else:
                assert f"def {name}(" in source, (stage, name)
