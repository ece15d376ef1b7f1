"""The typed model: every section a value with its position, every date resolved once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from integrate_cli import spec
from integrate_cli.check import check_loaded
from integrate_cli.cli.status_view import window_text
from integrate_cli.dates import DateError, When, Window
from integrate_cli.loader import load_text
from integrate_cli.model import Playbook
from integrate_cli.resolve import AGREEMENT_DATES, MEETING_DATES, STAGE_DATES, date_keys
from integrate_cli.status import programme_status
from tests.conftest import AS_OF, with_header

BODY = """\
people:
  - {id: ann, name: Ann Smith, role: Director, partner: council, email: a@x, phone: "01"}
stages:
  - id: mou
    title: MoU
    kind: milestone
    start: December 2016
    due: 2017-03-31
    status: done
    record: {on: 8 March 2017, by: ann}
    criteria:
      - {id: signed, title: Signed, status: done, record: {on: 8 March 2017}}
      - {id: s75, title: Section 75, due: autumn 2017, status: done, record: {on: 2017-03-30}}
    decisions:
      - id: agree
        title: Agree
        bodies: [cabinet, gb]
        taken: {cabinet: {on: 2017-03-01}, gb: {on: 2017-03-02}}
  - {id: live, title: Go live, kind: go-live, due: 6 months after mou, depends_on: [mou]}
budgets:
  - id: fund
    title: Fund
    unit: £m
    lines:
      - {item: A, partner: council, fund: pooled, amounts: {2017/18: 0.1, 2016/17: 1}}
      - {item: B, partner: ccg, fund: pooled, amounts: {2017/18: 0.2}}
      - {item: C, amounts: {2017/18: 5}}
    totals:
      - {year: 2017/18, amount: 5.3}
      - {partner: council, amount: 1.1, label: Council}
risks:
  - {id: r1, title: Slip, likelihood: 2, impact: 5, owner: ann}
agreements:
  - {id: s75, title: Section 75, starts: 1 April 2017, ends: 2 years after live}
papers:
  - id: cab
    title: Cabinet paper
    author: ann
    meeting: {body: cabinet, date: 8 March 2017, next: Q3 2017, item: "7"}
    recommendations:
      - {text: Agree it, body: gb}
"""


def playbook_of(body: str = BODY) -> Playbook:
    """Return the checked playbook of the standard header and `body`, with no finding."""
    result = check_loaded(load_text(with_header(body), "t.yaml"), AS_OF)
    assert [f.code for f in result.findings] == []
    assert result.playbook is not None
    return result.playbook


def day(text: str) -> Window:
    value = date.fromisoformat(text)
    return Window(value, value)


def test_every_stage_date_is_resolved_with_text_form_window_and_position() -> None:
    pb = playbook_of()
    mou, live = pb.stages
    assert mou.start_date == When(
        "December 2016", "month", Window(date(2016, 12, 1), date(2016, 12, 31)), (15, 12)
    )
    assert mou.due_date == When("2017-03-31", "day", day("2017-03-31"), (16, 10))
    # counted from mou's done date, 8 March 2017
    assert live.due_date == When(
        "6 months after mou", "relative", day("2017-09-08"), (27, 52), "mou"
    )
    assert live.start_date.form == "absent" and live.start_date.text == ""


def test_records_criteria_and_decisions_carry_their_dates() -> None:
    mou = playbook_of().stages[0]
    assert mou.record is not None and mou.record.on_date.window == day("2017-03-08")
    signed, s75 = mou.criteria
    assert signed.due_date is mou.due_date  # a criterion without a due date: its stage's
    assert s75.due_date.text == "autumn 2017" and s75.due_date.form == "season"
    agree = mou.decisions[0]
    assert agree.due_date is mou.due_date
    assert agree.taken["cabinet"].on_date.window == day("2017-03-01")


def test_agreements_and_meetings_carry_their_dates() -> None:
    pb = playbook_of()
    (s75,) = pb.agreements
    assert s75.starts.window == day("2017-04-01")
    assert s75.ends == When("2 years after live", "relative", day("2019-09-08"), (42, 62), "live")
    assert s75.review.form == "absent"
    (paper,) = pb.papers
    assert paper.meeting is not None
    assert paper.meeting.date.window == day("2017-03-08")
    assert paper.meeting.next.form == "quarter"
    assert paper.meeting_day == date(2017, 3, 8)


def test_the_dates_resolved_are_those_the_spec_declares() -> None:
    assert STAGE_DATES == ("start", "due")
    assert AGREEMENT_DATES == ("starts", "ends", "review")
    assert MEETING_DATES == ("date", "next")
    assert date_keys(spec.RECORD) == ("on",)
    assert date_keys(spec.CRITERION) == date_keys(spec.DECISION) == ("due",)


def test_registers_are_typed_values_with_their_positions() -> None:
    pb = playbook_of()
    assert [(p.id, p.short or p.name) for p in pb.partners] == [
        ("council", "A Council"),
        ("ccg", "A CCG"),
    ]
    ann = pb.person("ann")
    assert ann is not None and (ann.name, ann.role, ann.partner) == (
        "Ann Smith",
        "Director",
        "council",
    )
    assert ann.raw.at == (10, 5)
    (risk,) = pb.risks
    assert (risk.score, risk.owner, risk.status, risk.mitigation) == (10, "ann", "open", "")
    (paper,) = pb.papers
    assert paper.meeting is not None and (paper.meeting.body, paper.meeting.item) == (
        "cabinet",
        "7",
    )
    assert [(r.text, r.body) for r in paper.recommendations] == [("Agree it", "gb")]


def test_budget_sums_are_exact_and_years_run_earliest_first() -> None:
    (budget,) = playbook_of().budgets
    assert budget.unit == "£m" and budget.years == ["2016/17", "2017/18"]
    assert budget.by_year() == {"2016/17": Decimal(1), "2017/18": Decimal("5.3")}
    year, council = budget.totals
    assert budget.sum(year) == Decimal("5.3")  # 0.1 + 0.2 + 5, not 5.300000000000001
    assert budget.sum(council) == Decimal("1.1")
    assert budget.by_fund() == {
        ("pooled", "ccg"): {"2017/18": Decimal("0.2")},
        ("pooled", "council"): {"2017/18": Decimal("0.1"), "2016/17": Decimal(1)},
    }
    assert budget.lines[2].years_at == {"2017/18": (35, 29)}


@pytest.mark.parametrize("year", ["2018/20", "18/19", "2018"])
def test_a_malformed_financial_year_is_read_once_and_reported_at_each_use(year: str) -> None:
    body = f"""\
stages:
  - {{id: a, title: A, kind: milestone}}
budgets:
  - id: b
    title: B
    lines:
      - {{item: A, amounts: {{{year}: 1}}}}
      - {{item: B, amounts: {{{year}: 2}}}}
"""
    result = check_loaded(load_text(with_header(body), "t.yaml"), AS_OF)
    assert [(f.code, f.line) for f in result.findings] == [
        ("FY-MALFORMED", 15),
        ("FY-MALFORMED", 16),
    ]
    assert result.playbook is not None
    assert isinstance(result.playbook.financial_years[year], DateError)


def test_status_reads_the_resolved_dates() -> None:
    status = programme_status(playbook_of(), date(2017, 6, 1))
    live = next(s for s in status.stages if s.stage.id == "live")
    assert (live.due_text, live.due) == ("6 months after mou", day("2017-09-08"))
    assert [s.stage.id for s in status.stages] == ["mou", "live"]


@pytest.mark.parametrize(
    ("due", "shown"),
    [
        (When("2017-03-31", "day", day("2017-03-31"), (1, 1)), "2017-03-31"),
        (When("on mou", "relative", day("2017-03-31"), (1, 1), "mou"), "on mou (→ 31 Mar 2017)"),
        (
            When("autumn 2016", "season", Window(date(2016, 9, 1), date(2016, 11, 30)), (1, 1)),
            "autumn 2016 (→ 30 Nov 2016)",
        ),
        (When("TBC", "tbc", Window(None, None), (1, 1)), "TBC"),
    ],
)
def test_the_view_shows_a_date_by_its_form(due: When, shown: str) -> None:
    assert window_text(due) == shown


def test_history_entries_are_typed_and_their_dates_checked_as_records_are() -> None:
    body = """\
stages:
  - id: a
    title: A
    kind: milestone
    status: done
    record: {on: 2017-03-01}
    history:
      - {status: in-progress, on: 2017-01-09, by: PMO}
      - {status: done, on: 31 February 2017}
    criteria:
      - {id: c, title: C, status: done, record: {on: 2017-02-01}, history: [{on: someday}]}
"""
    result = check_loaded(load_text(with_header(body), "t.yaml"), AS_OF)
    assert [(f.code, f.line, f.col, f.where) for f in result.findings] == [
        ("DATE-INVALID", 17, 28, "stages.a.history[1].on"),
        ("DATE-INVALID", 19, 82, "stages.a.criteria.c.history[0].on"),
    ]
    assert result.playbook is not None
    (stage,) = result.playbook.stages
    first = stage.history[0]
    assert (first.status, first.by, first.on_date.window) == (
        "in-progress",
        "PMO",
        day("2017-01-09"),
    )
    assert stage.criteria[0].history[0].on_date.form == "invalid"
