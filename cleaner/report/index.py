"""The index of a run: one row per document, sortable by every column, each row linking to
the document's review page.

Sorting needs a script. The page allows exactly one: :data:`SCRIPT`, a constant written
here, allowed by its SHA-256 hash in the Content-Security-Policy. It reads the cells'
``data-v`` attributes and moves rows; it never builds markup, so nothing from the input
can become code. Without it (scripts disabled) the table reads the same, in run order.
``index.html#sort=removed`` (or ``#sort=-removed``, descending) opens it sorted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from ..model import Result
from . import markup
from .markup import attr, text
from .summary import ReasonCount, Summary

TOP_REASONS = 3
"""How many reasons the index names per document."""


@dataclass(frozen=True, slots=True)
class Row:
    """One document of a run, as the index shows it (small: it travels between processes)."""

    name: str
    """The input's name (file path, ``file.jsonl:12``) or the record's URL."""
    page: str | None
    """The review page, relative to the index; ``None`` when the document failed."""
    source: str | None = None
    path: str = ""
    kept_chars: int = 0
    removed_chars: int = 0
    reasons: tuple[ReasonCount, ...] = ()
    """Removals by reason, most blocks first (the page's own table)."""
    error: str = ""

    @property
    def share_removed(self) -> float:
        total = self.kept_chars + self.removed_chars
        return self.removed_chars / total if total else 0.0

    @property
    def top_reasons(self) -> tuple[ReasonCount, ...]:
        return self.reasons[:TOP_REASONS]


def row_for(name: str, page: str, result: Result, summary: Summary) -> Row:
    """The index row of a document cleaned into ``result`` (its page at ``page``)."""
    return Row(
        name=name,
        page=page,
        source=result.source,
        path=result.path,
        kept_chars=summary.kept_chars,
        removed_chars=summary.removed_chars,
        reasons=summary.reasons,
    )


COLUMNS = (
    ("document", "name", "text"),
    ("source", "source", "text"),
    ("path", "path", "text"),
    ("kept chars", "kept", "num"),
    ("removed chars", "removed", "num"),
    ("share removed", "share", "num"),
    ("top reasons", "reasons", "text"),
    ("error", "error", "text"),
)
"""(heading, key used by ``#sort=KEY``, how it sorts)."""

SCRIPT = (
    "(function(){"
    "var t=document.getElementById('docs');if(!t)return;"
    "var body=t.tBodies[0],heads=t.tHead.rows[0].cells,state={col:-1,desc:false};"
    "function val(r,c){return r.cells[c].getAttribute('data-v')||'';}"
    "function sort(c,desc){"
    "var num=heads[c].getAttribute('data-type')==='num';"
    "var rows=Array.prototype.slice.call(body.rows);"
    "rows.sort(function(a,b){var x=val(a,c),y=val(b,c),d;"
    "d=num?parseFloat(x)-parseFloat(y):x.localeCompare(y);"
    "if(d===0)d=parseInt(a.getAttribute('data-i'),10)-parseInt(b.getAttribute('data-i'),10);"
    "else if(desc)d=-d;return d;});"
    "for(var i=0;i<rows.length;i++)body.appendChild(rows[i]);"
    "for(var j=0;j<heads.length;j++)heads[j].removeAttribute('aria-sort');"
    "heads[c].setAttribute('aria-sort',desc?'descending':'ascending');"
    "state.col=c;state.desc=desc;}"
    "Array.prototype.forEach.call(heads,function(h,c){"
    "var b=document.createElement('button');b.type='button';b.textContent=h.textContent;"
    "h.textContent='';h.appendChild(b);"
    "b.addEventListener('click',function(){sort(c,state.col===c?!state.desc:false);});});"
    "var m=/^#sort=(-?)([a-z]+)$/.exec(location.hash);"
    "if(m){for(var k=0;k<heads.length;k++){"
    "if(heads[k].getAttribute('data-key')===m[2])sort(k,m[1]==='-');}}"
    "t.setAttribute('data-sortable','true');"
    "})();"
)

STYLE = (
    "body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#fff;color:#111}"
    "header{padding:14px 24px;border-bottom:1px solid #ccc;background:#f6f6f6}"
    "h1{font-size:19px;margin:0 0 6px}"
    "main{padding:8px 24px 48px}"
    "table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;"
    "border-bottom:1px solid #ddd;vertical-align:top;overflow-wrap:break-word}"
    "td:first-child{max-width:40em;overflow-wrap:anywhere}"
    "th{background:#f0f0f0;position:sticky;top:0;white-space:nowrap}"
    "th button{font:inherit;font-weight:700;border:0;background:none;padding:0;cursor:pointer}"
    'th[aria-sort="ascending"] button::after{content:" ▲"}'
    'th[aria-sort="descending"] button::after{content:" ▼"}'
    '.n,th[data-type="num"]{text-align:right}'
    ".err{color:#b00}"
    "tr.failed{background:#fff0f0}"
    "h2{font-size:16px;margin:24px 0 6px}"
)


def render_index(rows: Iterable[Row], *, title: str = "cleaner run") -> str:
    """The index page of a run, as a complete HTML string."""
    rows = list(rows)
    failed = sum(1 for r in rows if r.error)
    kept = sum(r.kept_chars for r in rows)
    removed = sum(r.removed_chars for r in rows)
    share = removed / (kept + removed) if kept + removed else 0.0
    out = [
        f"<header>\n<h1>{text(title)}</h1>\n<p>{len(rows)} documents, {failed} failed; "
        f"{kept} characters kept, {removed} removed ({share:.1%}). "
        "Click a column heading to sort.</p>\n</header>\n<main>\n",
        '<table id="docs">\n<thead><tr>',
    ]
    out.extend(
        f'<th data-key="{key}" data-type="{kind}">{heading}</th>' for heading, key, kind in COLUMNS
    )
    out.append("</tr></thead>\n<tbody>\n")
    out.extend(_row(i, r) for i, r in enumerate(rows))
    out.append("</tbody>\n</table>\n")
    out.append(_run_reasons(rows))
    out.append("</main>\n")
    return markup.page(title, STYLE, "".join(out), script=SCRIPT)


def _run_reasons(rows: list[Row]) -> str:
    """What removed the most across the run: per reason, the documents it touched, its
    blocks and characters, and a link to its first block in the first such document."""
    totals: dict[str, list[int]] = {}
    first: dict[str, str] = {}  # by the key's str: the same heading across documents
    for row in rows:
        for r in row.reasons:
            key = str(r.key)
            entry = totals.setdefault(key, [0, 0, 0])
            entry[0] += 1
            entry[1] += r.blocks
            entry[2] += r.chars
            if row.page is not None:
                first.setdefault(key, f"{_href(row.page)}#b{r.first}")
    if not totals:
        return ""
    out = [
        "<h2>Removed across the run, by reason</h2>\n<table>\n<thead><tr><th>reason</th>"
        '<th class="n">documents</th><th class="n">blocks</th><th class="n">characters</th>'
        "</tr></thead>\n<tbody>\n"
    ]
    for key, (docs, blocks, chars) in sorted(totals.items(), key=lambda kv: (-kv[1][2], kv[0])):
        name = f'<a href="{attr(first[key])}">{text(key)}</a>' if key in first else text(key)
        out.append(
            f'<tr><td>{name}</td><td class="n">{docs}</td>'
            f'<td class="n">{blocks}</td><td class="n">{chars}</td></tr>\n'
        )
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def _row(index: int, row: Row) -> str:
    if row.page is not None:
        name = f'<a href="{attr(_href(row.page))}">{text(row.name)}</a>'
    else:
        name = text(row.name)
    reasons = ", ".join(f"{r.key} ({r.blocks})" for r in row.top_reasons)
    if row.error:  # no figures: a failed document sorts below every cleaned one
        figures = [("-1", "", "n")] * 3
    else:
        figures = [
            (str(row.kept_chars), str(row.kept_chars), "n"),
            (str(row.removed_chars), str(row.removed_chars), "n"),
            (f"{row.share_removed:.6f}", f"{row.share_removed:.1%}", "n"),
        ]
    cells = [
        (row.name, name, ""),
        (row.source or "", text(row.source or ""), ""),
        (row.path, text(row.path), ""),
        *figures,
        (reasons, text(reasons), ""),
        (row.error, text(row.error), "err"),
    ]
    failed = ' class="failed"' if row.error else ""
    return (
        f'<tr data-i="{index}"{failed}>'
        + "".join(f'<td class="{cls}" data-v="{attr(v)}">{shown}</td>' for v, shown, cls in cells)
        + "</tr>\n"
    )


def _href(page: str) -> str:
    """A page's relative URL: a file name that is not UTF-8 (its bytes kept as surrogates)
    is percent-encoded as its bytes (a UnicodeEncodeError stopped the run before)."""
    return quote(page, errors="surrogateescape")
