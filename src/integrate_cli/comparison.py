"""Compare a playbook at two points of its git history: the core of `integrate changes`.

A point is a revision (`abc123`, `v2`, `HEAD~3`), a day (the last version committed on
or before it), or `last-paper`: the meeting day of the latest paper the playbook lists
whose meeting came before the end point. Without an end point the comparison runs to
now: the working tree, uncommitted edits included (and marked so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from integrate_cli.changes import KINDS, Change, risk_changes, stage_changes
from integrate_cli.changes_money import budget_changes
from integrate_cli.errors import InputError
from integrate_cli.githistory import History, Version, read_history
from integrate_cli.loader import LocDict
from integrate_cli.model import Playbook
from integrate_cli.status import NO_SETTING, Amber

LAST_PAPER = "last-paper"


@dataclass(slots=True)
class Point:
    """One end of a comparison: what was asked, its day and the version in effect then
    (None: the playbook did not exist yet)."""

    asked: str
    day: date
    version: Version | None
    commit: str = ""  # the revision asked for, when one was

    def to_dict(self) -> dict[str, Any]:
        """Return the point as JSON-ready data."""
        v = self.version
        return {
            "asked": self.asked,
            "day": self.day.isoformat(),
            "commit": v.commit or None if v else None,
            "author": v.author or None if v else None,
            "committed": v.when.isoformat() if v and v.when else None,
            "uncommitted": bool(v and v.uncommitted),
        }


@dataclass(slots=True)
class Comparison:
    """What changed in one playbook from `since` to `until`, and notes for the reader."""

    path: str
    since: Point
    until: Point
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as JSON-ready data."""
        return {
            "path": self.path,
            "since": self.since.to_dict(),
            "until": self.until.to_dict(),
            "changes": [c.to_dict() for c in self.changes],
            "notes": self.notes,
        }


def everything(old: Playbook, new: Playbook) -> tuple[list[Change], dict[str, str]]:
    """Return every change from `old` to `new` but RAG (that needs the days), ordered by
    kind then as the new playbook lists them, and new stage id -> old id."""
    stages, match = stage_changes(old, new)
    found = stages + risk_changes(old, new) + budget_changes(old, new)
    order = list(KINDS)
    return sorted(found, key=lambda c: order.index(c.kind)), match


def single_day(value: str) -> date | None:
    """Return the day `value` names when it is a single day, else None.

    Raises InputError for a date that is not one day (a month, a quarter...).
    """
    from integrate_cli.dates import DateError, Fixed, parse_date

    try:
        expr = parse_date(value)
    except DateError:
        return None
    if isinstance(expr, Fixed) and expr.window.start and expr.window.start == expr.window.end:
        return expr.window.start
    raise InputError(
        f"{value!r} is not a single day; give a day (2017-11-08), a revision or last-paper"
    )


def load_version(path: str, version: Version, day: date) -> tuple[Playbook, int]:
    """Return the typed, checked playbook of a version and how many errors stop its view.

    Raises InputError when that version cannot be read as a playbook at all.
    """
    from integrate_cli.check import blocking, check_loaded
    from integrate_cli.loader import load_text

    name = f"{path}@{version.short}"
    result = check_loaded(load_text(version.text, name), day)
    if result.playbook is None:
        first = result.findings[0] if result.findings else None
        where = f"{first.line}:{first.col}: {first.message}" if first else "not a playbook"
        raise InputError(
            f"{name}:{where}; choose a point where the playbook could be read (--since/--until)"
        )
    return result.playbook, len(blocking(result.findings))


def _point(history: History, asked: str) -> Point:
    day = single_day(asked)
    if day is not None:
        return Point(asked, day, history.at_day(day))
    version, commit, day = history.at_rev(asked)
    return Point(asked, day, version, commit)


def _last_paper(path: str, playbook: Playbook, before: date) -> date:
    days = [d for p in playbook.papers if (d := p.meeting_day) is not None and d < before]
    if not days:
        raise InputError(
            f"{path}: no paper in the playbook met before {before.isoformat()}, so "
            "there is no last paper; give --since REV or --since DATE"
        )
    return max(days)


def compare(
    path: str, *, since: str, until: str | None, as_of: date, amber: Amber = NO_SETTING
) -> Comparison:
    """Return what changed in the playbook at `path` between two points of its history;
    RAG on each day with the amber window `amber` gives (as `integrate status` does).

    Raises InputError outside git, for an unknown revision, or when a version that must
    be read is not a playbook.
    """
    history = read_history(path)
    last = history.versions[-1]
    end = Point("now", as_of, last) if until is None else _point(history, until)
    if end.version is None:
        raise InputError(f"{path}: the playbook did not exist at {until}; choose a later --until")
    new, new_errors = load_version(path, end.version, end.day)
    if since == LAST_PAPER:
        day = _last_paper(path, new, end.day)
        start = Point(f"{LAST_PAPER} ({day.isoformat()})", day, history.at_day(day))
    else:
        start = _point(history, since)
    comparison = Comparison(path, start, end)
    if start.day > end.day:
        raise InputError(
            f"{path}: --since ({start.day.isoformat()}) is after --until ({end.day.isoformat()})"
        )
    if start.version is None:
        comparison.notes.append(f"the playbook was not yet committed on {start.day.isoformat()}")
        old = Playbook(path, "", "", LocDict((1, 1)))
        old_errors = 0
    else:
        old, old_errors = load_version(path, start.version, start.day)
    changes, match = everything(old, new)
    if old_errors or new_errors:
        comparison.notes.append(
            "RAG is not compared: a version has errors (run integrate validate on it)"
        )
    elif start.version is not None:
        from integrate_cli.changes_rag import rag_changes

        changes += rag_changes(old, start.day, new, end.day, match, amber)
    if end.version.uncommitted:
        comparison.notes.append("now includes uncommitted edits in the working tree")
    comparison.changes = changes
    return comparison
