"""A paper's "progress since the last report": what changed in the playbook's git history
from the previous paper's meeting day to this paper's, and slippage against baseline.

The paper reads the playbook as it is now (uncommitted edits included), so the change is
from the version committed by the previous meeting day to now, with days counted as of
this paper's day. Outside git, or for the first paper, it says so in one line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from integrate_cli.changes import KINDS
from integrate_cli.changes_format import NOTHING
from integrate_cli.dates import When
from integrate_cli.errors import InputError
from integrate_cli.githistory import NotInGit
from integrate_cli.model import Playbook

NOT_IN_GIT = "Progress since the last report is not shown: the playbook is not in a git repository."
FIRST = "This is the first report: there is no earlier paper to compare with."


def _escape(value: str) -> str:
    for char in "\\`*_[]<|#":
        value = value.replace(char, "\\" + char)
    return value


def progress_since(
    playbook: Playbook,
    since: date | None,
    day: date,
    words: Callable[[When], str] = lambda when: when.text,
) -> dict[str, Any]:
    """Return the block for a paper: `markdown` (ready to place), `note` (one line, when
    there is nothing to list), `since` (ISO day), `sections` (label and lines of each kind
    of change) and `slippage` (one line per stage off its baseline, its dates in `words`:
    a paper's own wording, titles for anchors)."""
    from integrate_cli.comparison import compare
    from integrate_cli.slippage import slippage

    block: dict[str, Any] = {"since": since.isoformat() if since else None, "sections": []}
    block["slippage"] = []
    if since is None:
        return block | {"note": FIRST, "markdown": FIRST + "\n"}
    try:
        found = compare(playbook.path, since=since.isoformat(), until=None, as_of=day)
    except NotInGit:
        return block | {"note": NOT_IN_GIT, "markdown": NOT_IN_GIT + "\n"}
    except InputError as exc:
        note = f"Not shown: {exc}."
        return block | {"note": note, "markdown": note + "\n"}
    for kind, label in KINDS.items():
        lines = [c.worded(words) for c in found.changes if c.kind == kind]
        if lines:
            block["sections"].append({"label": label, "lines": lines})
    for slip in slippage(playbook.path, playbook, as_of=day).values():
        if slip.days:
            block["slippage"].append(
                f"{slip.title}: due {words(slip.current_when)}, "
                f"baseline {words(slip.baseline_when)} ({slip.label()})"
            )
    out = []
    for section in block["sections"]:
        out.append(f"**{section['label']}**\n")
        out.append("\n".join(f"- {_escape(line)}" for line in section["lines"]) + "\n")
    if block["slippage"]:
        out.append("**Slippage against baseline**\n")
        out.append("\n".join(f"- {_escape(line)}" for line in block["slippage"]) + "\n")
    nothing = NOTHING.removeprefix("no ")
    block["note"] = "" if out else f"No {nothing} since {since.isoformat()}."
    block["markdown"] = "\n".join(out) if out else block["note"] + "\n"
    return block
