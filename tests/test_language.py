"""Words, sentence ends and stoplists in scripts written without spaces, on hand-built blocks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cleaner import features, language, units
from cleaner.model import Segment
from cleaner.thresholds import DEFAULT_THRESHOLDS as T

# Real news sentences (multilang-dev pages), one paragraph each.
ZH = (
    "香港行政长官梁振英在各方压力下就其大宅的违章建筑（僭建）问题到立法会接受质询，"
    "并向香港民众道歉。梁振英此前承认早在去年参选行政长官之前就已知悉其住宅的违建问题，引发诚信危机。"
)
JA = (
    "６月12日の歴史的な米朝首脳会談を巡って戦っていたのは、米大統領のトランプと北朝鮮委員長の"
    "金正恩（キム・ジョンウン）ばかりではなかった。中国国家主席、習近平も重要な陰の参戦者だった。"
)
TH = (
    "ผู้สื่อข่าวได้รับแจ้งจากนาย ต. บุตรชายของคนสนิทของนายสุรชัย แซ่ด่าน ที่หายไปว่า "
    "ผลการตรวจดีเอ็นเอของศพที่พบริมแม่น้ำโขงตรงกับดีเอ็นเอของญาติ ซึ่งทางครอบครัวได้รับทราบแล้ว"
)
MY = "နိုင်ငံတော်အကြည်ညိုပျက်စေမှု ပုဒ်မ ၅၀၅ (ခ) နဲ့ တရားစွဲ အဖမ်းခံထားရတဲ့ အလဲဗင်းသတင်းစာတိုက်က တာဝန်ခံအယ်ဒီတာ နှစ်ယောက်။"


def scored(text: str, lang: str | None, **dom: object) -> tuple[float, list[str]]:
    seg = Segment(text=text, **dom)  # type: ignore[arg-type]
    points, found = features.score(
        seg, Counter({text: 1}), T, language.stoplist(lang) if lang else None
    )
    return points, [f.name for f in found]


def test_spaced_words_are_counted_as_before() -> None:
    assert units.word_count("Ông Biden gặp ông Zelensky tại Kiev.") == 7
    assert units.word_count("The quick brown fox") == 4


@pytest.mark.parametrize(("text", "script"), [(ZH, "cjk"), (JA, "cjk"), (TH, "thai-lao")])
def test_unspaced_letters_count_as_words_by_the_scripts_measured_ratio(
    text: str, script: str
) -> None:
    ratio = next(s for s in units.scripts().scripts if s.name == script).letters_per_word
    letters = sum(1 for c in text if c.isalpha() and not c.isascii())
    # Digits and Latin words in the text count one each; every letter 1/ratio.
    assert units.word_count(text) == pytest.approx(letters / ratio, rel=0.15)
    assert units.word_count(text) >= T.long_words


def test_mixed_token_counts_both_parts() -> None:
    # "qq空间": one Latin word and two Han letters.
    ratio = units.scripts().scripts[0].letters_per_word
    assert units.word_count("qq空间") == pytest.approx(1 + 2 / ratio)


@pytest.mark.parametrize(("text", "lang"), [(ZH, "zh"), (JA, "ja"), (TH, "th")])
def test_a_paragraph_in_an_unspaced_script_reads_as_prose(text: str, lang: str) -> None:
    points, names = scored(text, lang)
    assert "long" in names and "short" not in names
    assert "stopwords-high" in names
    assert points >= T.good_score
    assert features.is_prose(text, T)


@pytest.mark.parametrize("label", ["打印文稿", "新闻主页", "ホーム", "หน้าแรก"])
def test_a_menu_label_in_an_unspaced_script_is_short(label: str) -> None:
    _, names = scored(label, None)
    assert "short" in names


def test_cjk_and_other_sentence_ends_are_terminal() -> None:
    for text in [
        "梁振英强调承诺将在两周内解决其住宅的违建问题。",
        "それは本当ですか？",
        "「終わり。」",
        "هل هذا صحيح؟",
        MY,
    ]:
        assert "terminal-punct" in scored(text, None)[1], text


def test_thai_ending_is_neither_terminal_nor_unterminated() -> None:
    _, names = scored(TH, "th")
    assert "terminal-punct" not in names and "unterminated" not in names
    assert units.marks_no_sentence_end(TH)
    assert not units.marks_no_sentence_end(ZH)
    # The last *letter* decides: digits after it change nothing, a Latin word does.
    assert units.marks_no_sentence_end("ข่าวเมื่อวันที่ 21 2561")
    assert not units.marks_no_sentence_end("ข่าว DNA")


def test_an_unterminated_cjk_title_outside_a_container_is_marked() -> None:
    title = "港特首梁振英就住宅违建事件道歉并承诺两周内解决问题"
    assert "unterminated" in scored(title, "zh")[1]


def test_cjk_headline_shape() -> None:
    assert features.looks_like_headline("港特首梁振英就住宅违建事件道歉")
    assert not features.looks_like_headline("梁振英强调承诺将在两周内解决其住宅的违建问题。")
    assert not features.looks_like_headline("道歉")  # under four words


def test_density_matches_multi_unit_entries_greedily() -> None:
    zh = language.stoplist("zh")
    assert zh is not None
    # "我们" (two letters, one entry) and "的" cover the whole text.
    assert language.measure("我们的", zh).stopword_density == 1.0
    vi = language.stoplist("vi")
    assert vi is not None
    tokens = units.units("bao giờ đến nhà")[0]
    assert vi.match_at(tokens, 0) == 2


def test_no_stoplist_means_no_stopword_feature() -> None:
    _, names = scored(MY, None)
    assert not {"stopwords-high", "stopwords-low"} & set(names)


@pytest.mark.parametrize(
    ("texts", "lang"),
    [
        ([ZH, "新闻主页 国际 两岸"], "zh"),
        ([JA], "ja"),
        ([TH], "th"),
        (["El gobierno de España anunció que las medidas entrarán en vigor el lunes."], "es"),
        (["Theo hãng tin Reuters, đây là cuộc điện đàm thứ hai giữa hai bộ trưởng."], "vi"),
        (["The minister said that the talks would resume after the holiday."], "en"),
    ],
)
def test_detect_picks_the_documents_language(texts: list[str], lang: str) -> None:
    found = language.detect(texts)
    assert found is not None and found.lang == lang


def test_detect_gives_no_list_for_a_language_without_one() -> None:
    # Burmese: stopwords-iso has no list, and a few English chrome words must not choose one.
    assert language.detect([MY * 5, "Home News"]) is None
    assert language.detect([]) is None


def test_detect_reads_a_bounded_sample() -> None:
    long_zh = [ZH] * 2000 + ["The minister said that the talks would resume."] * 5000
    found = language.detect(long_zh)
    assert found is not None and found.lang == "zh"


VI_PROSE = "Theo hãng tin Reuters, đây là cuộc điện đàm thứ hai giữa hai bộ trưởng trong tuần."
EN_CHROME = "The minister said that the talks would resume after the holiday, and that was all."


def test_detect_reads_the_scored_blocks_alone_when_they_are_enough() -> None:
    # A Vietnamese article inside English chrome three times its size: over every block
    # English wins; the blocks the scorer scores are Vietnamese, and are enough.
    scored = [VI_PROSE] * 20  # 17 units each
    texts = [EN_CHROME] * 60 + scored
    assert sum(len(units.units(t.lower())[0]) for t in scored) >= language.DETECT_MIN_UNITS
    assert language.detect(texts).lang == "en"  # type: ignore[union-attr]
    found = language.detect(texts, scored=scored)
    assert found is not None and found.lang == "vi"


def test_detect_reads_every_block_when_the_scored_ones_are_few() -> None:
    scored = [VI_PROSE] * 2  # under DETECT_MIN_UNITS units
    texts = [EN_CHROME] * 60 + scored
    assert sum(len(units.units(t.lower())[0]) for t in scored) < language.DETECT_MIN_UNITS
    assert language.detect(texts, scored=scored) is language.detect(texts)


def test_stoplist_file_credits_its_source() -> None:
    import importlib.resources

    head = (importlib.resources.files("cleaner") / "data" / "stopwords.tsv").read_text("utf-8")
    assert "stopwords-iso" in head[:400] and "MIT" in head[:400]
    assert {"zh", "ja", "th", "vi", "en", "ar", "es", "lv"} <= set(language.stoplists().by_lang)


def test_headline_element_matches_a_cjk_page_title_by_letters() -> None:
    # "_" joins the title's parts into one \w+ run, which no <h1> equals; as letters the
    # headline's are all in the title, and it shares more of them than the logo <h1>.
    from selectolax.lexbor import LexborHTMLParser

    from cleaner.locate import title_node
    from cleaner.thresholds import DEFAULT_THRESHOLDS

    html = (
        "<body><h1>央视网</h1><div><h1>港特首梁振英就住宅违建事件道歉</h1><p>本文</p></div></body>"
    )
    root = LexborHTMLParser(html).body
    assert root is not None
    title = "港特首梁振英就住宅违建事件道歉_新闻频道_央视网"
    found = title_node(root, None, title, DEFAULT_THRESHOLDS)
    assert found is not None and found.text() == "港特首梁振英就住宅违建事件道歉"


def test_the_scorer_detects_on_the_blocks_it_can_score(monkeypatch: pytest.MonkeyPatch) -> None:
    """decide hands detection the blocks still undecided before scoring and the pinned
    title as ``scored``: not the blocks outside the article container. Asked of the
    Python step (``decide._score_python``): the compiled one (``_ctext_step.c``) calls no
    ``language.detect``, and ``tests/test_native_step.py`` holds it to the Python's."""
    from cleaner import Cleaner, Options, decide

    monkeypatch.setattr(decide, "_score", decide._score_python)

    seen: list[tuple[list[str], list[str]]] = []
    real = language.detect

    def spy(texts, count=language.text_hits, *, scored=None):  # type: ignore[no-untyped-def]
        texts, scored = list(texts), list(scored or ())
        seen.append((texts, scored))
        return real(texts, count, scored=scored)

    monkeypatch.setattr(language, "detect", spy)
    paragraphs = [f"{VI_PROSE} Đoạn thứ {i} của bài viết." for i in range(8)]
    page = (
        "<html><body><div class='sidebar'>"
        + "".join(f"<div>{EN_CHROME} Box {i}.</div>" for i in range(6))
        + "</div><article><h1>Hai bộ trưởng điện đàm lần thứ hai</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )
    Cleaner(Options(memo_blocks=0)).clean(page, kind="html")
    texts, scored = seen[0]
    assert "Hai bộ trưởng điện đàm lần thứ hai" in scored
    assert set(paragraphs) <= set(scored)
    assert not any(EN_CHROME in t for t in scored)
    assert any(EN_CHROME in t for t in texts)


@pytest.mark.parametrize(
    ("count", "refused"), [(language.MATCH_MARK, False), (language.MATCH_MARK + 1, True)]
)
def test_stoplists_refuse_more_languages_than_an_index_byte_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, refused: bool
) -> None:
    """A language is named by one byte in a text's hits, below MATCH_MARK: a data file with
    that many lists or more is refused when it is loaded, not misread later."""
    rows = [f"l{i:03d}\tword{i}" for i in range(count)]
    (tmp_path / "stopwords.tsv").write_text("\n".join(rows) + "\n", "utf-8")
    monkeypatch.setattr(language, "_DATA", tmp_path)
    load = language.stoplists.__wrapped__
    if refused:
        with pytest.raises(ValueError, match="MATCH_MARK"):
            load()
    else:
        lists = load()
        assert len(lists.langs) == count
        assert lists.alone["word7"] == bytes([lists.langs.index("l007")])
