"""Repeats (``Origin.REPEAT``, ``Thresholds.repeat_min_chars``): a page that prints its
article twice (one copy per layout) keeps the first copy; short repeated lines stay."""

from __future__ import annotations

from cleaner import Cleaner, Origin

GENERIC = Cleaner(fallback=False)


def para(topic: str) -> str:
    return (
        f"The {topic} section explains in some detail how the committee reached its "
        f"decision, which members argued for a delay, and why the vote was held in public."
    )


def page(body: str) -> str:
    return (
        "<!doctype html><html><head><title>How the vote was held</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<main><h1>How the vote was held</h1>{body}</main>"
        "<footer><p>Copyright 2025 Example Media. All rights reserved worldwide.</p></footer>"
        "</body></html>"
    )


def test_an_article_printed_twice_keeps_its_first_copy() -> None:
    copy = "".join(f"<h2>Part {t}</h2><p>{para(t)}</p>" for t in ("budget", "vote", "delay"))
    html = page(f'<div class="desktop">{copy}</div><div class="mobile">{copy}</div>')
    result = GENERIC.clean(html, kind="html")
    assert result.body.split("\n").count(para("budget")) == 1
    repeats = [b for b in result.blocks if b.origin is Origin.REPEAT]
    assert [b.text for b in repeats] == [para(t) for t in ("budget", "vote", "delay")]
    assert all(not b.kept for b in repeats)
    assert "repeat" in repeats[0].reason
    # Idempotent: cleaning the output again removes nothing more.
    again = GENERIC.clean(result.text, kind="text")
    assert again.body == result.body


def test_short_repeated_lines_and_distinct_paragraphs_stay() -> None:
    body = "".join(
        f"<h3>Pros</h3><p>{para(t)}</p><h3>Cons</h3><p>{para(t + ' costs')}</p>"
        for t in ("first plan", "second plan")
    )
    kept = GENERIC.clean(page(body), kind="html").body.split("\n")
    assert kept.count("Pros") == 2 and kept.count("Cons") == 2
    assert not any(b.origin is Origin.REPEAT for b in GENERIC.clean(page(body)).blocks)
