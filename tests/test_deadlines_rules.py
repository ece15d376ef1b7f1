"""The deadline rules of `validate`: each route that makes a notice lawful, and each that
does not, with the finding's place and words."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from integrate_cli.check import check_loaded
from integrate_cli.loader import load_text

HEAD = textwrap.dedent("""\
    version: 1
    programme: {id: p, title: P}
    partners:
      - {id: council, name: A Council, kind: local-authority}
    bodies:
      - {id: cabinet, name: Cabinet, kind: cabinet, partners: [council]}
      - {id: hwb, name: Health and Wellbeing Board, kind: hwb, partners: [council]}
    stages: []
    papers:
    """)
# Thu 1 Jun 2017: notices by Wed 3 May, general exception by Fri 26 May, agenda by Tue 23 May
# (Mon 29 May a bank holiday).


def findings(paper: str, as_of: date) -> list[tuple[str, int, int, str, str]]:
    result = check_loaded(load_text(HEAD + textwrap.indent(paper, "  "), "p.yaml"), as_of)
    return [(f.code, f.line, f.col, f.message, f.hint) for f in result.findings]


KEY = "- id: k\n  title: K\n  key_decision: true\n  meeting: {body: cabinet, date: 2017-06-01}\n"


def codes(paper: str, as_of: date) -> list[str]:
    return [f[0] for f in findings(paper, as_of)]


def test_on_the_last_lawful_day_there_is_no_finding() -> None:
    assert codes(KEY, date(2017, 5, 3)) == []


def test_the_day_after_names_the_day_and_both_routes() -> None:
    (found,) = findings(KEY, date(2017, 5, 4))
    assert found == (
        "KEY-DECISION-NOTICE-LATE",
        13,
        36,
        "papers.k: a key decision for Cabinet on Thu 2017-06-01: the last day for 28 clear "
        "days' notice was Wed 2017-05-03, and no notice is recorded",
        "the route left is general exception (reg 10: tell the scrutiny chair and publish "
        "notice by Fri 2017-05-26) or special urgency (reg 11: the scrutiny chair agrees it "
        "cannot be deferred); record the notice given as notices.key_decision, "
        "notices.general_exception or notices.special_urgency",
    )


def test_after_the_general_exception_day_only_special_urgency_is_left() -> None:
    found = findings(KEY, date(2017, 5, 27))
    assert [f[0] for f in found] == ["AGENDA-LATE", "KEY-DECISION-NOTICE-LATE"]
    assert found[1][4].startswith("the route left is special urgency (reg 11")


@pytest.mark.parametrize(
    ("notices", "late"),
    [
        ("{key_decision: 2017-05-03}", False),
        ("{key_decision: 2017-05-04}", True),  # given, but a day late
        ("{general_exception: 2017-05-26}", False),
        ("{general_exception: 2017-05-27}", True),
        ("{special_urgency: 2017-05-31}", False),
        ("{private_meeting: 2017-05-01}", True),  # the wrong notice
    ],
)
def test_recorded_notices(notices: str, late: bool) -> None:
    paper = KEY + f"  notices: {notices}\n"
    assert codes(paper, date(2017, 5, 20)) == (["KEY-DECISION-NOTICE-LATE"] if late else [])


def test_a_notice_given_late_says_when() -> None:
    (found,) = findings(KEY + "  notices: {key_decision: 2017-05-04}\n", date(2017, 5, 20))
    assert found[3].endswith("was Wed 2017-05-03, and notice was given Thu 2017-05-04")


def test_a_meeting_on_or_before_the_as_of_day_is_not_checked() -> None:
    assert codes(KEY, date(2017, 6, 1)) == []
    assert codes(KEY, date(2017, 7, 1)) == []


def test_private_notice_only_at_an_executive() -> None:
    exempt = "- id: x\n  title: X\n  exempt: true\n  meeting: {body: cabinet, date: 2017-06-01}\n"
    assert codes(exempt, date(2017, 5, 4)) == ["PRIVATE-NOTICE-LATE"]
    assert codes(exempt, date(2017, 5, 3)) == []
    assert codes(exempt.replace("cabinet", "hwb"), date(2017, 5, 4)) == []
    assert codes(exempt + "  notices: {private_meeting: 2017-05-02}\n", date(2017, 5, 4)) == []
    (found,) = findings(exempt, date(2017, 5, 4))
    assert "reg 5(6)" in found[4]


def test_agenda_late_from_the_day_after_the_publication_day() -> None:
    plain = "- id: a\n  title: A\n  meeting: {body: hwb, date: 2017-06-01}\n"
    assert codes(plain, date(2017, 5, 23)) == []
    (found,) = findings(plain, date(2017, 5, 24))
    assert found[:4] == (
        "AGENDA-LATE",
        12,
        32,
        "papers.a: the agenda for Health and Wellbeing Board on Thu 2017-06-01 had to be "
        "published by Tue 2017-05-23 (5 clear days); it is too late",
    )
    assert codes(plain + "  notices: {agenda: 2017-05-23}\n", date(2017, 5, 24)) == []


def test_agenda_counts_with_the_body_rules() -> None:
    text = (HEAD + "  - id: a\n    title: A\n    meeting: {body: hwb, date: 2017-06-01}\n").replace(
        "partners: [council]}\nstages",
        "partners: [council],\n     publication: {clear_days: 3, weekends_count: true}}\nstages",
    )
    assert "weekends_count" in text
    # 3 clear calendar days: 31, 30, 29 May; published Sun 28 May
    for day, expected in ((date(2017, 5, 28), []), (date(2017, 5, 29), ["AGENDA-LATE"])):
        result = check_loaded(load_text(text, "p.yaml"), day)
        assert [f.code for f in result.findings] == expected
