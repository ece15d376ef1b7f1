"""Rules about recorded progress."""

from __future__ import annotations

from integrate_cli.dates import format_day
from integrate_cli.findings import WARNING
from integrate_cli.model import Criterion, Record, Stage
from integrate_cli.rulebook import Context, rule

_NEEDS_RECORD = {"done": "a completion date", "blocked": "the date it was blocked"}


_Item = tuple[str, "Stage | Criterion"]  # a stage or criterion, with its stage's id


def _label(item: _Item) -> str:
    """Return its name in messages: stage 'a', criterion 'a.c1'."""
    stage_id, it = item
    return f"criterion '{stage_id}.{it.id}'" if isinstance(it, Criterion) else f"stage '{it.id}'"


def _where(item: _Item) -> str:
    """Return its data path: stages.a, stages.a.criteria.c1."""
    stage_id, it = item
    return f"stages.{stage_id}.criteria.{it.id}" if isinstance(it, Criterion) else f"stages.{it.id}"


def _items(context: Context) -> list[_Item]:
    out: list[_Item] = []
    for stage in context.playbook.stages:
        out.append((stage.id, stage))
        out += [(stage.id, c) for c in stage.criteria]
    return out


@rule("DONE-NO-DATE")
def done_has_date(context: Context) -> None:
    """A stage or criterion whose status is `done` or `blocked` needs a `record` with the
    date it happened (`on`), and preferably who recorded it and the evidence (a minute
    reference). `integrate complete` and `integrate block` write it for you.

    PASS:
        stages:
          - {id: a, title: A, kind: milestone, status: blocked, record: {on: 2017-01-01}}

    FAIL (2:48):
        stages:
          - {id: a, title: A, kind: milestone, status: blocked, record: {by: PMO}}
    """
    for item in _items(context):
        status, record = item[1].status, item[1].record
        if status in _NEEDS_RECORD and (record is None or not record.on):
            context.sink.add(
                "DONE-NO-DATE",
                item[1].raw.pos("status"),
                f"{_label(item)} is {status} but has no record of {_NEEDS_RECORD[status]}",
                "add 'record: {on: DATE, by: NAME, evidence: MINUTE-REF}'",
                where=f"{_where(item)}.record",
            )


@rule("DONE-FUTURE")
def done_not_in_future(context: Context) -> None:
    """A completion date (or a decision's date) cannot be after the as-of date (today unless
    `--as-of` is given): progress is recorded when it has happened.

    PASS:
        stages:
          - {id: a, title: A, kind: milestone, status: done, record: {on: 2026-11-22}}

    FAIL (2:67):
        stages:
          - {id: a, title: A, kind: milestone, status: done, record: {on: 2027-01-01}}
    """
    as_of = context.as_of
    # (what it records, the path to it, the record); names and paths made for a finding
    records: list[tuple[_Item | tuple[str, str, str], Record]] = [
        (i, i[1].record) for i in _items(context) if i[1].record
    ]
    for stage in context.playbook.stages:
        for decision in stage.decisions:
            records += [((stage.id, decision.id, body), r) for body, r in decision.taken.items()]
    for item, record in records:
        when = record.on_date.window.start
        if when is not None and when > as_of:
            if len(item) == 2:
                label, where = _label(item), f"{_where(item)}.record.on"
            else:
                stage_id, decision_id, body = item
                label = f"decision '{stage_id}.{decision_id}' by '{body}'"
                where = f"stages.{stage_id}.decisions.{decision_id}.taken.{body}.on"
            context.sink.add(
                "DONE-FUTURE",
                record.on_date.pos,
                f"{label} is recorded on {format_day(when)}, after the as-of date "
                f"{format_day(as_of)}",
                "correct the date, or pass --as-of to check as of a later day",
                where=where,
            )


@rule("DONE-OPEN-CRITERIA")
def done_stage_is_closed(context: Context) -> None:
    """A stage is done only when every criterion is done (or dropped) and every body has
    taken each of its decisions. A stage completed with `--force` records `forced: true`
    and is reported as a warning instead.

    PASS:
        stages:
          - id: a
            title: A
            kind: decision
            status: done
            record: {on: 2017-01-01}
            decisions:
              - {id: d, title: D, bodies: [cabinet, gb], taken: {cabinet: {on: 2017-01-01},
                 gb: {on: 2017-01-02}}}

    FAIL (5:13):
        stages:
          - id: a
            title: A
            kind: decision
            status: done
            record: {on: 2017-01-01}
            decisions:
              - {id: d, title: D, bodies: [cabinet, gb], taken: {cabinet: {on: 2017-01-01}}}
    """
    for stage in context.playbook.stages:
        if stage.status != "done":
            continue
        open_items = [c.id for c in stage.criteria if c.status not in ("done", "dropped")]
        open_items += [
            f"{d.id} (owed by {', '.join(d.owed_by())})" for d in stage.decisions if d.owed_by()
        ]
        if not open_items:
            continue
        forced = stage.record is not None and stage.record.forced
        context.sink.add(
            "DONE-OPEN-CRITERIA",
            stage.raw.pos("status"),
            f"stage '{stage.id}' is done{' (forced)' if forced else ''} but has "
            f"open items: {', '.join(open_items)}",
            "complete or drop them, or reopen the stage",
            where=f"stages.{stage.id}.status",
            level=WARNING if forced else None,
        )


@rule("DONE-BEFORE-DEPENDENCY")
def done_after_dependencies(context: Context) -> None:
    """A stage recorded as done while a stage it depends on is still open usually means a
    status was not updated.

    PASS:
        stages:
          - {id: a, title: A, kind: milestone, status: dropped}
          - {id: b, title: B, kind: milestone, depends_on: [a], status: done,
             record: {on: 2017-01-01}}

    FAIL (3:53):
        stages:
          - {id: a, title: A, kind: milestone}
          - {id: b, title: B, kind: milestone, depends_on: [a], status: done,
             record: {on: 2017-01-01}}
    """
    for stage in context.playbook.stages:
        if stage.status != "done":
            continue
        for dep_id, at in stage.depends_on:
            dep = context.playbook.stage(dep_id)
            if dep is not None and dep.status not in ("done", "dropped"):
                context.sink.add(
                    "DONE-BEFORE-DEPENDENCY",
                    at,
                    f"stage '{stage.id}' is done but '{dep_id}', which it depends "
                    f"on, is {dep.status}",
                    f"record the progress of '{dep_id}'",
                    where=f"stages.{stage.id}.depends_on",
                )


@rule("RISK-NO-MITIGATION")
def high_risks_mitigated(context: Context) -> None:
    """An open risk scoring 15 or more (likelihood x impact) needs a `mitigation`.

    PASS:
        stages: []
        risks:
          - {id: r, title: R, likelihood: 3, impact: 5, mitigation: a second supplier}
          - {id: s, title: S, likelihood: 3, impact: 4}

    FAIL (3:5):
        stages: []
        risks:
          - {id: r, title: R, likelihood: 3, impact: 5}
    """
    for risk in context.playbook.risks:
        if risk.score >= 15 and not risk.mitigation and risk.status == "open":
            context.sink.add(
                "RISK-NO-MITIGATION",
                risk.raw.at,
                f"risk '{risk.id}' scores {risk.score} but has no mitigation",
                "add 'mitigation:'",
                where=f"risks.{risk.id}",
            )
