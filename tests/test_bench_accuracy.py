"""The accuracy benchmark's timing (benchmarks/accuracy.py): no timed pass of a cleaner
system re-cleans a page its Cleaner has already cleaned."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.accuracy import CleanerRunner, Item, Output, run_system
from benchmarks.naive import GoldenPage
from cleaner import Cleaner

HTML = (
    "<html><body><h1>Tiêu đề {n}</h1><p>Đoạn văn thứ {n} của bài viết, đủ dài để đọc "
    "như một đoạn văn thật trong bài báo.</p></body></html>"
)


def _item(n: int) -> Item:
    page = GoldenPage("example.vn", f"case{n}", Path(f"case{n}.html"), None, f"Tiêu đề {n}")
    return Item(page, HTML.format(n=n), "")


def test_each_pass_cleans_every_page_with_a_cleaner_that_has_not_seen_it() -> None:
    calls: list[tuple[Cleaner, str]] = []  # holds the Cleaners, so no two share an id

    def spy(cleaner: Cleaner, item: Item) -> Output:
        calls.append((cleaner, item.page.case))
        return Output(cleaner.clean(item.html, kind="html").text)

    items = [_item(1), _item(2), _item(3)]
    run = run_system("cleaner html", CleanerRunner(spy), items, repeat=3)

    timed = calls[-9:]  # before them: the untimed warm-up call on the first page
    assert [case for _, case in timed] == ["case1", "case2", "case3"] * 3
    passes = [timed[i : i + 3] for i in (0, 3, 6)]
    for one in passes:
        assert len({id(c) for c, _ in one}) == 1  # one Cleaner through a pass
    assert len({id(one[0][0]) for one in passes}) == 3  # a new one each pass
    seen = {(id(c), case) for c, case in calls[:-9]}
    assert not seen & {(id(c), case) for c, case in timed}
    assert run.outputs[items[0].page.name].text.startswith("Tiêu đề 1")
