"""`integrate render-report`: write a committee paper from a playbook."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from integrate_cli.cli._app import app
from integrate_cli.cli._common import AS_OF_HELP, err, guarded, parse_as_of


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
        str,
        typer.Option(
            "--template", "-t", help="cabinet, hwb, highlight, a name in ./templates, or a path."
        ),
    ] = "highlight",
    output_format: Annotated[
        PaperFormat | None,
        typer.Option(
            "--format", "-f", help="md, html, docx or pdf; default from the -o suffix, else md."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The file to write; standard output when omitted (md, html)."
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
    from integrate_cli.errors import FindingsFailed, UsageError
    from integrate_cli.fsutil import atomic_write
    from integrate_cli.report.render import render

    name = (
        output_format.value
        if output_format
        else (output.suffix.lstrip(".").lower() if output and output.suffix else "md")
    )
    if name not in PaperFormat.__members__:
        raise UsageError(f"cannot tell the format from {output}; give --format md|html|docx|pdf")
    if name in ("docx", "pdf") and output is None:
        raise UsageError(f"{name} is binary: give -o FILE.{name}")
    day = parse_as_of(as_of) if as_of else None
    result = check_file(playbook, day or parse_as_of(None))
    errors = [f for f in result.findings if f.level == "error" and f.code != "DONE-FUTURE"]
    if result.playbook is None or errors:
        first = errors[0] if errors else result.findings[0]
        raise FindingsFailed(
            f"{first.path}:{first.line}:{first.col}: {first.code} "
            f"{first.message} (run 'integrate validate'; a paper is only "
            "written from a valid playbook)"
        )
    data = render(
        result.playbook,
        template,
        name,
        paper_id=paper,
        as_of=day,
        style=str(style) if style else None,
    )
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    atomic_write(output, data)
    err(f"wrote {output} ({len(data):,} bytes)")
