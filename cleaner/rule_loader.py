"""Reading rule files: TOML parsed, every key validated, patterns compiled, once.

A rule file is TOML data (see ``docs/rules.md``). The package ships ``rules/global.toml``
and one ``rules/<domain>.toml`` per source; users add their own files. A malformed file is
a :class:`CleanerError` naming the file, the line and the rule id. The result is the frozen
objects of ``rules.py``.
"""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import regex

from .errors import CleanerError, LimitExceeded
from .gate import parse_gate
from .line_filter import step_wants
from .literals import needs_wide
from .patterns import anchored, first_chars, split_branches
from .patterns import compile_pattern as _compile
from .rules import GLOBAL, HtmlRules, Rule, RuleFile, RuleKind, RuleTest, line_start_form

USER_PATTERN_TIMEOUT = 0.5
"""Seconds one user-supplied pattern may run on one block before the document fails."""

MAX_RULE_FILE_BYTES = 16 * 1024 * 1024
"""Rule files larger than this are refused (the shipped ones are under 20 KB)."""

_TOML_LINE = regex.compile(r"at line (\d+)")

_RULE_KEYS = frozenset(
    {
        "id",
        "kind",
        "pattern",
        "reason",
        "keep_marker",
        "max_chars",
        "tail_chars",
        "needs",
        "after_cut",
        "ends_body",
        "edges_only",
        "flags",
        "gate",
        "opens",
    }
)

_TEST_KEYS = frozenset({"name", "input", "kind", "url", "keep", "drop"})
_TOP_KEYS = frozenset(
    {"version", "source", "html", "chrome", "builders", "rule", "test", "description"}
)
_SOURCE_KEYS = frozenset({"name", "hosts", "signatures"})
_HTML_KEYS = frozenset({"body", "strip", "title", "keep"})


def _header_lines(lines: list[str], header: str, count: int) -> list[int]:
    """1-based lines of the first ``count`` ``[[header]]`` tables of a file (0 where there
    are fewer), found in one pass: a file of 6,000 rules rescanned per rule took 8 s."""
    found = [n for n, line in enumerate(lines, start=1) if line.strip().startswith(f"[[{header}]]")]
    return (found + [0] * count)[:count]


def _str_list(
    value: Any, what: str, path: str, line: int, rule_id: str | None = None
) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CleanerError(
            f"{what} must be a string or a list of strings", path=path, line=line, rule_id=rule_id
        )
    return tuple(value)


def _unknown(
    keys: Iterable[str],
    allowed: frozenset[str],
    what: str,
    path: str,
    line: int,
    rule_id: str | None = None,
) -> None:
    extra = sorted(set(keys) - allowed)
    if extra:
        raise CleanerError(
            f"unknown key(s) in {what}: {', '.join(extra)} (allowed: {', '.join(sorted(allowed))})",
            path=path,
            line=line,
            rule_id=rule_id,
        )


def _parse_rule(raw: Any, path: str, line: int, timeout: float | None) -> Rule:
    if not isinstance(raw, dict):
        raise CleanerError("[[rule]] must be a table", path=path, line=line)
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise CleanerError("rule has no 'id'", path=path, line=line)
    _unknown(raw, _RULE_KEYS, "[[rule]]", path, line, rule_id)
    try:
        kind = RuleKind(raw.get("kind"))
    except ValueError:
        allowed = ", ".join(k.value for k in RuleKind)
        raise CleanerError(
            f"kind must be one of {allowed}, not {raw.get('kind')!r}",
            path=path,
            line=line,
            rule_id=rule_id,
        ) from None
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise CleanerError("rule has no 'reason'", path=path, line=line, rule_id=rule_id)
    pattern = raw.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise CleanerError("rule has no 'pattern'", path=path, line=line, rule_id=rule_id)
    flags = 0
    for flag in _str_list(raw.get("flags", []), "flags", path, line, rule_id):
        if flag not in ("IGNORECASE", "MULTILINE", "DOTALL"):
            raise CleanerError(f"unknown flag {flag!r}", path=path, line=line, rule_id=rule_id)
        flags |= getattr(regex, flag)
    if kind is RuleKind.BLOCK:
        flags |= regex.MULTILINE
    for key in ("max_chars", "tail_chars"):
        value = raw.get(key)
        # TOML's true is a Python int too: ``max_chars = true`` is no length.
        if value is not None and (type(value) is not int or value <= 0):
            raise CleanerError(
                f"{key} must be a positive integer", path=path, line=line, rule_id=rule_id
            )
    for key in ("keep_marker", "after_cut", "ends_body", "edges_only", "opens"):
        if not isinstance(raw.get(key, False), bool):
            raise CleanerError(
                f"{key} must be true or false", path=path, line=line, rule_id=rule_id
            )
    needs = _str_list(raw.get("needs", []), "needs", path, line, rule_id)
    if "needs" in raw and not all(needs):
        raise CleanerError(
            "needs must list non-empty strings", path=path, line=line, rule_id=rule_id
        )
    compiled = _compile(pattern, flags, path, line, rule_id)
    heads = _heads(needs, flags) if kind is RuleKind.BLOCK else None
    opens = bool(raw.get("opens", False))
    if opens and (heads is None or not all(heads)):
        raise CleanerError(
            "opens needs a block rule whose needs are each a line break and then text"
            " without one, compared as written",
            path=path,
            line=line,
            rule_id=rule_id,
        )
    line_rule = kind in (RuleKind.DROP, RuleKind.KEEP) and timeout is None and not needs
    block_rule = kind is RuleKind.BLOCK and timeout is None
    branches = _branches(compiled) if line_rule else ()
    return Rule(
        id=rule_id,
        kind=kind,
        pattern=compiled,
        reason=reason.strip(),
        path=path,
        line=line,
        keep_marker=bool(raw.get("keep_marker", False)),
        max_chars=raw.get("max_chars"),
        tail_chars=raw.get("tail_chars"),
        needs=_needs(needs, flags),
        after_cut=bool(raw.get("after_cut", False)),
        ends_body=bool(raw.get("ends_body", False)),
        edges_only=bool(raw.get("edges_only", False)),
        timeout=timeout,
        branches=branches,
        wide=tuple(needs_wide(part.pattern, part.flags) for part, _ in branches),
        wants=(
            tuple(step_wants(p, needs, bool(flags & regex.I)) for p in _steps(compiled, branches))
            if kind in (RuleKind.DROP, RuleKind.KEEP) and timeout is None
            else ()
        ),
        line_starts=line_start_form(compiled) if block_rule else None,
        heads=heads,
        opens=opens,
        gate=(
            parse_gate(raw["gate"], kind is RuleKind.BLOCK, flags, timeout, (path, line, rule_id))
            if "gate" in raw
            else None
        ),
    )


def _steps(
    compiled: regex.Pattern[str], branches: tuple[tuple[regex.Pattern[str], object], ...]
) -> list[regex.Pattern[str]]:
    """The patterns a line rule's steps search (``rulebook._pieces``)."""
    return [part for part, _ in branches] or [compiled]


def _needs(needs: Sequence[str], flags: int) -> regex.Pattern[str] | re.Pattern[str] | None:
    """``Rule.needs``: the literals as one alternation. Without IGNORECASE the standard
    ``re`` compiles it: for plain literals (escaped; the other flags change nothing in
    them) a match is the same fact in both engines, that one of them occurs, and ``re``
    finds it 1.7-3.5x sooner (0.47 → 0.27 µs a line for ``global.caption-credit``, 12.0
    → 3.4 µs a document for ``global.related-list``). Case-blind lists stay with ``regex``,
    whose case table the pattern uses (``tests/test_fast_needs.py``)."""
    if not needs:
        return None
    if flags & regex.IGNORECASE:
        return regex.compile("|".join(map(regex.escape, needs)), flags)
    return re.compile("|".join(map(re.escape, needs)))


def _heads(needs: Sequence[str], flags: int) -> tuple[str, ...] | None:
    """``Rule.heads``: the literals without their line break, where each is a line break
    and then text without one and case is compared as written. ``needs`` searches them in
    a line break and then the document (its lines joined by line breaks): ``"\nX"``, X
    without a line break, occurs there exactly where a line starts with X (a line holding
    no line break of its own; ``sieve.py`` checks that)."""
    if not needs or flags & regex.IGNORECASE:
        return None
    if not all(n.startswith("\n") and "\n" not in n[1:] for n in needs):
        return None
    return tuple(n[1:] for n in needs)


def _branches(
    pattern: regex.Pattern[str],
) -> tuple[tuple[regex.Pattern[str], regex.Pattern[str] | None], ...]:
    """``Rule.branches``: the alternatives compiled apart (the whole pattern when they
    cannot be read apart), each with the one-character pattern of what it can start with."""
    parts = split_branches(pattern.pattern)
    if parts is None:
        return ((pattern, None),)
    # The flags as given: V0 and the rule's, not the ones the engine adds at compile time.
    flags = pattern.flags & (regex.IGNORECASE | regex.MULTILINE | regex.DOTALL) | regex.V0
    found = []
    try:
        for part in parts:
            chars = first_chars(part) if anchored(part, flags) else None
            found.append(
                (
                    pattern if len(parts) == 1 else regex.compile(part, flags),
                    regex.compile(chars, flags) if chars else None,
                )
            )
    except (regex.error, RecursionError, OverflowError):
        return ((pattern, None),)  # a piece the engine reads otherwise: searched whole
    return tuple(found)


def _parse_test(raw: Any, path: str, line: int) -> RuleTest:
    if not isinstance(raw, dict) or not isinstance(raw.get("input"), str):
        raise CleanerError("[[test]] needs an 'input' string", path=path, line=line)
    _unknown(raw, _TEST_KEYS, "[[test]]", path, line)
    kind = raw.get("kind", "text")
    if kind not in ("text", "html", "auto"):
        raise CleanerError("test kind must be text, html or auto", path=path, line=line)
    url = raw.get("url")
    name = raw.get("name", f"line {line}")
    if not isinstance(name, str) or not isinstance(url, str | None):
        raise CleanerError("[[test]] name and url must be strings", path=path, line=line)
    return RuleTest(
        name=name,
        input=raw["input"],
        kind=kind,
        url=url,
        keep=_str_list(raw.get("keep", []), "keep", path, line),
        drop=_str_list(raw.get("drop", []), "drop", path, line),
        path=path,
        line=line,
    )


def parse_rule_file(text: str, path: str, *, user: bool = False) -> RuleFile:
    """Parse and compile one rule file. Raises :class:`CleanerError` naming file:line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_LINE.search(str(exc))
        line = int(where.group(1)) if where else None
        raise CleanerError(f"not valid TOML: {exc}", path=path, line=line) from exc
    except RecursionError as exc:  # tomllib parses nested arrays and tables recursively
        raise CleanerError(
            "TOML nested too deeply to read (arrays or inline tables inside each other)",
            path=path,
        ) from exc
    lines = text.splitlines()
    _unknown(data, _TOP_KEYS, "the file", path, 1)
    version = data.get("version")
    if not isinstance(version, (str, int)) or isinstance(version, bool):
        raise CleanerError("the file needs a top-level 'version'", path=path, line=1)
    timeout = USER_PATTERN_TIMEOUT if user else None

    source = data.get("source", {})
    if not isinstance(source, dict):
        raise CleanerError("[source] must be a table", path=path, line=1)
    _unknown(source, _SOURCE_KEYS, "[source]", path, 1)
    name = source.get("name") or Path(path).name.removesuffix(".toml")
    if not isinstance(name, str):
        raise CleanerError("[source] name must be a string", path=path, line=1)
    hosts = _str_list(source.get("hosts", [name] if source else []), "hosts", path, 1)
    signatures = tuple(
        _compile(s, 0, path, 1, None)
        for s in _str_list(source.get("signatures", []), "signatures", path, 1)
    )

    html_raw = data.get("html", {})
    if not isinstance(html_raw, dict):
        raise CleanerError("[html] must be a table", path=path, line=1)
    _unknown(html_raw, _HTML_KEYS, "[html]", path, 1)
    html = HtmlRules(**{k: _str_list(v, f"html.{k}", path, 1) for k, v in html_raw.items()})

    chrome_raw = data.get("chrome", {})
    if not isinstance(chrome_raw, dict):
        raise CleanerError("[chrome] must be a table of category = [tokens]", path=path, line=1)
    chrome = {
        cat: tuple(t.lower() for t in _str_list(v, f"chrome.{cat}", path, 1))
        for cat, v in chrome_raw.items()
    }
    for cat, tokens in chrome.items():
        for token in tokens:
            # A class/id name is matched token by token (split at white space): an empty
            # token or one with a space in it could never match, so it is an error.
            if not token or token != "".join(token.split()):
                raise CleanerError(
                    f"chrome.{cat}: {token!r} is not one class/id name (empty or spaced)",
                    path=path,
                    line=1,
                )

    builders_raw = data.get("builders", {})
    if not isinstance(builders_raw, dict):
        raise CleanerError("[builders] must be a table", path=path, line=1)
    _unknown(builders_raw, frozenset({"prefixes"}), "[builders]", path, 1)
    builder_prefixes = tuple(
        t.lower() for t in _str_list(builders_raw.get("prefixes", []), "builders.prefixes", path, 1)
    )

    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise CleanerError("rules must be written as [[rule]] tables", path=path, line=1)
    rule_lines = _header_lines(lines, "rule", len(raw_rules))
    rules = tuple(
        _parse_rule(raw, path, line, timeout)
        for raw, line in zip(raw_rules, rule_lines, strict=True)
    )
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise CleanerError("duplicate rule id", path=path, line=rule.line, rule_id=rule.id)
        seen.add(rule.id)
    raw_tests = data.get("test", [])
    if not isinstance(raw_tests, list):
        raise CleanerError("tests must be written as [[test]] tables", path=path, line=1)
    test_lines = _header_lines(lines, "test", len(raw_tests))
    tests = tuple(
        _parse_test(raw, path, line) for raw, line in zip(raw_tests, test_lines, strict=True)
    )
    return RuleFile(
        name=str(name),
        version=str(version),
        path=path,
        rules=rules,
        hosts=tuple(h.lower() for h in hosts),
        signatures=signatures,
        timeout=timeout,
        html=html,
        chrome=MappingProxyType(chrome),
        builder_prefixes=builder_prefixes,
        tests=tests,
    )


def load_rule_file(path: str | Path, *, user: bool = True) -> RuleFile:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_RULE_FILE_BYTES + 1)  # a FIFO or /dev/zero has no size
        if len(raw) > MAX_RULE_FILE_BYTES:
            raise LimitExceeded(
                "rule file",
                limit="MAX_RULE_FILE_BYTES",
                maximum=MAX_RULE_FILE_BYTES,
                actual=len(raw),
                unit="bytes (or more)",
                path=str(path),
            )
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CleanerError(f"cannot read rule file: {exc}", path=str(path)) from exc
    return parse_rule_file(text, str(path), user=user)


@cache
def builtin_rule_files() -> tuple[RuleFile, ...]:
    """The rule files shipped in the package, ``global`` first.

    Read once a process: they are package data, and a RuleFile is immutable (frozen, with
    tuples and a read-only mapping), so every Cleaner shares them. Parsing and compiling
    them was 31 of the 35-41 ms it took to build a second Cleaner (a worker that builds
    one per partition or per batch paid it each time)."""
    root = importlib.resources.files("cleaner") / "rules"
    files = sorted((p for p in root.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name)
    parsed = [
        parse_rule_file(p.read_text(encoding="utf-8"), f"cleaner/rules/{p.name}") for p in files
    ]
    return tuple(sorted(parsed, key=lambda f: (f.name != GLOBAL, f.name)))
