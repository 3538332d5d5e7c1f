"""Shingle-overlap metric after ScrapingHub's article-extraction-benchmark.

How ScrapingHub scores ``articleBody`` (``string_shingle_matching`` in their ``evaluate.py``,
as we remember it; no code of theirs is copied here):

* tokens are ``\\w+`` matches of the raw text (Unicode, case kept);
* shingles are the token 4-grams joined by a space; a text with fewer than four tokens gives
  a single shingle made of all its tokens; an empty text gives none;
* the shingles of each side are counted as a **multiset** (a ``Counter``), not a set: for
  every shingle, ``tp += min(true, pred)``, ``fp += max(0, pred - true)`` and
  ``fn += max(0, true - pred)``. A paragraph printed twice therefore costs precision;
* per page, ``tp``, ``fp`` and ``fn`` are divided by ``tp + fp + fn`` so that long pages do
  not weigh more than short ones.

What we do differently, on purpose:

* **aggregation.** ScrapingHub adds the normalised ``tp``/``fp``/``fn`` of all pages and takes
  precision and recall from those sums. Here each page gets its own precision and recall,
  those are averaged over pages, and F1 is the harmonic mean of the *averaged* precision and
  recall. :func:`aggregate` returns ScrapingHub's pooled figures too (``pooled_*``).
* **scripts without spaces.** ``\\w+`` makes a whole Chinese, Japanese, Thai or Burmese
  sentence one token, so one wrong character would cost the whole sentence and 4-gram
  shingles would span four sentences. In those scripts (Han, Hiragana, Katakana, Thai, Lao,
  Khmer, Myanmar) every character of a ``\\w+`` token is its own token; the rest of the token
  (Latin letters, digits) stays one token. Combining marks, which Python's ``\\w`` does not
  match (Thai and Burmese vowel signs), are dropped as before. A text with none of these
  scripts tokenises exactly as it did, so the Vietnamese and English figures do not move.
* **NFC.** Both texts are put in Unicode NFC before tokenising. Python's ``\\w`` does not
  match combining marks, so a decomposed ``ế`` would split a Vietnamese syllable in two;
  some pages (old cp1258-style markup) carry such marks and the goldens never do.
* **empty texts.** A 0/0 ratio is 1.0 only when *both* texts are empty (nothing to find,
  nothing found). Otherwise a 0/0 ratio counts as 0.0: an empty prediction of a non-empty
  truth scores precision 0 and recall 0, and any prediction of an empty truth scores
  precision 0 and recall 0. (ScrapingHub's both-empty page adds zeros to the sums, i.e. it
  does not count.)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SHINGLE_N = 4
_TOKEN = re.compile(r"\w+")
_UNSPACED_CHARS = (
    "\u3005\u3006\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9f\U00020000-\U0003134f"  # Han, kana (with half-width), iteration marks
    "\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f"  # Thai, Lao, Khmer, Myanmar
)
_UNSPACED = re.compile(f"[{_UNSPACED_CHARS}]")
_SPLIT = re.compile(f"[{_UNSPACED_CHARS}]|[^{_UNSPACED_CHARS}]+")


def tokens(text: str) -> list[str]:
    """The ``\\w+`` tokens of ``text`` after NFC, characters of scripts written without
    spaces split into one token each."""
    found = _TOKEN.findall(unicodedata.normalize("NFC", text))
    if not _UNSPACED.search(text):
        return found
    out: list[str] = []
    for token in found:
        if _UNSPACED.search(token):
            out.extend(_SPLIT.findall(token))
        else:
            out.append(token)
    return out


def shingles(text: str, n: int = SHINGLE_N) -> Counter[str]:
    """Multiset of the ``n``-token shingles of ``text``.

    Fewer than ``n`` tokens (but at least one) give one shingle of all the tokens.
    """
    toks = tokens(text)
    if not toks:
        return Counter()
    count = max(1, len(toks) - n + 1)
    return Counter(" ".join(toks[i : i + n]) for i in range(count))


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page: normalised ``tp``/``fp``/``fn`` (summing to 1, or all 0) and P, R, F1."""

    tp: float
    fp: float
    fn: float
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class Summary:
    """Figures over a set of pages."""

    pages: int
    precision: float
    """Mean of the per-page precisions."""
    recall: float
    """Mean of the per-page recalls."""
    f1: float
    """Harmonic mean of ``precision`` and ``recall``."""
    pooled_precision: float
    """ScrapingHub's: sum of normalised tp over sum of normalised tp + fp."""
    pooled_recall: float
    pooled_f1: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "pages": self.pages,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "pooled_precision": self.pooled_precision,
            "pooled_recall": self.pooled_recall,
            "pooled_f1": self.pooled_f1,
        }


def harmonic(a: float, b: float) -> float:
    """Harmonic mean of two non-negative numbers; 0.0 when both are 0."""
    return 2 * a * b / (a + b) if a + b > 0 else 0.0


def score_page(truth: str, prediction: str, n: int = SHINGLE_N) -> PageScore:
    """Score one page's prediction against its truth."""
    true_sh = shingles(truth, n)
    pred_sh = shingles(prediction, n)
    if not true_sh and not pred_sh:
        return PageScore(0.0, 0.0, 0.0, 1.0, 1.0)
    tp = fp = fn = 0
    for key in true_sh.keys() | pred_sh.keys():
        t, p = true_sh[key], pred_sh[key]
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn  # > 0: at least one side has a shingle
    ntp, nfp, nfn = tp / total, fp / total, fn / total
    precision = ntp / (ntp + nfp) if ntp + nfp > 0 else 0.0
    recall = ntp / (ntp + nfn) if ntp + nfn > 0 else 0.0
    return PageScore(ntp, nfp, nfn, precision, recall)


def aggregate(scores: Iterable[PageScore]) -> Summary:
    """Average P and R over pages, F1 of the averages, plus ScrapingHub's pooled figures.

    No pages give all zeros.
    """
    items = list(scores)
    if not items:
        return Summary(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    n = len(items)
    precision = sum(s.precision for s in items) / n
    recall = sum(s.recall for s in items) / n
    tp = sum(s.tp for s in items)
    fp = sum(s.fp for s in items)
    fn = sum(s.fn for s in items)
    if tp + fp + fn == 0:  # every page had both texts empty
        pooled_p = pooled_r = 1.0
    else:
        pooled_p = tp / (tp + fp) if tp + fp > 0 else 0.0
        pooled_r = tp / (tp + fn) if tp + fn > 0 else 0.0
    return Summary(
        pages=n,
        precision=precision,
        recall=recall,
        f1=harmonic(precision, recall),
        pooled_precision=pooled_p,
        pooled_recall=pooled_r,
        pooled_f1=harmonic(pooled_p, pooled_r),
    )
