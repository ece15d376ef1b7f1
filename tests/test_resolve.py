"""resolve.py: every date to a window, relative dates along chains of any length."""

from __future__ import annotations

import sys
import textwrap
from datetime import date, timedelta

import integrate_cli.rules  # noqa: F401  (registers the finding codes)
from integrate_cli.dates import TBC, Window
from integrate_cli.findings import Finding, Sink
from integrate_cli.loader import load_text
from integrate_cli.model import Playbook, build
from integrate_cli.resolve import Dates
from integrate_cli.spec import check_playbook
from tests.conftest import HEADER


def resolved(stages: str) -> tuple[Playbook, list[Finding]]:
    """Return a playbook with these stages (YAML list items), its dates resolved."""
    text = HEADER + "stages:\n" + textwrap.indent(textwrap.dedent(stages), "  ")
    loaded = load_text(text, "t.yaml")
    assert loaded.data is not None and loaded.findings == []
    sink = Sink("t.yaml")
    playbook = build("t.yaml", check_playbook(loaded.data, sink))
    assert sink.findings == []
    Dates(playbook, sink).resolve_all()
    return playbook, sink.findings


def due(playbook: Playbook, stage_id: str) -> Window:
    stage = playbook.stage(stage_id)
    assert stage is not None
    return stage.due_date.window


def day(text: str) -> Window:
    value = date.fromisoformat(text)
    return Window(value, value)


def chain(count: int, *, reverse: bool) -> str:
    numbers = range(count - 1, -1, -1) if reverse else range(count)
    return "".join(
        f"- {{id: s{n}, title: S, kind: milestone, "
        f"due: {f'1 week after s{n - 1}' if n else '2020-01-06'}}}\n"
        for n in numbers
    )


def test_a_reversed_relative_chain_far_longer_than_the_recursion_limit() -> None:
    count = 3 * sys.getrecursionlimit()
    playbook, findings = resolved(chain(count, reverse=True))
    assert findings == []
    last = date(2020, 1, 6) + timedelta(weeks=count - 1)
    assert due(playbook, f"s{count - 1}") == Window(last, last)
    assert due(playbook, "s1") == day("2020-01-13")


def test_a_chain_gives_the_same_dates_in_either_order() -> None:
    forward, _ = resolved(chain(50, reverse=False))
    backward, _ = resolved(chain(50, reverse=True))
    for n in range(50):
        assert due(forward, f"s{n}") == due(backward, f"s{n}")
    assert due(forward, "s49") == day("2020-12-14")  # 49 weeks on


def test_a_two_date_cycle_is_named_in_full() -> None:
    playbook, findings = resolved("""\
        - {id: a, title: A, kind: milestone, due: 1 month after b}
        - {id: b, title: B, kind: milestone, due: 2 weeks after a}
        """)
    assert [(f.code, f.line, f.col, f.message) for f in findings] == [
        (
            "DATE-CYCLE",
            10,
            45,
            "relative dates form a cycle: stages.a.due -> stages.b.due -> stages.a.due",
        )
    ]
    assert due(playbook, "a") == due(playbook, "b") == TBC


def test_a_long_cycle_is_reported_once_without_recursion() -> None:
    count = 3 * sys.getrecursionlimit()
    stages = "".join(
        f"- {{id: s{n}, title: S, kind: milestone, due: 1 day after s{(n + 1) % count}}}\n"
        for n in range(count)
    )
    playbook, findings = resolved(stages)
    (finding,) = findings
    labels = finding.message.removeprefix("relative dates form a cycle: ").split(" -> ")
    assert labels[:2] == ["stages.s0.due", "stages.s1.due"]
    assert (len(labels), labels[-1]) == (count + 1, "stages.s0.due")
    assert due(playbook, f"s{count // 2}") == TBC


def test_a_date_counts_from_a_done_stage_s_completion() -> None:
    stages = """\
        - {id: a, title: A, kind: milestone, due: 2017-01-01, status: done,
           record: {on: 2017-03-01}}
        - {id: b, title: B, kind: milestone, due: 1 month after a}
        """
    playbook, _ = resolved(stages)
    assert due(playbook, "b") == day("2017-04-01")
    playbook, _ = resolved(stages.replace("status: done", "status: in-progress"))
    assert due(playbook, "b") == day("2017-02-01")


def test_a_criterion_without_a_due_date_counts_from_its_stage() -> None:
    playbook, _ = resolved("""\
        - {id: a, title: A, kind: milestone, due: 2017-01-01,
           criteria: [{id: c1, title: C}, {id: c2, title: C, due: 2017-05-01}]}
        - {id: b, title: B, kind: milestone, due: 2 weeks after a.c1}
        - {id: c, title: C, kind: milestone, due: 2 weeks after a.c2}
        """)
    assert due(playbook, "b") == day("2017-01-15")
    assert due(playbook, "c") == day("2017-05-15")


def test_a_stage_without_a_due_date_counts_from_its_start() -> None:
    playbook, findings = resolved("""\
        - {id: a, title: A, kind: milestone, start: 2017-01-01}
        - {id: b, title: B, kind: milestone, due: 1 week after a}
        - {id: c, title: C, kind: milestone}
        - {id: d, title: D, kind: milestone, due: 1 week after c}
        """)
    assert due(playbook, "b") == day("2017-01-08")
    assert (due(playbook, "d"), findings) == (TBC, [])


def test_an_unreadable_date_is_reported_once_however_often_it_is_an_anchor() -> None:
    playbook, findings = resolved("""\
        - {id: a, title: A, kind: milestone, due: 30 February 2017}
        - {id: b, title: B, kind: milestone, due: 1 week after a}
        - {id: c, title: C, kind: milestone, due: 2 weeks after a}
        """)
    assert [(f.code, f.line) for f in findings] == [("DATE-INVALID", 10)]
    assert due(playbook, "b") == due(playbook, "c") == TBC


def test_an_anchor_that_is_not_in_the_playbook() -> None:
    playbook, findings = resolved("""\
        - {id: a, title: A, kind: milestone, due: 1 week after b}
        """)
    assert [(f.code, f.line, f.col) for f in findings] == [("REF-UNRESOLVED", 10, 45)]
    assert findings[0].message == (
        "stages.a.due is relative to 'b', which is not a stage, criterion or decision "
        "in this playbook"
    )
    assert due(playbook, "a") == TBC


def test_stage_anchors_names_the_stages_a_stage_s_dates_count_from() -> None:
    playbook, _ = resolved("""\
        - {id: a, title: A, kind: milestone, due: 2017-01-01, criteria: [{id: c1, title: C}]}
        - {id: b, title: B, kind: milestone, start: 1 week after a, due: 2 weeks after a.c1}
        - {id: c, title: C, kind: milestone, start: 2017-01-01, due: 1 week after b}
        """)
    anchors = {s.id: s.anchors() for s in playbook.stages}
    assert anchors == {"a": [], "b": ["a", "a"], "c": ["b"]}


def test_a_second_reader_reuses_the_resolved_dates_and_reports_nothing_again() -> None:
    playbook, findings = resolved("""\
        - {id: a, title: A, kind: milestone, due: 30 February 2017}
        - {id: b, title: B, kind: milestone, due: 2017-03-01}
        - {id: c, title: C, kind: milestone, due: 1 week after b}
        """)
    assert [f.code for f in findings] == ["DATE-INVALID"]
    sink = Sink("t.yaml")
    again = Dates(playbook, sink)  # as status does after validation
    stage = playbook.stage("c")
    assert stage is not None
    when = stage.due_date
    again.resolve_all()
    assert sink.findings == []
    assert stage.due_date is when
    assert stage.due_date.window == day("2017-03-08")
    assert stage.anchors() == ["b"]
