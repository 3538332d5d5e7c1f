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
