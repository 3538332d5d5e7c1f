"""The one compiled part: ``cleaner._ctext`` (``cleaner/_ctext*.c``, the CPython C API and
nothing else). Optional: where it cannot be built (no C compiler, no Python headers) the
build warns and the package installs without it, using the Python functions it twins
(``cleaner/native.py``). Everything else is declared in ``pyproject.toml``."""

from setuptools import Extension, setup

SOURCES = ["_ctext.c", "_ctext_table.c", "_ctext_units.c", "_ctext_stoplists.c"]

setup(
    ext_modules=[
        Extension(
            "cleaner._ctext",
            [f"cleaner/{name}" for name in SOURCES],
            depends=["cleaner/_ctext.h"],
            optional=True,
        )
    ]
)
