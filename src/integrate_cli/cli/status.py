"""`integrate status` and `integrate timeline`."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from integrate_cli.cli._app import app
from integrate_cli.cli._common import AS_OF_HELP, guarded, parse_as_of, tell
from integrate_cli.errors import FindingsFailed

if TYPE_CHECKING:
    from integrate_cli.slippage import Slip
    from integrate_cli.stage_state import ProgrammeStatus
    from integrate_cli.status import Amber


class StatusFormat(StrEnum):
    table = "table"
    json = "json"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def refuse(path: str, errors: int) -> FindingsFailed:
    """Return the failure for a playbook whose errors stop its view."""
    from integrate_cli.cli.layout import printable

    return FindingsFailed(
        f"{printable(path)}: no view: {errors} error{'s' if errors != 1 else ''} above; fix "
        f"{'them' if errors != 1 else 'it'} (run 'integrate validate {printable(path)}' for hints)"
    )


def repo_amber_days(start: str) -> int | None:
    """Return the amber window set by the repository's `.integrate.yaml`, if any.

    The config module is imported only when there is a config to read.
    """
    from integrate_cli.config_path import find_config

    found = find_config(start)
    if found is None:
        return None
    from integrate_cli.config import load_config

    return load_config(str(found)).amber_days


def load_programme(path: str, day: date, amber: Amber) -> ProgrammeStatus:
    """Return the status of one playbook; errors that stop a view are told and fail (exit 1).

    Warnings and records dated after the as-of day (DONE-FUTURE) still allow the view.
    """
    from integrate_cli.status_data import checked_status

    checked = checked_status(path, day, amber=amber)
    tell(checked.errors, checked.later)
    if checked.status is None:
        raise refuse(path, len(checked.errors))
    return checked.status


def slips_of(status: ProgrammeStatus, baseline: bool) -> dict[str, Slip] | None:
    """Return each stage's baseline and slippage when asked for (`--baseline`), else None."""
    if not baseline:
        return None
    from integrate_cli.slippage import slippage

    return slippage(status.playbook.path, status.playbook, as_of=status.as_of)


def _computed(path: str, day: date, amber: Amber) -> ProgrammeStatus:
    """Return the status of a playbook already told about and known to be valid."""
    from integrate_cli.status_data import checked_status

    status = checked_status(path, day, amber=amber).status
    if status is None:  # changed since it was read
        raise refuse(path, 1)
    return status


def portfolio(
    files: list[str],
    day: date,
    amber: Amber,
    *,
    form: StatusFormat,
    detail: bool,
    colour: bool,
    baseline: bool = False,
) -> None:
    """Print the status of many playbooks; fail (exit 1) when any of them is invalid.

    Each programme's JSON is written as it arrives; the table keeps one small row each.
    """
    from integrate_cli.cli import status_view
    from integrate_cli.cli.layout import write
    from integrate_cli.status_data import portfolio as outcomes

    invalid = 0
    rows = []
    sep = "\n    "
    if form is StatusFormat.json:
        sys.stdout.write(f'{{\n  "version": 1,\n  "as_of": "{day.isoformat()}",\n  "programmes": [')
    for outcome in outcomes(files, day, amber=amber, form=form.value, baseline=baseline):
        tell(outcome.errors, outcome.later)
        invalid += not outcome.valid
        if form is StatusFormat.json:
            sys.stdout.write(sep + outcome.document)
            sep = ",\n    "
        elif outcome.row is not None:
            rows.append(outcome.row)
    if form is StatusFormat.json:
        sys.stdout.write("\n  ]\n}\n")
    else:
        title = f"Portfolio as of {day.isoformat()}: {len(files)} programmes"
        lines = [[(title + (f", {invalid} invalid" if invalid else ""), "")]]
        write([*lines, *status_view.portfolio_table(rows)], colour)
        for row in rows if detail else []:
            if not row.errors:
                programme = _computed(row.path, day, amber)
                slips = slips_of(programme, baseline)
                write([[], *status_view.programme_view(programme, slips)], colour)
    if invalid:
        raise FindingsFailed(
            f"invalid playbooks: {invalid} of {len(files)}, shown as INVALID with no status; "
            "run 'integrate validate' on them for hints"
        )


@app.command()
@guarded
def status(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Playbook files or directories.")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        StatusFormat, typer.Option("--format", "-f", help="table for people, json for tools.")
    ] = StatusFormat.table,
    detail: Annotated[
        bool, typer.Option("--detail", help="With many playbooks, show each one in full too.")
    ] = False,
    amber_days: Annotated[
        int | None,
        typer.Option(
            "--amber-days",
            min=0,
            help="Days before due at which a stage turns amber "
            "(default: the playbook's amber_days, else .integrate.yaml's "
            "status.amber_days, else 14).",
        ),
    ] = None,
    color: Annotated[Color, typer.Option("--color", help="auto, always or never.")] = Color.auto,
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline",
            help="Add each stage's baseline due date and its slippage (days, and how often "
            "it slipped), from the playbook's git history or its declared baseline.",
        ),
    ] = False,
) -> None:
    """Show where every stage stands on a day: RAG, readiness, what is late, what is next.

    One playbook gives the full view; several give a portfolio table, worst first.
    RAG rules are in docs/status.md.

    Example: integrate status playbooks/city-and-hackney.yaml --as-of 2017-06-01
    """
    from integrate_cli.check import discover
    from integrate_cli.cli.layout import colour_wanted, write
    from integrate_cli.cli.status_view import programme_view

    day = parse_as_of(as_of)
    files = discover(paths or [])
    from integrate_cli.status import Amber

    amber = Amber(amber_days, repo_amber_days(paths[0] if paths else "."))
    if len(files) == 1 and output_format is StatusFormat.table:
        from integrate_cli.workers import paused_gc

        with paused_gc():  # no cycles to collect: a long plan's view runs a third faster
            programme = load_programme(files[0], day, amber)
            lines = programme_view(programme, slips_of(programme, baseline))
        write(lines, colour_wanted(color))
        return
    colour = colour_wanted(color)
    portfolio(
        files, day, amber, form=output_format, detail=detail, colour=colour, baseline=baseline
    )


@app.command()
@guarded
def timeline(
    playbook: Annotated[str, typer.Argument(help="The playbook file.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    color: Annotated[Color, typer.Option("--color", help="auto, always or never.")] = Color.auto,
) -> None:
    """Draw a Gantt chart: stages as bars on a month axis, milestones, the as-of line.

    Bars are coloured by RAG and listed in dependency order.

    Example: integrate timeline playbooks/southend-mou.yaml --as-of 2015-01-15
    """
    from integrate_cli.cli.layout import colour_wanted, width, write
    from integrate_cli.cli.timeline_view import render
    from integrate_cli.status import Amber
    from integrate_cli.timeline import chart

    day = parse_as_of(as_of)
    programme = load_programme(playbook, day, Amber(None, repo_amber_days(playbook)))
    write(render(chart(programme), width()), colour_wanted(color))
