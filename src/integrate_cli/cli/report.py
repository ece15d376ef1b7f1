"""`integrate render-report`: write a committee paper from a playbook."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from integrate_cli.cli._app import app
from integrate_cli.cli._common import AS_OF_HELP, err, guarded, parse_as_of, tell

if TYPE_CHECKING:
    from integrate_cli.check import FileResult
    from integrate_cli.model import Playbook


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
            "(or ./templates), or a path to a .md.j2 file; default: .integrate.yaml's "
            "papers.template, else highlight.",
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
        str | None, typer.Option("--as-of", help=AS_OF_HELP + " Default: the meeting date.")
    ] = None,
) -> None:
    """Render a cabinet or board paper from a playbook as Markdown, HTML, Word or PDF.

    Progress, resources, risks, next steps and a timeline chart are computed from the
    playbook as of the meeting date.

    Example: integrate render-report playbooks/bnes-integration.yaml -t cabinet -o paper.docx
    """
    from integrate_cli.check import check_file
    from integrate_cli.fsutil import atomic_write
    from integrate_cli.output import paper_destination
    from integrate_cli.report.render import render

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
    day = parse_as_of(as_of) if as_of else None
    result = check_file(playbook, day or parse_as_of(None))
    data = render(
        usable_playbook(result),
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


def usable_playbook(result: FileResult) -> Playbook:
    """Return the checked playbook a paper can be written from, telling its findings on stderr.

    Every error that blocks a view is one `path:line:col: CODE message` line and raises
    FindingsFailed (exit 1); progress recorded after the as-of day (DONE-FUTURE) is a
    warning line and the paper is still written.
    """
    from integrate_cli.check import VIEW_ALLOWS, blocking
    from integrate_cli.errors import FindingsFailed

    stops = blocking(result.findings)
    tell(stops, [f for f in result.findings if f.code in VIEW_ALLOWS])
    if result.playbook is None or stops:
        count = f"{len(stops)} error" + ("s" if len(stops) != 1 else "")
        raise FindingsFailed(
            f"{result.path}: {count} in the playbook; nothing was written (a paper is only "
            f"written from a valid playbook; run 'integrate validate {result.path}')"
        )
    return result.playbook
