"""The one compiled part: ``cleaner._ctext`` (``cleaner/_ctext.c``, the CPython C API and
nothing else). Optional: where it cannot be built (no C compiler, no Python headers) the
build warns and the package installs without it, using the Python functions it twins
(``cleaner/native.py``). Everything else is declared in ``pyproject.toml``."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("cleaner._ctext", ["cleaner/_ctext.c"], optional=True)])
