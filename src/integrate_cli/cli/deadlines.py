"""`integrate deadlines` and `integrate calendar`: committee deadlines and a calendar feed."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from integrate_cli.cli import deadlines_view as view
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
            f"{count} invalid playbook{'s' if count != 1 else ''}"
            + (" left out" if written else "; nothing was written")
            + "; run 'integrate validate' on them for hints"
        )


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
        if until is not None:
            raise UsageError("--until goes without --meeting: a meeting's deadlines are all shown")
        on = _day(meeting, "--meeting")
        calendar = _body(paths or [], body, day) if body else None
        sys.stdout.write(view.meeting_text(on, calendar, output_format is DeadlinesFormat.json))
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
        found += playbook_deadlines(playbook, settings, after=day)  # past meetings: none ahead
    ahead = coming(found, day, last)
    if output_format is DeadlinesFormat.json:
        sys.stdout.write(
            view.dumps(
                {
                    "version": 1,
                    "as_of": day.isoformat(),
                    "until": last.isoformat() if last else None,
                    "deadlines": [view.deadline_json(d, day) for d in ahead],
                }
            )
        )
    else:
        span = f" to {last.isoformat()}" if last else ""
        head = f"Deadlines from {day.isoformat()}{span}: {len(ahead) or 'none'}"
        sys.stdout.write("\n".join([head, *(view.deadline_line(d, day) for d in ahead)]) + "\n")
    fail_if_invalid(invalid)


def tell_shared(programme: str, first: str, again: str) -> None:
    """Say on stderr that a playbook was left out of a feed: its UIDs are another's."""
    from integrate_cli.cli._common import err

    err(
        f"integrate: warning: {again} has the programme id {programme!r} of {first}; its "
        "events would share their UIDs, so it is left out of the feed (give it its own id)"
    )


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
    target = None if output is None or output == STDOUT else output
    if target is not None:
        wanted = "a .ics file"
        guard_output(target, inputs=[("a playbook", f) for f in files], wanted=wanted)
        if not target.lower().endswith(".ics"):
            raise UsageError(f"-o {target} is not a .ics file; name {wanted}")
    events: list[Deadline] = []
    titles = []
    playbooks, invalid = checked_playbooks(files, day)
    fail_if_invalid(invalid, written=False)  # a feed that silently lost events misleads
    seen: dict[str, str] = {}
    for playbook, settings in playbooks:
        if playbook.id in seen:
            tell_shared(playbook.id, seen[playbook.id], playbook.path)
            continue
        seen[playbook.id] = playbook.path
        events += playbook_deadlines(playbook, settings, stages=True)
        titles.append(playbook.title or playbook.id)
    events.sort(key=lambda d: d.sort_key())
    name = titles[0] if len(titles) == 1 else "Committee deadlines"
    data = calendar_text(events, name=name, stamp=day).encode("utf-8")
    if target is not None:
        from integrate_cli.cli._common import err
        from integrate_cli.fsutil import atomic_write

        atomic_write(target, data)
        err(f"wrote {target} ({data.count(b'BEGIN:VEVENT')} events)")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
