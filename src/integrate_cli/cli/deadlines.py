"""`integrate deadlines` and `integrate calendar`: committee deadlines and a calendar feed."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from integrate_cli.cli._app import app
from integrate_cli.cli._common import AS_OF_HELP, guarded, parse_as_of, tell
from integrate_cli.errors import FindingsFailed, UsageError

if TYPE_CHECKING:
    from integrate_cli.deadlines import BodyCalendar, Deadline
    from integrate_cli.model import Playbook


class DeadlinesFormat(StrEnum):
    text = "text"
    json = "json"


PATHS_HELP = "Playbook files or directories; default ./playbooks, else the current directory."


def _day(value: str, option: str) -> date:
    try:
        return parse_as_of(value)
    except typer.BadParameter as exc:
        raise UsageError(f"{option} {value}: {exc}") from None


def checked_playbooks(
    paths: list[str], as_of: date
) -> tuple[list[tuple[Playbook, dict[str, Any]]], int]:
    """Return each valid playbook with its repository config's body settings, and how
    many playbooks were left out as invalid.

    Errors that stop a view are told on stderr, as `status` tells them.
    """
    from integrate_cli.check import blocking, check_file, discover
    from integrate_cli.config import Config, config_for
    from integrate_cli.resolve import resolved

    cache: dict[str, Config | None] = {}
    out = []
    invalid = 0
    for path in discover(paths):
        result = check_file(path, as_of)
        errors = blocking(result.findings)
        tell(errors, [f for f in result.findings if f.code == "DONE-FUTURE"])
        if errors or result.playbook is None:
            invalid += 1
            continue
        config = config_for(path, cache)
        out.append((resolved(result.playbook), dict(config.bodies) if config else {}))
    return out, invalid


def fail_if_invalid(count: int, *, written: bool = True) -> None:
    """Fail (exit 1) when any playbook was left out as invalid."""
    if count:
        raise FindingsFailed(
            f"{count} invalid playbook{'s' if count != 1 else ''} "
            + ("left out" if written else "; nothing was written")
            + "; run 'integrate validate' on them for hints"
        )


def _dumps(data: Any) -> str:
    from integrate_cli.status_data import json_text

    return json_text(data) + "\n"


def _deadline_line(d: Deadline, as_of: date) -> str:
    left = d.days_left(as_of)
    when = "today" if left == 0 else f"{left} day{'s' if left != 1 else ''}"
    return f"{d.day.isoformat()} {d.day:%a}  {when:>9}  {d.what} — {d.belongs_to} ({d.playbook})"


def _deadline_json(d: Deadline, as_of: date) -> dict[str, Any]:
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


def _meeting(day: date, body: BodyCalendar | None, output_format: DeadlinesFormat) -> str:
    from integrate_cli.meetings import DEFAULT, REGION_NAMES, meeting_deadlines

    rules = body.rules if body else DEFAULT
    found = meeting_deadlines(day, rules)
    counted = "working days" if rules.working_days_only else "days, weekends and holidays too"
    if output_format is DeadlinesFormat.json:
        return _dumps(
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
        f"{REGION_NAMES[rules.region]}" + _closed(len(rules.closures))
    ]
    if body and body.meetings and day not in body.meetings:
        lines.append(f"  (not in the calendar of {body.name})")
    lines += [f"  {d.isoformat()} {d:%a}  {what}" for d, what in sorted(rows, key=lambda r: r[0])]
    return "\n".join(lines) + "\n"


def _closed(count: int) -> str:
    return f", {count} closure day{'s' if count != 1 else ''}" if count else ""


def _body(paths: list[str], body_id: str, as_of: date) -> BodyCalendar:
    from integrate_cli.deadlines import calendars

    known: list[str] = []
    playbooks, invalid = checked_playbooks(paths, as_of)
    for playbook, settings in playbooks:
        found = calendars(playbook, settings)
        if body_id in found:
            return found[body_id]
        known += [b for b in found if b not in known]
    fail_if_invalid(invalid)
    from integrate_cli.config import config_for

    config = config_for(paths[0] if paths else ".")
    if config is not None and body_id in config.bodies:  # a body only the config knows
        from integrate_cli.deadlines import body_calendar
        from integrate_cli.loader import LocDict
        from integrate_cli.model import Body

        bare = Body(body_id, body_id, "", [], LocDict((0, 0)))
        return body_calendar(bare, config.bodies[body_id])
    from integrate_cli.suggest import Suggestions

    hint = Suggestions().nearest(body_id, tuple(known)) or f"known: {', '.join(known) or 'none'}"
    raise UsageError(f"--body {body_id}: no body with this id in the playbooks; {hint}".strip())


@app.command()
@guarded
def deadlines(
    paths: Annotated[list[str] | None, typer.Argument(help=PATHS_HELP)] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only deadlines on or before this day.")
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option("--meeting", help="Show the deadlines of a meeting on this day instead."),
    ] = None,
    body: Annotated[
        str | None,
        typer.Option("--body", help="With --meeting: the body whose rules apply (its id)."),
    ] = None,
    output_format: Annotated[
        DeadlinesFormat, typer.Option("--format", "-f", help="text for people, json for tools.")
    ] = DeadlinesFormat.text,
) -> None:
    """List every coming deadline, soonest first: clearance, notices, agendas, meetings.

    With --meeting DATE: the deadlines of one meeting (agenda publication, key decision
    and private meeting notices, clearance steps). Rules are in docs/deadlines.md.

    Example: integrate deadlines playbooks/ --as-of 2017-06-01 --until 2017-09-30
    """
    day = parse_as_of(as_of)
    if meeting is not None:
        on = _day(meeting, "--meeting")
        calendar = _body(paths or [], body, day) if body else None
        sys.stdout.write(_meeting(on, calendar, output_format))
        return
    if body is not None:
        raise UsageError("--body goes with --meeting DATE; leave it out to list every deadline")
    last = _day(until, "--until") if until else None
    if last is not None and last < day:
        raise UsageError(f"--until {until} is before the as-of day {day.isoformat()}")
    from integrate_cli.deadlines import coming, playbook_deadlines

    found: list[Deadline] = []
    playbooks, invalid = checked_playbooks(paths or [], day)
    for playbook, settings in playbooks:
        found += playbook_deadlines(playbook, settings)
    ahead = coming(found, day, last)
    if output_format is DeadlinesFormat.json:
        sys.stdout.write(
            _dumps(
                {
                    "version": 1,
                    "as_of": day.isoformat(),
                    "until": last.isoformat() if last else None,
                    "deadlines": [_deadline_json(d, day) for d in ahead],
                }
            )
        )
    else:
        span = f" to {last.isoformat()}" if last else ""
        head = f"Deadlines from {day.isoformat()}{span}: {len(ahead) or 'none'}"
        sys.stdout.write("\n".join([head, *(_deadline_line(d, day) for d in ahead)]) + "\n")
    fail_if_invalid(invalid)


@app.command()
@guarded
def calendar(
    paths: Annotated[list[str] | None, typer.Argument(help=PATHS_HELP)] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="The .ics file to write; - or none: standard output."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help=AS_OF_HELP + " Stamps the events (same day, same bytes)."),
    ] = None,
) -> None:
    """Write an iCalendar feed of meetings, deadlines and stage due days for a calendar app.

    All-day events with stable UIDs: an event keeps its UID when the playbook changes.

    Example: integrate calendar playbooks/ -o committee.ics
    """
    from integrate_cli.check import discover
    from integrate_cli.deadlines import playbook_deadlines
    from integrate_cli.ics import calendar_text
    from integrate_cli.output import STDOUT, guard_output

    day = parse_as_of(as_of)
    files = discover(paths or [])
    to_file = output is not None and output != STDOUT
    if to_file:
        assert output is not None
        wanted = "a .ics file"
        guard_output(output, inputs=[("a playbook", f) for f in files], wanted=wanted)
        if not output.lower().endswith(".ics"):
            raise UsageError(f"-o {output} is not a .ics file; name {wanted}")
    events: list[Deadline] = []
    titles = []
    playbooks, invalid = checked_playbooks(files, day)
    fail_if_invalid(invalid, written=False)  # a feed that silently lost events misleads
    for playbook, settings in playbooks:
        events += playbook_deadlines(playbook, settings, stages=True)
        titles.append(playbook.title or playbook.id)
    events.sort(key=lambda d: d.sort_key())
    name = titles[0] if len(titles) == 1 else "Committee deadlines"
    data = calendar_text(events, name=name, stamp=day).encode("utf-8")
    if to_file:
        from integrate_cli.cli._common import err
        from integrate_cli.fsutil import atomic_write

        assert output is not None
        atomic_write(output, data)
        err(f"wrote {output} ({len(events)} events)")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
