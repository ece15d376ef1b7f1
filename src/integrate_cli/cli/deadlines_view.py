"""What `integrate deadlines` prints: a deadline as a line or as JSON, and one meeting's
deadlines as text or JSON."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from integrate_cli.deadlines import BodyCalendar, Deadline


def dumps(data: Any) -> str:
    """Return `data` as indented JSON text ending in a newline."""
    from integrate_cli.status_data import json_text

    return json_text(data) + "\n"


def deadline_line(d: Deadline, as_of: date) -> str:
    """Return one deadline as a line: day, weekday, days left, what, what it belongs to."""
    left = d.days_left(as_of)
    when = "today" if left == 0 else f"{left} day{'s' if left != 1 else ''}"
    return f"{d.day.isoformat()} {d.day:%a}  {when:>9}  {d.what} — {d.belongs_to} ({d.playbook})"


def deadline_json(d: Deadline, as_of: date) -> dict[str, Any]:
    """Return one deadline as the JSON form lists it."""
    return {
        "day": d.day.isoformat(),
        "days_left": d.days_left(as_of),
        "kind": d.kind,
        "what": d.what,
        "belongs_to": d.belongs_to,
        "playbook": d.playbook,
        "path": d.path,
        "uid": d.uid,
    }


def meeting_text(day: date, body: BodyCalendar | None, as_json: bool) -> str:
    """Return one meeting's deadlines under a body's rules (the defaults without one)."""
    from integrate_cli.meetings import DEFAULT, REGION_NAMES, meeting_deadlines

    rules = body.rules if body else DEFAULT
    found = meeting_deadlines(day, rules)
    counted = "working days" if rules.working_days_only else "days, weekends and holidays too"
    if as_json:
        return dumps(
            {
                "meeting": day.isoformat(),
                "body": body.id if body else None,
                "in_calendar": (day in body.meetings) if body and body.meetings else None,
                "clear_days": rules.clear_days,
                "weekends_count": not rules.working_days_only,
                "region": rules.region,
                "agenda_publication": found.agenda_publication.isoformat(),
                "key_decision_notice": found.key_decision_notice.isoformat(),
                "private_meeting_notice": found.private_meeting_notice.isoformat(),
                "general_exception_notice": found.general_exception_notice.isoformat(),
                "clearance": [
                    {"name": s.name, "working_days": s.working_days, "day": d.isoformat()}
                    for s, d in found.clearance
                ],
            }
        )
    who = f" of {body.name}" if body else ""
    rows = [
        (found.key_decision_notice, "key decision on the forward plan (28 clear days, reg 9)"),
        (found.private_meeting_notice, "notice of a private meeting (28 clear days, reg 5)"),
        *((d, f"{s.name} ({s.working_days} working days before)") for s, d in found.clearance),
        (
            found.agenda_publication,
            f"agenda published ({rules.clear_days} clear {counted}, LGA 1972 s100B)",
        ),
        (
            found.general_exception_notice,
            "last day for a general exception notice (5 clear days, reg 10)",
        ),
    ]
    lines = [
        f"Meeting{who} on {day:%a} {day.isoformat()}: bank holidays of "
        f"{REGION_NAMES[rules.region]}" + closed(len(rules.closures))
    ]
    if body and body.meetings and day not in body.meetings:
        lines.append(f"  (not in the calendar of {body.name})")
    lines += [f"  {d.isoformat()} {d:%a}  {what}" for d, what in sorted(rows, key=lambda r: r[0])]
    return "\n".join(lines) + "\n"


def closed(count: int) -> str:
    """Return how many closure days there are, for the heading ('' for none)."""
    return f", {count} closure day{'s' if count != 1 else ''}" if count else ""
