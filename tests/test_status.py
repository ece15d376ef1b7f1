"""Status rules, one by one (docs/status.md)."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from integrate_cli.check import blocking, check_loaded
from integrate_cli.loader import load_text
from integrate_cli.model import build
from integrate_cli.stage_state import ProgrammeStatus
from integrate_cli.status import Amber, programme_status
from integrate_cli.status_data import checked_status, summary, to_dict
from tests.conftest import HEADER, ROOT


def status_of(stages: str, as_of: date, **kwargs: int) -> ProgrammeStatus:
    text = HEADER + "stages:\n" + textwrap.indent(textwrap.dedent(stages), "  ")
    result = check_loaded(load_text(text, "t.yaml"), as_of)
    assert blocking(result.findings) == []
    assert result.playbook is not None
    return programme_status(result.playbook, as_of, **kwargs)


def rag(stages: str, as_of: date, stage: str = "a", **kwargs: int) -> tuple[str, list[str]]:
    state = next(s for s in status_of(stages, as_of, **kwargs).stages if s.stage.id == stage)
    return state.rag, state.reasons


DAY = date(2017, 6, 1)


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (
            "{id: a, title: A, kind: milestone, due: 2017-05-01, status: done, "
            "record: {on: 2017-05-01}}",
            ("green", ["done"]),
        ),
        (
            "{id: a, title: A, kind: milestone, due: 2017-05-01, status: dropped}",
            ("grey", ["dropped"]),
        ),
        (
            "{id: a, title: A, kind: milestone, due: 2017-09-01, status: blocked, "
            "record: {on: 2017-05-01, reason: no money}}",
            ("red", ["blocked"]),
        ),
        ("{id: a, title: A, kind: milestone, due: April 2017}", ("red", ["overdue by 32 days"])),
        ("{id: a, title: A, kind: milestone, due: 2017-06-10}", ("amber", ["due in 9 days"])),
        (
            "{id: a, title: A, kind: milestone, start: 2017-05-01, due: autumn 2017}",
            ("amber", ["started late"]),
        ),
        ("{id: a, title: A, kind: milestone, due: TBC}", ("grey", ["due date TBC"])),
        ("{id: a, title: A, kind: milestone, due: autumn 2017}", ("green", ["on track"])),
    ],
)
def test_stage_rules_one_to_eight(stage: str, expected: tuple[str, list[str]]) -> None:
    assert rag(f"- {stage}\n", DAY) == expected


def test_amber_window_is_configurable() -> None:
    stage = "- {id: a, title: A, kind: milestone, due: 2017-06-20}\n"
    assert rag(stage, DAY)[0] == "green"
    assert rag(stage, DAY, amber_days=30)[0] == "amber"


def test_fuzzy_window_is_reasoned_about_by_its_end() -> None:
    stage = "- {id: a, title: A, kind: milestone, due: autumn 2017}\n"
    assert rag(stage, date(2017, 11, 30)) == ("amber", ["due in 0 days"])
    assert rag(stage, date(2017, 12, 1)) == ("red", ["overdue by 1 day"])


def test_open_criterion_makes_the_stage_red() -> None:
    stages = """\
        - id: a
          title: A
          kind: milestone
          due: autumn 2017
          criteria:
            - {id: c, title: C, due: 2017-05-01}
        """
    assert rag(stages, DAY) == ("red", ["a.c overdue by 31 days"])


def test_decision_owed_by_a_body_is_a_blocker_and_counts_per_body() -> None:
    stages = """\
        - id: a
          title: A
          kind: decision
          due: 2017-06-05
          decisions:
            - id: d
              title: Approve
              bodies: [cabinet, gb]
              taken: {cabinet: {on: 2017-05-20}}
        """
    status = status_of(stages, DAY)
    (state,) = status.stages
    assert (state.rag, state.done, state.total) == ("amber", 1, 2)
    assert state.blockers == ["decision d owed by Governing Body"]


def test_a_blocked_criterion_is_a_blocker_with_its_reason() -> None:
    stages = """\
        - id: a
          title: A
          kind: milestone
          due: autumn 2017
          status: in-progress
          criteria:
            - {id: legal, title: Legal advice, status: blocked,
               record: {on: 2017-05-02, by: PMO, reason: awaiting counsel}}
            - {id: hr, title: HR consultation, status: blocked, record: {on: 2017-05-02}}
        """
    (state,) = status_of(stages, DAY).stages
    assert state.rag == "red"
    assert state.blockers == ["a.legal blocked: awaiting counsel", "a.hr blocked"]


def test_a_late_dependency_puts_a_stage_at_risk_not_red() -> None:
    stages = """\
        - {id: a, title: A, kind: milestone, due: April 2017}
        - {id: b, title: B, kind: milestone, due: autumn 2017, depends_on: [a]}
        - {id: c, title: C, kind: milestone, due: 2017-12-31, depends_on: [b]}
        """
    status = status_of(stages, DAY)
    a, b, c = status.stages
    assert (a.rag, b.rag, c.rag, status.rag) == ("red", "amber", "green", "red")
    assert b.reasons == ["at risk: waits for a"]
    assert (b.waits_for, b.at_risk_from) == (["a"], ["a"])
    assert b.blockers == ["at risk: waits for a (not-started, red)"]
    # b is amber, not red: c only notes the wait and keeps its own RAG
    assert (c.reasons, c.blockers) == (["on track"], ["waits for b (not-started, amber)"])
    assert (c.waits_for, c.at_risk_from) == (["b"], [])


def test_a_late_dependency_before_the_stage_starts_is_a_note() -> None:
    stages = """\
        - {id: a, title: A, kind: milestone, due: April 2017}
        - {id: b, title: B, kind: milestone, start: September 2017, due: autumn 2017,
           depends_on: [a]}
        """
    status = status_of(stages, DAY)
    assert rag(stages, DAY, "b") == ("green", ["on track"])
    assert status.stages[1].blockers == ["waits for a (not-started, red)"]
    # from the day its start comes, the wait eats into its window
    assert rag(stages, date(2017, 9, 1), "b") == ("amber", ["at risk: waits for a"])


def test_a_blocked_dependency_not_yet_due_is_a_note() -> None:
    stages = """\
        - {id: a, title: A, kind: milestone, due: July 2017, status: blocked,
           record: {on: 2017-05-01, reason: no counsel}}
        - {id: b, title: B, kind: milestone, due: autumn 2017, depends_on: [a]}
        """
    assert rag(stages, DAY, "a") == ("red", ["blocked"])
    assert rag(stages, DAY, "b") == ("green", ["on track"])


def test_a_stage_late_itself_stays_red_and_tbc_stays_grey() -> None:
    stages = """\
        - {id: a, title: A, kind: milestone, due: April 2017}
        - {id: b, title: B, kind: milestone, due: May 2017, depends_on: [a]}
        - {id: c, title: C, kind: milestone, due: TBC, depends_on: [a]}
        """
    assert rag(stages, DAY, "b") == ("red", ["overdue by 1 day"])
    assert rag(stages, DAY, "c") == ("grey", ["due date TBC"])


def test_override_needs_a_reason_and_shows_it() -> None:
    stages = """\
        - id: a
          title: A
          kind: milestone
          due: autumn 2017
          rag: {value: amber, reason: Legal advice late}
        """
    assert rag(stages, DAY) == ("amber", ["override: Legal advice late (computed green)"])


def test_programme_rag_is_the_worst_open_stage_and_readiness_counts_items() -> None:
    stages = """\
        - {id: a, title: A, kind: milestone, due: 2017-05-01, status: done,
           record: {on: 2017-05-01}}
        - {id: b, title: B, kind: milestone, due: 2017-06-10, depends_on: [a]}
        - {id: c, title: C, kind: milestone, due: TBC}
        - {id: d, title: D, kind: milestone, due: 2017-01-01, status: dropped}
        """
    status = status_of(stages, DAY)
    assert (status.rag, status.done, status.total) == ("amber", 1, 3)
    assert [i.ref for i in status.next] == ["b"]
    assert status.overdue == []


def test_stages_are_in_dependency_order() -> None:
    stages = """\
        - {id: late, title: L, kind: milestone, due: 2018-01-01, depends_on: [early]}
        - {id: early, title: E, kind: milestone, due: 2017-12-01}
        - {id: first, title: F, kind: milestone, due: 2017-07-01}
        """
    assert [s.stage.id for s in status_of(stages, DAY).stages] == ["first", "early", "late"]


def test_json_carries_resolved_windows() -> None:
    stages = "- {id: a, title: A, kind: milestone, due: autumn 2017}\n"
    stage = to_dict(status_of(stages, DAY))["stages"][0]
    assert stage["due"] == "autumn 2017"
    assert stage["due_window"] == {"start": "2017-09-01", "end": "2017-11-30"}
    assert (stage["rag"], stage["days_left"], stage["overdue"]) == ("green", 182, False)


def test_a_record_after_the_as_of_day_is_not_counted_but_kept() -> None:
    stages = """\
        - id: a
          title: A
          kind: milestone
          due: 2019-03-31
          status: done
          record: {on: 2019-12-14}
          criteria:
            - {id: c, title: C, status: done, record: {on: 2019-04-01}}
            - {id: e, title: E, status: done, record: {on: 2019-03-01}}
          decisions:
            - {id: m, title: M, bodies: [cabinet, gb],
               taken: {cabinet: {on: 2019-05-01}, gb: {on: 2019-03-19}}}
        - id: b
          title: B
          kind: milestone
          due: 2019-06-30
          status: in-progress
          record: {on: 2019-04-02}
          criteria:
            - {id: f, title: F, status: in-progress, record: {on: 2019-04-01}}
            - {id: d, title: D, status: not-started, record: {on: 2019-04-01}}
        """
    a, b = status_of(stages, date(2019, 3, 19)).stages
    seen = [
        (i.ref, i.status, i.recorded_status, i.recorded_after, i.done_on)
        for i in [*a.items, *b.items]
    ]
    assert seen == [
        ("a", "in-progress", "done", date(2019, 12, 14), None),
        ("a.c", "in-progress", "done", date(2019, 4, 1), None),
        ("a.e", "done", "", None, date(2019, 3, 1)),
        ("a.m", "not-started", "taken", date(2019, 5, 1), None),
        ("a.m", "done", "", None, date(2019, 3, 19)),
        ("b", "not-started", "in-progress", date(2019, 4, 2), None),
        ("b.f", "not-started", "in-progress", date(2019, 4, 1), None),
        ("b.d", "not-started", "not-started", date(2019, 4, 1), None),
    ]
    assert (a.status, a.done, a.total) == ("in-progress", 2, 4)
    stage = to_dict(status_of(stages, date(2019, 3, 19)))["stages"][0]
    assert stage["recorded_after_as_of"] == "2019-12-14"
    assert [i["recorded_after_as_of"] for i in stage["items"]] == [
        "2019-04-01",
        None,
        "2019-05-01",
        None,
    ]


def test_a_single_playbook_and_a_portfolio_share_one_pipeline() -> None:
    """The JSON of one playbook is the JSON a portfolio gives for it (one way to compute)."""
    import json

    from typer.testing import CliRunner

    from integrate_cli.cli import app

    path = str(ROOT / "playbooks" / "city-and-hackney.yaml")
    checked = checked_status(path, date(2017, 3, 22), amber=Amber())
    assert checked.errors == [] and checked.status is not None
    result = CliRunner().invoke(app, ["status", path, "--as-of", "2017-03-22", "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["programmes"][0] == {"path": path, "valid": True, "errors": 0} | to_dict(
        checked.status
    )


def test_an_invalid_playbook_has_no_status_and_its_errors_are_kept(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEADER + "stages:\n  - {id: a, title: A, kind: milestone, due: 30 Feb 2017}\n")
    checked = checked_status(str(bad), DAY, amber=Amber())
    assert checked.status is None
    assert [(f.code, f.line, f.col) for f in checked.errors] == [("DATE-INVALID", 10, 45)]


def test_papers_and_json_read_one_form_of_the_status() -> None:
    stages = "- {id: a, title: A, kind: milestone, due: autumn 2017}\n"
    status = status_of(stages, DAY)
    as_dates, as_text = summary(status), to_dict(status)
    assert as_dates["stages"][0]["due_window"] == {
        "start": date(2017, 9, 1),
        "end": date(2017, 11, 30),
    }
    assert as_text["stages"][0]["due_window"] == {"start": "2017-09-01", "end": "2017-11-30"}
    assert {k: v for k, v in as_dates.items() if k not in ("as_of", "stages", "next")} == {
        k: v for k, v in as_text.items() if k not in ("as_of", "stages", "next", "next_deadline")
    }
    assert as_text["next_deadline"] is None  # JSON only: a paper has its own deadlines


def test_status_of_a_playbook_never_checked_resolves_its_dates_itself() -> None:
    """A bad date gives TBC (its finding belongs to validate), never an internal error."""
    text = HEADER + (
        "stages:\n"
        "  - {id: a, title: A, kind: milestone, due: 31 February 2017}\n"
        "  - {id: b, title: B, kind: milestone, due: 2 months after a}\n"
        "  - {id: c, title: C, kind: milestone, due: 1 month after b, start: 2016-12-01}\n"
    )
    loaded = load_text(text, "t.yaml")
    assert loaded.data is not None
    status = programme_status(build("t.yaml", loaded.data), date(2017, 1, 1))
    assert [(s.stage.id, s.due_text, s.due.end, s.rag) for s in status.stages] == [
        ("a", "31 February 2017", None, "grey"),
        ("b", "2 months after a", None, "grey"),
        ("c", "1 month after b", None, "amber"),
    ]
