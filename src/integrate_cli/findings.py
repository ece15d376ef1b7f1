"""Findings: the problems a check reports, as plain data."""

from __future__ import annotations

from typing import Any, NamedTuple

from integrate_cli.codes import DEFAULT_LEVEL, ERROR, WARNING

LEVELS = (ERROR, WARNING)

__all__ = ["ERROR", "LEVELS", "WARNING", "Finding", "Sink"]


class Finding(NamedTuple):
    """One problem in one file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    level: str
    code: str
    message: str
    hint: str = ""
    where: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        """Return the key that orders findings by file and position."""
        return (self.path, self.line, self.col, self.code)

    def fails(self, *, strict: bool) -> bool:
        """Return True when this finding makes a run fail."""
        return self.level == ERROR or strict

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as the JSON reporters print it."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "level": self.level,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "where": self.where,
        }


class Sink:
    """Collects findings for one file."""

    __slots__ = ("findings", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []

    def add(
        self,
        code: str,
        at: tuple[int, int],
        message: str,
        hint: str = "",
        *,
        where: str = "",
        level: str | None = None,
    ) -> None:
        """Record a finding; the level defaults to the code's level in the codes table."""
        self.findings.append(
            Finding(
                self.path, at[0], at[1], level or DEFAULT_LEVEL[code], code, message, hint, where
            )
        )
