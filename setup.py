"""The compiled parts, both optional: ``cleaner._ctext`` (``cleaner/_ctext*.c``, the text
analysis) and ``cleaner._cdom`` (``cleaner/_cdom*.c``, passes over selectolax's Lexbor tree
through Lexbor's public C API, found at run time in the selectolax extension). Both use the
CPython C API and nothing else at build time. Where one cannot be built (no C compiler, no
Python headers) the build warns and the package installs without it, using the Python
functions it twins (``cleaner/native.py``). Everything else is declared in
``pyproject.toml``."""

import sys

from setuptools import Extension, setup

TEXT_SOURCES = [
    "_ctext.c",
    "_ctext_table.c",
    "_ctext_units.c",
    "_ctext_stoplists.c",
    "_ctext_scan.c",
    "_ctext_marks.c",
    "_ctext_score.c",
    "_ctext_scorer.c",
    "_ctext_slot.c",
    "_ctext_decide.c",
    "_ctext_decide_rules.c",
    "_ctext_decide_end.c",
    "_ctext_memo.c",
    "_ctext_memo_read.c",
    "_ctext_memo_method.c",
    "_ctext_first.c",
    "_ctext_context.c",
    "_ctext_context_doc.c",
    "_ctext_context_steps.c",
    "_ctext_context_neighbours.c",
    "_ctext_gate.c",
    "_ctext_sieve.c",
    "_ctext_step.c",
    "_ctext_step_document.c",
    "_ctext_breaks.c",
    "_ctext_lines.c",
    "_ctext_known.c",
    "_ctext_places.c",
    "_ctext_lru.c",
]
DOM_SOURCES = [
    "_cdom.c",
    "_cdom_strip.c",
    "_cdom_walk.c",
    "_cdom_walk_tables.c",
    "_cdom_walk_page.c",
    "_cdom_walk_text.c",
    "_cdom_lines.c",
    "_cdom_tree.c",
    "_cdom_tree_nodes.c",
    "_cdom_select.c",
    "_cdom_select_join.c",
]

setup(
    ext_modules=[
        Extension(
            "cleaner._ctext",
            [f"cleaner/{name}" for name in TEXT_SOURCES],
            depends=[
                "cleaner/_ctext.h",
                "cleaner/_ctext_score.h",
                "cleaner/_ctext_slot.h",
                "cleaner/_ctext_decide.h",
                "cleaner/_ctext_context.h",
                "cleaner/_ctext_step.h",
                "cleaner/_ctext_memo.h",
            ],
            optional=True,
        ),
        Extension(
            "cleaner._cdom",
            [f"cleaner/{name}" for name in DOM_SOURCES],
            depends=[
                "cleaner/_cdom.h",
                "cleaner/_cdom_walk.h",
                "cleaner/_cdom_tree.h",
                "cleaner/_cdom_select.h",
            ],
            # dlopen()/dlsym(): in libc from glibc 2.34, in libdl before it.
            libraries=["dl"] if sys.platform.startswith("linux") else [],
            optional=True,
        ),
    ]
)
