"""Write ``cleaner/data/stopwords.tsv`` from the stopwords-iso collection.

Source: the stopwords-iso project (Gene Diaz and contributors; MIT licence), as packaged on
PyPI by the ``stopwordsiso`` distribution (Arthit Suriyawongkul; MIT licence), which ships the
collection as one JSON file. Run it with that distribution installed::

    pip install stopwordsiso==0.7.1
    python tools/import_stopwords.py

The lists are taken as they are, except for mechanical clean-up, each step counted in the
output header:

* every entry is put in NFC and lower-cased, as the scorer sees a block's words;
* entries holding no letter (punctuation, digits: the Korean and Spanish lists carry them)
  are dropped, and so are entries that begin with a combining mark (a Thai fragment);
* Thai ``SARA AM`` written decomposed (NIKHAHIT + SARA AA, as NFKC leaves it) is written as
  the one code point that pages use (U+0E33);
* duplicates after these steps are dropped.

No word is added or chosen by hand.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import sys
import unicodedata
from pathlib import Path

import regex

OUT = Path(__file__).resolve().parent.parent / "cleaner" / "data" / "stopwords.tsv"
_LETTER = regex.compile(r"\p{L}")
_MARK_FIRST = regex.compile(r"^\p{M}")
_THAI_AM = ("\u0e4d\u0e32", "\u0e33")


def clean_entry(raw: str) -> str | None:
    entry = unicodedata.normalize("NFC", " ".join(raw.split())).lower()
    entry = entry.replace(*_THAI_AM)
    if not _LETTER.search(entry) or _MARK_FIRST.match(entry):
        return None
    return entry


def main() -> int:
    try:
        version = importlib.metadata.version("stopwordsiso")
    except importlib.metadata.PackageNotFoundError:
        print("error: pip install stopwordsiso first", file=sys.stderr)
        return 2
    data = json.loads(
        importlib.resources.files("stopwordsiso").joinpath("stopwords-iso.json").read_text("utf-8")
    )
    lines: list[str] = []
    dropped = 0
    for lang in sorted(data):
        seen: set[str] = set()
        for raw in data[lang]:
            entry = clean_entry(raw)
            if entry is None or entry in seen:
                dropped += 1
                continue
            seen.add(entry)
            lines.append(f"{lang}\t{entry}")
    header = [
        f"# Stopwords of {len(data)} languages (ISO 639-1 codes): the stopwords-iso collection",
        "# (Gene Diaz and contributors, MIT licence), as packaged by the PyPI distribution",
        f"# stopwordsiso {version} (Arthit Suriyawongkul, MIT licence).",
        "# Written by tools/import_stopwords.py: NFC, lower-cased; entries without a letter or",
        "# beginning with a combining mark dropped, and duplicates",
        f"# ({dropped} entries in all).",
        "# Do not edit by hand; re-run the tool. Format: language<TAB>entry (an entry may hold",
        "# several words, e.g. Vietnamese syllables).",
    ]
    OUT.write_text("\n".join([*header, *lines]) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(lines)} entries, {len(data)} languages, {dropped} dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
