"""Every coming deadline of a playbook: meetings, agenda publication, notices, clearance
steps, and the last days to serve notice on an agreement; soonest first.

Pure: the playbook (dates resolved), the body settings of the repository config, and
the as-of day in; values out. Counting is meetings.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple

from integrate_cli.dates import NUMBERS, When, Window
from integrate_cli.meetings import (
    DEFAULT,
    NOTICE_CLEAR_DAYS,
    Clearance,
    Publication,
    counted_not_before,
    meeting_deadlines,
    notice_day,
)
from integrate_cli.model import Body, Playbook
from integrate_cli.sections import Paper

# Deadline kinds, in the order they fall on the same day
KINDS = (
    "clearance",
    "key-decision-notice",
    "private-meeting-notice",
    "agenda",
    "meeting",
    "agreement-notice",
    "agreement-review",
    "agreement-ends",
    "stage-due",
)
_NOTICE = re.compile(r"(\d+|[a-z]+)\s*(day|week|month|year)s?", re.IGNORECASE)


class Deadline(NamedTuple):
    """One deadline: its day, kind, what is due and what it belongs to.

    `uid` names the event for calendars: the programme id and what the event is, never
    its place in the file, so it survives edits to anything else.
    """

    day: date
    kind: str
    what: str
    belongs_to: str
    playbook: str
    path: str
    uid: str
    pos: tuple[int, int] = (0, 0)
    stage: str = ""

    def days_left(self, as_of: date) -> int:
        """Return the days from `as_of` to the deadline (negative once past)."""
        return (self.day - as_of).days

    def sort_key(self) -> tuple[date, int, str, str]:
        """Return the key that orders deadlines soonest first."""
        return (self.day, KINDS.index(self.kind), self.belongs_to, self.uid)


class BodyCalendar(NamedTuple):
    """A body's meeting days and publication rules, the playbook's over the config's."""

    id: str
    name: str
    meetings: tuple[date, ...]
    rules: Publication


def _day(when: When) -> date | None:
    window = when.window
    return window.start if window.known and window.start == window.end else None


def _config_days(values: Any) -> list[date]:
    from integrate_cli.dates import DateError, parse_date

    days = []
    for value in values if isinstance(values, list) else []:
        try:
            window = parse_date(value).window  # type: ignore[union-attr]
        except (DateError, TypeError, AttributeError):
            continue
        if isinstance(window, Window) and window.known and window.start == window.end:
            days.append(window.start)
    return [d for d in days if d is not None]


def body_calendar(body: Body, settings: Mapping[str, Any] | None = None) -> BodyCalendar:
    """Return a body's calendar: each setting from the playbook, else `settings` (the
    repository config's bodies.ID), else the default."""
    settings = settings or {}
    own = body.raw.get("publication")
    own = own if isinstance(own, Mapping) else {}
    other = settings.get("publication")
    other = other if isinstance(other, Mapping) else {}

    def setting(key: str, default: Any, kind: type) -> Any:
        for source in (own, other):
            value = source.get(key)
            if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
                return value
        return default

    closures = [d for w in body.closures if (d := _day(w))] if "closures" in own else []
    if "closures" not in own:
        closures = _config_days(other.get("closures"))
    steps = own.get("clearance") if "clearance" in own else other.get("clearance")
    clearance = tuple(
        Clearance(str(s.get("name", "")), s["working_days"])
        for s in (steps if isinstance(steps, list) else [])
        if isinstance(s, Mapping) and isinstance(s.get("working_days"), int)
    )
    rules = Publication(
        setting("clear_days", DEFAULT.clear_days, int),
        not setting("weekends_count", False, bool),
        setting("region", DEFAULT.region, str),
        frozenset(closures),
        clearance,
    )
    if body.meetings:
        meetings = [d for w in body.meetings if (d := _day(w))]
    else:
        meetings = _config_days(settings.get("meetings"))
    return BodyCalendar(body.id, body.name or body.id, tuple(sorted(set(meetings))), rules)


def calendars(
    playbook: Playbook, config_bodies: Mapping[str, Any] | None = None
) -> dict[str, BodyCalendar]:
    """Return every body's calendar by id."""
    settings = config_bodies or {}
    return {b.id: body_calendar(b, settings.get(b.id)) for b in playbook.bodies if b.id}


def notice_period(text: str) -> tuple[int, str] | None:
    """Return a notice period ('6 months', "three months' notice") as (amount, unit)."""
    match = _NOTICE.search(text)
    if not match:
        return None
    count = match[1].lower()
    amount = int(count) if count.isdigit() else NUMBERS.get(count)
    return None if amount is None else (amount, match[2].lower() + "s")


class _Collector:
    def __init__(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.title = playbook.title or playbook.id
        self.out: list[Deadline] = []

    def add(self, day: date, kind: str, what: str, of: str, uid: str, **more: Any) -> None:
        uid = f"{uid}@{self.playbook.id or 'playbook'}.integrate"
        self.out.append(Deadline(day, kind, what, of, self.title, self.playbook.path, uid, **more))


def _paper_meetings(playbook: Playbook) -> dict[tuple[str, date], list[Paper]]:
    out: dict[tuple[str, date], list[Paper]] = {}
    for paper in playbook.papers:
        day = _day(paper.meeting.date) if paper.meeting else None
        if paper.meeting and day:
            out.setdefault((paper.meeting.body, day), []).append(paper)
    return out


def needs_private_notice(paper: Paper, body_kinds: Mapping[str, str]) -> bool:
    """Return True when an exempt paper goes to an executive (a body of kind cabinet),
    which must give 28 clear days' notice of meeting in private (SI 2012/2089 reg 5)."""
    return bool(paper.exempt and paper.meeting and body_kinds.get(paper.meeting.body) == "cabinet")


def _noticed(paper: Paper, kind: str) -> bool:
    """Return True when the paper records the notice, or an exception route for it."""
    return any(k in paper.notices for k in (kind, "general_exception", "special_urgency"))


def _meeting_days(
    playbook: Playbook, bodies: Mapping[str, BodyCalendar], after: date
) -> list[tuple[BodyCalendar, date]]:
    """Return each body's meetings on or after `after` (deadlines precede their meeting),
    in the calendars and in the papers, soonest first."""
    papers = _paper_meetings(playbook)
    days = {(b.id, d) for b in bodies.values() for d in b.meetings} | set(papers)
    return [
        (bodies.get(body_id) or BodyCalendar(body_id, body_id, (), DEFAULT), day)
        for body_id, day in sorted(days, key=lambda k: (k[1], k[0]))
        if day >= after
    ]


def _meetings(
    c: _Collector, bodies: Mapping[str, BodyCalendar], after: date, counted: bool = True
) -> None:
    papers = _paper_meetings(c.playbook)
    kinds = {b.id: b.kind for b in c.playbook.bodies}
    for body, day in _meeting_days(c.playbook, bodies, after):
        body_id = body.id
        notice = notice_day(day, NOTICE_CLEAR_DAYS)  # calendar days: nothing to count
        key = f"{body_id}-{day.isoformat()}"
        here = papers.get((body_id, day), [])
        names = "; ".join(p.title for p in here)
        of = f"{body.name}: {names}" if names else body.name
        c.add(day, "meeting", f"{body.name} meets", of, f"meeting-{key}")
        found = meeting_deadlines(day, body.rules) if counted else None
        if found and (not here or not all("agenda" in p.notices for p in here)):
            agenda = f"{body.name} agenda published ({body.rules.clear_days} clear days)"
            c.add(found.agenda_publication, "agenda", agenda, of, f"agenda-{key}")
        for step, due in found.clearance if found else ():
            owners: list[Paper | None] = list(here) or [None]
            for paper in owners:
                owner = paper.title if paper else body.name
                ref = f"paper-{paper.id}" if paper else key
                what = f"{step.name} ({step.working_days} working days before {body.name})"
                slug = re.sub(r"[^a-z0-9]+", "-", step.name.lower()).strip("-") or "step"
                c.add(due, "clearance", what, owner, f"clearance-{slug}-{ref}")
        for paper in here:
            pos = paper.meeting.date.pos if paper.meeting else (0, 0)
            if paper.key_decision and not _noticed(paper, "key_decision"):
                what = f"key decision on the forward plan ({NOTICE_CLEAR_DAYS} clear days)"
                uid = f"key-decision-notice-paper-{paper.id}"
                c.add(
                    notice,
                    "key-decision-notice",
                    what,
                    paper.title,
                    uid,
                    pos=pos,
                )
            if needs_private_notice(paper, kinds) and not _noticed(paper, "private_meeting"):
                what = f"notice of a private meeting ({NOTICE_CLEAR_DAYS} clear days)"
                uid = f"private-meeting-notice-paper-{paper.id}"
                c.add(
                    notice,
                    "private-meeting-notice",
                    what,
                    paper.title,
                    uid,
                    pos=pos,
                )


def _agreements(c: _Collector) -> None:
    for agreement in c.playbook.agreements:
        of = agreement.title or agreement.id
        period = notice_period(agreement.notice) if agreement.notice else None
        points = [("ends", agreement.ends)]
        if agreement.break_clause:  # the review is a break point only when one is agreed
            points.insert(0, ("review", agreement.review))
        for key, when in points:
            day = when.window.end if when.form != "absent" else None
            if day is None:
                continue
            c.add(day, f"agreement-{key}", f"agreement {key}", of, f"{key}-{agreement.id}")
            if period is not None:
                last = Window(day, day).shifted(-period[0], period[1]).start
                if last is not None:
                    point = "break at review" if key == "review" else "end"
                    what = f"last day to serve notice to {point} ({agreement.notice})"
                    c.add(last, "agreement-notice", what, of, f"notice-{key}-{agreement.id}")


def playbook_deadlines(
    playbook: Playbook,
    config_bodies: Mapping[str, Any] | None = None,
    *,
    stages: bool = False,
    after: date = date.min,
    counted: bool = True,
) -> list[Deadline]:
    """Return every deadline of a playbook (past ones too), soonest first.

    `stages` adds each stage's due day (for a calendar feed): a fuzzy due date is due by
    the end of its window. Meetings before `after` are left out, and so are all their
    deadlines, which come before them: no working day is counted for a past meeting.
    Without `counted`, the deadlines counted in working days (agenda, clearance) are left
    out, and the bank holidays are not loaded.
    """
    c = _Collector(playbook)
    _meetings(c, calendars(playbook, config_bodies), after, counted)
    _agreements(c)
    for stage in playbook.stages if stages else ():
        day = stage.due_date.window.end
        if day is not None and stage.status not in ("done", "dropped"):
            fuzzy = "" if stage.due_date.single_day else f" (by the end of {stage.due_date.text})"
            what = f"{stage.title} due{fuzzy}"
            c.add(day, "stage-due", what, stage.title, f"stage-{stage.id}", stage=stage.id)
    return sorted(c.out, key=Deadline.sort_key)


def coming(deadlines: Iterable[Deadline], as_of: date, until: date | None = None) -> list[Deadline]:
    """Return the deadlines on or after `as_of` (and on or before `until`), soonest first."""
    return sorted(
        (d for d in deadlines if d.day >= as_of and (until is None or d.day <= until)),
        key=Deadline.sort_key,
    )


def next_deadline(
    playbook: Playbook, as_of: date, config_bodies: Mapping[str, Any] | None = None
) -> Deadline | None:
    """Return the playbook's next deadline on or after `as_of`, or None when none is left.

    For `status`: the playbook's dates must be resolved. The bank holidays are loaded
    only when a deadline counted in working days (an agenda, a clearance step) could be
    the first: the others (meetings, notices, agreements) are counted in calendar days.
    """
    cheap = playbook_deadlines(playbook, config_bodies, after=as_of, counted=False)
    uncounted = coming(cheap, as_of)
    bodies = calendars(playbook, config_bodies)
    bounds = [
        counted_not_before(day, n, body.rules)
        for body, day in _meeting_days(playbook, bodies, as_of)
        for n in (body.rules.clear_days + 1, *(s.working_days for s in body.rules.clearance))
    ]
    if uncounted and (not bounds or uncounted[0].day < min(bounds)):
        return uncounted[0]  # before any counted deadline can fall: no holidays needed
    if not bounds:
        return None
    ahead = coming(playbook_deadlines(playbook, config_bodies, after=as_of), as_of)
    return ahead[0] if ahead else None
