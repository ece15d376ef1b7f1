"""Rules about dates, windows and the dependency graph."""

from __future__ import annotations

from integrate_cli.dates import format_day
from integrate_cli.graph import find_cycles, first_index
from integrate_cli.rulebook import Context, rule


@rule("DATE-INVALID")
def dates_resolve(context: Context) -> None:
    """Every date must be in one of the forms the papers use: a day (2017-11-08, 29.8.14,
    8 March 2017), a month (April 2016), a UK financial year (2018/19), a quarter (Q3 2017
    or Q1 2018/19), a season (autumn 2017), early/mid/late 2016, a year, TBC, or a date
    relative to a stage, criterion or decision (6 months after mou-signed). Impossible
    days such as 30 February are reported here too.

    PASS:
        stages:
          - {id: a, title: A, kind: milestone, due: 8 March 2017}
          - {id: b, title: B, kind: milestone, due: Q3 2017/18}
          - {id: c, title: C, kind: milestone, due: 6 months after a}

    FAIL (2:45, 3:45):
        stages:
          - {id: a, title: A, kind: milestone, due: 31.4.15}
          - {id: b, title: B, kind: milestone, due: Octember 2017}
    """
    context.dates.resolve_all()  # done before the rules run: every date, once (check.py)


@rule("DATE-CYCLE")
def relative_dates_acyclic(context: Context) -> None:
    """A relative date counts from its anchor's date; when anchors lead back to the date
    itself ('a is 1 month after b', 'b is 2 weeks after a') none can be resolved. The
    message names the cycle.

    PASS:
        stages:
          - {id: a, title: A, kind: milestone, due: 1 month after b}
          - {id: b, title: B, kind: milestone, due: 2017-01-01}

    FAIL (2:45):
        stages:
          - {id: a, title: A, kind: milestone, due: 1 month after b}
          - {id: b, title: B, kind: milestone, due: 1 month after a}
    """
    context.dates.resolve_all()  # done before the rules run: every date, once (check.py)


@rule("DEP-CYCLE")
def no_dependency_cycles(context: Context) -> None:
    """`depends_on` must not lead back to the stage itself. The message names the whole
    cycle (a -> b -> a), reported once at the first stage of it.

    PASS:
        stages:
          - {id: a, title: A, kind: milestone}
          - {id: b, title: B, kind: milestone, depends_on: [a]}
          - {id: c, title: C, kind: milestone, depends_on: [b]}

    FAIL (3:53):
        stages:
          - {id: a, title: A, kind: milestone, depends_on: [c]}
          - {id: b, title: B, kind: milestone, depends_on: [a]}
          - {id: c, title: C, kind: milestone, depends_on: [b]}
    """
    stages = context.playbook.stages
    index = first_index([s.id for s in stages])
    needs = [[index.get(dep) for dep, _ in stage.depends_on] for stage in stages]
    for cycle in find_cycles(needs):
        stage = stages[cycle.node]
        context.sink.add(
            "DEP-CYCLE",
            stage.depends_on[cycle.edge][1],
            "stages depend on each other in a cycle: "
            + " -> ".join(stages[n].id for n in cycle.nodes),
            "remove one of these dependencies",
            where=f"stages.{stage.id}.depends_on",
        )


@rule("WINDOW-REVERSED")
def windows_run_forwards(context: Context) -> None:
    """A stage's `due` must not end before its `start` begins, and an agreement's `ends`
    must not come before its `starts`.

    PASS:
        stages:
          - {id: a, title: A, kind: milestone, start: 2017/18, due: 2017-06-01}

    FAIL (2:61):
        stages:
          - {id: a, title: A, kind: milestone, start: 2018/19, due: 2017-06-01}
    """
    for stage in context.playbook.stages:
        start, due = stage.start_date.window, stage.due_date.window
        if start.start and due.end and due.end < start.start:
            context.sink.add(
                "WINDOW-REVERSED",
                stage.due_date.pos,
                f"stage '{stage.id}' is due by {format_day(due.end)}, before it "
                f"starts ({format_day(start.start)})",
                "correct 'start' or 'due'",
                where=f"stages.{stage.id}.due",
            )
    for agreement in context.playbook.agreements:
        starts, ends = agreement.starts.window, agreement.ends.window
        if starts.start and ends.end and ends.end < starts.start:
            context.sink.add(
                "WINDOW-REVERSED",
                agreement.ends.pos,
                f"agreement '{agreement.id}' ends {format_day(ends.end)}, "
                f"before it starts ({format_day(starts.start)})",
                "correct 'starts' or 'ends'",
                where=f"agreements.{agreement.id}.ends",
            )


@rule("DUE-BEFORE-DEPENDENCY")
def due_after_dependencies(context: Context) -> None:
    """A stage cannot be due before the earliest date a stage it depends on can finish:
    the dependency's completion date when it is done, otherwise the start of its due
    window. Fuzzy windows are given the benefit of the doubt.

    PASS:
        stages:
          - {id: a, title: A, kind: milestone, due: autumn 2018}
          - {id: b, title: B, kind: milestone, due: 2018-09-30, depends_on: [a]}

    FAIL (3:70):
        stages:
          - {id: a, title: A, kind: milestone, due: autumn 2018}
          - {id: b, title: B, kind: milestone, due: 2018-06-30, depends_on: [a]}
    """
    for stage in context.playbook.stages:
        due = stage.due_date.window.end
        if due is None:
            continue
        for dep_id, at in stage.depends_on:
            dep = context.playbook.stage(dep_id)
            if dep is None or dep.status == "dropped":
                continue
            if dep.status == "done" and dep.record is not None:
                finish = dep.record.on_date.window.start
            else:
                finish = dep.due_date.window.start or dep.start_date.window.start
            if finish is not None and finish > due:
                context.sink.add(
                    "DUE-BEFORE-DEPENDENCY",
                    at,
                    f"stage '{stage.id}' is due by {format_day(due)} but depends "
                    f"on '{dep_id}', which cannot finish before "
                    f"{format_day(finish)}",
                    f"move '{stage.id}' later, or '{dep_id}' earlier",
                    where=f"stages.{stage.id}.depends_on",
                )


@rule("SHADOW-AFTER-GOLIVE")
def shadow_ends_by_golive(context: Context) -> None:
    """A `go-live` stage that depends on a `shadow` stage must not be due before the
    shadow period ends: the shadow year runs up to go-live, not past it.

    PASS:
        stages:
          - {id: s, title: S, kind: shadow, due: 2016/17}
          - {id: g, title: G, kind: go-live, due: 2017-04-01, depends_on: [s]}

    FAIL (3:68):
        stages:
          - {id: s, title: S, kind: shadow, due: 2016/17}
          - {id: g, title: G, kind: go-live, due: 2017-02-01, depends_on: [s]}
    """
    for stage in context.playbook.stages:
        if stage.kind != "go-live":
            continue
        live = stage.due_date.window.end
        for dep_id, at in stage.depends_on:
            shadow = context.playbook.stage(dep_id)
            if shadow is None or shadow.kind != "shadow" or live is None:
                continue
            ends = shadow.due_date.window.end
            if ends is not None and ends > live:
                context.sink.add(
                    "SHADOW-AFTER-GOLIVE",
                    at,
                    f"shadow stage '{dep_id}' runs to {format_day(ends)}, after "
                    f"go-live '{stage.id}' ({format_day(live)})",
                    "end the shadow period by go-live, or move go-live later",
                    where=f"stages.{stage.id}.depends_on",
                )
