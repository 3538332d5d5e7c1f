"""A worker process for ``tests/test_native_whole.py``: run with ``CLEANER_PURE=1`` (the
Python twins, decided at import), it reads one JSON request a line from stdin, cleans it
and writes one JSON line back, so a test in a compiled process can compare the two whole.

Request: ``{"content": str, "bytes": bool, "kind": str, "url": str | None, "cleaner": str}``
(``bytes``: ``content`` is Latin-1-encoded into the bytes to clean; ``cleaner``: ``fresh``
a new ``Cleaner``, ``shared`` the one this process keeps, whose memo has seen the earlier
requests, ``reset`` a new one kept from then on, a :data:`VARIANTS` name, or a user rule
file's TOML text: :func:`outcome_with`).
Reply: :func:`outcome`'s dict. The content travels as :func:`wire` writes it: JSON would
join two lone surrogates that make a pair (``"\\ud800\\udfff"``) into one character."""

from __future__ import annotations

import base64
import json
import sys
import tempfile
from pathlib import Path

from cleaner import Cleaner, CleanerError, Options


def outcome(cleaner: Cleaner, request: dict[str, object]) -> dict[str, object]:
    """The cleaned result of ``request`` as plain data (every block, its reason and
    features, the container guess, the explain text), or the ``CleanerError`` raised."""
    text = str(request["content"])
    content: str | bytes = text.encode("latin-1") if request.get("bytes") else text
    url = request.get("url")
    try:
        result = cleaner.clean(
            content,
            url=url if isinstance(url, str) else None,
            kind=request["kind"],  # type: ignore[arg-type]
        )
    except CleanerError as error:
        return {"error": f"{type(error).__name__}: {error}"}
    return {"result": result.to_dict(blocks=True), "explain": result.explain(container=True)}


def with_rules(rules: str) -> Cleaner | str:
    """A new ``Cleaner`` with the user rule file ``rules`` (TOML text), or the
    ``CleanerError`` its loading raised (the file's path left out)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "user.toml"
        path.write_text(rules, encoding="utf-8")
        try:
            return Cleaner(Options(rule_files=(path,)))
        except CleanerError as error:
            return f"{type(error).__name__}: {error}".replace(str(path), "user.toml")


def wire(request: dict[str, object]) -> dict[str, object]:
    """``request`` with its content as the base64 of its UTF-32 code units (lone
    surrogates kept as they are), for JSON."""
    units = str(request["content"]).encode("utf-32-le", "surrogatepass")
    return {**request, "content": base64.b64encode(units).decode("ascii")}


def unwire(request: dict[str, object]) -> dict[str, object]:
    """:func:`wire` undone."""
    units = base64.b64decode(str(request["content"]))
    return {**request, "content": units.decode("utf-32-le", "surrogatepass")}


VARIANTS = {"no-memo": Options(memo_blocks=0), "generic": Options(source_rules=False)}
"""Cleaners of other options, by name: without the memo and known lines (the compiled
steps' paths without them), and without the source rules."""


def outcome_with(which: str, shared: Cleaner, request: dict[str, object]) -> dict[str, object]:
    """:func:`outcome` with the Cleaner ``which`` names: ``fresh`` (a new one), ``shared``
    or ``reset`` (``shared``, made new by the caller), a :data:`VARIANTS` name, or a user
    rule file's text (:func:`with_rules`)."""
    if which in ("fresh", "shared", "reset"):
        return outcome(Cleaner() if which == "fresh" else shared, request)
    if which in VARIANTS:
        return outcome(Cleaner(VARIANTS[which]), request)
    made = with_rules(which)
    return {"error": made} if isinstance(made, str) else outcome(made, request)


def main() -> None:
    shared = Cleaner()
    for line in sys.stdin:
        request = unwire(json.loads(line))
        which = str(request["cleaner"])
        if which == "reset":
            shared = Cleaner()
        reply = outcome_with(which, shared, request)
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
