"""The command line's options."""

from __future__ import annotations

import argparse

from .. import __version__
from ..io.records import CONTENT_FIELDS
from .files import DEFAULT_EXTENSIONS
from .formats import FORMATS
from .pool import default_jobs


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return jobs


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description=(
            "Remove site chrome (menus, related links, captions, share and login prompts) "
            "from scraped news pages, HTML or text, and keep the article."
        ),
        epilog=(
            "Exit status: 0 all inputs cleaned, 1 some input failed or is missing (each named "
            "on stderr; the others are cleaned), 2 usage error, 130 interrupted (no partial "
            "output is left)."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=(
            "files, directories (searched recursively for "
            f"{', '.join('*' + e for e in DEFAULT_EXTENSIONS)}) or '-' for stdin (the default); "
            "a WARC crawl (*.warc, *.warc.gz) gives one JSONL record per HTML response"
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help=(
            "output file (one input) or directory (inputs keep their relative names); "
            "default stdout. Inputs are never overwritten."
        ),
    )
    parser.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default="text",
        help="; ".join(f"{f.name}: {f.help}" for f in FORMATS.values())
        + " (default: text). JSONL and WARC inputs are always written as JSONL records.",
    )
    parser.add_argument(
        "--report",
        metavar="DIR",
        help="also write an HTML review page per document and DIR/index.html, a sortable "
        "table of the run (documents, kept and removed characters, top reasons, errors)",
    )
    parser.add_argument(
        "--kind",
        choices=("auto", "text", "html"),
        default="auto",
        help="input kind (default: detected per document)",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="read every input (stdin included) as JSONL records; *.jsonl files always are",
    )
    parser.add_argument(
        "--field",
        metavar="NAME",
        help="JSONL: the field holding the document "
        f"(default: the first of {', '.join(CONTENT_FIELDS)} present)",
    )
    parser.add_argument(
        "--source", metavar="NAME", help="source whose rules to apply (e.g. vnexpress.net)"
    )
    parser.add_argument(
        "--url",
        metavar="URL",
        help="page URL for every input (chooses source rules); a JSONL record's own 'url' wins",
    )
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="FILE",
        help="extra rule file (TOML); repeatable",
    )
    parser.add_argument(
        "--no-source-rules",
        action="store_true",
        help="apply only global rules and the scorer, no per-source rule files",
    )
    parser.add_argument(
        "--test-rules",
        action="store_true",
        help="instead of cleaning, run the [[test]] cases of the --rules files (of the "
        "built-in files when none is given) and print each one's outcome; exit 1 if one "
        "fails",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="text: print every block marked + (kept) or - (dropped) with its reason; "
        "JSONL records: include the blocks",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes cleaning at once (default: the number of cores, here "
        f"{default_jobs()}); 1 cleans in this process. Output order and content do not "
        "depend on it.",
    )
    parser.add_argument(
        "--stats",
        action="store_true",
        help="at the end, print on stderr how many blocks and characters each rule (or "
        "stage) removed, with its reason",
    )
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress",
        action="store_true",
        default=None,
        help="always show a progress bar on stderr (default: when stderr is a terminal)",
    )
    progress.add_argument(
        "--no-progress", dest="progress", action="store_false", help="never show progress"
    )
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    noise.add_argument(
        "-v", "--verbose", action="count", default=0, help="more diagnostics (-vv: debug)"
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    return parser
