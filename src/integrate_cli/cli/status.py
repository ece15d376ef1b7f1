"""`integrate status` and `integrate timeline`."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from integrate_cli.cli._app import app
from integrate_cli.cli._common import AS_OF_HELP, err, guarded, parse_as_of


class StatusFormat(StrEnum):
    table = "table"
    json = "json"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _tell_errors(path: str, findings: list[Any]) -> None:
    # Progress recorded after the as-of day is simply not counted yet on that day.
    errors = [f for f in findings if f.level == "error" and f.code != "DONE-FUTURE"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more; run 'integrate validate')" if len(errors) > 1 else ""
        err(f"{path}:{first.line}:{first.col}: {first.code} {first.message}{more}")


def _statuses(paths: list[str], day: Any, amber_days: int | None) -> list[Any]:
    """Return the full status of each playbook (already checked), for the detailed view."""
    from integrate_cli.check import check_file
    from integrate_cli.status import programme_status

    out = []
    for path in paths:
        result = check_file(path, day)
        if result.playbook is not None:
            out.append(programme_status(result.playbook, day, amber_days=amber_days))
    return out


def load_statuses(paths: list[str], day: Any, amber_days: int | None) -> list[Any]:
    """Return the status of every usable playbook; findings that fail are told on stderr."""
    from integrate_cli.check import check_paths
    from integrate_cli.errors import FindingsFailed
    from integrate_cli.status import programme_status

    result = check_paths(paths, as_of=day, keep_playbooks=True)
    statuses = []
    for file in result.files:
        _tell_errors(file.path, file.findings)
        if file.playbook is not None:
            statuses.append(programme_status(file.playbook, day, amber_days=amber_days))
    if not statuses:
        raise FindingsFailed("no usable playbook to show; run 'integrate validate' for details")
    return statuses


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
            "(default: the playbook's amber_days, else 14).",
        ),
    ] = None,
    color: Annotated[Color, typer.Option("--color", help="auto, always or never.")] = Color.auto,
) -> None:
    """Show where every stage stands on a day: RAG, readiness, what is late, what is next.

    One playbook gives the full view; several give a portfolio table, worst first.
    RAG rules are in docs/status.md.

    Example: integrate status playbooks/city-and-hackney.yaml --as-of 2017-06-01
    """
    from integrate_cli.check import discover
    from integrate_cli.cli import status_view
    from integrate_cli.cli.layout import colour_wanted, write
    from integrate_cli.errors import FindingsFailed

    day = parse_as_of(as_of)
    files = discover(paths or [])
    if len(files) == 1 and output_format is StatusFormat.table:
        (programme,) = load_statuses(files, day, amber_days)
        write(status_view.programme_view(programme), colour_wanted(color))
        return
    import json

    from integrate_cli.status_data import status_documents

    results = status_documents(files, day, amber_days=amber_days)
    for result in results:
        _tell_errors(result.path, result.findings)
    docs = [r.doc for r in results if r.doc is not None]
    if not docs:
        raise FindingsFailed("no usable playbook to show; run 'integrate validate' for details")
    if output_format is StatusFormat.json:
        document = {"version": 1, "as_of": day.isoformat(), "programmes": docs}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    lines = [
        [(f"Portfolio as of {day.isoformat()}: {len(docs)} programmes", "")],
        *status_view.portfolio_table(docs),
    ]
    if detail:
        for programme in _statuses([r.path for r in results if r.doc], day, amber_days):
            lines += [[], *status_view.programme_view(programme)]
    write(lines, colour_wanted(color))


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
    from integrate_cli.timeline import chart

    day = parse_as_of(as_of)
    (programme,) = load_statuses([playbook], day, None)
    write(render(chart(programme), width()), colour_wanted(color))
