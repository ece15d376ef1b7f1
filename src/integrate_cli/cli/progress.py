"""`integrate complete|start|block|reopen`: record progress in a playbook."""

from __future__ import annotations

from typing import Annotated

import typer

from integrate_cli.cli._app import app
from integrate_cli.cli._common import AS_OF_HELP, guarded, parse_as_of

PlaybookArg = Annotated[str, typer.Argument(help="The playbook file.")]
TargetArg = Annotated[str, typer.Argument(help="STAGE, STAGE.CRITERION or STAGE.DECISION.")]
OnOpt = Annotated[str | None, typer.Option("--on", help="The day it happened; default today.")]
ByOpt = Annotated[str | None, typer.Option("--by", help="Who did it or recorded it.")]
EvidenceOpt = Annotated[
    str | None, typer.Option("--evidence", help="Minute reference, decision number or link.")
]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="Why (for block and reopen).")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Print the diff; write nothing.")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Record it even though nothing would change; a replaced record moves to history.",
    ),
]


def _record(
    action: str,
    playbook: str,
    target: str,
    *,
    on: str | None,
    by: str | None,
    dry_run: bool,
    as_of: str | None,
    evidence: str | None = None,
    reason: str | None = None,
    body: str | None = None,
    force: bool = False,
) -> None:
    from integrate_cli.progress import Request, record_progress, stage_rag

    day = parse_as_of(as_of)
    when = parse_as_of(on) if on else day
    outcome = record_progress(
        playbook,
        Request(action, target, when, by, evidence, reason, body, force),
        as_of=day,
        dry_run=dry_run,
    )
    if dry_run:
        typer.echo(outcome.diff(), nl=False)
        typer.echo(f"dry run: {outcome.summary} (nothing written)", err=True)
        return
    rag = stage_rag(outcome)
    typer.echo(f"{outcome.summary}; stage {outcome.stage_id} is now {rag}")


@app.command()
@guarded
def complete(
    playbook: PlaybookArg,
    target: TargetArg,
    on: OnOpt = None,
    by: ByOpt = None,
    evidence: EvidenceOpt = None,
    body: Annotated[
        str | None, typer.Option("--body", help="For a decision: the body that took it.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Complete what is already done (the old record moves to history), or a "
            "stage with open items (recorded as forced).",
        ),
    ] = False,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """Record a stage or criterion as done, or a decision as taken by one body.

    Only `status` and `record` (or the body's `taken` entry) change in the file; a record
    that is replaced moves to the item's `history`, so nothing recorded is lost.

    Example: integrate complete playbooks/bnes.yaml shadow.legal-advice --on 2017-12-15
    --by "Legal" --evidence "Advice note LA-17-03"
    """
    _record(
        "complete",
        playbook,
        target,
        on=on,
        by=by,
        evidence=evidence,
        body=body,
        force=force,
        dry_run=dry_run,
        as_of=as_of,
    )


@app.command()
@guarded
def start(
    playbook: PlaybookArg,
    target: TargetArg,
    on: OnOpt = None,
    by: ByOpt = None,
    force: ForceOpt = False,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """Record a stage or criterion as in progress.

    Example: integrate start playbooks/bnes.yaml shadow --on 2018-01-08 --by PMO
    """
    _record("start", playbook, target, on=on, by=by, force=force, dry_run=dry_run, as_of=as_of)


@app.command()
@guarded
def block(
    playbook: PlaybookArg,
    target: TargetArg,
    reason: Annotated[str, typer.Option("--reason", help="What blocks it.")],
    on: OnOpt = None,
    by: ByOpt = None,
    force: ForceOpt = False,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """Record a stage or criterion as blocked, with the reason.

    Example: integrate block playbooks/bnes.yaml shadow.legal-advice --reason "No adviser"
    """
    _record(
        "block",
        playbook,
        target,
        on=on,
        by=by,
        reason=reason,
        force=force,
        dry_run=dry_run,
        as_of=as_of,
    )


@app.command()
@guarded
def reopen(
    playbook: PlaybookArg,
    target: TargetArg,
    reason: ReasonOpt = None,
    on: OnOpt = None,
    by: ByOpt = None,
    force: ForceOpt = False,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """Reopen a done or blocked stage or criterion (back to in progress).

    The done or blocked record moves to the item's `history`.

    Example: integrate reopen playbooks/bnes.yaml shadow --reason "Advice withdrawn"
    """
    _record(
        "reopen",
        playbook,
        target,
        on=on,
        by=by,
        reason=reason,
        force=force,
        dry_run=dry_run,
        as_of=as_of,
    )
