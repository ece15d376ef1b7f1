"""RAG changes between two days of a programme, from the one status pipeline (pure)."""

from __future__ import annotations

from datetime import date

from integrate_cli.changes import Change
from integrate_cli.model import Playbook
from integrate_cli.status import NO_SETTING, Amber, programme_status


def rag_changes(
    old: Playbook,
    old_day: date,
    new: Playbook,
    new_day: date,
    match: dict[str, str],
    amber: Amber = NO_SETTING,
) -> list[Change]:
    """Return the programme's RAG change and each matched stage's, `old` on `old_day`
    against `new` on `new_day`; `match` maps a new stage id to its old id."""
    before = programme_status(old, old_day, amber=amber)
    after = programme_status(new, new_day, amber=amber)
    out: list[Change] = []
    if before.rag != after.rag:
        title = new.title or new.id
        data = {"old": before.rag, "new": after.rag}
        text = f"{title} (programme): {before.rag} -> {after.rag}"
        out.append(Change("rag", "", title, text, data))
    olds = {s.stage.id: s for s in before.stages}
    for state in after.stages:
        was = olds.get(match.get(state.stage.id, ""))
        if was is None or was.rag == state.rag:
            continue
        title = state.stage.title
        why = f" ({state.reasons[0]})" if state.reasons and state.reasons[0] else ""
        data = {
            "old": was.rag,
            "new": state.rag,
            "reason": state.reasons[0] if state.reasons else "",
        }
        out.append(
            Change("rag", state.stage.id, title, f"{title}: {was.rag} -> {state.rag}{why}", data)
        )
    return out
