"""Status as data: the stable JSON form, and the status of many playbooks in workers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from integrate_cli.dates import Window
from integrate_cli.status import Item, ProgrammeStatus, programme_status


def to_dict(status: ProgrammeStatus) -> dict[str, Any]:
    """Return the stable JSON form of a programme's status (version 1)."""

    def window(w: Window) -> dict[str, str | None]:
        return {
            "start": w.start.isoformat() if w.start else None,
            "end": w.end.isoformat() if w.end else None,
        }

    def item(i: Item) -> dict[str, Any]:
        return {
            "ref": i.ref,
            "title": i.title,
            "kind": i.kind,
            "status": i.status,
            "due": i.due_text or None,
            "due_window": window(i.due),
            "rag": i.rag,
            "reason": i.reason,
            "days_left": i.days_left(status.as_of),
            "done_on": i.done_on.isoformat() if i.done_on else None,
        }

    return {
        "path": status.playbook.path,
        "programme": {"id": status.playbook.id, "title": status.playbook.title},
        "as_of": status.as_of.isoformat(),
        "rag": status.rag,
        "readiness": {
            "done": status.done,
            "total": status.total,
            "percent": round(100 * status.readiness),
        },
        "stages": [
            {
                "id": s.stage.id,
                "title": s.stage.title,
                "kind": s.stage.kind,
                "status": s.status,
                "start": s.start_text or None,
                "start_window": window(s.start),
                "due": s.due_text or None,
                "due_window": window(s.due),
                "rag": s.rag,
                "rag_reasons": s.reasons,
                "override": {"rag": s.override[0], "reason": s.override[1]} if s.override else None,
                "criteria": {"done": s.done, "total": s.total},
                "days_left": s.days_left,
                "overdue": s.overdue,
                "blocked": s.status == "blocked" or any(i.status == "blocked" for i in s.items),
                "blockers": s.blockers,
                "items": [item(i) for i in s.items[1:]],
            }
            for s in status.stages
        ],
        "next": [item(i) for i in status.next],
        "overdue": [item(i) for i in status.overdue],
    }


def _status_chunk(args: tuple[list[str], tuple[date, int | None]]) -> list[StatusDoc]:
    from integrate_cli.check import check_file

    paths, (as_of, amber_days) = args
    out = []
    for path in paths:
        result = check_file(path, as_of)
        doc = None
        if result.playbook is not None:
            doc = to_dict(programme_status(result.playbook, as_of, amber_days=amber_days))
        out.append(StatusDoc(path, result.findings, doc))
    return out


@dataclass(slots=True, eq=False)
class StatusDoc:
    """One playbook's findings and, when it could be read, its status as JSON data."""

    path: str
    findings: list[Any]
    doc: dict[str, Any] | None


def status_documents(
    paths: list[str], as_of: date, *, amber_days: int | None = None
) -> list[StatusDoc]:
    """Return the status of every playbook under `paths` as JSON data.

    Many playbooks are loaded and computed in worker processes, as `validate` does.
    """
    import gc

    from integrate_cli.check import discover, in_workers, worker_count

    files = discover(paths)
    workers = worker_count(len(files))
    enabled = gc.isenabled()
    gc.disable()
    try:
        if workers > 1:
            docs: list[StatusDoc] = in_workers(
                _status_chunk, files, (as_of, amber_days), workers=workers
            )
            return docs
        return _status_chunk((files, (as_of, amber_days)))
    finally:
        if enabled:
            gc.enable()
