"""`integrate render-report`: write a committee paper from a playbook."""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from integrate_cli.cli._app import app
from integrate_cli.cli._common import err, guarded, parse_as_of, tell

if TYPE_CHECKING:
    from integrate_cli.check import FileResult
    from integrate_cli.model import Playbook
    from integrate_cli.sections import Paper


class PaperFormat(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"


@app.command("render-report")
@guarded
def render_report(
    playbook: Annotated[str, typer.Argument(help="The playbook file.")],
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help="cabinet, hwb, highlight, a name in the repository's templates/ "
            "(or ./templates), or a path to a .md.j2 file; default: the paper's own "
            "template:, else .integrate.yaml's papers.template, else highlight.",
        ),
    ] = None,
    output_format: Annotated[
        PaperFormat | None,
        typer.Option(
            "--format", "-f", help="md, html, docx or pdf; default from the -o suffix, else md."
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="The file to write (.md, .html, .docx or .pdf; never a .yaml); "
            "- or omitted for standard output.",
        ),
    ] = None,
    paper: Annotated[
        str | None,
        typer.Option("--paper", help="The paper id; default the newest by meeting date."),
    ] = None,
    style: Annotated[
        Path | None,
        typer.Option("--style", help="A council's Word house style (.docx) for docx output."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Report progress as of this day (2017-11-08, 8 Nov 2017...); default the "
            "paper's meeting date (today when the playbook has no paper).",
        ),
    ] = None,
    allow_errors: Annotated[
        bool,
        typer.Option(
            "--allow-errors",
            help="Write the paper even when the playbook has errors as of the meeting day "
            "(they are still listed).",
        ),
    ] = False,
) -> None:
    """Render a cabinet or board paper from a playbook as Markdown, HTML, Word or PDF.

    The paper's sections are printed in the author's order; progress, resources, risks,
    next steps and a timeline chart are computed from the playbook as of the meeting
    date and placed where the paper includes them. A playbook with errors as of the
    meeting day is refused (exit 1, the errors listed) unless --allow-errors.

    Example: integrate render-report playbooks/bnes-integration.yaml -o paper.docx
    """
    from integrate_cli.fsutil import atomic_write
    from integrate_cli.output import paper_destination
    from integrate_cli.report.render import render

    day = parse_as_of(as_of) if as_of else None
    chosen = choose(playbook, paper, day)
    if template is None:
        template = chosen.template
    if template is None:
        from integrate_cli.config import config_for

        config = config_for(playbook)
        template = (config.paper_template() if config else None) or "highlight"
    inputs = [("the playbook being read", playbook)]
    if style is not None:
        inputs.append(("the --style file", str(style)))
    if os.path.isfile(template):
        inputs.append(("the template", template))
    where = paper_destination(
        output,
        output_format.value if output_format else None,
        inputs=inputs,
        stdout_is_terminal=sys.stdout.isatty(),
    )
    usable = usable_playbook(chosen.result, allow_errors=allow_errors)
    if chosen.meeting_day is None:
        day = day or parse_as_of(None)
        if chosen.paper_id:
            what = f"paper '{chosen.paper_id}' has no meeting day; writing it"
            hint = "give its meeting a date to write it as of that day"
        else:
            what = "the playbook has no paper; writing one"
            hint = "add one under 'papers:' to write the paper for a meeting"
        err(f"{playbook}: warning: {what} as of {day.isoformat()} ({hint})")
    data = render(
        usable,
        template,
        where.format,
        paper_id=paper,
        as_of=day,
        style=str(style) if style else None,
    )
    if where.path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    atomic_write(where.path, data)
    err(f"wrote {where.path} ({len(data):,} bytes)")


class Chosen(NamedTuple):
    """The paper a render is for: the playbook checked as of its meeting day (today when it
    has no paper), its own template and its meeting day."""

    result: FileResult
    template: str | None
    meeting_day: date | None
    paper_id: str | None = None


def choose(playbook: str, paper_id: str | None, as_of: date | None) -> Chosen:
    """Return the playbook checked once, as of the chosen paper's meeting day.

    Without a paper it is checked as of --as-of, else today.
    """
    from integrate_cli.check import check_file
    from integrate_cli.report.context import choose_paper

    found: list[Paper | None] = []

    def meeting_day(checked: Playbook) -> date:
        found.append(choose_paper(checked, paper_id))
        paper = found[0]
        if paper is not None and paper.meeting_day is not None:
            return paper.meeting_day
        return as_of or parse_as_of(None)

    result = check_file(playbook, meeting_day)
    paper = found[0] if found else None
    if paper is None:
        return Chosen(result, None, None)
    return Chosen(result, paper.template or None, paper.meeting_day, paper.id)


def usable_playbook(result: FileResult, *, allow_errors: bool = False) -> Playbook:
    """Return the checked playbook a paper can be written from, telling its findings on stderr.

    Every error that blocks a paper is one `path:line:col: CODE message` line and raises
    FindingsFailed (exit 1), unless `allow_errors` (a playbook that could not be read at
    all is refused even then); each warning is one `path:line:col: warning CODE message`
    line; progress recorded after the as-of day (DONE-FUTURE) is one warning line and the
    paper is still written.
    """
    from integrate_cli.check import VIEW_ALLOWS, blocking
    from integrate_cli.cli.layout import printable
    from integrate_cli.errors import FindingsFailed
    from integrate_cli.findings import WARNING

    stops = blocking(result.findings)
    tell(stops, [f for f in result.findings if f.code in VIEW_ALLOWS])
    for f in result.findings:
        if f.level == WARNING and f.code not in VIEW_ALLOWS:
            err(printable(f"{f.path}:{f.line}:{f.col}: warning {f.code} {f.message}"))
    if result.playbook is None or (stops and not allow_errors):
        count = f"{len(stops)} error" + ("s" if len(stops) != 1 else "")
        raise FindingsFailed(
            f"{result.path}: {count} in the playbook; nothing was written (a paper is only "
            f"written from a valid playbook; run 'integrate validate {result.path}', or "
            "give --allow-errors to write it anyway)"
        )
    if stops:
        err(f"{result.path}: writing the paper despite {len(stops)} error(s) (--allow-errors)")
    return result.playbook
