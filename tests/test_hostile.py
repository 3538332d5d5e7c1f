"""Hostile input that once gave wrong answers or crashes (issue 9): one test per class.
Time and memory cases live in ``test_limits.py``; CLI cases in ``test_cli_hostile.py``."""

from __future__ import annotations

import html as html_module
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import CleanerError, LimitExceeded, clean, prescan
from cleaner.context import _INLINE_CHROME, _neighbours
from cleaner.entities import ENTITY, unescape_fixpoint
from cleaner.io.records import dump_record, parse_line
from cleaner.model import Origin, Segment
from cleaner.patterns import MAX_PATTERN_SIZE, pattern_size
from cleaner.prescan import MAX_ATTRIBUTES, MAX_DEPTH, SCAN_TAGS, check_page
from cleaner.rule_loader import load_rule_file, parse_rule_file
from cleaner.slot import Slot, Verdict
from cleaner.thresholds import DEFAULT_THRESHOLDS

from .test_bad_input import to_cp1258
from .util import write_rules

PARAGRAPH = (
    "Bộ trưởng Quốc phòng Nga điện đàm liên tục với các nước NATO trong ngày hôm nay, "
    "theo thông báo của văn phòng chính phủ được công bố vào chiều tối."
)


# --- the pre-parse scans read the page as the parser does ---------------------------------


@pytest.mark.parametrize(
    "hiding",
    [
        "<script>var rows = '{}';</script>",
        "<style>/* {} */</style>",
        "<!-- {} -->",
        "<textarea>{}</textarea>",
        "<SCRIPT type='text/template'>{}</SCRIPT >",
    ],
)
def test_tags_inside_scripts_and_comments_are_not_elements(hiding: str) -> None:
    """A script full of "<div class=row>" strings was refused as 5,000 levels deep."""
    fake = "<div class=row>" * (2 * MAX_DEPTH) + "<p><b><i><span>" * 20_000
    page = (
        "<html><body>" + hiding.format(fake) + f"<h1>Tiêu đề bài báo hôm nay</h1><p>{PARAGRAPH}</p>"
        "</body></html>"
    )
    check_page(page)  # no LimitExceeded
    assert PARAGRAPH in clean(page).text


def test_real_depth_outside_scripts_is_still_refused() -> None:
    # (Pages with fewer than SCAN_TAGS "<" are not scanned: the parser is fast there.)
    page = "<html><body><script>x</script>" + "<p>x" * SCAN_TAGS + "<div>" * (MAX_DEPTH + 50)
    with pytest.raises(LimitExceeded, match="MAX_DEPTH") as caught:
        check_page(page)
    assert caught.value.actual >= MAX_DEPTH + 50


def test_deep_nesting_under_scan_tags_is_refused() -> None:
    """Lexbor parses N unclosed ``<div>`` in time N²; a page under SCAN_TAGS was not
    scanned, so 19,990 of them (0.47 s of parse) went through although MAX_DEPTH is 5,000."""
    page = "<html><body>" + "<div>" * 19_990 + f"<p>{PARAGRAPH}</p></body></html>"
    assert page.count("<") < SCAN_TAGS
    with pytest.raises(LimitExceeded, match="MAX_DEPTH") as caught:
        clean(page)
    assert caught.value.limit == "MAX_DEPTH"
    shallow = "<html><body>" + "<div>x</div>" * 9_000 + f"<p>{PARAGRAPH}</p></body></html>"
    assert PARAGRAPH in clean(shallow).text  # many tags, little depth: scanned, cleaned


@pytest.mark.parametrize(
    "attribute",
    ["a{i}", "a{i}=1", "a{i}='>'", 'a{i}=">"', "<a{i}", 'a{i}="x"b{i}'],
    ids=["bare", "valued", "single-quoted-gt", "double-quoted-gt", "lt-in-name", "no-space"],
)
def test_too_many_attributes_are_counted_however_written(attribute: str) -> None:
    tag = "<div " + " ".join(attribute.format(i=i) for i in range(MAX_ATTRIBUTES + 10)) + ">"
    with pytest.raises(LimitExceeded, match="MAX_ATTRIBUTES") as caught:
        check_page("<html><body>" + tag + "x</div></body></html>")
    assert caught.value.actual > MAX_ATTRIBUTES
    assert "by" in str(caught.value)


def test_a_tag_with_too_many_attributes_after_other_long_runs_is_refused() -> None:
    # Long runs that are no tag (a script, a paragraph) come first: the search goes on.
    tag = "<div " + " ".join(f"a{i}='>'" for i in range(MAX_ATTRIBUTES + 10)) + ">"
    page = "<body><script>" + "z" * 5000 + "</script><p>" + "y " * 3000 + "</p>" + tag + "x</div>"
    with pytest.raises(LimitExceeded, match="MAX_ATTRIBUTES"):
        check_page(page)


def test_long_runs_alone_skip_the_full_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page with few tags and long runs (scripts, SVG paths, long paragraphs: most pages)
    has nothing the full scan could refuse, so it is not run (it cost 2.5-6 ms a page)."""

    def full_scan(html: str, tags: int) -> None:
        raise AssertionError("full scan ran")

    monkeypatch.setattr(prescan, "_scan", full_scan)
    svg = '<svg><path d="' + "M1 2 " * 1000 + '"/></svg>'
    page = "<body><script>" + "if(a<b){" * 500 + "</script>" + svg + "<p>" + "y " * 3000 + "</p>"
    check_page(page)
    with pytest.raises(AssertionError, match="full scan ran"):
        check_page(page + "<div>" * (MAX_DEPTH + 1))  # more tags than MAX_DEPTH: scanned


def test_many_attributes_spread_over_elements_are_fine() -> None:
    page = "<body>" + "".join(f"<p a b c d e f id=p{i}>x</p>" for i in range(500)) + "</body>"
    check_page(page)


# --- charsets as browsers read them -------------------------------------------------------


def _cp1252_page(charset: str) -> bytes:
    body = "Ông nói: “Chúng tôi sẽ đến” — và café mở cửa lúc 8 giờ, giá €5."
    page = (
        f"<html><head><meta charset='{charset}'><title>Tin tức hôm nay ở Hà Nội</title></head>"
        f"<body><h1>Tin tức hôm nay ở Hà Nội</h1><p>{body} {body}</p><p>{body}</p></body></html>"
    )
    return to_cp1258(page)


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "ISO8859-1", "us-ascii"])
def test_latin1_declarations_read_as_windows_1252(label: str) -> None:
    """WHATWG maps these labels to windows-1252: its quotes are not C1 controls."""
    raw = "".join(
        f"<p>“Quoted” words and €5 and café, which were sold out at market number {i} today, "
        "as the traders there said to the reporters who came.</p>"
        for i in range(3)
    )
    page = f"<html><head><meta charset={label}></head><body>{raw}</body></html>"
    text = clean(page.encode("cp1252")).text
    assert "“Quoted”" in text
    assert not any("\x80" <= c <= "\x9f" for c in text)


@pytest.mark.parametrize("label", ["utf-16", "utf-16le", "UTF-16BE"])
def test_meta_utf16_on_8_bit_bytes_is_not_read_as_utf16(label: str) -> None:
    """A <meta> readable as ASCII cannot be UTF-16 (WHATWG reads it as UTF-8)."""
    text = clean(_cp1252_page(label)).text
    assert "Chúng tôi sẽ đến" in text
    assert not any("\u3400" <= c <= "\u9fff" for c in text)  # no CJK garbage


@pytest.mark.parametrize("label", ["utf-16", "utf-16le", "UTF-16BE"])
@pytest.mark.parametrize("charset", ["utf-8", "windows-1258"])
@pytest.mark.parametrize("pad", [b"", b" "])
def test_a_utf16_header_on_8_bit_bytes_is_not_read_as_utf16(
    label: str, charset: str, pad: bytes
) -> None:
    """The transport's twin of the <meta> case: bytes without a NUL are not UTF-16
    whatever the server says (of even length, they were read as UTF-16: CJK garbage)."""
    raw = _cp1252_page(charset) if charset != "utf-8" else _page_utf8()
    for kind in ("html", "auto"):
        text = clean(raw + pad, encoding=label, kind=kind).text  # type: ignore[arg-type]
        assert "Chúng tôi sẽ đến" in text, (kind, text[:80])


def _page_utf8() -> bytes:
    return _cp1252_page("utf-8").decode("cp1258").encode("utf-8")


@pytest.mark.parametrize("html", [True, False])
def test_an_x_user_defined_header_is_ignored(html: bool) -> None:
    """WHATWG's x-user-defined has no Python codec: a LookupError came out of clean()."""
    text = "Chúng tôi sẽ đến vào lúc tám giờ sáng.".encode()
    for content in (_page_utf8(), _cp1252_page("windows-1258")) if html else (text,):
        assert "Chúng tôi sẽ đến" in clean(content, encoding="x-user-defined").text


# --- rule files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('id = "r"\nkind = "drop"\npattern = "x"\nreason = "r"\nmax_chars = true', "max_chars"),
        ('id = "r"\nkind = "drop"\npattern = "x"\nreason = "r"\ntail_chars = false', "tail_chars"),
        ('id = "r"\nkind = "drop"\npattern = "x"\nreason = "r"\nmax_chars = 1.5', "max_chars"),
        ('id = "r"\nkind = "drop"\npattern = "x"\nreason = "r"\nkeep_marker = 1', "keep_marker"),
        ('id = "r"\nkind = "drop"\npattern = ["x"]\nreason = "r"', "pattern"),
    ],
)
def test_rule_values_of_the_wrong_type_are_refused(tmp_path: Path, body: str, message: str) -> None:
    path = write_rules(tmp_path, f"version = 1\n\n[[rule]]\n{body}\n")
    with pytest.raises(CleanerError, match=message) as caught:
        load_rule_file(path)
    assert caught.value.path == str(path)
    assert caught.value.line == 3
    assert caught.value.rule_id == "r"


@pytest.mark.parametrize(
    "text",
    [
        "version = true\n",
        'version = 1\n[source]\nname = 5\nhosts = ["a.vn"]\n',
        'version = 1\n[[test]]\ninput = "x"\nurl = 5\n',
        'version = 1\n[[test]]\ninput = "x"\nname = ["a"]\n',
    ],
)
def test_file_values_of_the_wrong_type_are_refused(text: str) -> None:
    with pytest.raises(CleanerError) as caught:
        parse_rule_file(text, "user.toml", user=True)
    assert caught.value.path == "user.toml"


@pytest.mark.parametrize(
    "nested",
    ["x = " + "[" * 5_000 + "]" * 5_000, "x = " + "{a = " * 5_000 + "1" + "}" * 5_000],
    ids=["arrays", "inline-tables"],
)
def test_deeply_nested_toml_is_a_cleaner_error_naming_the_file(tmp_path: Path, nested: str) -> None:
    path = write_rules(tmp_path, "version = 1\n" + nested + "\n")
    with pytest.raises(CleanerError) as caught:
        load_rule_file(path)
    assert caught.value.path == str(path)


def test_line_numbers_of_many_rules_are_right() -> None:
    rules = "".join(
        f'\n[[rule]]\nid = "r{i}"\nkind = "drop"\npattern = "x{i}y"\nreason = "r"\n'
        for i in range(300)
    )
    parsed = parse_rule_file("version = 1\n" + rules, "many.toml")
    assert [r.line for r in parsed.rules] == [3 + 6 * i for i in range(300)]


@pytest.mark.parametrize(
    "pattern",
    [
        "(?:(?:a{1000}){100}){100}",
        "(?:[ab]{300}){300}",
        "x{99999999999}",
        "(a|b|c){60000}",
        r"(?:\p{L}{500}){200}",
    ],
)
def test_counted_repeats_are_bounded_before_compiling(tmp_path: Path, pattern: str) -> None:
    assert pattern_size(pattern) > MAX_PATTERN_SIZE
    body = f'version = 1\n\n[[rule]]\nid = "big"\nkind = "drop"\npattern = \'{pattern}\'\nreason = "r"\n'
    path = write_rules(tmp_path, body)
    with pytest.raises(LimitExceeded, match="MAX_PATTERN_SIZE") as caught:
        load_rule_file(path)
    error = caught.value
    assert (error.path, error.line, error.rule_id) == (str(path), 3, "big")


@pytest.mark.parametrize(
    ("pattern", "size"),
    [("abc", 3), (r"\d{1,2}:\d{2}", 5), ("(?:ab){3}", 6), ("[a{]{4}", 4), (r"\p{Lu}{3}", 3)],
)
def test_pattern_size_estimates(pattern: str, size: int) -> None:
    assert pattern_size(pattern) == size


def test_huge_rule_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"version = 1\n" + b"# padding\n" * 2_000_000)
    with pytest.raises(LimitExceeded, match="MAX_RULE_FILE_BYTES"):
        load_rule_file(path)


# --- text that is no text: lone surrogates ------------------------------------------------


@pytest.mark.parametrize("kind", ["text", "html", "auto"])
def test_lone_surrogates_never_reach_the_result(kind: str) -> None:
    content = (
        f"<p>{PARAGRAPH} \ud800 và \udfff cuối.</p>"
        if kind != "text"
        else (f"{PARAGRAPH} \ud800 và \udfff cuối.\n{PARAGRAPH}")
    )
    result = clean(content, kind=kind)  # type: ignore[arg-type]
    assert not any("\ud800" <= c <= "\udfff" for c in result.text)
    if kind == "text":
        assert "\ufffd" in result.text  # replaced, as the HTML parser does (or drops them)
    json.dumps(result.to_dict(blocks=True), ensure_ascii=False).encode("utf-8")
    result.explain().encode("utf-8")


def test_jsonl_output_is_strict_and_encodable() -> None:
    record, error = parse_line(
        b'{"html": "<p>x</p>", "n": 1e400, "m": NaN, "k": -Infinity, "s": "\\ud800", "f": 0.5}'
    )
    assert error is None
    line = dump_record(record)
    line.encode("utf-8")

    def refuse(constant: str) -> None:
        raise ValueError(constant)

    back = json.loads(line, parse_constant=refuse)  # strict: no NaN, no Infinity
    assert back["n"] == "1e400" and back["m"] == "NaN" and back["k"] == "-Infinity"
    assert back["s"] == "\ud800" and back["f"] == 0.5  # escaped as it came, nothing lost


# --- the linear algorithms give what the quadratic ones gave ------------------------------


def _unescape_by_passes(text: str) -> str:
    while "&" in text:
        unescaped = ENTITY.sub(lambda m: html_module.unescape(m.group(0)), text)
        if unescaped == text:
            return text
        text = unescaped
    return text


_ENTITY_BITS = ["&", "amp;", "#", ";", "x", "3", "8", "2", "6", "5", "4", "1", "lt", "l", "t", "a"]


@given(st.lists(st.sampled_from([*_ENTITY_BITS, "&#5", "&#4", "&#38;", "q ", "é"]), max_size=40))
def test_unescape_fixpoint_equals_repeated_passes(bits: list[str]) -> None:
    text = "".join(bits)
    assert unescape_fixpoint(text) == _unescape_by_passes(text)


def _neighbour_by_search(slots: list[Slot], i: int, step: int) -> Verdict | None:
    gap, j = 0, i + step
    while 0 <= j < len(slots):
        other = slots[j]
        if other.verdict is Verdict.DROP and other.origin in _INLINE_CHROME:
            j += step
            continue
        if other.verdict is not Verdict.NONE:
            return other.verdict
        gap += 1
        if gap > DEFAULT_THRESHOLDS.neutral_max_gap and other.segment.in_body is not True:
            return Verdict.DROP
        j += step
    return None


_SLOT_KINDS = st.tuples(
    st.sampled_from([None, Verdict.KEEP, Verdict.DROP]),
    st.sampled_from(list(Origin)),
    st.sampled_from([True, False, None]),
)


@given(st.lists(_SLOT_KINDS, max_size=25))
def test_neighbour_sweeps_equal_the_per_block_search(kinds: list[tuple]) -> None:  # type: ignore[type-arg]
    slots = []
    for verdict, origin, in_body in kinds:
        slot = Slot(segment=Segment(text="x", in_body=in_body))
        if verdict is not None:
            slot.verdict, slot.origin = verdict, origin
        slots.append(slot)
    gap = DEFAULT_THRESHOLDS.neutral_max_gap
    left, right = _neighbours(slots, -1, gap), _neighbours(slots, +1, gap)
    for i, slot in enumerate(slots):
        if slot.verdict is Verdict.NONE:
            assert left[i] == _neighbour_by_search(slots, i, -1)
            assert right[i] == _neighbour_by_search(slots, i, +1)


# --- the fallback -------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.x", "2.x"])
def test_a_large_page_gets_trafilaturas_fast_mode_in_each_version(
    monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    """Above FALLBACK_FULL_TAGS the fallback asks for trafilatura's fast mode (its full
    mode's jusText pass is quadratic: tests/test_limits.py), by the keyword the installed
    version knows: 1.x (the declared lower bound, 1.11) has no ``fast``, and the TypeError
    would have lost the fallback silently."""
    import trafilatura

    from cleaner import fallback

    asked: list[dict[str, object]] = []

    def extract_1x(html: str, url: str | None = None, no_fallback: bool = False,
                   include_comments: bool = True, include_tables: bool = True) -> str:  # fmt: skip
        asked.append({"no_fallback": no_fallback})
        return "text"

    def extract_2x(html: str, url: str | None = None, fast: bool = False,
                   no_fallback: bool = False, include_comments: bool = True,
                   include_tables: bool = True) -> str:  # fmt: skip
        asked.append({"fast": fast, "no_fallback": no_fallback})
        return "text"

    monkeypatch.setattr(trafilatura, "extract", extract_1x if version == "1.x" else extract_2x)
    small, large = "<p>x</p>", "<br>" * (fallback.FALLBACK_FULL_TAGS + 1)
    assert fallback.extract_fallback(small, None) == "text"
    assert fallback.extract_fallback(large, None) == "text"
    if version == "1.x":
        assert asked == [{"no_fallback": False}, {"no_fallback": True}]
    else:
        assert asked == [
            {"fast": False, "no_fallback": False},
            {"fast": True, "no_fallback": False},
        ]
