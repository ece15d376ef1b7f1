"""The computed parts of a paper, in words a committee reads: the programme's status as of
the paper's meeting, told with titles and with dates as they are written.

A paper is written before its meeting, so a decision the meeting itself is asked to take
is "for decision at this meeting", never done, whatever the file records for that day.
One status, computed once for the paper's day, gives every stage its one RAG wherever the
paper shows it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from integrate_cli.dates import MONTH_NAMES, When, Window
from integrate_cli.model import Playbook
from integrate_cli.stage_state import OPEN, Item, ProgrammeStatus, StageState

AT_MEETING = "for decision at this meeting"
STATUS_WORDS = {
    "done": "Done",
    "in-progress": "In progress",
    "not-started": "Not started",
    "blocked": "Blocked",
    "dropped": "Dropped",
}


def long_day(day: date | None) -> str:
    """Return a day as a paper's header prints it: 8 November 2017."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}" if day else ""


def month_span(window: Window) -> str:
    """Return the months a window covers: October 2017, or April 2018 to March 2019."""
    if window.start is None or window.end is None:
        return "date to be confirmed"
    first = f"{MONTH_NAMES[window.start.month - 1]} {window.start.year}"
    last = f"{MONTH_NAMES[window.end.month - 1]} {window.end.year}"
    return first if first == last else f"{first} to {last}"


@dataclass(slots=True)
class PaperStatus:
    """The status a paper reports: one programme status, its meeting and the titles of
    everything a date can count from."""

    playbook: Playbook
    status: ProgrammeStatus
    meeting_day: date | None  # None once the paper is as of a day after its meeting
    meeting_body: str  # the display name of the body the paper goes to ('' for none)
    names: dict[str, str]
    titles: dict[str, str] = field(default_factory=dict)
    recorded: dict[tuple[str, str], When] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for stage in self.playbook.stages:
            self.titles.setdefault(stage.id, stage.title)
            if stage.record:
                self.recorded[(stage.id, "")] = stage.record.on_date
            for c in stage.criteria:
                ref = f"{stage.id}.{c.id}"
                self.titles.setdefault(ref, c.title)
                if c.record:
                    self.recorded[(ref, "")] = c.record.on_date
            for d in stage.decisions:
                ref = f"{stage.id}.{d.id}"
                self.titles.setdefault(ref, d.title)
                for body, record in d.taken.items():
                    self.recorded[(ref, self.names.get(body, body))] = record.on_date

    # Dates

    def date_words(self, when: When) -> str:
        """Return a date as the paper prints it: as written ('January 2018', 'early March
        2017'); one day in full (8 November 2017); a relative date with its anchor's title
        and the month it falls in ('6 months after Go-live (October 2017)')."""
        text = " ".join(when.text.split())
        if when.form == "absent" or not text:
            return "TBC"
        if when.form == "day" and when.window.start is not None:
            return long_day(when.window.start)
        if when.form == "relative" and when.anchor:
            span = month_span(when.window)
            title = self.titles.get(when.anchor, "")
            if title and text.lower().endswith(when.anchor.lower()):
                return f"{text[: -len(when.anchor)]}{title} ({span})"
            return span
        return text

    def done_words(self, item: Item) -> str:
        """Return when an item was done, as its record writes it ('' when not done)."""
        when = self.recorded.get((item.ref, item.body if item.kind == "decision" else ""))
        if when is not None and when.text:
            return self.date_words(when)
        return long_day(item.done_on)

    # This meeting

    def at_meeting(self, item: Item) -> bool:
        """True when the decision is one this paper's meeting is asked to take: the
        meeting's own body, due on the meeting day or recorded on it."""
        day = self.meeting_day
        if day is None or item.kind != "decision" or item.body != self.meeting_body:
            return False
        recorded = self.recorded.get((item.ref, item.body))
        if recorded is not None and recorded.window.start == day:
            return True
        if item.status == "done":
            return False
        due = item.due
        return due.start is not None and due.end is not None and due.start <= day <= due.end

    def stage_at_meeting(self, state: StageState) -> bool:
        """True when the stage waits on a decision this meeting is asked to take."""
        return any(self.at_meeting(i) for i in state.items)

    # Stages

    def stage_status(self, state: StageState) -> str:
        """Return the stage's status in words."""
        if self.stage_at_meeting(state):
            return "For decision at this meeting"
        return STATUS_WORDS.get(state.status, state.status)

    def stage_reasons(self, state: StageState) -> list[str]:
        """Return why a stage is not green, then what it waits for, with titles."""
        out: list[str] = []
        if state.override:
            out.append(state.override[1])
        own = state.items[0]
        here = self.stage_at_meeting(state)
        if (
            state.status in OPEN
            and own.rag in ("red", "amber")
            and not (here and own.rag == "amber")
        ):
            out.append(_reason_words(own.reason))
        for dep in state.waits_for:
            title = self.titles.get(dep, dep)
            at_risk = dep in state.at_risk_from
            out.append(f"{'At risk: waits' if at_risk else 'Waits'} for {title}")
        owed: dict[str, list[str]] = {}
        for item in state.items[1:]:
            if item.status == "blocked":
                out.append(f"{self.titles.get(item.ref, item.title)}: blocked")
            elif item.kind == "decision" and self.at_meeting(item):
                out.append(f"{self.titles.get(item.ref, item.title)}: {AT_MEETING}")
            elif item.kind == "decision" and item.status != "done":
                owed.setdefault(self.titles.get(item.ref, item.title), []).append(item.body)
            elif item.status in OPEN and item.rag in ("red", "amber"):
                out.append(f"{item.title}: {_reason_words(item.reason).lower()}")
        out += [f"{title}: owed by {', '.join(bodies)}" for title, bodies in owed.items()]
        return list(dict.fromkeys(out))

    def stages(self) -> list[dict[str, Any]]:
        """Return a row for each stage, in dependency order."""
        return [
            {
                "id": s.stage.id,
                "title": s.stage.title,
                "kind": s.stage.kind,
                "start": self.date_words(s.stage.start_date) if s.start_text else "",
                "due": self.date_words(s.stage.due_date),
                "due_end": long_day(s.due.end) if s.due.end else "TBC",
                "status": self.stage_status(s),
                "state": s.status,
                "at_meeting": self.stage_at_meeting(s),
                "rag": s.rag,
                "criteria": f"{s.done}/{s.total}",
                "reasons": "; ".join(self.stage_reasons(s)),
            }
            for s in self.status.stages
        ]

    # Items

    def rag_of(self, item: Item) -> str:
        """Return an item's RAG; a stage's own item has its stage's RAG, as everywhere."""
        for state in self.status.stages:
            if state.items and state.items[0] is item:
                return state.rag
        return item.rag

    def item(self, item: Item) -> dict[str, Any]:
        """Return an item (a stage, criterion or body's decision) in words."""
        at_meeting = self.at_meeting(item)
        due = self.date_words(item.due_date)
        return {
            "ref": item.ref,
            "title": item.title,
            "kind": item.kind,
            "due": due,
            "when": AT_MEETING if at_meeting else _by(item.due_date, due),
            "at_meeting": at_meeting,
            "rag": self.rag_of(item),
            "status": AT_MEETING if at_meeting else STATUS_WORDS.get(item.status, item.status),
            "body": item.body,
        }

    def items(self) -> list[Item]:
        """Return every item of the stages in scope, in stage order."""
        return [i for s in self.status.stages if s.status != "dropped" for i in s.items]

    def decisions_sought(self) -> list[dict[str, Any]]:
        """Return the decisions still to be taken: this meeting's first, then by due date."""
        owed = [
            i
            for i in self.items()
            if i.kind == "decision" and (i.status != "done" or self.at_meeting(i))
        ]
        owed.sort(key=lambda i: (not self.at_meeting(i), i.due.end or date.max))
        return [self.item(i) for i in owed]

    def _sought_here(self, item: Item) -> bool:
        """True for this meeting's decisions and the stages that wait on them."""
        if self.at_meeting(item):
            return True
        state = self._stage_of(item)
        return state is not None and self.stage_at_meeting(state)

    def due_between(self, start: date, end: date) -> list[dict[str, Any]]:
        """Return the open items due from `start` to `end`, soonest first (not this
        meeting's decisions: those are sought, not next)."""
        items = [
            i
            for i in self.items()
            if i.status in OPEN
            and i.due.end
            and start <= i.due.end <= end
            and not self._sought_here(i)
        ]
        items.sort(key=lambda i: (i.due.end or date.max, i.ref))
        return [self.item(i) for i in items]

    def overdue(self) -> list[dict[str, Any]]:
        """Return the open items whose due window ended before the paper's day."""
        return [self.item(i) for i in self.status.overdue if not self._sought_here(i)]

    def done_between(self, since: date, day: date) -> list[dict[str, Any]]:
        """Return what was done after `since` up to `day`, not counting this meeting's own
        decisions, each with its day as recorded."""
        items = [
            i
            for i in self.items()
            if i.status == "done"
            and i.done_on
            and since < i.done_on <= day
            and not self._sought_here(i)
        ]
        items.sort(key=lambda i: (i.done_on or date.min, i.ref))
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for i in items:  # a decision taken by several bodies on one day is one row
            on = self.done_words(i)
            row = rows.setdefault((i.ref, on), {"ref": i.ref, "title": "", "on": on, "bodies": []})
            row["bodies"] += [i.body] if i.body else []
            title = self.titles.get(i.ref, i.title) if i.body else i.title
            row["title"] = f"{title} ({', '.join(row['bodies'])})" if i.body else title
        return list(rows.values())

    def _stage_of(self, item: Item) -> StageState | None:
        return next((s for s in self.status.stages if s.items and s.items[0] is item), None)

    def readiness(self) -> tuple[int, int]:
        """Return (done, total) items (this meeting's decisions are not done: see Sought)."""
        return self.status.done, self.status.total


def _by(when: When, words: str) -> str:
    """Return when something is due as a list item ends: 'by May 2018', or as written
    when it has no date ('dates to be added')."""
    return words if when.window.end is None else f"by {words}"


def _reason_words(reason: str) -> str:
    """Return a status reason as a sentence starts it: 'Overdue by 5 days', 'Due today'."""
    if reason == "due in 0 days":
        return "Due today"
    return reason[:1].upper() + reason[1:]


__all__ = ["AT_MEETING", "PaperStatus", "long_day", "month_span"]
