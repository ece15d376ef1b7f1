"""Rules about committee deadlines: notices, agenda publication and the body's calendar.

Each is a warning (a view still shows the playbook); raise it to an error in
`.integrate.yaml` to make CI fail on it. Counting is integrate_cli.meetings'.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from integrate_cli.dates import When
from integrate_cli.rulebook import Context, rule
from integrate_cli.sections import Paper

if TYPE_CHECKING:
    from integrate_cli.deadlines import BodyCalendar


def _day(when: When) -> date | None:
    window = when.window
    return window.start if window.known and window.start == window.end else None


def _shown(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


def _config_bodies(context: Context) -> dict[str, Any]:
    """Return the repository config's body settings for the playbook, if it has a config."""
    path = context.playbook.path
    if not os.path.isfile(path):
        return {}
    from integrate_cli.config_path import find_config

    if find_config(path) is None:  # most repositories: the config module is not loaded
        return {}
    from integrate_cli.config import config_for
    from integrate_cli.errors import IntegrateError

    try:
        config = config_for(path)
    except IntegrateError:  # a broken config is reported by the command that reads it
        return {}
    return dict(config.bodies) if config else {}


def _calendars(context: Context) -> Mapping[str, BodyCalendar]:
    """Return each body's calendar and rules (the playbook's over the config's), made once
    per playbook for every rule that needs them."""
    if "calendars" not in context.memo:
        from integrate_cli.deadlines import calendars

        context.memo["calendars"] = calendars(context.playbook, _config_bodies(context))
    found: Mapping[str, BodyCalendar] = context.memo["calendars"]
    return found


def _ahead(context: Context) -> list[tuple[Paper, date]]:
    """Return the papers whose meeting is a known day after the as-of day (a meeting on
    the as-of day is being held: its notices can no longer be given)."""
    out = []
    for paper in context.playbook.papers:
        day = _day(paper.meeting.date) if paper.meeting else None
        if day is not None and day > context.as_of:
            out.append((paper, day))
    return out


def _given(paper: Paper, kind: str) -> date | None:
    when = paper.notices.get(kind)
    return _day(when) if when else None


def _late_notice(context: Context, code: str, paper: Paper, meeting: date, kind: str) -> None:
    from integrate_cli.meetings import NOTICE_CLEAR_DAYS, notice_day

    last = notice_day(meeting, NOTICE_CLEAR_DAYS)
    given = _given(paper, kind)
    if given is not None and given <= last:
        return
    if _given(paper, "special_urgency") is not None:
        return
    general = notice_day(meeting, 5)
    exception = _given(paper, "general_exception") if kind == "key_decision" else None
    if exception is not None and exception <= general:
        return
    if given is None and context.as_of <= last:
        return  # still time
    what = "a key decision" if kind == "key_decision" else "a private item"
    body = paper.meeting.body if paper.meeting else ""
    body = next((b.name for b in context.playbook.bodies if b.id == body and b.name), body)
    said = "no notice is recorded" if given is None else f"notice was given {_shown(given)}"
    message = (
        f"papers.{paper.id}: {what} for {body} on {_shown(meeting)}: the last day for "
        f"{NOTICE_CLEAR_DAYS} clear days' notice was {_shown(last)}, and {said}"
    )
    if kind == "key_decision":
        route = (
            f"general exception (reg 10: tell the scrutiny chair and publish notice by "
            f"{_shown(general)}) or special urgency (reg 11: the scrutiny chair agrees it "
            "cannot be deferred)"
            if context.as_of <= general
            else "special urgency (reg 11: the scrutiny chair agrees it cannot be deferred)"
        )
        record = "notices.key_decision, notices.general_exception or notices.special_urgency"
    else:
        route = "the urgency route (reg 5(6): the scrutiny chair agrees it cannot be deferred)"
        record = "notices.private_meeting or notices.special_urgency"
    position = paper.meeting.date.pos if paper.meeting else paper.raw.at
    where = f"papers.{paper.id}.meeting.date"
    hint = f"the route left is {route}; record the notice given as {record}"
    context.sink.add(code, position, message, hint, where=where)


@rule("KEY-DECISION-NOTICE-LATE")
def key_decision_notice_given(context: Context) -> None:
    """A paper marked `key_decision: true` must be on the forward plan at least 28 clear
    days before its meeting (SI 2012/2089 reg 9): by the meeting day less 29 days. Once
    the as-of day is past that without `notices.key_decision`, the finding names the last
    lawful day and the exception route left: general exception (reg 10, 5 clear days'
    notice, recorded as `notices.general_exception`) or special urgency (reg 11,
    `notices.special_urgency`). A meeting on or before the as-of day is not checked.

    PASS:
        stages: []
        papers:
          - id: budget
            title: Pooled budget
            key_decision: true
            meeting: {body: cabinet, date: 2026-12-10}
            notices: {key_decision: 2026-11-02}

    FAIL (6:36):
        stages: []
        papers:
          - id: budget
            title: Pooled budget
            key_decision: true
            meeting: {body: cabinet, date: 2026-12-10}
    """
    for paper, meeting in _ahead(context):
        if paper.key_decision:
            _late_notice(context, "KEY-DECISION-NOTICE-LATE", paper, meeting, "key_decision")


@rule("PRIVATE-NOTICE-LATE")
def private_notice_given(context: Context) -> None:
    """An exempt paper (`exempt: true`) going to an executive (a body of kind `cabinet`)
    is taken in private, which needs 28 clear days' notice of the intention (SI 2012/2089
    reg 5): by the meeting day less 29 days. Once that is past without
    `notices.private_meeting`, the finding names the last lawful day and the urgency
    route (reg 5(6), recorded as `notices.special_urgency`).

    PASS:
        stages: []
        papers:
          - id: land
            title: Land disposal
            exempt: true
            meeting: {body: cabinet, date: 2026-12-10}
            notices: {private_meeting: 2026-11-01}

    FAIL (6:36):
        stages: []
        papers:
          - id: land
            title: Land disposal
            exempt: true
            meeting: {body: cabinet, date: 2026-12-10}
    """
    from integrate_cli.deadlines import needs_private_notice

    kinds = {b.id: b.kind for b in context.playbook.bodies}
    for paper, meeting in _ahead(context):
        if needs_private_notice(paper, kinds):
            _late_notice(context, "PRIVATE-NOTICE-LATE", paper, meeting, "private_meeting")


@rule("AGENDA-LATE")
def agenda_in_time(context: Context) -> None:
    """The agenda and reports must be published at least 5 clear days before the meeting
    (Local Government Act 1972 s100B(3)); by default clear days are working days, so the
    latest day is the 6th working day before the meeting (the body's `publication` rules
    and closure days apply). Once the as-of day is past it, with the meeting still to
    come and no `notices.agenda` recorded, the paper can be taken only as urgent business
    (s100B(4)(b): the chair agrees, for reasons stated in the minutes).

    PASS:
        stages: []
        papers:
          - id: update
            title: Update
            meeting: {body: cabinet, date: 2026-11-26}
            notices: {agenda: 2026-11-18}

    FAIL (5:36):
        stages: []
        papers:
          - id: update
            title: Update
            meeting: {body: cabinet, date: 2026-11-26}
    """
    ahead = [(p, d) for p, d in _ahead(context) if "agenda" not in p.notices]
    if not ahead:
        return
    from integrate_cli.meetings import DEFAULT, agenda_not_before, agenda_publication

    bodies = _calendars(context)
    for paper, meeting in ahead:
        body = bodies.get(paper.meeting.body) if paper.meeting else None
        rules = body.rules if body else DEFAULT
        if context.as_of <= agenda_not_before(meeting, rules):
            continue  # not late, known without loading the bank holidays
        last = agenda_publication(
            meeting, rules.clear_days, rules.working_days_only, rules.region, rules.closures
        )
        if context.as_of <= last:
            continue
        name = body.name if body else (paper.meeting.body if paper.meeting else "")
        context.sink.add(
            "AGENDA-LATE",
            paper.meeting.date.pos if paper.meeting else paper.raw.at,
            f"papers.{paper.id}: the agenda for {name} on {_shown(meeting)} had to be "
            f"published by {_shown(last)} ({rules.clear_days} clear days); it is too late",
            "take it as urgent business (s100B(4)(b): the chair agrees, reasons minuted) or "
            "move it to a later meeting; record notices.agenda if the agenda was published",
            where=f"papers.{paper.id}.meeting.date",
        )


@rule("MEETING-NOT-IN-CALENDAR")
def meeting_in_calendar(context: Context) -> None:
    """When a body has a calendar (`meetings:` on the body, or under `bodies:` in
    `.integrate.yaml`), a paper's meeting date must be one of its meeting days. The
    message names the body's meeting days either side.

    PASS:
        version: 1
        programme: {id: p, title: P}
        partners:
          - {id: council, name: A Council, kind: local-authority}
        bodies:
          - id: cabinet
            name: Cabinet
            kind: cabinet
            partners: [council]
            meetings: [2026-12-10, 2027-01-14]
        stages: []
        papers:
          - {id: update, title: Update, meeting: {body: cabinet, date: 2026-12-10}}

    FAIL (13:64):
        version: 1
        programme: {id: p, title: P}
        partners:
          - {id: council, name: A Council, kind: local-authority}
        bodies:
          - id: cabinet
            name: Cabinet
            kind: cabinet
            partners: [council]
            meetings: [2026-12-10, 2027-01-14]
        stages: []
        papers:
          - {id: update, title: Update, meeting: {body: cabinet, date: 2026-12-11}}
    """
    papers = [p for p in context.playbook.papers if p.meeting and _day(p.meeting.date)]
    if not papers:
        return
    bodies = _calendars(context)
    for paper in papers:
        assert paper.meeting is not None
        day = _day(paper.meeting.date)
        body = bodies.get(paper.meeting.body)
        if body is None or not body.meetings or day is None or day in body.meetings:
            continue
        before = [d for d in body.meetings if d < day][-1:]
        after = [d for d in body.meetings if d > day][:1]
        near = " and ".join(_shown(d) for d in before + after)
        context.sink.add(
            "MEETING-NOT-IN-CALENDAR",
            paper.meeting.date.pos,
            f"papers.{paper.id}: {body.name} does not meet on {_shown(day)}; its nearest "
            f"meeting days are {near}",
            f"move the paper to a meeting day, or add {day.isoformat()} to the meetings "
            f"of {body.id}",
            where=f"papers.{paper.id}.meeting.date",
        )
