"""Rule cases beyond the examples in each rule's docstring (test_rule_examples.py runs
those): a passing snippet, and a failing one with its code at line:col.

Snippets follow the shared header in conftest.py (two partners, two bodies), so the
first line of a snippet is line 9 of the playbook.
"""

from __future__ import annotations

import pytest

from integrate_cli.check import check_loaded
from integrate_cli.loader import load_text
from tests.conftest import AS_OF, problems, with_header

CASES = [
    pytest.param(
        "REF-UNRESOLVED",
        """\
stages:
  - {id: a, title: A, kind: milestone, owner: nobody, depends_on: [zz]}
""",
        [(10, 47), (10, 68)],
        """\
stages:
  - {id: a, title: A, kind: milestone, owner: cabinet}
""",
        id="REF-UNRESOLVED",
    ),
    pytest.param(
        "DATE-INVALID",
        """\
stages:
  - {id: a, title: A, kind: milestone, due: 31.4.15}
""",
        [(10, 45)],
        """\
stages:
  - {id: a, title: A, kind: milestone, due: 30.4.15}
""",
        id="DATE-INVALID",
    ),
    pytest.param(
        "DONE-OPEN-CRITERIA",
        """\
stages:
  - id: a
    title: A
    kind: decision
    status: done
    record: {on: 2017-01-01}
    decisions:
      - {id: d, title: D, bodies: [cabinet, gb], taken: {cabinet: {on: 2017-01-01}}}
""",
        [(13, 13)],
        """\
stages:
  - id: a
    title: A
    kind: decision
    status: done
    record: {on: 2017-01-01}
    decisions:
      - {id: d, title: D, bodies: [cabinet, gb], taken: {cabinet: {on: 2017-01-01},
         gb: {on: 2017-01-01}}}
""",
        id="DONE-OPEN-CRITERIA",
    ),
    pytest.param(
        "DONE-BEFORE-DEPENDENCY",
        """\
stages:
  - {id: a, title: A, kind: milestone}
  - {id: b, title: B, kind: milestone, depends_on: [a], status: done, record: {on: 2017-01-01}}
""",
        [(11, 53)],
        """\
stages:
  - {id: a, title: A, kind: milestone, status: dropped}
  - {id: b, title: B, kind: milestone, depends_on: [a], status: done, record: {on: 2017-01-01}}
""",
        id="DONE-BEFORE-DEPENDENCY",
    ),
    pytest.param(
        "RISK-NO-MITIGATION",
        """\
stages: []
risks:
  - {id: r, title: R, likelihood: 3, impact: 5}
""",
        [(11, 5)],
        """\
stages: []
risks:
  - {id: r, title: R, likelihood: 3, impact: 4}
""",
        id="RISK-NO-MITIGATION",
    ),
    pytest.param(
        "MONEY-TOTAL",
        """\
stages: []
budgets:
  - id: m
    title: M
    unit: £m
    tolerance: 1
    lines:
      - {item: a, partner: council, fund: pooled, amounts: {2016/17: 111}}
      - {item: b, partner: ccg, fund: pooled, amounts: {2016/17: 325}}
      - {item: c, partner: ccg, fund: aligned, amounts: {2016/17: 52}}
    totals:
      - {fund: pooled, amount: 437}
      - {fund: aligned, amount: 47}
""",
        [(21, 33)],
        """\
stages: []
budgets:
  - id: m
    title: M
    unit: £m
    tolerance: 1
    lines:
      - {item: a, partner: council, fund: pooled, amounts: {2016/17: 111}}
      - {item: b, partner: ccg, fund: pooled, amounts: {2016/17: 325}}
      - {item: c, partner: ccg, fund: aligned, amounts: {2016/17: 52}}
    totals:
      - {fund: pooled, amount: 437}
      - {partner: ccg, amount: 377}
""",
        id="MONEY-TOTAL",
    ),
]


@pytest.mark.parametrize(("code", "failing", "where", "passing"), CASES)
def test_rule(code: str, failing: str, where: list[tuple[int, int]], passing: str) -> None:
    assert problems(with_header(passing)) == []
    assert problems(with_header(failing)) == [(code, line, col) for line, col in where]


def messages(body: str) -> list[str]:
    result = check_loaded(load_text(with_header(body), "t.yaml"), AS_OF)
    return [f.message for f in result.findings]


def test_dependency_cycle_names_the_whole_cycle() -> None:
    (message,) = messages("""\
stages:
  - {id: a, title: A, kind: milestone, depends_on: [c]}
  - {id: b, title: B, kind: milestone, depends_on: [a]}
  - {id: c, title: C, kind: milestone, depends_on: [b]}
""")
    assert message == "stages depend on each other in a cycle: a -> c -> b -> a"


def test_money_total_gives_both_figures() -> None:
    (message,) = messages(CASES[[p.id for p in CASES].index("MONEY-TOTAL")].values[1])
    assert message == (
        "budget 'm' declares a total of £47m for fund aligned, but its lines add up "
        "to £52m (a difference of -£5m; tolerance £1m)"
    )


def test_bnes_paper_column_is_caught_with_both_figures() -> None:
    body = """\
stages: []
budgets:
  - id: costs
    title: Costs
    lines:
      - {item: a, amounts: {2018/19: 37964}}
      - {item: b, amounts: {2018/19: 25200}}
      - {item: c, amounts: {2018/19: 12631}}
      - {item: d, amounts: {2018/19: 5000}}
      - {item: e, amounts: {2018/19: 7000}}
      - {item: f, amounts: {2018/19: 15000}}
    totals:
      - {year: 2018/19, amount: 102979}
"""
    assert messages(body) == [
        "budget 'costs' declares a total of £102,979 for year 2018/19, but its lines add up to "
        "£102,795 (a difference of £184; tolerance £0)"
    ]


def test_unresolved_reference_suggests_the_nearest_id() -> None:
    result = check_loaded(
        load_text(
            with_header("""\
stages:
  - {id: a, title: A, kind: milestone, owner: cabinnet}
"""),
            "t.yaml",
        ),
        AS_OF,
    )
    (finding,) = result.findings
    assert finding.hint.startswith("did you mean 'cabinet'?")


def test_body_with_no_partner_names_the_decisions_asked_of_it() -> None:
    text = """\
version: 1
programme: {id: p, title: P}
partners:
  - {id: council, name: A Council, kind: local-authority}
bodies:
  - {id: orphan, name: Orphan, kind: board, partners: []}
stages:
  - id: a
    title: A
    kind: decision
    decisions:
      - {id: d, title: D, bodies: [orphan]}
"""
    result = check_loaded(load_text(text, "t.yaml"), AS_OF)
    assert [(f.code, f.line, f.col, f.message) for f in result.findings] == [
        (
            "BODY-NO-PARTNER",
            6,
            55,
            "body 'orphan' belongs to no partner; decisions asked of it: a.d",
        )
    ]


def test_forced_completion_is_a_warning() -> None:
    body = """\
stages:
  - id: a
    title: A
    kind: milestone
    status: done
    record: {on: 2017-01-01, forced: true}
    criteria:
      - {id: c, title: C}
"""
    result = check_loaded(load_text(with_header(body), "t.yaml"), AS_OF)
    assert [(f.code, f.level) for f in result.findings] == [("DONE-OPEN-CRITERIA", "warning")]
