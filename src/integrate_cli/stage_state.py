"""A programme's state on one day, as values: each item, each stage, the programme.

status.py computes them (the rules are in docs/status.md); views, JSON and papers read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from integrate_cli.dates import When, Window
from integrate_cli.model import Playbook, Stage

RED, AMBER, GREEN, GREY = "red", "amber", "green", "grey"
SEVERITY = {RED: 3, AMBER: 2, GREEN: 1, GREY: 0}
DEFAULT_AMBER_DAYS = 14
OPEN = ("not-started", "in-progress", "blocked")


@dataclass(slots=True, eq=False)
class Item:
    """A dated thing a stage needs: the stage itself, a criterion, or a body's decision."""

    ref: str
    title: str
    kind: str
    status: str
    due_date: When  # its own due date, else its stage's
    done_on: date | None
    rag: str = GREEN
    reason: str = ""
    body: str = ""
    # What the file records for a later day: not counted on the as-of day, but shown.
    recorded_status: str = ""
    recorded_after: date | None = None

    @property
    def due_text(self) -> str:
        """Return the due date as written ('' when none)."""
        return self.due_date.text

    @property
    def due(self) -> Window:
        """Return the due window (TBC when none)."""
        return self.due_date.window

    def days_left(self, as_of: date) -> int | None:
        """Return days from as-of to the end of the due window (negative when overdue)."""
        return None if self.due.end is None else (self.due.end - as_of).days


@dataclass(slots=True, eq=False)
class StageState:
    """One stage on the as-of day."""

    stage: Stage
    status: str
    rag: str
    reasons: list[str]
    override: tuple[str, str] | None
    done: int
    total: int
    days_left: int | None
    blockers: list[str]
    items: list[Item] = field(default_factory=list)
    # Ids of the open stages it depends on, and of those whose lateness puts it at risk.
    waits_for: list[str] = field(default_factory=list)
    at_risk_from: list[str] = field(default_factory=list)

    @property
    def start_text(self) -> str:
        """Return the start date as written ('' when none)."""
        return self.stage.start_date.text

    @property
    def due_text(self) -> str:
        """Return the due date as written ('' when none)."""
        return self.stage.due_date.text

    @property
    def start(self) -> Window:
        """Return the start window (TBC when none)."""
        return self.stage.start_date.window

    @property
    def due(self) -> Window:
        """Return the due window (TBC when none)."""
        return self.stage.due_date.window

    @property
    def overdue(self) -> bool:
        """True when the stage is open and its due window has ended."""
        return self.status in OPEN and self.days_left is not None and self.days_left < 0


@dataclass(slots=True, eq=False)
class ProgrammeStatus:
    """A programme on the as-of day: stages in dependency order, RAG, readiness, next."""

    playbook: Playbook
    as_of: date
    stages: list[StageState]
    rag: str
    done: int
    total: int
    next: list[Item]
    overdue: list[Item]

    @property
    def readiness(self) -> float:
        """Return the share of in-scope criteria that are done (0.0 to 1.0)."""
        return self.done / self.total if self.total else 0.0
