"""The compiled twins (``cleaner/_ctext.c``) against the Python functions they replace:
the same results on every code point, on arbitrary text (any script, combining marks,
lone surrogates), on huge text, and the same errors; and the switch between the two
(``CLEANER_PURE``). Skipped where the module is not built (no compiler at install time);
``.ci/wheel-check`` fails if the wheel lacks it."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, features, language, native, units
from cleaner.language import Measure, Reading

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")

EVERY_CODE_POINT = "".join(map(chr, range(sys.maxunicode + 1)))
BLOCK = 4096

# Characters that make the tokeniser's cases: letters of each unspaced script (Thai with
# its combining vowels, Lao, Khmer, Myanmar, Han, kana and the prolonged sound mark),
# combining marks, Latin and Vietnamese letters in both cases, digits of several scripts,
# the underscore, spaces and punctuation, a lone surrogate and a supplementary CJK letter.
SHARP = (
    "กขคัิีุู่้๊ເກົ້ກ່ ក្ខ ကြ္ 日本語の中文ーゝヶ々〆ア"
    "\u0301\u0323\u0300\u20dd\u0e31 aAzZ_ÀàĐđẫẪİıßǅ ٣৪0123 .,!?-—「」\ud800\udfff𠀀𝐀"
)
sharp_text = st.text(st.sampled_from(SHARP), max_size=80)
any_text = st.text(st.characters(codec=None, categories=None), max_size=200)
texts = st.one_of(sharp_text, any_text, st.text(max_size=200))


def _stoplist_text(lang: str) -> st.SearchStrategy[str]:
    """Units of a stoplist's entries, multi-unit ones included, joined by spaces or
    punctuation: text where longer entries match (and the density's lower bound)."""
    stoplist = language.stoplist(lang)
    assert stoplist is not None
    vocabulary = sorted({u for entry in stoplist.entries for u in entry})[:400]
    word = st.sampled_from([*vocabulary, "nhà", "House", "ngày", "XE"])
    return st.lists(st.tuples(word, st.sampled_from([" ", ", ", ". "]))).map(
        lambda pairs: "".join(w + sep for w, sep in pairs)
    )


stoplist_texts = st.one_of(_stoplist_text("vi"), _stoplist_text("en"), _stoplist_text("th"))
STOPLISTS = [language.stoplist(lang) for lang in ("vi", "en", "th", "ja", "zh", "de")]


def _same_reading(text: str) -> None:
    plain, compiled = language.read_python(text), language.read_native(text)
    assert compiled == plain
    assert type(compiled) is Reading
    assert type(compiled.words) is type(plain.words)  # sum([]) is the int 0


def _same_detection_and_density(text: str) -> None:
    reading = language.read_python(text)
    for limit in (language.DETECT_MAX_UNITS, 5, 1, 0):
        assert language.text_hits_native(reading, limit) == language.text_hits_python(
            reading, limit
        )
    assert language.text_hits_native(text) == language.text_hits_python(text)
    for stoplist in [*STOPLISTS, None]:
        for high in (None, 0.0, 0.3, 0.5, 1.0):
            plain = language.measure_python(reading, stoplist, high)
            compiled = language.measure_native(reading, stoplist, high)
            assert compiled == plain
            assert type(compiled) is Measure
            assert type(compiled.words) is type(plain.words)


@settings(max_examples=300)
@given(texts)
@example("")
@example("ÀB c1 ٣ Ǆǅ ᾈ ⅰⅠ İ")
@example("ภาษาไทย\u0e31\u0e31 日本語ーの text")
@example("\u0301\u0301a\u0301 ก\u0301")
@example("\ud800 a\udfff")
def test_units_reading_and_counts_are_the_python_ones(text: str) -> None:
    tokenizer = native.tokenizer()
    assert tokenizer.units(text) == units.units(text)
    assert tokenizer.char_counts(text) == features.char_counts_python(text)
    _same_reading(text)


def test_read_lowers_every_code_point_as_str_lower() -> None:
    """``read`` lower-cases a text by the tokenizer's table of each code point's lower case
    (``Tokenizer.lowers``), falling back to ``str.lower`` where a code point has none of its
    own (İ: two code points) or str.lower picks it by the neighbours (Σ: σ or ς). Every
    code point, 96 to a text among Vietnamese letters, a capital sigma at a word's end and
    inside it, and texts longer than the stack's buffer (``LOWER_ON_STACK``)."""
    for start in range(0, sys.maxunicode + 1, 96):
        chunk = "".join(map(chr, range(start, min(start + 96, sys.maxunicode + 1))))
        _same_reading(f"Đà NẴNG {chunk} Ả")
    for text in ("ΟΔΟΣ ΣΑΣ Σ", "ΑΣ.", "ΣΑΣ", "Σ", "İSTANBUL Đ", "ǄẞᾈΩ", "ⅠⅡ Ⓐ 𝐀 𐐀𐐁"):
        _same_reading(text)
        _same_reading("Việt Nam " * 100 + text)  # 900 characters and more: off the stack
    long = " ".join(["Hà Nội", "ĐẦU TƯ", "ΟΔΟΣ", "Ảnh"] * 700)  # under UNIT_CHUNK: read in C
    assert len(long) <= units.UNIT_CHUNK
    _same_reading(long)


def test_units_made_before_come_back_equal() -> None:
    """The tokenizer keeps units it made (``UNIT_CACHE_SLOTS`` slots by a hash of their code
    points): 60,000 distinct words (many to a slot), each read twice among others, in
    three widths of str, and units over ``UNIT_CACHE_CHARS`` characters, are the Python
    ones; a word's languages come from the mapping passed in, not from the one asked
    before."""
    tokenizer = native.tokenizer()
    rng = random.Random(8)
    alphabet = "abcdeghiklmnoprstuvxyàáảãạăâđêôơưĐÂ日本ไทย\U0001d400"
    words = {"".join(rng.choices(alphabet, k=rng.randint(1, 30))) for _ in range(60_000)}
    ordered = sorted(words)
    for round_ in range(2):
        for start in range(0, len(ordered), 40):
            line = " ".join(ordered[start : start + 40])
            if round_:
                line = line.swapcase()
            assert tokenizer.units(line) == units.units(line)
            _same_reading(line)
    alone = language.stoplists().alone
    word = next(w for w in alone if w.isalpha() and w.isascii())
    other = {word: b"\x07"}
    first = tokenizer.read(word, alone, Reading)
    again = tokenizer.read(word, other, Reading)
    assert first.alone == alone[word] and again.alone == b"\x07"
    assert tokenizer.read(word, {}, Reading).alone == b""
    assert tokenizer.read(word, alone, Reading) == first


@settings(max_examples=300)
@given(st.one_of(stoplist_texts, texts))
@example("as well as the of and")
@example("bao giờ cũng vậy, bởi vì")
@example("bao giờ xe xe")  # no one-unit entry: a lower bound of 0.0, a cover of 0.5
@example("ai nấy xe xe xe xe")  # a longer entry of one-unit entries: counted once
@example("ain't xe xe xe xe")
@example("biết bao nhiêu xe")  # a three-unit entry
def test_detection_and_density_are_the_python_ones(text: str) -> None:
    _same_detection_and_density(text)


@settings(max_examples=300)
@given(st.one_of(st.binary(max_size=300), st.binary(min_size=1, max_size=4).map(lambda b: b * 500)))
@example(bytes(range(256)) * 3 + bytes(range(255, -1, -1)))  # every value, twice the order
@example(b"")
def test_byte_counts_are_the_python_ones(hits: bytes) -> None:
    compiled = language.byte_counts_native(hits)
    assert compiled == language.byte_counts_python(hits)
    assert list(compiled) == list(language.byte_counts_python(hits))  # first-seen order
    assert type(compiled) is dict


def test_byte_counts_of_huge_hits() -> None:
    hits = bytes(range(256)) * 40_000 + b"\x07" * 3_000_000
    assert language.byte_counts_native(hits) == language.byte_counts_python(hits)


def test_every_code_point_is_classed_as_the_python_classes_it() -> None:
    """Each code point alone (spaced apart), and after a Thai letter (where a combining
    mark joins the letter's unit): the same units; and each one's character counts."""
    tokenizer = native.tokenizer()
    for start in range(0, len(EVERY_CODE_POINT), BLOCK):
        block = EVERY_CODE_POINT[start : start + BLOCK]
        alone = " ".join(block)
        after_letter = " ".join("ก" + c for c in block)
        assert tokenizer.units(alone) == units.units(alone), hex(start)
        assert tokenizer.units(after_letter) == units.units(after_letter), hex(start)
    letters = set(features._LETTER.findall(EVERY_CODE_POINT))
    upper = set(features._UPPER.findall(EVERY_CODE_POINT))
    digits = set(features._DIGIT.findall(EVERY_CODE_POINT))
    counted = list(map(tokenizer.char_counts, EVERY_CODE_POINT))
    expected = [
        (int(c in letters), int(c in letters and c in upper), int(c in digits))
        for c in EVERY_CODE_POINT
    ]
    assert counted == expected


@pytest.mark.parametrize(
    "text",
    [
        "日本語" * 40_000,  # one unit a letter, fractional weights
        "ก\u0e31" * 30_000,
        "a" * 5_000_000,  # one unit
        ("Chữ Việt " * 3_000) + "tail",
        "of the " * 20_000,
    ],
)
def test_huge_texts_give_the_python_results(text: str) -> None:
    tokenizer = native.tokenizer()
    assert tokenizer.char_counts(text) == features.char_counts_python(text)
    if len(text) <= 200_000:
        assert tokenizer.units(text) == units.units(text)
    _same_reading(text)  # over UNIT_CHUNK: both read in chunks, in Python
    chunk = text[: units.UNIT_CHUNK]
    _same_reading(chunk)
    _same_detection_and_density(chunk)


@pytest.mark.parametrize(
    "call",
    [
        lambda: native.tokenizer().units(b"bytes"),  # type: ignore[arg-type]
        lambda: native.tokenizer().char_counts(None),  # type: ignore[arg-type]
        lambda: native.tokenizer().read("x", {}, None),  # type: ignore[arg-type]
        lambda: native.tokenizer().read("x", {"x": "not bytes"}, Reading),  # type: ignore[dict-item]
        lambda: language.read_native(42),  # type: ignore[arg-type]
        lambda: language.byte_counts_native("str"),  # type: ignore[arg-type]
        lambda: language.byte_counts_native(bytearray(b"x")),  # type: ignore[arg-type]
    ],
)
def test_wrong_arguments_raise_type_errors(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError):
        call()


def _made_up(scripts: list[list[tuple[int, int]]]) -> Callable[[int, int], tuple[object, ...]]:
    """A classify function for a made-up table: only the scripts' letters, in block 0."""

    def classify(start: int, stop: int) -> tuple[object, ...]:
        return [], [], [spans if start == 0 else [] for spans in scripts], [], [], []

    return classify


def test_a_letter_in_two_scripts_classes_is_the_first_one_s() -> None:
    """The ``unit`` pattern tries the scripts in order (the data's classes do not overlap
    today, so only a made-up table can show it)."""
    assert native.compiled is not None
    classify = _made_up([[(0x61, 0x62)], [(0x61, 0x63)]])
    tokenizer = native.compiled.Tokenizer(classify, [0.5, 0.25])  # type: ignore[arg-type]
    assert tokenizer.units("ab") == (["a", "b"], [0.5, 0.25])


def test_a_bad_table_is_refused() -> None:
    assert native.compiled is not None
    Tokenizer = native.compiled.Tokenizer
    with pytest.raises(ValueError, match="outside the block"):
        Tokenizer(_made_up([[(0, 0x101)]]), [1.0]).units("a")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one class a script"):
        Tokenizer(_made_up([[(0, 1)]]), [1.0, 1.0]).units("a")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at most 15"):
        Tokenizer(_made_up([]), [1.0] * 16)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Tokenizer(_made_up([]), ["1.0"])  # type: ignore[arg-type, list-item]


def test_an_error_classifying_a_block_reaches_the_caller() -> None:
    assert native.compiled is not None

    def fails(start: int, stop: int) -> tuple[object, ...]:
        raise LookupError(start)

    tokenizer = native.compiled.Tokenizer(fails, [])  # type: ignore[arg-type]
    for call in (tokenizer.units, tokenizer.char_counts):
        with pytest.raises(LookupError):
            call("a")


def _dispatch(env_value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != native.PURE_ENV}
    if env_value is not None:
        env[native.PURE_ENV] = env_value
    code = (
        "from cleaner import features, language, native;"
        "print(native.ENABLED, language.read.__name__, language.text_hits.__name__,"
        " language.measure.__name__, features.char_counts.__name__,"
        " language.byte_counts.__name__, features.score.__qualname__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_the_compiled_twins_are_used_unless_cleaner_pure_is_set() -> None:
    compiled = (
        "True read_native text_hits_native measure_native char_counts_native byte_counts_native"
        " Scorer.score"
    )
    python = (
        "False read_python text_hits_python measure_python char_counts_python byte_counts_python"
        " score_python"
    )
    assert _dispatch(None) == compiled
    assert _dispatch("0") == compiled
    assert _dispatch("1") == python


# Lines where lower-casing is not one character for one (dotted capital I, final sigma),
# stopword-heavy lines of several languages, and chrome-like lines.
CASED_LINES = [
    "İSTANBUL İÇİN BİR ŞEHİR VE BİR ÜLKE",
    "Η ΟΔΟΣ ΤΟΥ ΣΠΙΤΙΟΥ ΕΙΝΑΙ ΜΑΚΡΙΑ ΑΠΟ ΕΔΩ ΚΑΙ ΟΛΟΙ ΤΟ ΞΕΡΟΥΝ ΑΥΤΟ ΠΟΛΥ ΚΑΛΑ",
    "Bao giờ cũng vậy, bởi vì nhà ở đây rất đẹp và chúng tôi thích nó lắm.",
    "This is one of the sentences that the article has, and it is long enough.",
    "ภาษาไทยที่ดีมากสำหรับการอ่านบทความนี้",
    "日本語の文章です。これは記事の本文です。",
    "Trang chủ",
    "Bản quyền © 2024 Báo Dân trí",
]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(lines=st.lists(st.one_of(st.sampled_from(CASED_LINES), sharp_text, any_text), max_size=10))
@example(lines=["İ" * units.UNIT_CHUNK, CASED_LINES[1]])  # lower() doubles it past UNIT_CHUNK
def test_clean_is_the_same_with_either_twins(lines: list[str]) -> None:
    """The whole of clean(), not each function: with the five ``*_python`` functions and
    with the five ``*_native`` ones in their places, the same result."""
    text = "\n".join(lines)
    results = []
    for twin in ("python", "native"):
        with pytest.MonkeyPatch.context() as patch:
            for module, name in [
                (language, "read"),
                (language, "text_hits"),
                (language, "measure"),
                (features, "char_counts"),
                (language, "byte_counts"),
            ]:
                patch.setattr(module, name, getattr(module, f"{name}_{twin}"))
            results.append(Cleaner().clean(text, kind="text").to_dict(blocks=True))
    assert results[0] == results[1]


def test_read_of_a_str_subclass_lowers_with_its_own_lower() -> None:
    """A str subclass's own ``lower`` is what ``read`` splits, as the Python's
    ``text.lower()`` is: the table of lower cases serves plain str alone."""

    class Shouting(str):
        def lower(self) -> str:
            return str.upper(self)

    text = Shouting("Đà Nẵng Ωμέγα")  # no Σ: that alone would call lower()
    compiled = native.tokenizer().read(text, language.stoplists().alone, Reading)
    assert compiled.tokens == units.units(text.lower())[0] == ["ĐÀ", "NẴNG", "ΩΜΈΓΑ"]
    assert compiled == language.read_python(text)
