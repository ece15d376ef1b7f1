"""Inline suppressions: `# integrate: ignore[CODE, CODE] reason` comments in a playbook.

A comment at the end of a line covers that line; on the line of a list item (a stage's
`- id:`) or on its own line just above one, it covers the whole item, down to the next
line indented no deeper than the item's `-`. A comment on its own line above anything
else covers the next line. Comments are found by a line scan: a `#` starts a comment
at the start of a line or after a space, outside single or double quotes on that line
(a `#` inside a block scalar's text is read as a comment too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from integrate_cli.findings import Finding

MARK = "integrate:"
_COMMENT = re.compile(r"#\s*integrate:\s*ignore\[([^\]]*)\]\s*(.*?)\s*$")
_ITEM = re.compile(r"\s*- |\s*-$")


@dataclass(slots=True, eq=False)
class Suppression:
    """One suppression comment: where it is, its codes, its reason and the lines it covers."""

    line: int
    col: int
    codes: tuple[str, ...]
    reason: str
    first: int
    last: int
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> bool:
        """Return True when the finding is on a covered line and has one of the codes."""
        return finding.code in self.codes and self.first <= finding.line <= self.last


def comment_at(line: str) -> int:
    """Return the index of the `#` that starts the line's comment, or -1 for none."""
    quote = ""
    i = 0
    while i < len(line):
        char = line[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if quote:
            if char == quote == "'" and line[i + 1 : i + 2] == "'":  # '' inside '...'
                i += 2
                continue
            if char == quote:
                quote = ""
        elif char in "'\"" and (i == 0 or line[i - 1] in " \t[{,:-"):
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
        i += 1
    return -1


def _significant(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _item_end(lines: list[str], start: int) -> int:
    """Return the 0-based index of the last significant line of the item at `start`."""
    dash = _indent(lines[start])
    last = start
    for i in range(start + 1, len(lines)):
        if not _significant(lines[i]):
            continue
        if _indent(lines[i]) <= dash:
            break
        last = i
    return last


def find_suppressions(text: str) -> list[Suppression]:
    """Return every suppression comment in the text, with the lines each covers."""
    if MARK not in text:
        return []
    lines = text.splitlines()
    found = []
    for index, line in enumerate(lines):
        if MARK not in line:
            continue
        at = comment_at(line)
        match = _COMMENT.search(line, at) if at >= 0 else None
        if match is None:
            continue
        codes = tuple(c.strip().upper() for c in match.group(1).split(",") if c.strip())
        target = index
        if not line[:at].strip():  # a comment on its own line covers what follows it
            target = next(
                (i for i in range(index + 1, len(lines)) if _significant(lines[i])), index
            )
        last = _item_end(lines, target) if _ITEM.match(lines[target]) else target
        first = min(index, target)
        found.append(Suppression(index + 1, at + 1, codes, match.group(2), first + 1, last + 1))
    return found


def suppress(
    findings: list[Finding], found: list[Suppression]
) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """Return the findings left active and the suppressed ones with their reasons.

    Each suppression notes the codes it was used for.
    """
    if not found:
        return findings, []
    active: list[Finding] = []
    waived: list[tuple[Finding, str]] = []
    for finding in findings:
        match = next((s for s in found if s.covers(finding)), None)
        if match is None:
            active.append(finding)
        else:
            match.used.add(finding.code)
            waived.append((finding, match.reason))
    return active, waived


def suppression_findings(path: str, found: list[Suppression], known: set[str]) -> list[Finding]:
    """Return SUPPRESSION-NO-REASON and SUPPRESSION-UNUSED findings for the comments."""
    from integrate_cli.codes import level_of
    from integrate_cli.schema_types import nearest

    out = []
    for s in found:
        at = (s.line, s.col)
        if not s.reason:
            out.append(
                Finding(
                    path,
                    *at,
                    level_of("SUPPRESSION-NO-REASON"),
                    "SUPPRESSION-NO-REASON",
                    "suppression gives no reason",
                    "say why after the brackets: # integrate: ignore[CODE] the reason",
                )
            )
        if not s.codes:
            out.append(_unused(path, at, "names no code", "put a code in the brackets"))
        for code in s.codes:
            if code in s.used:
                continue
            if code not in known:
                hint = nearest(code, sorted(known)).strip() or "'integrate rules' lists the codes"
                out.append(_unused(path, at, f"ignore[{code}]: no rule has this code", hint))
            else:
                out.append(
                    _unused(
                        path,
                        at,
                        f"ignore[{code}] matched no finding",
                        "remove it, or move it to the line or stage of the finding",
                    )
                )
    return out


def _unused(path: str, at: tuple[int, int], message: str, hint: str) -> Finding:
    from integrate_cli.codes import level_of

    code = "SUPPRESSION-UNUSED"
    return Finding(path, at[0], at[1], level_of(code), code, message, hint)
