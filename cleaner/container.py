"""Guessing the article container of a page no rule file knows.

Every text unit (``p``, ``li``, ``pre``, ``td``, a heading…) is measured once: its own
characters (not those of units nested in it) and its own link characters. A unit with at
least ``min_paragraph_chars`` of text outside links is *prose*. Each element then holds the
prose of its subtree (``prose``) and all its text (``text``); what is not prose is *junk*:
menus, link lists, labels, a sidebar's teasers. The container is the element with the best
``prose - junk_weight * junk``: going up from one paragraph's parent to the element that
holds every section of a long article adds prose faster than junk; going further up to the
page wrapper adds menus, sidebars and footers, which are junk.

Class names are evidence, not verdicts: prose under an element whose class/id is a chrome
token (``comments``, ``related``) or whose tag is never an article (``nav``, ``aside``,
``footer``) does not count for the elements above it, so a comment thread cannot pull the
container up to the page wrapper. Inside the chosen container, a chrome-classed element
that is dense prose (``chrome_overrule_prose`` of its text, few links) is not dropped as
chrome: a page builder's ``elementor-widget`` or HubSpot's ``widget-span`` around the
article's own paragraphs.

Every candidate's figures are kept (``ContainerGuess.candidates``) so ``--explain`` can
say why the container was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from .container_tree import CHROME_TAGS, PAGE_TAGS, Tree, tree
from .html_tags import UNIT_TAGS
from .locate import children
from .model import ContainerCandidate as Candidate
from .taxonomy import ChromeTable
from .thresholds import Thresholds

NOT_CONTAINERS = frozenset({"figure", "figcaption", "nav", "aside", "footer", "blockquote"})
"""Elements that never are the article container, however much prose they hold: dantri's
photo stories write long <p> inside <figcaption>, which elected the caption."""
NEVER_HOLD_CONTAINER = frozenset({"comments"})
"""Chrome categories no article container stands inside. Related, newsletter and promo
classes do wrap whole articles (a newsletter's archived issue, a promoted post)."""
SHARE_OVERRULED_CATEGORIES = frozenset({"byline"})
"""Chrome categories whose class is outweighed only by a large share of the container's
prose: an author box is dense prose too, and WordPress writes ``status-publish`` on the
article element itself."""
MAX_CANDIDATES_SHOWN = 8


@dataclass(frozen=True, slots=True)
class ContainerGuess:
    nodes: tuple[LexborNode, ...]
    """The container and the siblings that joined it, in page order (empty: none found)."""
    candidates: tuple[Candidate, ...]
    """The chosen candidate first, then the best-scoring others."""
    overruled: frozenset[int]
    """``mem_id`` of chrome-classed elements inside the container that are dense prose."""


def describe(mem: int, tree: Tree, levels: int = 3) -> str:
    """``tag.class#id`` of a node and its ancestors, innermost last (for explaining)."""
    parts: list[str] = []
    current: int | None = mem
    while current is not None and len(parts) < levels:
        parent, tag, cls, ident = tree.element(current)
        if tag in PAGE_TAGS:
            break
        name = tag or ""
        if cls:
            name += "." + ".".join(cls.split()[:2])
        if ident:
            name += "#" + ident
        parts.append(name)
        current = parent
    return ">".join(reversed(parts))


def guess(root: LexborNode, chrome: ChromeTable, t: Thresholds) -> ContainerGuess:
    """The element with the best prose-against-junk score, with the siblings that hold
    at least ``t.sibling_share`` of its prose and little junk."""
    figures = tree(root, chrome, t)
    if not figures.prose:
        return ContainerGuess((), (), frozenset())
    top = max(figures.prose.values())
    floor = top * t.container_min_prose_share
    scored: list[tuple[float, int, int, int]] = []
    tags = figures.tag
    barred: dict[int, bool] = {}
    for mem, prose in figures.prose.items():
        tag = tags[mem]
        if prose < floor or tag in NOT_CONTAINERS or tag == "html":
            continue
        if tag in UNIT_TAGS or mem in figures.paragraphs:
            continue  # one paragraph is not a container
        if figures.under_chrome_tag(mem) or _under_barrier(mem, figures, barred):
            continue
        text = figures.text[mem]
        score = prose - t.junk_weight * max(text - prose, 0)
        scored.append((score, text, mem, prose))
    if not scored:
        return ContainerGuess((), (), frozenset())
    scored.sort(key=lambda s: -s[0])
    best = _narrowed(scored[0][2], figures, t)
    best_prose, best_text = figures.prose[best], figures.text[best]
    best_score = best_prose - t.junk_weight * max(best_text - best_prose, 0)
    nodes = _with_siblings(best, best_prose, figures, t)
    others = [s for s in scored if s[2] != best][: MAX_CANDIDATES_SHOWN - 1]
    candidates = (
        Candidate(
            describe(best, figures), best_prose, best_text, round(best_score, 1), chosen=True
        ),
        *(Candidate(describe(m, figures), p, text, round(s, 1)) for s, text, m, p in others),
    )
    overruled = _overruled([n.mem_id for n in nodes], figures, t)
    return ContainerGuess(tuple(nodes), candidates, overruled)


def _narrowed(best: int, tree: Tree, t: Thresholds) -> int:
    """Go down from the best-scoring element while one child element still holds at least
    ``t.container_child_share`` of the best's prose: the article's own element inside a
    wrapper that adds an author box, a call to action or a teaser list below it (prose
    too, so the wrapper scores higher)."""
    floor = t.container_child_share * tree.prose[best]
    while True:
        inner = [
            mem
            for mem, parent in tree.parent.items()
            if parent == best
            and tree.tag[mem] not in NOT_CONTAINERS
            and tree.tag[mem] not in UNIT_TAGS
            and mem not in tree.paragraphs
            and not tree.is_barrier(mem)
        ]
        top = max(inner, key=lambda mem: tree.prose[mem], default=None)
        if top is None or tree.prose[top] < floor:
            return best
        best = top


def _with_siblings(best: int, best_prose: int, tree: Tree, t: Thresholds) -> list[LexborNode]:
    """The container and its siblings that hold prose too (an article split around an ad
    slot, dantri's #divfirst/#divend), unless they are chrome."""
    parent = tree.up(best)
    if parent is None or tree.tag_of(parent) in PAGE_TAGS:
        return [tree.node(best)]
    floor = best_prose * t.sibling_share
    joined = {
        child
        for child in tree.child_ids(parent)
        if child == best
        or (
            tree.prose.get(child, 0) >= floor
            and tree.tag_of(child) not in NOT_CONTAINERS
            and not tree.is_barrier(child)
            and not tree.category(child)
        )
    }
    if len(joined) == 1:
        return [tree.node(best)]
    return [child for child in children(tree.node(parent)) if child.mem_id in joined]


def _overruled(nodes: list[int], tree: Tree, t: Thresholds) -> frozenset[int]:
    """Chrome-classed elements inside the container whose text is mostly prose with few
    links: the class is outweighed by what the element holds. A byline-classed element
    must also hold ``t.byline_overrule_share`` of the container's prose (an author box
    is dense prose but small)."""
    inside = set(nodes)
    out: set[int] = set()
    total = sum(tree.prose.get(n, 0) for n in nodes)
    least, tags, categories = t.min_paragraph_chars * 2, tree.tag, tree.categories
    for mem, prose in tree.prose.items():
        if prose < least or tags[mem] in CHROME_TAGS:
            continue
        category = categories.get(mem)  # (most were asked by the walk)
        if category is None:
            category = tree.category(mem)
        if not category or tree.is_barrier(mem):
            continue
        if category in SHARE_OVERRULED_CATEGORIES and prose < t.byline_overrule_share * total:
            continue
        if not _below(mem, inside, tree):
            continue
        text = tree.text[mem]
        links = tree.links[mem]
        if prose >= t.chrome_overrule_prose * text and links <= t.chrome_overrule_links * text:
            out.add(mem)
    return frozenset(out)


def _under_barrier(mem: int, tree: Tree, known: dict[int, bool]) -> bool:
    """Inside a comment thread (by its class): never the article's container (one long
    comment outscored its post, whose thread's text counted as junk). ``known``: the
    answers for the elements above candidates asked before (candidates nest)."""
    passed: list[int] = []
    current = tree.up(mem)
    found = False
    while current is not None and tree.tag_of(current) not in PAGE_TAGS:
        if current in known:
            found = known[current]
            break
        passed.append(current)
        if tree.category(current) in NEVER_HOLD_CONTAINER:
            found = True
            break
        current = tree.up(current)
    for node in passed:  # (each is under a comment thread, or itself one, if found)
        known[node] = found
    return found


def _below(mem: int, ancestors: set[int], tree: Tree) -> bool:
    current: int | None = mem
    while current is not None:
        if current in ancestors:
            return True
        current = tree.parent.get(current)
    return False
