"""The review page of one document: every block in order, kept ones as they are, removed
ones greyed and struck through with a margin coloured by what removed them.

Contract for tools: each block is one element with ``data-kept="true|false"``,
``data-reason`` (the reason as ``--explain`` prints it), ``data-rule`` (the rule id, empty
where no rule decided), ``data-origin`` (the stage, ``Block.origin``) and ``data-group``
(the margin colour), in document order, with ``id="b<index>"``; its
text is the block's text exactly (``textContent`` of its ``.t`` element).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Block, Result
from . import markup
from .markup import attr, text
from .summary import Summary, summarize
from .verdict import GROUP_LABELS, Group, View, views

FOLD_CHARS = 3_000
"""A block longer than this shows its first FOLD_HEAD characters; the rest is folded in a
``<details>`` element (present in the page, opened with a click), never dropped."""
FOLD_HEAD = 600

GROUP_COLOURS = {
    Group.RULE: "#d62728",
    Group.CHROME: "#ff7f0e",
    Group.SCORER: "#1f77b4",
    Group.CONTEXT: "#9467bd",
    Group.CUT: "#8c564b",
    Group.BEFORE_HEADLINE: "#e377c2",
    Group.FALLBACK: "#17becf",
    Group.HEADLINE: "#2ca02c",
}
"""The margin of a removed block, by what removed it."""
KEPT_MARGIN = "#bfe3c0"
"""A pale green margin marks kept blocks, so that the eye finds the article's run."""
KEPT_BACKGROUND = "#ffffff"
REMOVED_BACKGROUND = "#e6e6e6"

_MARGINS = "".join(
    f'.b[data-kept="false"][data-group="{g.value}"],.sw-{g.value}{{border-left-color:{c}}}'
    for g, c in GROUP_COLOURS.items()
)

STYLE = (
    "body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#fff;color:#111}"
    "header{padding:14px 24px;border-bottom:1px solid #ccc;background:#f6f6f6}"
    "h1{font-size:19px;margin:0 0 8px;overflow-wrap:anywhere}"
    "h2{font-size:15px;margin:12px 0 4px}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px;margin:0}"
    "dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}"
    "table{border-collapse:collapse}td,th{padding:1px 8px;text-align:left;"
    "border-bottom:1px solid #ddd;vertical-align:top}.n{text-align:right}"
    "header td:first-child{white-space:nowrap}"
    ".sw{display:inline-block;width:0;height:12px;border-left:12px solid #fff;"
    "margin-right:4px;vertical-align:-1px}"
    ".legend span{margin-right:12px;white-space:nowrap}"
    "label{font-size:13px}"
    "main{padding:8px 24px 48px}"
    ".b{border-left:10px solid #fff;padding:5px 12px;margin:3px 0}"
    f'.b[data-kept="true"]{{background:{KEPT_BACKGROUND};color:#111;'
    f"border-left-color:{KEPT_MARGIN}}}"
    f'.b[data-kept="false"]{{background:{REMOVED_BACKGROUND};color:#707070}}'
    '.b[data-kept="false"] .t{text-decoration:line-through}'
    f"{_MARGINS}"
    ".m{font:12px/1.4 ui-monospace,monospace;color:#555;overflow-wrap:anywhere}"
    ".m a{color:#555}.m .o{font-weight:700}"
    ".t{white-space:pre-wrap;overflow-wrap:anywhere}"
    ".t summary{cursor:pointer;color:#555;font-size:13px}"
    ".t summary::after{content:attr(data-more)}"
    ".bidi{unicode-bidi:isolate}"
    '.bidi::before{content:"[" attr(data-cp) "]";color:#b00;font-size:11px}'
    '#only-removed:checked~main .b[data-kept="true"]{display:none}'
)


def render_page(
    result: Result, *, name: str, url: str | None = None, notes: Mapping[str, str] | None = None
) -> str:
    """The review page of one cleaned document, as a complete HTML string. ``notes``: what
    each rule is for, by rule id (:func:`~cleaner.report.verdict.rule_notes`), shown
    beside the rules that decided."""
    notes = notes or {}
    seen = views(result)
    summary = summarize(result, seen)
    parts: list[str] = [_header(result, name, url, summary, notes)]
    parts.append(
        '<input type="checkbox" id="only-removed"> '
        '<label for="only-removed">show removed blocks only</label>\n<main>\n'
    )
    parts.extend(
        _block(i, b, v, notes) for i, (b, v) in enumerate(zip(result.blocks, seen, strict=True))
    )
    parts.append("</main>\n")
    return markup.page(f"cleaner review: {name}", STYLE, "".join(parts))


def _header(
    result: Result, name: str, url: str | None, summary: Summary, notes: Mapping[str, str]
) -> str:
    total = summary.kept_chars + summary.removed_chars
    facts = [
        ("document", name),
        ("URL", url or ""),
        ("title", result.title or ""),
        ("source", result.source or "(none: generic rules)"),
        ("path", result.path),
        ("rules", result.rules_version),
        (
            "blocks",
            f"{summary.kept_blocks + summary.removed_blocks}: {summary.kept_blocks} kept, "
            f"{summary.removed_blocks} removed",
        ),
        (
            "characters",
            f"{total}: {summary.kept_chars} kept, {summary.removed_chars} removed "
            f"({summary.share_removed:.1%})",
        ),
    ]
    out = [f"<header>\n<h1>{text(name)}</h1>\n<dl>\n"]
    out.extend(f"<dt>{k}</dt><dd>{text(v)}</dd>\n" for k, v in facts if v)
    out.append("</dl>\n")
    if summary.reasons:
        out.append(
            "<h2>Removed, by reason</h2>\n<table>\n<thead><tr><th>reason</th>"
            '<th class="n">blocks</th><th class="n">characters</th><th>the rule says</th>'
            "</tr></thead>\n<tbody>\n"
        )
        for r in summary.reasons:
            note = notes.get(r.key.rule, "")
            out.append(
                f'<tr><td><a href="#b{r.first}">{text(str(r.key))}</a></td>'
                f'<td class="n">{r.blocks}</td><td class="n">{r.chars}</td>'
                f"<td>{text(note)}</td></tr>\n"
            )
        out.append("</tbody>\n</table>\n")
    out.append('<p class="legend">')
    out.extend(
        f'<span><i class="sw sw-{g.value}"></i>{text(label)}</span>'
        for g, label in GROUP_LABELS.items()
        if g is not Group.HEADLINE
    )
    out.append("</p>\n</header>\n")
    return "".join(out)


def _where(block: Block) -> str:
    """The block's element as a selector would name it: ``p``, ``div.related-news``."""
    if not block.tag:
        return ""
    return block.tag + "".join("." + c for c in block.classes.split())


def _block(index: int, block: Block, seen: View, notes: Mapping[str, str]) -> str:
    kept = "true" if block.kept else "false"
    meta = [f'<a href="#b{index}">#{index}</a>', "kept" if block.kept else "removed"]
    where = _where(block)
    if where:
        meta.append(f'<span class="w">{text(where)}</span>')
    meta.append(f'<span class="o">{seen.origin}</span>')
    if seen.rule and seen.rule != seen.reason:
        meta.append(f"rule {text(seen.rule)}")
    if seen.score is None or seen.reason != block.scored:  # else the points below say it
        meta.append(f'<span class="r">{text(seen.reason)}</span>')
    if seen.rule in notes:
        meta.append(f'<span class="note">{text(notes[seen.rule])}</span>')
    if seen.score is not None:
        fired = ", ".join(f"{text(name)} {points:+g}" for name, points in seen.features)
        meta.append(f"score {seen.score:+.1f}" + (f" = {fired}" if fired else ""))
    return (
        f'<div class="b" id="b{index}" data-kept="{kept}" data-reason="{attr(seen.reason)}" '
        f'data-rule="{attr(seen.rule)}" data-origin="{seen.origin}" '
        f'data-group="{seen.group.value}">\n'
        f'<div class="m">{" · ".join(meta)}</div>\n'
        f'<div class="t" dir="auto">{_fold(block.text)}</div>\n</div>\n'
    )


def _fold(value: str) -> str:
    if len(value) <= FOLD_CHARS:
        return text(value)
    rest = len(value) - FOLD_HEAD
    return (
        f"{text(value[:FOLD_HEAD])}<details><summary "
        f'data-more="… {rest} more characters (folded)"></summary>'
        f"{text(value[FOLD_HEAD:])}</details>"
    )
