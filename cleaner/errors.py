"""The one exception the library raises on purpose."""

from __future__ import annotations


class CleanerError(Exception):
    """Raised for input the cleaner cannot read and for malformed rule files.

    Attributes name where the problem is, when known: ``path`` (a file), ``line`` (1-based,
    in that file) and ``rule_id``. ``str(error)`` always carries them too.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        rule_id: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.rule_id = rule_id
        where = ""
        if path is not None:
            where = path if line is None else f"{path}:{line}"
        if rule_id is not None:
            where = f"{where} [rule {rule_id}]" if where else f"[rule {rule_id}]"
        super().__init__(f"{where}: {message}" if where else message)


class LimitExceeded(CleanerError):
    """Input over one of the named limits (the README's "Limits", ``docs/threat-model.md``),
    refused before the work that it would make slow or large. ``limit`` is the constant's
    name, ``maximum`` its value, ``actual`` what the input has (at least: counting may stop
    past the limit)."""

    def __init__(
        self,
        what: str,
        *,
        limit: str,
        maximum: int,
        actual: int,
        unit: str,
        path: str | None = None,
        line: int | None = None,
        rule_id: str | None = None,
    ) -> None:
        self.limit = limit
        self.maximum = maximum
        self.actual = actual
        super().__init__(
            f"{what} has {actual:,} {unit}, over the {limit} limit of {maximum:,} "
            f"by {actual - maximum:,}",
            path=path,
            line=line,
            rule_id=rule_id,
        )
