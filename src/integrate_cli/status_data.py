"""Status as data: the stable JSON form, and the status of many playbooks in workers.

A portfolio can hold thousands of playbooks. Each one is checked and computed where it is
read (in a worker process when there are many), and only what the parent prints comes
back: a table row, or the programme's JSON text, with the findings it tells on stderr.
Results arrive in file order, a chunk at a time, so the parent never holds them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from integrate_cli.dates import Window
from integrate_cli.findings import Finding
from integrate_cli.stage_state import Item, ProgrammeStatus
from integrate_cli.status import NO_SETTING, Amber, programme_status

if TYPE_CHECKING:
    from integrate_cli.deadlines import Deadline

TABLE, JSON = "table", "json"
LATER = "DONE-FUTURE"  # a record dated after the as-of day: shown, not counted
CHUNK = 64  # files a worker computes between two garbage collections
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f]")


Day = Callable[[date | None], Any]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _as_is(d: date | None) -> date | None:
    return d


def _window(w: Window, day: Day) -> dict[str, Any]:
    return {"start": day(w.start), "end": day(w.end)}


def _item(i: Item, as_of: date, day: Day) -> dict[str, Any]:
    return {
        "ref": i.ref,
        "title": i.title,
        "kind": i.kind,
        "status": i.status,
        "due": i.due_text or None,
        "due_window": _window(i.due, day),
        "rag": i.rag,
        "reason": i.reason,
        "days_left": i.days_left(as_of),
        "done_on": day(i.done_on),
        "recorded_after_as_of": day(i.recorded_after),
    }


def _document(status: ProgrammeStatus, day: Day) -> dict[str, Any]:
    as_of = status.as_of
    return {
        "path": status.playbook.path,
        "programme": {"id": status.playbook.id, "title": status.playbook.title},
        "as_of": day(as_of),
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
                "start_window": _window(s.start, day),
                "due": s.due_text or None,
                "due_window": _window(s.due, day),
                "rag": s.rag,
                "rag_reasons": s.reasons,
                "override": {"rag": s.override[0], "reason": s.override[1]} if s.override else None,
                "criteria": {"done": s.done, "total": s.total},
                "days_left": s.days_left,
                "overdue": s.overdue,
                "blocked": s.status == "blocked" or any(i.status == "blocked" for i in s.items),
                "blockers": s.blockers,
                "recorded_after_as_of": day(s.items[0].recorded_after),
                "items": [_item(i, as_of, day) for i in s.items[1:]],
            }
            for s in status.stages
        ],
        "next": [_item(i, as_of, day) for i in status.next],
        "overdue": [_item(i, as_of, day) for i in status.overdue],
    }


def to_dict(status: ProgrammeStatus) -> dict[str, Any]:
    """Return the stable JSON form of a programme's status (version 1), days as ISO text."""
    document = _document(status, _iso)
    deadline = next_deadline(status)
    document["next_deadline"] = deadline and {
        "day": deadline.day.isoformat(),
        "days_left": (deadline.day - status.as_of).days,
        "kind": deadline.kind,
        "what": deadline.what,
        "belongs_to": deadline.belongs_to,
    }
    return document


def next_deadline(status: ProgrammeStatus) -> Deadline | None:
    """Return the programme's next committee or agreement deadline on or after the as-of
    day (docs/deadlines.md), with the repository config's body settings; None when none.

    A playbook with no paper and no agreement has none, and loads nothing to say so.
    """
    playbook = status.playbook
    if not (playbook.papers or playbook.agreements):
        return None
    from integrate_cli.config_path import find_config
    from integrate_cli.deadlines import next_deadline as first_coming

    bodies: dict[str, Any] = {}
    if find_config(playbook.path) is not None:
        from integrate_cli.config import config_for

        config = config_for(playbook.path)
        bodies = dict(config.bodies) if config else {}
    return first_coming(playbook, status.as_of, bodies)


def summary(status: ProgrammeStatus) -> dict[str, Any]:
    """Return the same form as to_dict with days as dates, for papers to format."""
    return _document(status, _as_is)


def json_text(data: Any, depth: int = 0) -> str:
    """Return `data` as indented JSON text, nested `depth` levels deep in a document.

    Control characters are escaped, C1 and DEL included, which json.dumps leaves raw.
    """
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace("\n", "\n" + "  " * depth)


class Row(NamedTuple):
    """One programme as the portfolio table shows it; `errors` > 0 means it is invalid."""

    path: str
    title: str
    errors: int
    rag: str = ""
    done: int = 0
    total: int = 0
    percent: int = 0
    overdue: int = 0
    next_ref: str = ""
    next_title: str = ""
    next_due: date | None = None


class Outcome(NamedTuple):
    """What the parent needs of one playbook: what it prints and what it tells on stderr.

    `errors` are the findings that stop a view; `later` are records dated after the
    as-of day. `row` is set in the table form, `document` (JSON text) in the JSON form.
    """

    path: str
    errors: list[Finding]
    later: list[Finding]
    row: Row | None
    document: str

    @property
    def valid(self) -> bool:
        """True when the playbook has a view: no error that stops one."""
        return not self.errors


def _row(status: ProgrammeStatus) -> Row:
    nxt = status.next[0] if status.next else None
    return Row(
        status.playbook.path,
        status.playbook.title or status.playbook.id,
        0,
        status.rag,
        status.done,
        status.total,
        round(100 * status.readiness),
        len(status.overdue),
        nxt.ref if nxt else "",
        nxt.title if nxt else "",
        nxt.due.end if nxt else None,
    )


class Checked(NamedTuple):
    """One playbook checked for a view: the findings that stop one, the records dated
    after the as-of day, and its status (None when it has no view)."""

    path: str
    errors: list[Finding]
    later: list[Finding]
    status: ProgrammeStatus | None


def checked_status(path: str, as_of: date, *, amber: Amber) -> Checked:
    """Return one playbook checked, with its status computed only when it has a view.

    The one way a status is made from a file, for one playbook or many.
    """
    from integrate_cli.check import blocking, check_file

    result = check_file(path, as_of)
    errors = blocking(result.findings)
    later = [f for f in result.findings if f.code == LATER]
    if errors or result.playbook is None:
        return Checked(path, errors, later, None)
    return Checked(path, errors, later, programme_status(result.playbook, as_of, amber=amber))


def outcome(path: str, as_of: date, *, amber: Amber, form: str, baseline: bool = False) -> Outcome:
    """Return one playbook's portfolio outcome: checked, and computed only when valid.

    With `baseline`, each stage of the JSON carries its baseline and slippage (from the
    playbook's git history: slippage.py).
    """
    path, errors, later, status = checked_status(path, as_of, amber=amber)
    if status is None:
        count = len(errors)
        if form == TABLE:
            return Outcome(path, errors, later, Row(path, "", count), "")
        document = {"path": path, "valid": False, "errors": count}
        return Outcome(path, errors, later, None, json_text(document, 2))
    if form == TABLE:
        return Outcome(path, errors, later, _row(status), "")
    document = {"path": path, "valid": True, "errors": 0} | to_dict(status)
    if baseline:
        from integrate_cli.slippage import add_to_document, slippage

        add_to_document(document, slippage(path, status.playbook, as_of=as_of))
    return Outcome(path, errors, later, None, json_text(document, 2))


def _chunk(args: tuple[list[str], tuple[date, Amber, str, bool]]) -> list[Outcome]:
    from integrate_cli.workers import paused_gc

    paths, (as_of, amber, form, baseline) = args
    with paused_gc():  # collecting while loading costs 15-20%, and finds no cycles
        return [outcome(path, as_of, amber=amber, form=form, baseline=baseline) for path in paths]


def portfolio(
    files: list[str],
    as_of: date,
    *,
    amber: Amber = NO_SETTING,
    form: str = TABLE,
    baseline: bool = False,
) -> Iterator[Outcome]:
    """Yield the outcome of every playbook in `files`, in order, as each chunk is ready.

    Many playbooks are checked and computed in worker processes, as `validate` does;
    only a few chunks' outcomes are in flight at a time.
    """
    from integrate_cli.workers import each_in_workers, worker_count

    workers = worker_count(len(files))
    extra = (as_of, amber, form, baseline)
    if workers > 1:
        yield from each_in_workers(_chunk, files, extra, workers=workers)
        return
    for start in range(0, len(files), CHUNK):
        yield from _chunk((files[start : start + CHUNK], extra))
