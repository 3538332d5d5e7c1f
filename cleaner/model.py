"""Data shapes shared by every stage: input segments, output blocks and the result."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, Protocol, TypeVar, cast


class Path(enum.Enum):
    """Which front end produced a result."""

    TEXT = "text"
    HTML = "html"
    FALLBACK = "fallback"


class Chrome(NamedTuple):
    """Why an element is chrome: a category of the taxonomy (``related``, ``menu``,
    ``site`` for a source's strip selector…) and what matched (the class/id token, the tag,
    the selector)."""

    category: str
    token: str

    def __str__(self) -> str:
        return f"{self.category}:{self.token}"


@dataclass(frozen=True, slots=True)
class Segment:
    """One input block, as a front end hands it to the decision stage.

    The text front end fills only ``text``; the HTML front end adds what the DOM knows.
    """

    text: str
    tag: str = ""
    """Lower-case name of the block element (``p``, ``h2``, ``li``…); empty in text mode."""
    depth: int = 0
    """How many block elements enclose this line (HTML)."""
    classes: str = ""
    """The block element's class and id attributes (HTML), for explaining and for rules."""
    link_density: float = 0.0
    """Share of the block's characters that sit inside ``<a>``."""
    bold: bool = False
    """Nearly all of the line is ``<b>``/``<strong>``: a sub-title set in bold."""
    chrome: Chrome | None = None
    """The nearest enclosing element that is chrome by its class/id, tag or a source's
    strip selector (``Chrome("related", "tinlienquan")``)."""
    in_body: bool | None = None
    """Inside the article container (``None`` when no container is known, e.g. text)."""
    is_title: bool = False
    """The page's headline element (HTML mode)."""
    pinned: bool = False
    """Chosen by the source's ``[html] keep`` selectors: only the source's own line rules
    may drop it; global rules and the scorer do not."""
    after_body: bool = False
    """One of the few lines right after the article container (its closing attribution
    may sit there)."""


class Origin(enum.Enum):
    """Which stage decided a block (``Block.origin``): what a report colours blocks by."""

    RULE = "rule"
    """A line rule (DROP or KEEP) of a rule file; ``Block.rule`` names it."""
    BLOCK_RULE = "block-rule"
    """A multi-line rule (a teaser list); ``Block.rule`` names it."""
    CUT = "cut"
    """The end-of-article marker itself; ``Block.rule`` names the cut rule."""
    AFTER_CUT = "after-cut"
    """Below the end-of-article marker ``Block.rule``."""
    SPARED_AFTER_CUT = "spared-after-cut"
    """The closing attribution right after the marker, kept."""
    CHROME = "chrome"
    """HTML: inside an element whose class/id is a chrome token (``Block.chrome``)."""
    OUTSIDE_BODY = "outside-body"
    """HTML: outside the article container."""
    SITE_KEEP = "site-keep"
    """HTML: chosen by the source's ``[html] keep`` selectors."""
    HEADLINE = "headline"
    """The headline."""
    BEFORE_HEADLINE = "before-headline"
    """Text: an undecided block before the headline."""
    SCORER = "scorer"
    """The scorer's points alone (at or above the good score, at or below the bad one)."""
    OUTSIDE_REGION = "outside-region"
    """Context: an undecided block outside the best-scoring body region."""
    NEIGHBOURS = "neighbours"
    """Context: a neutral block that followed its decided neighbours (``Block.neighbours``)."""
    REPEAT = "repeat"
    """Context: a paragraph-sized block whose text an earlier kept block already holds (a
    page that prints its article twice, for two layouts)."""

    @property
    def structural(self) -> bool:
        """Decided by where the block sits in the page, before any rule or score."""
        return self in STRUCTURAL  # a tuple: compared by identity (an Enum hashes in Python)


STRUCTURAL = (Origin.CHROME, Origin.OUTSIDE_BODY)
"""``Origin.structural``'s members, for loops that test it per block without the property's
call. Read once: each ``Origin.X`` read costs about 100 ns on Python 3.11
(``EnumType.__getattr__``)."""


@dataclass(frozen=True, slots=True)
class Feature:
    """One scorer feature that fired on a block, and the points it gave."""

    name: str
    points: float


@dataclass(frozen=True, slots=True)
class Block:
    """One input block with the structured verdict on it. ``reason`` is built from it."""

    text: str
    kept: bool
    origin: Origin
    rule: str | None = None
    """The rule that decided (``global.caption-credit``), for rule and cut origins."""
    features: tuple[Feature, ...] = ()
    """The scorer features that fired, in order, with their points (empty where a rule or
    the page structure decided before the scorer ran)."""
    score: float = 0.0
    """The scorer's value for this block: the sum of ``features``' points."""
    chrome: Chrome | None = None
    """Origin CHROME: the category and the token that matched (``related``,
    ``tinlienquan``)."""
    neighbours: tuple[str, str] | None = None
    """Origin NEIGHBOURS: the verdicts before and after (``keep``, ``drop``, ``edge``)."""
    settled: bool = False
    """Dropped when the pipeline ran again on its own output (see ``decide``)."""
    tag: str = ""
    """HTML: the block element (``p``, ``h2``…), to help write selectors."""
    classes: str = ""
    """HTML: the block element's class and id."""

    @property
    def reason(self) -> str:
        """The verdict for a human, built from the fields above: a rule id
        (``global.caption-credit``), a structural reason (``chrome:related:tinlienquan``,
        ``outside-body``, ``site:keep``), the scorer's summary (``score -3.5: short,
        byline-shape``), ``headline``… with ``settle:`` in front when settling dropped it."""
        text = self._verdict()
        return f"settle: {text}" if self.settled else text

    @property
    def scored(self) -> str:
        """The scorer's summary: ``score -3.5: short, byline-shape``."""
        names = ", ".join(f.name for f in self.features) or "no features"
        return f"score {self.score:+.1f}: {names}"

    def _verdict(self) -> str:
        match self.origin:
            case Origin.RULE | Origin.BLOCK_RULE | Origin.CUT:
                return self.rule or ""
            case Origin.AFTER_CUT:
                return f"after:{self.rule}"
            case Origin.SPARED_AFTER_CUT:
                return "attribution-after-cut"
            case Origin.CHROME:
                return f"chrome:{self.chrome}"
            case Origin.OUTSIDE_BODY:
                return "outside-body"
            case Origin.SITE_KEEP:
                return "site:keep"
            case Origin.HEADLINE:
                return "headline"
            case Origin.BEFORE_HEADLINE:
                return f"before headline ({self.scored})"
            case Origin.OUTSIDE_REGION:
                return f"outside body region ({self.scored})"
            case Origin.NEIGHBOURS:
                before, after = self.neighbours or ("edge", "edge")
                return f"{self.scored}; neighbours {before}/{after}"
            case Origin.REPEAT:
                return "repeat of an earlier kept block"
        return self.scored


class MetadataSource(Protocol):
    @property
    def date(self) -> str | None: ...

    @property
    def author(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class ContainerCandidate:
    """HTML: one element the container guess scored, with the figures that scored it."""

    path: str
    """``tag.class#id`` of the element and up to two ancestors (``div.content>article``)."""
    prose: int
    """Characters of prose in its subtree (units of ``min_paragraph_chars`` outside links)."""
    text: int
    """All its characters."""
    score: float
    """``prose - junk_weight * (text - prose)``: the best score is the container."""
    chosen: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    """What :func:`cleaner.clean` returns: the article, and every input block's verdict.

    - ``text``: the headline line (if any), then the body lines, joined by ``"\\n"``;
    - ``title``: the headline, or ``None``; ``body``: the body only, a paragraph a line;
    - ``blocks``: every input block in order (:class:`Block`: ``text``, ``kept``,
      ``origin``, ``rule``, ``features``, ``score``, ``reason``); ``dropped``: the removed
      ones;
    - ``source``: the source whose rules were applied (``"vnexpress.net"``) or ``None``;
    - ``path``: ``"text"``, ``"html"`` or ``"fallback"`` (trafilatura's extraction, cleaned
      as text);
    - ``rules_version``: the rule files applied, with versions (``global@5
      vnexpress.net@1``);
    - ``date``, ``author``: HTML, from the page's declared metadata (``meta``), when read;
    - ``container``: HTML, the container guess's candidates (``explain(container=True)``).

    ``explain()`` prints every block with its reason; ``to_dict()`` is plain JSON-safe data.
    """

    blocks: tuple[Block, ...]
    title: str | None = None
    source: str | None = None
    path: str = Path.TEXT.value
    rules_version: str = ""
    """Versions of the rule files that were applied, e.g. ``global@5 vnexpress.net@1``."""
    meta: MetadataSource | None = None
    """HTML: where ``date`` and ``author`` come from (computed on first access from the
    page's small declared-metadata fragment; the page itself is never kept)."""
    container: tuple[ContainerCandidate, ...] = ()
    """HTML without a source container selector: the container guess's best candidates,
    the chosen one first, with their figures (why the container was chosen)."""

    @property
    def date(self) -> str | None:
        """Published date (HTML pages that declare one), ``YYYY-MM-DD``."""
        return self.meta.date if self.meta is not None else None

    @property
    def author(self) -> str | None:
        """Author(s) as the page declares them (HTML), not body text."""
        return self.meta.author if self.meta is not None else None

    @property
    def body(self) -> str:
        """The body only, one block per line (the headline excluded)."""
        lines = [b.text for b in self.blocks if b.kept and b.origin is not Origin.HEADLINE]
        if lines and self.title is not None and lines[0] == self.title:
            lines = lines[1:]  # the metadata headline printed again as the first block
        return "\n".join(lines)

    @property
    def text(self) -> str:
        """The headline line (if any), then the body lines: the kept blocks in input order,
        with the title first when it came from page metadata rather than a block (and is
        not already the first kept line)."""
        kept = [b.text for b in self.blocks if b.kept]
        if self.title is None or any(b.kept and b.origin is Origin.HEADLINE for b in self.blocks):
            return "\n".join(kept)
        if kept and kept[0] == self.title:
            return "\n".join(kept)
        return "\n".join([self.title, *kept])

    @property
    def dropped(self) -> tuple[Block, ...]:
        """The removed blocks, in order."""
        return tuple(b for b in self.blocks if not b.kept)

    def explain(self, *, container: bool = False) -> str:
        """Every block marked ``+`` (kept) or ``-`` (dropped), with its reason; with
        ``container=True`` first the container guess's candidates as ``#`` lines."""
        out = []
        if container:
            for c in self.container:
                mark = "*" if c.chosen else " "
                out.append(
                    f"# container{mark} {c.path or '(page)'}: score {c.score:g} "
                    f"(prose {c.prose}, text {c.text})"
                )
        for b in self.blocks:
            mark = "+" if b.kept else "-"
            out.append(f"{mark} [{b.reason}] {b.text}")
        return "\n".join(out)

    def to_dict(self, blocks: bool = False, *, meta: bool = True) -> dict[str, object]:
        """The result as plain JSON-safe data: ``title``, ``body``, ``text``, ``source``,
        ``path``, ``rules_version``, then ``date`` and ``author`` (``meta=False`` leaves
        them out: reading them costs about a millisecond a page) and, with ``blocks=True``,
        every block with its verdict and reason."""
        data: dict[str, object] = {
            "title": self.title,
            "body": self.body,
            "text": self.text,
            "source": self.source,
            "path": self.path,
            "rules_version": self.rules_version,
        }
        if meta:
            data["date"] = self.date
            data["author"] = self.author
        if blocks:
            data["blocks"] = [_block_dict(b) for b in self.blocks]
            data["container"] = [
                {
                    "path": c.path,
                    "prose": c.prose,
                    "text": c.text,
                    "score": c.score,
                    "chosen": c.chosen,
                }
                for c in self.container
            ]
        return data


def _block_dict(block: Block) -> dict[str, object]:
    data: dict[str, object] = {
        "text": block.text,
        "kept": block.kept,
        "reason": block.reason,
        "origin": block.origin.value,
        "rule": block.rule,
        "features": {f.name: f.points for f in block.features},
        "score": round(block.score, 3),
    }
    if block.chrome:
        data["chrome"] = {"category": block.chrome.category, "token": block.chrome.token}
    if block.neighbours is not None:
        data["neighbours"] = list(block.neighbours)
    if block.settled:
        data["settled"] = True
    if block.tag:  # HTML: where the block sits, for whoever writes the next rule file
        data["tag"] = block.tag
        data["classes"] = block.classes
    return data


T = TypeVar("T")


def fast_constructor(cls: type[T]) -> Callable[..., T]:
    """A constructor of the frozen slots dataclass ``cls``, with ``cls``'s signature (the
    same fields, order and defaults), three times as fast.

    A frozen dataclass's ``__init__`` sets each field with ``object.__setattr__`` (about
    1 µs for 11 fields on an idle core); this builds a mutable twin with the same slots,
    whose ``__init__`` stores them directly, and its ``__post_init__`` makes the object an
    instance of ``cls`` (``__class__`` assigned: the layouts are identical), 0.3 µs. The
    object is then a plain ``cls``: frozen, equal, hashing and pickling as one built by
    ``cls(...)`` (``tests/test_fast_objects.py``). Clarity cost: a ``Block`` that was
    never run through ``Block.__init__`` (which checks nothing)."""
    fields = dataclasses.fields(cast(type, cls))
    # The twin runs no code of cls's: a default factory or a __post_init__ would be skipped.
    assert all(f.default_factory is dataclasses.MISSING for f in fields)
    assert not hasattr(cls, "__post_init__"), f"{cls.__name__} has a __post_init__"
    set_class = object.__setattr__

    def become(self: object) -> None:
        set_class(self, "__class__", cls)

    twin = dataclasses.make_dataclass(
        f"_{cls.__name__}Builder",
        [(f.name, f.type, dataclasses.field(default=f.default)) for f in fields],
        namespace={"__post_init__": become},
        slots=True,
        eq=False,
        repr=False,
        match_args=False,
    )
    return cast(Callable[..., T], twin)


make_segment = fast_constructor(Segment)
"""``Segment(...)``, faster (``fast_constructor``): the front ends build one per line."""
make_block = fast_constructor(Block)
"""``Block(...)``, faster (``fast_constructor``): the decision builds one per segment."""
