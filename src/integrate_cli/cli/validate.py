"""`integrate validate`, `integrate rules` and `integrate schema`."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from integrate_cli.baseline import load_baseline
from integrate_cli.check import CheckResult, check_paths
from integrate_cli.cli._app import app
from integrate_cli.cli._common import AS_OF_HELP, guarded, parse_as_of
from integrate_cli.errors import UsageError
from integrate_cli.output import guard_output
from integrate_cli.reporters import REPORTERS
from integrate_cli.review import apply, select

OutputFormat = StrEnum("OutputFormat", {name: name for name in REPORTERS})  # type: ignore[misc]

PROGRESS_FROM = 50


@app.command()
@guarded
def validate(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Playbook files or directories to search.")
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format; github is chosen automatically under GitHub Actions.",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Make warnings fail too.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            help="The config file to use; default: .integrate.yaml found upward from each "
            "playbook, up to the repository root.",
        ),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline", help="A baseline file: the findings in it do not fail, new ones do."
        ),
    ] = None,
    write_baseline: Annotated[
        str | None,
        typer.Option(
            "--write-baseline",
            help="Write the failing findings to this .json file as a baseline, and exit 0.",
        ),
    ] = None,
) -> None:
    """Check playbooks: the format and what it means, every finding with file:line:col.

    Directories are searched for *.yaml and *.yml; with no path, ./playbooks (else the
    current directory). Exit 0 when clean, 1 when findings fail, 2 for usage errors.

    Example: integrate validate playbooks/ --format github --strict
    """
    day = parse_as_of(as_of)
    name = (
        output_format.value
        if output_format
        else ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    )
    if write_baseline is not None:
        try:
            guard_output(write_baseline, wanted="a .json file")
        except UsageError as exc:  # its messages name the option -o
            raise UsageError(str(exc).replace("-o", "--write-baseline", 1)) from None
    selection = select(paths or [], config)
    known = load_baseline(baseline) if baseline and write_baseline is None else None
    result, review = apply(_run(selection.files, day), selection, known)
    if write_baseline is not None:
        _write_baseline(write_baseline, result, strict=strict)
        return
    sys.stdout.write(REPORTERS[name](result, strict=strict, review=review))
    if result.failed(strict=strict):
        raise typer.Exit(1)


def _run(files: list[str], day: Any) -> CheckResult:
    if not files:  # every file named or found is ignored by the config
        return CheckResult([], day)
    if not sys.stderr.isatty() or len(files) < PROGRESS_FROM:
        return check_paths(files, as_of=day)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("checking", total=len(files))
        return check_paths(files, as_of=day, progress=lambda done: bar.update(task, completed=done))


def _write_baseline(name: str, result: CheckResult, *, strict: bool) -> None:
    from integrate_cli.baseline import baseline_text
    from integrate_cli.fsutil import atomic_write

    failing = [f for f in result.findings() if f.fails(strict=strict)]
    folder = os.path.dirname(os.path.abspath(name))
    atomic_write(name, baseline_text(failing, folder).encode("utf-8"))
    files = len({f.path for f in failing})
    typer.echo(
        f"wrote {name}: {len(failing)} finding{'' if len(failing) == 1 else 's'} in "
        f"{files} playbook{'' if files == 1 else 's'}; "
        f"validate with --baseline {name} to fail only on new findings",
        err=True,
    )


@app.command()
@guarded
def rules(
    code: Annotated[str | None, typer.Argument(help="Show one code's documentation.")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/rules.md.")] = False,
) -> None:
    """List every finding code with its level and title, or one code's documentation.

    Example: integrate rules DEP-CYCLE
    """
    from integrate_cli.rules import catalogue
    from integrate_cli.rules.docs import describe

    codes = catalogue()
    if code:
        match = [c for c in codes if c.code == code.upper()]
        if not match:
            raise UsageError(f"no rule has the code {code!r}; 'integrate rules' lists them")
        typer.echo(describe(match[0]))
        return
    if markdown:
        typer.echo(rules_markdown(), nl=False)
        return
    width = max(len(c.code) for c in codes)
    for c in codes:
        typer.echo(f"{c.code:<{width}}  {c.level:<7}  {c.title}")


def rules_markdown() -> str:
    """Return docs/rules.md: every code with its level, title, documentation and examples."""
    from integrate_cli.rules.docs import markdown

    return markdown()


@app.command()
@guarded
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the schema to this file.")
    ] = None,
) -> None:
    """Print the JSON Schema of the playbook format, for editors and other tools.

    Generated from the same definition the validator uses.

    Example: integrate schema -o playbook.schema.json
    """
    from integrate_cli.fsutil import atomic_write
    from integrate_cli.spec import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    guard_output(str(output), wanted="a .json file")
    atomic_write(output, text.encode("utf-8"))
    typer.echo(f"wrote {output}", err=True)
