"""The generic container guess (cleaner/container.py) on hand-built pages: an article split
into sibling sections, comment threads and sidebars beside it, link lists between a
listicle's sections, and page-builder class names."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaner import Cleaner
from cleaner.container import guess
from cleaner.taxonomy import ChromeTable
from cleaner.thresholds import Thresholds

GENERIC = Cleaner(fallback=False)


def para(topic: str, n: int = 1) -> str:
    """A paragraph of plain English prose, about 200 characters."""
    return (
        f"The {topic} section {n} explains in some detail how the committee reached its "
        f"decision, which members argued for a delay, and why the vote was held in public "
        f"after a long debate that lasted into the night."
    )


def page(body: str) -> str:
    return (
        "<!doctype html><html><head><title>How the vote was held</title></head><body>"
        '<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About'
        "</a></nav></header>"
        f"{body}"
        "<footer><p>Copyright 2025 Example Media. All rights reserved worldwide.</p></footer>"
        "</body></html>"
    )


def body_of(html: str) -> list[str]:
    return GENERIC.clean(html, kind="html").body.split("\n")


def test_article_split_into_sibling_sections_is_kept_whole() -> None:
    sections = "".join(
        f'<section class="part"><h2>Part {i}</h2><p>{para("budget", i)}</p>'
        f"<p>{para('budget', i + 10)}</p></section>"
        for i in range(1, 5)
    )
    html = page(
        f'<h1>How the vote was held</h1><div class="guide">{sections}</div>'
        '<div class="rail"><a href="/1">Ten other stories you should read today</a>'
        '<a href="/2">Another story you might like to read now</a></div>'
    )
    body = body_of(html)
    for i in range(1, 5):
        assert f"Part {i}" in body
        assert para("budget", i) in body
        assert para("budget", i + 10) in body
    assert not any("other stories" in line for line in body)


def test_comment_thread_does_not_pull_the_container_up() -> None:
    comments = "".join(f'<div class="comment"><p>{para("reader", i)}</p></div>' for i in range(6))
    html = page(
        f'<div class="main"><article><h1>How the vote was held</h1><p>{para("vote", 1)}</p>'
        f"<p>{para('vote', 2)}</p><p>{para('vote', 3)}</p></article>"
        f'<div class="comments-area">{comments}</div></div>'
    )
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    chosen = guess(tree.body, GENERIC.book.chrome, Thresholds())
    assert [n.tag for n in chosen.nodes] == ["article"]
    assert chosen.candidates[0].chosen and chosen.candidates[0].path.endswith("article")
    body = body_of(html)
    assert body == [para("vote", i) for i in (1, 2, 3)]


def test_link_lists_between_listicle_sections_do_not_cut_it() -> None:
    links = (
        "<h4>More on this:</h4><ul>"
        + "".join(f'<li><a href="/{i}">Related guide number {i}</a></li>' for i in range(5))
        + "</ul>"
    )
    items = "".join(f"<h2>{i}. Item {i}</h2><p>{para('item', i)}</p>{links}" for i in range(1, 6))
    html = page(f'<main><h1>How the vote was held</h1><div class="list">{items}</div></main>')
    body = body_of(html)
    for i in range(1, 6):
        assert para("item", i) in body


def test_candidates_are_scored_prose_against_junk() -> None:
    html = page(
        f'<div id="wrap"><div class="story"><p>{para("a")}</p><p>{para("b")}</p></div>'
        '<div class="links">'
        + "".join(f'<a href="/{i}">A long link to another page {i}</a>' for i in range(20))
        + "</div></div>"
    )
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    chosen = guess(tree.body, GENERIC.book.chrome, Thresholds())
    best = chosen.candidates[0]
    assert best.chosen and best.path.endswith("div.story")
    assert best.prose == len(para("a")) + len(para("b"))  # every character, no link
    wider = next(c for c in chosen.candidates if c.path.endswith("div#wrap"))
    assert wider.prose == best.prose and wider.text > best.text and wider.score < best.score


def _category(chrome: ChromeTable, named: str) -> str:
    found = chrome.category(named)
    return found.category if found is not None else ""


def test_page_builder_prefixes_are_not_chrome_but_their_widget_types_are() -> None:
    chrome = GENERIC.book.chrome
    # the builder's own wrapper names say nothing
    for named in (
        "elementor-widget",
        "elementor-widget-wrap elementor-element-populated",
        "wp-block-group",
        "et_pb_text et_pb_module",
        "vc_column wpb_wrapper",
    ):
        assert chrome.category(named) is None, named
    # what follows the prefix still counts
    assert _category(chrome, "elementor-widget-share-buttons") == "share"
    assert _category(chrome, "wp-block-social-links") == "share"
    assert _category(chrome, "et_pb_widget_area") == "sidebar"
    # a plain theme's sidebar widget is still a sidebar
    assert _category(chrome, "widget widget_recent_entries") == "sidebar"


def test_elementor_article_is_kept_and_its_share_widget_dropped() -> None:
    widgets = "".join(
        '<div class="elementor-element elementor-widget elementor-widget-text-editor">'
        f'<div class="elementor-widget-container"><p>{para("builder", i)}</p></div></div>'
        for i in range(1, 6)
    )
    share = (
        '<div class="elementor-element elementor-widget elementor-widget-share-buttons">'
        '<div class="elementor-widget-container"><a href="/fb">Share on Facebook</a>'
        "</div></div>"
    )
    html = page(
        '<div class="elementor elementor-12"><div class="elementor-widget-wrap">'
        f"<h1>How the vote was held</h1>{widgets}{share}</div></div>"
    )
    result = GENERIC.clean(html, kind="html")
    assert result.body.split("\n") == [para("builder", i) for i in range(1, 6)]
    share_block = next(b for b in result.blocks if "Facebook" in b.text)
    assert share_block.chrome is not None and share_block.chrome.category == "share"


def test_explain_and_json_show_why_the_container_was_chosen() -> None:
    html = page(
        f'<div id="wrap"><article class="story"><h1>How the vote was held</h1>'
        f"<p>{para('a')}</p><p>{para('b')}</p></article>"
        '<div class="links">'
        + "".join(f'<a href="/{i}">A long link to another page {i}</a>' for i in range(20))
        + "</div></div>"
    )
    result = GENERIC.clean(html, kind="html")
    lines = result.explain(container=True).split("\n")
    assert lines[0].startswith("# container* div#wrap>article.story: score ")
    assert any(line.startswith("# container  div#wrap: score ") for line in lines)
    assert result.explain() == "\n".join(ln for ln in lines if not ln.startswith("# "))
    data = result.to_dict(blocks=True)
    chosen = data["container"][0]  # type: ignore[index]
    assert chosen["chosen"] and chosen["path"] == "div#wrap>article.story"
    assert chosen["prose"] == len(para("a")) + len(para("b"))


def test_author_box_after_the_article_is_dropped_but_a_byline_classed_article_kept() -> None:
    # WordPress writes "status-publish" (a byline token) on the <article> itself: that
    # element holds the article's prose and is kept. The author box at the end is dense
    # prose too, but a small share of the container: its class decides.
    paragraphs = "".join(f"<p>{para('budget', i)}</p>" for i in range(1, 7))
    bio = (
        "Jane Doe is a senior reporter who has covered city hall and the county budget "
        "for twelve years, and before that wrote about schools for a regional weekly."
    )
    html = page(
        '<main><article class="post type-post status-publish hentry">'
        f"<h1>How the vote was held</h1>{paragraphs}"
        f'<div class="author-box"><p>{bio}</p></div></article></main>'
    )
    body = body_of(html)
    for i in range(1, 7):
        assert para("budget", i) in body
    assert bio not in body
    loose = Thresholds(byline_overrule_share=0.0)  # the old rule: any dense prose overrules
    assert bio in Cleaner(fallback=False, thresholds=loose).clean(html, kind="html").body


def test_article_written_as_text_and_br_in_a_div_is_the_container() -> None:
    # No <p>: the article is text and <br> right inside a <div>. Its summary paragraph
    # alone must not be taken for the article, nor the page with its sidebar of teasers.
    loose = "<br><br>".join(para("budget", i) for i in range(1, 7))
    teasers = "".join(f'<p><a href="/{i}">{para("sports", i)}</a></p>' for i in range(20, 23))
    html = page(
        f'<h1>How the vote was held</h1><div class="wrap"><div class="lead">'
        f'<p>{para("summary")}</p></div><div class="story">{loose}</div></div>'
        f'<div class="rail">{teasers}</div>'
    )
    body = body_of(html)
    assert para("summary") in body
    for i in range(1, 7):
        assert para("budget", i) in body
    assert not any("sports" in line for line in body)


def test_a_footer_never_holds_the_container() -> None:
    # A footer's testimonials outweigh a short article: the container is still the article.
    article = "".join(f"<p>{para('budget', i)}</p>" for i in range(1, 3))
    quotes = "".join(f"<p>{para('client', i)}</p>" for i in range(1, 8))
    html = (
        "<!doctype html><html><head><title>How the vote was held</title></head><body>"
        f"<main><h1>How the vote was held</h1><div class='post'>{article}</div></main>"
        f"<footer><div class='testimonials'>{quotes}</div></footer></body></html>"
    )
    body = body_of(html)
    assert para("budget", 1) in body and para("budget", 2) in body
    assert not any("client" in line for line in body)


def test_one_long_div_paragraph_is_not_the_container() -> None:
    # Old mobile layouts write every paragraph as a bare <div>; only the first is long
    # enough to count as prose. That one <div> is a paragraph, not the article.
    long_div = f"{para('budget', 1)} {para('budget', 2)}"
    html = page(
        '<div class="post"><h1>How the vote was held</h1>'
        '<h2 class="sapo">The council voted late on Tuesday after a long public debate.</h2>'
        f'<div class="content"><div>{long_div}</div><div>{para("budget", 3)}</div>'
        f"<div>{para('budget', 4)}</div></div></div>"
    )
    body = body_of(html)
    assert long_div in body
    assert para("budget", 3) in body and para("budget", 4) in body


def test_call_to_action_and_disclaimer_boxes_in_the_article_are_dropped() -> None:
    # A CTA box and a legal disclaimer sit inside the article element and read as prose.
    paragraphs = "".join(f"<p>{para('budget', i)}</p>" for i in range(1, 5))
    cta = (
        "Ready to take control of your budget? Book a free consultation with our team "
        "today and see how much your household could save this year."
    )
    notice = (
        "This material is for general information only and is not intended to replace the "
        "advice of a qualified adviser; consult one before acting on anything here."
    )
    html = page(
        f"<article><h1>How the vote was held</h1>{paragraphs}"
        f'<div class="cta-box"><p>{cta}</p></div>'
        f'<div class="post-disclaimer"><p>{notice}</p></div></article>'
    )
    body = body_of(html)
    for i in range(1, 5):
        assert para("budget", i) in body
    assert cta not in body
    assert notice not in body


def test_testimonials_in_the_article_are_dropped() -> None:
    # A business's blog post ends with its customers' reviews, inside the article element.
    paragraphs = "".join(f"<p>{para('budget', i)}</p>" for i in range(1, 5))
    reviews = [
        "The staff were always kind and patient with us, and they never rushed a visit.",
        "Everyone at the office has been great, and it has been easy to set up appointments.",
    ]
    testimonials = "".join(
        f'<div class="strong-testimonial"><p>{r}</p><div class="testimonial-name">Dana R.</div>'
        "</div>"
        for r in reviews
    )
    html = page(
        f"<article><h1>How the vote was held</h1>{paragraphs}"
        f'<section class="testimonials-slider">{testimonials}</section></article>'
    )
    body = body_of(html)
    for i in range(1, 5):
        assert para("budget", i) in body
    assert not any(r in body for r in reviews)


def test_a_long_comment_is_never_the_container() -> None:
    # A short post under a long thread: the thread's text is junk for the post's wrapper,
    # so one long comment used to outscore the post and be taken as the article.
    post = "".join(f"<p>{para('vote', i)}</p>" for i in range(1, 3))
    long_comment = " ".join(para("comment", i) for i in range(1, 7))
    short = "".join(
        f'<li class="comment"><article class="comment"><p>{para("reply", i)}</p></article></li>'
        for i in range(1, 8)
    )
    thread = (
        f'<li class="comment"><article class="comment"><div class="comment-content">'
        f"<p>{long_comment}</p></div></article></li>{short}"
    )
    html = page(
        f'<div class="postarea"><h1>How the vote was held</h1>{post}'
        f'<div id="comments"><ol class="commentlist">{thread}</ol></div></div>'
    )
    body = body_of(html)
    assert body == [para("vote", 1), para("vote", 2)]


def test_container_goes_down_to_the_article_inside_a_wrapper_with_a_bio() -> None:
    # The wrapper holds the article's element and, below it, an unclassed "about us"
    # paragraph: prose too, so the wrapper scores higher than the article's element.
    paragraphs = "".join(f"<p>{para('budget', i)}</p>" for i in range(1, 7))
    about = (
        "Example Media is an independent newsroom founded in 1998 that covers local "
        "government, schools and the county budget for readers across the whole region."
    )
    html = page(
        f'<div class="wrap"><h1>How the vote was held</h1><div class="entry">{paragraphs}'
        f'</div><div class="about"><p>{about}</p></div></div>'
    )
    body = body_of(html)
    for i in range(1, 7):
        assert para("budget", i) in body
    assert about not in body
    candidates = GENERIC.clean(html, kind="html").container
    assert candidates[0].chosen and candidates[0].path.endswith("div.entry")
