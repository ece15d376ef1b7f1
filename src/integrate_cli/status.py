"""Where a programme stands on a given day: stage states, RAG and readiness (pure).

The rules are written down in docs/status.md; each is tested on its own.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from integrate_cli.dates import Window
from integrate_cli.model import Playbook, Record, Stage
from integrate_cli.resolve import resolved
from integrate_cli.stage_state import (
    AMBER,
    DEFAULT_AMBER_DAYS,
    GREEN,
    GREY,
    OPEN,
    RED,
    SEVERITY,
    Item,
    ProgrammeStatus,
    StageState,
)


def _on(record: Record | None) -> date | None:
    return record.on_date.window.start if record else None


def _on_the_day(item: Item, as_of: date) -> None:
    """Set the status an item had on `as_of`: progress recorded later had not happened.

    The item keeps what the file records (`recorded_status`, `recorded_after`) so that a
    view can say so.
    """
    recorded = item.done_on
    if recorded is None or recorded <= as_of:
        return
    item.recorded_status, item.recorded_after = item.status, recorded
    item.done_on = None
    if item.status != "not-started":
        item.status = "not-started" if item.status == "in-progress" else "in-progress"


def _rag_of_item(item: Item, as_of: date, amber_days: int, start: Window | None) -> None:
    days = item.days_left(as_of)
    if item.status in ("done", "dropped"):
        item.rag, item.reason = (GREEN, "done") if item.status == "done" else (GREY, "dropped")
    elif item.status == "blocked":
        item.rag, item.reason = RED, "blocked"
    elif days is not None and days < 0:
        item.rag, item.reason = RED, f"overdue by {-days} day{'s' if days != -1 else ''}"
    elif days is not None and days <= amber_days:
        item.rag, item.reason = AMBER, f"due in {days} day{'s' if days != 1 else ''}"
    elif (
        start is not None
        and item.status == "not-started"
        and start.end is not None
        and start.end < as_of
    ):
        item.rag, item.reason = AMBER, "started late"
    elif item.due.end is None:
        item.rag, item.reason = GREY, "due date TBC"
    else:
        item.rag, item.reason = GREEN, "on track"


def dependency_order(playbook: Playbook) -> list[Stage]:
    """Return stages so that each comes after the stages it depends on.

    Relative dates count as dependencies on their anchors. Among stages that are ready,
    earlier due dates come first, then file order; stages in a dependency cycle keep
    their file order at the end.
    """
    from integrate_cli.graph import first_index, topological_order

    stages = resolved(playbook).stages
    index = first_index([s.id for s in stages])
    needs: list[list[int]] = []
    for stage in stages:
        refs = [*(dep for dep, _ in stage.depends_on), *stage.anchors()]
        needs.append([index[ref] for ref in refs if ref in index])
    far = date.max
    priority = [s.due_date.window.end or far for s in stages]
    return [stages[n] for n in topological_order(needs, priority)]


class Amber(NamedTuple):
    """Where the amber window comes from: `--amber-days`, else the playbook's own
    `amber_days`, else the repository's `.integrate.yaml`, else 14 days."""

    flag: int | None = None
    repo: int | None = None

    def days(self, playbook: Playbook) -> int:
        """Return the amber window for `playbook`, the nearest setting first."""
        for days in (self.flag, playbook.amber_days, self.repo):
            if days is not None:
                return days
        return DEFAULT_AMBER_DAYS


NO_SETTING = Amber()


class Sought(NamedTuple):
    """A meeting a paper is written for: the decisions `body` takes at it (recorded on
    `day`) are sought, not yet taken, when the paper is written."""

    body: str
    day: date


def programme_status(
    playbook: Playbook,
    as_of: date,
    *,
    amber_days: int | None = None,
    amber: Amber = NO_SETTING,
    sought: Sought | None = None,
) -> ProgrammeStatus:
    """Return where every stage of `playbook` stands on `as_of`, with RAG and readiness.

    `amber_days` is a window for this call alone; `amber` says where it comes from otherwise.
    `sought` is the meeting a paper is written for: what the file records its body deciding
    that day had not happened when the paper was written (nor the stage it completes).
    """
    resolved(playbook)
    if amber_days is None:
        amber_days = amber.days(playbook)
    names = playbook.names()
    states: dict[str, StageState] = {}
    for stage in dependency_order(playbook):
        states[stage.id] = _stage_state(stage, as_of, amber_days, names, states, sought)
    ordered = list(states.values())
    rags = [s.rag for s in ordered if s.status != "dropped"]
    open_rags = [r for r in rags if r != GREY]
    rag = max(open_rags, key=SEVERITY.__getitem__) if open_rags else (GREY if rags else GREEN)
    items = [i for s in ordered if s.status != "dropped" for i in s.items]
    pending = [i for i in items if i.status in OPEN]
    upcoming = sorted(
        (i for i in pending if i.due.end is not None and i.due.end >= as_of),
        key=lambda i: (i.due.end or date.max, i.ref),
    )
    overdue = sorted(
        (i for i in pending if i.due.end is not None and i.due.end < as_of),
        key=lambda i: (i.due.end or date.max, i.ref),
    )
    return ProgrammeStatus(
        playbook,
        as_of,
        ordered,
        rag,
        sum(s.done for s in ordered),
        sum(s.total for s in ordered),
        upcoming[:3],
        overdue,
    )


def _stage_state(
    stage: Stage,
    as_of: date,
    amber_days: int,
    names: dict[str, str],
    states: dict[str, StageState],
    sought: Sought | None = None,
) -> StageState:
    start = stage.start_date.window
    own = Item(stage.id, stage.title, "stage", stage.status, stage.due_date, _on(stage.record))
    _on_the_day(own, as_of)
    taken_there = {
        (d.id, body)
        for d in stage.decisions
        for body, record in d.taken.items()
        if sought and body == sought.body and _on(record) == sought.day
    }
    if taken_there and sought and own.done_on == sought.day:  # completed by that decision
        own.status, own.done_on = "in-progress", None
    stage_status = own.status
    _rag_of_item(own, as_of, amber_days, start)
    items: list[Item] = []
    blocked: list[str] = []
    for c in stage.criteria:
        item = Item(
            f"{stage.id}.{c.id}",
            c.title,
            "criterion",
            c.status,
            c.due_date,
            _on(c.record),
        )
        _on_the_day(item, as_of)
        _rag_of_item(item, as_of, amber_days, None)
        items.append(item)
        if item.status == "blocked":
            why = c.record.reason if c.record else ""
            blocked.append(f"{item.ref} blocked" + (f": {why}" if why else ""))
    for d in stage.decisions:
        for body, _ in d.bodies:
            record = d.taken.get(body)
            item = Item(
                f"{stage.id}.{d.id}",
                f"{d.title} ({names.get(body, body)})",
                "decision",
                "done" if record else "not-started",
                d.due_date,
                _on(record),
                body=names.get(body, body),
            )
            if item.done_on is not None and item.done_on > as_of:
                # taken after the as-of day: still owed on that day
                item.recorded_status, item.recorded_after = "taken", item.done_on
                item.status, item.done_on = "not-started", None
            elif (d.id, body) in taken_there:  # sought at the meeting the paper is for
                item.status, item.done_on = "not-started", None
            _rag_of_item(item, as_of, amber_days, None)
            items.append(item)
    waits_for = [d for d, _ in stage.depends_on if d in states and states[d].status in OPEN]
    at_risk = [d for d in waits_for if _puts_at_risk(stage, stage_status, states[d], as_of)]
    blockers = [
        f"{'at risk: ' if d in at_risk else ''}waits for {d} ({states[d].status}, {states[d].rag})"
        for d in waits_for
    ]
    blockers += blocked
    owed: dict[str, list[str]] = {}
    for i in items:
        if i.kind == "decision" and i.status != "done":
            owed.setdefault(i.ref.split(".", 1)[1], []).append(i.body)
    blockers += [f"decision {d} owed by {', '.join(bodies)}" for d, bodies in owed.items()]
    rag, reasons = own.rag, [own.reason]
    if stage_status in OPEN:
        for item in items:
            if item.status in OPEN and SEVERITY[item.rag] > SEVERITY[rag] and item.rag != GREEN:
                rag, reasons = item.rag, [f"{item.ref} {item.reason}"]
        if at_risk and rag == GREEN:
            rag, reasons = AMBER, [f"at risk: waits for {', '.join(at_risk)}"]
    if stage.rag_override:
        reasons = [f"override: {stage.rag_override[1]} (computed {rag})"]
        rag = stage.rag_override[0]
    scope = [i for i in items if i.status != "dropped"] or (
        [own] if stage_status != "dropped" else []
    )
    return StageState(
        stage,
        stage_status,
        rag,
        reasons,
        stage.rag_override,
        sum(1 for i in scope if i.status == "done"),
        len(scope),
        own.days_left(as_of),
        blockers,
        [own, *items],
        waits_for,
        at_risk,
    )


def _puts_at_risk(stage: Stage, status: str, dep: StageState, as_of: date) -> bool:
    """True when a red dependency eats into the stage's own window (docs/status.md, rule 10).

    The window has begun when the stage's start has come or, with no start written, when
    the dependency's due date has passed: from then on, each day the dependency stays open
    is a day less for the stage.
    """
    if status not in OPEN or dep.rag != RED or dep.status not in OPEN:
        return False
    begins = stage.start_date.window.start
    if begins is None:
        return dep.due.end is not None and dep.due.end < as_of
    return begins <= as_of
