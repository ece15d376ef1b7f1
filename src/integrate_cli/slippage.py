"""Baselines and slippage: how far each stage's due date has moved from what was agreed.

A stage's baseline is the `baseline:` it declares (`integrate rebaseline` writes one),
else the due date of the first commit that gave it one. Slippage is the days from the
baseline's last day to the current due date's last day; a slip is a move of the due
date's last day to a later day, counted over the history since the baseline was set
(a move earlier is a move, not a slip). Stages are followed by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from integrate_cli.dates import ABSENT, When
from integrate_cli.githistory import Version
from integrate_cli.loader import LocDict
from integrate_cli.model import Playbook, Stage
from integrate_cli.sections import text

DECLARED, HISTORY, NONE = "declared", "history", "none"


@dataclass(slots=True)
class Slip:
    """One stage's baseline and how far it has slipped from it."""

    stage: str
    title: str
    source: str  # declared, history (first dated commit) or none
    baseline_when: When  # the baseline due date, resolved (ABSENT when none)
    current_when: When  # the current due date, resolved
    slips: int = 0  # moves to a later day since the baseline was set
    moves: int = 0  # every move of the last day, either way
    since: str = ""  # the commit that set the baseline (history), when known
    reason: str = ""  # a declared baseline's reason

    @property
    def baseline(self) -> str:
        """Return the baseline due date as written ('' when none)."""
        return self.baseline_when.text

    @property
    def baseline_end(self) -> date | None:
        """Return the last day of the baseline due date (None when none)."""
        return self.baseline_when.window.end

    @property
    def current(self) -> str:
        """Return the current due date as written."""
        return self.current_when.text

    @property
    def current_end(self) -> date | None:
        """Return the last day of the current due date."""
        return self.current_when.window.end

    @property
    def days(self) -> int | None:
        """Return the days the current due date is after the baseline (None: not known)."""
        if self.baseline_end is None or self.current_end is None:
            return None
        return (self.current_end - self.baseline_end).days

    def label(self) -> str:
        """Return the slippage as a table shows it: '+30d, slipped 2 times', 'on baseline'."""
        days = self.days
        if days is None:
            return "no baseline" if self.source == NONE else "-"
        said = "on baseline" if days == 0 else f"{days:+d}d"
        if self.slips:
            said += f", slipped {self.slips} time{'s' if self.slips != 1 else ''}"
        return said

    def to_dict(self) -> dict[str, Any]:
        """Return the slippage as JSON-ready data."""
        return {
            "source": self.source,
            "due": self.baseline or None,
            "due_end": self.baseline_end.isoformat() if self.baseline_end else None,
            "days": self.days,
            "slipped": self.slips,
            "moves": self.moves,
            "since": self.since or None,
            "reason": self.reason or None,
        }


def _declared(stage: Stage) -> str:
    raw = stage.raw.get("baseline")
    return text(raw, "due") if isinstance(raw, LocDict) else ""


def slips(versions: list[tuple[Version, Playbook]], current: Playbook) -> dict[str, Slip]:
    """Return each stage of `current` with its baseline and slippage, from the versions of
    its history (oldest first, each with its resolved playbook); pure."""
    out: dict[str, Slip] = {}
    for stage in current.stages:
        declared = _declared(stage)
        slip = Slip(
            stage.id,
            stage.title,
            DECLARED if declared else NONE,
            stage.baseline_date if declared else ABSENT,
            stage.due_date,
        )
        if declared:
            raw = stage.raw["baseline"]
            slip.reason = text(raw, "reason")
        last: When | None = None
        counting = False
        for version, playbook in versions:
            was = playbook.stage(stage.id)
            if was is None or not was.due_date.text:
                continue
            if declared:
                if not counting and _declared(was) == declared:
                    counting, last = True, was.due_date
                    slip.since = version.commit
                    continue
            elif slip.source == NONE:
                slip.source, slip.baseline_when = HISTORY, was.due_date
                slip.since = version.commit
                counting, last = True, was.due_date
                continue
            if counting and last is not None:
                _count(slip, last, was.due_date)
                last = was.due_date
        out[stage.id] = slip
    return out


def _count(slip: Slip, before: When, after: When) -> None:
    old, new = before.window.end, after.window.end
    if old == new:
        return
    slip.moves += 1
    if old is not None and (new is None or new > old):
        slip.slips += 1


def _dates_of(data: Any) -> Any:
    """Return what a version's stage dates are resolved from: each stage's and item's id,
    dates, status and record day (relative dates count from these), and baselines."""
    keys = ("id", "due", "start", "status", "baseline")
    out = []
    for stage in data.get("stages") or [] if isinstance(data, dict) else []:
        if not isinstance(stage, dict):
            continue
        items = [*(stage.get("criteria") or []), *(stage.get("decisions") or [])]
        parts = [stage] + [i for i in items if isinstance(i, dict)]
        for part in parts:
            record = part.get("record")
            on = record.get("on") if isinstance(record, dict) else None
            out.append((repr([part.get(k) for k in keys]), repr(on)))
    return out


def slippage(path: str, current: Playbook, *, as_of: date) -> dict[str, Slip]:
    """Return each stage's baseline and slippage from the git history of `path`.

    Outside git only declared baselines are known (no InputError: status still shows).
    A version is built into a typed playbook only when what its dates are resolved from
    differs from the version before (most commits record progress or edit text).
    """
    from integrate_cli.comparison import load_version
    from integrate_cli.errors import InputError
    from integrate_cli.githistory import read_history
    from integrate_cli.loader import load_text

    try:
        history = read_history(path)
    except InputError:
        return slips([], current)
    versions: list[tuple[Version, Playbook]] = []
    last: Any = None
    for version in history.versions:
        dates = _dates_of(load_text(version.text, path).data)
        if dates == last:
            continue
        last = dates
        try:
            versions.append((version, load_version(path, version, version.day or as_of)[0]))
        except InputError:  # a version that was not a playbook tells nothing
            continue
    return slips(versions, current)


def add_to_document(document: dict[str, Any], slips: dict[str, Slip]) -> None:
    """Give each stage of a status JSON document its `baseline` (None when unknown)."""
    for stage in document.get("stages", []):
        slip = slips.get(stage.get("id", ""))
        stage["baseline"] = slip.to_dict() if slip else None
