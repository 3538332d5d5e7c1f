"""Every number the scorer, the decision and the container guess use, in one frozen object.

``Options.thresholds`` holds one; change it with ``dataclasses.replace`` (a benchmark can
sweep any field, leave-one-site-out needs no monkeypatching). The defaults are the values
measured in ``docs/algorithm.md``, which says why each is what it is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Thresholds:
    """The scorer's points and limits, the decision's cut-offs and weights, and the
    container guess's shares. Field names are the old constants' names in lower case."""

    # --- scorer: length ---------------------------------------------------------------
    long_words: int = 25
    """A block of at least this many words is prose-length (a typical paragraph is 40-80)."""
    long_points: float = 3.0
    medium_words: int = 10
    medium_points: float = 1.0
    short_words: int = 5
    """Under this many words a block is short: menu items, labels, names."""
    short_points: float = -1.0
    # --- scorer: punctuation and language -----------------------------------------------
    terminal_points: float = 1.0
    """Ends like a sentence (``.``, ``!``, ``?``, a closing quote after one)."""
    unterminated_min_words: int = 10
    unterminated_max_words: int = 50
    """...and under 50: longer blocks are prose whatever their ending (a whole article
    scraped as one line often ends in a byline)."""
    unterminated_points: float = -1.0
    """10+ words with no sentence end reads like a title: a teaser in a list, or a heading.
    Alone it makes such a line neutral, so it follows its neighbours."""
    time_prefix_points: float = -2.0
    """Starts with a clock time ("16:27 Sự thật…"): a news ticker entry."""
    stopword_high: float = 0.20
    """Share of stopwords above which a block of ``short_words``+ words reads like running
    text."""
    stopword_high_points: float = 1.0
    stopword_low: float = 0.08
    stopword_low_min_words: int = 15
    """Headings have few function words; only prose-length blocks are judged on a low share."""
    stopword_low_points: float = -1.0
    # --- scorer: chrome shapes ----------------------------------------------------------
    ellipsis_points: float = -1.5
    """Ends in ``…``/``...``: a teaser lead cut short (prose sometimes trails off too)."""
    duplicate_min_words: int = 3
    duplicate_points: float = -3.0
    """The same text appears elsewhere in the document: teaser titles, repeated menus."""
    duplicate_max_share: float = 0.75
    """When this share of a document's blocks or more repeat, no block counts as a
    duplicate (an extractor that printed every portfolio item twice, WCXB 4245)."""
    repeat_min_chars: int = 40
    """A kept block of at least this many characters whose text an earlier kept block holds
    already is dropped (``Origin.REPEAT``): a page printing its article twice."""
    caption_points: float = -4.0
    caption_max_words: int = 60
    """A caption is short. A whole article scraped as one line often ends in its last
    photo's credit; that must not make it a caption (6% of the clean news-please texts were
    lost)."""
    byline_points: float = -2.5
    date_points: float = -3.0
    date_max_words: int = 14
    upper_share: float = 0.6
    upper_min_letters: int = 4
    upper_points: float = -1.0
    digit_share: float = 0.5
    digit_points: float = -1.0
    # --- scorer: DOM (HTML mode) ----------------------------------------------------------
    link_high: float = 0.5
    link_high_points: float = -4.0
    link_mid: float = 0.25
    link_mid_points: float = -1.0
    in_body_points: float = 1.5
    heading_points: float = 1.0
    """An ``h2``-``h4`` inside the body container, or a short paragraph set wholly in bold,
    is an in-body heading."""
    bold_subtitle_max_words: int = 20
    """A bold paragraph shorter than this is a sub-title; longer, it is emphasised prose."""
    # --- decision -----------------------------------------------------------------------
    good_score: float = 2.0
    """A block at or above this reads like prose and is kept inside the body region."""
    bad_score: float = -1.5
    """A block at or below this reads like chrome and is dropped."""
    line_rule_weight: float = -1.0
    """What a block dropped by a line rule adds to the body-region sum. Captions and media
    placeholders sit inside bodies, so they weigh little."""
    footer_rule_weight: float = -5.0
    """What a block dropped by a footer's line rule (``ends_body``: imprint, licence) adds:
    the page has ended there, so prose after it (the publisher's own blurb) is not
    article. A video page's one-sentence lead (+5) outweighs a footer sentence only so."""
    block_rule_weight: float = -2.0
    """What a block dropped by a multi-line rule (a teaser list) adds: lists end bodies."""
    follows_teaser_points: float = -5.0
    """A block right after a teaser match is that teaser's lead, however well it reads."""
    neutral_max_gap: int = 2
    """A neutral block follows its neighbours only when a kept block is this close (not
    counting neutral blocks inside the article container: verses, lists)."""
    headline_lookahead: int = 2
    headline_lookback: int = 6
    """Text mode: the headline is looked for among ``headline_lookahead`` undecided blocks
    from the start of the body region onwards, then this many before it."""
    extracted_lead_blocks: int = 5
    """Text mode: prose (a block at ``good_score`` or above) among this many first blocks
    means the text is an article already cut out of its page (an extractor's output)."""
    extracted_unruled_lead_blocks: int = 12
    """Text mode: prose among this many first blocks, with no block before it that a rule
    drops, also means an extract (a breadcrumb or a summary box stood above the first
    paragraph). Page texts have a menu or date line a rule knows before their prose."""
    extracted_bad_score: float = -5.0
    """Text mode, extracted text: between its first and last paragraph of prose, a block
    scoring above this (but at or below ``bad_score``) is not dropped by its score alone;
    it follows its neighbours (an English Title Case heading reads as a byline, a repeated
    table header as a duplicate). Before the first and after the last paragraph, where
    bylines, dates and credits stand, ``bad_score`` decides as everywhere."""
    wrap_min_chars: int = 50
    """Text mode: a line at least this long that does not end like a sentence, followed by
    a line starting in lower case, is a hard-wrapped paragraph (jusText keeps the source's
    line breaks; wrapped lines run 55-75 characters). Shorter, the two lines join only when
    no line rule decides either alone ("img" after a headline)."""
    # --- container guess (HTML) ---------------------------------------------------------
    min_paragraph_chars: int = 25
    """Shorter paragraphs (labels, buttons) do not vote for a container."""
    text_block_min_chars: int = 300
    """Text written right inside a ``<div>``/``<section>``/``<article>`` (lines split by
    ``<br>``, no ``<p>``) is prose for the container guess from this many characters; below
    it such loose text is labels and buttons. At 25 (a paragraph's minimum) or 100 the
    guess took in footers and widgets on 50 WCXB pages."""
    container_child_share: float = 0.8
    """The container goes down from the best-scoring element to the deepest element that
    still holds at least this share of its prose (the article's own element, without the
    author box, call to action or teaser list beside it in a wrapper)."""
    sibling_share: float = 0.5
    """A sibling of the best container holding at least this share of its paragraph text
    is part of the article too."""
    junk_weight: float = 0.5
    """Container guess: an element scores its prose minus this much of its other text
    (menus, link lists, labels)."""
    container_min_prose_share: float = 0.2
    """Only elements holding at least this share of the page's largest prose total are
    scored (the chain from the article up to the page, and big sections)."""
    chrome_overrule_prose: float = 0.6
    """A chrome-classed element inside the container whose text is at least this share
    prose..."""
    chrome_overrule_links: float = 0.25
    """...and at most this share links is the article's, whatever its class says."""
    byline_overrule_share: float = 0.5
    """A byline/author-classed element is overruled only when it also holds this share of
    the container's prose: the article itself (WordPress writes ``status-publish`` on every
    post's ``<article>``), not an author bio box at the end (dense prose, a few hundred
    characters)."""
    title_min_overlap: float = 0.5
    """Share of an ``<h1>``'s words that must appear in the page title for it to be chosen
    as the headline when the page has several ``<h1>`` (logos are ``<h1>`` on some sites)."""
    # --- fallback (HTML) ----------------------------------------------------------------
    min_body_chars: int = 200
    """Below this many characters of kept body the DOM pass may have failed, and the
    trafilatura fallback is tried."""


DEFAULT_THRESHOLDS = Thresholds()
"""The measured defaults (immutable, shared)."""
