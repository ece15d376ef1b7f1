"""Date resolution as a spec: every written form, anchors, cycles, criteria and records.

Each case is a small playbook run through the CLI (`integrate status --format json`,
`integrate validate --format json`), so the spec holds whatever the model looks like
inside. docs/playbook-format.md ("Date forms") is the table these rows check.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from integrate_cli.cli import app
from tests.conftest import HEADER, HEADER_LINES

runner = CliRunner()
AS_OF = "2010-01-01"  # before every date below: nothing is overdue or recorded later
STAGES_LINE = HEADER_LINES + 1  # the line of `stages:`; the first stage is on the next


def playbook(tmp_path: Path, stages: str, *, header: str = HEADER, name: str = "p") -> Path:
    """Return the path of a playbook with the (standard) header and these stages."""
    text = header + "stages:\n" + textwrap.indent(textwrap.dedent(stages), "  ")
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return path


def status_json(path: Path, *args: str, as_of: str = AS_OF, warning: str = "") -> dict[str, Any]:
    """Return the one programme of `integrate status --format json`, which must succeed.

    stderr must be empty, or be the one `warning` line when one is given.
    """
    result = runner.invoke(app, ["status", str(path), "--format", "json", "--as-of", as_of, *args])
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"{path}:{warning}\n" if warning else "")
    (programme,) = json.loads(result.stdout)["programmes"]
    assert programme["valid"] is True
    return dict(programme)


def stage_of(programme: dict[str, Any], stage_id: str) -> dict[str, Any]:
    """Return one stage of a status document."""
    (stage,) = (s for s in programme["stages"] if s["id"] == stage_id)
    return dict(stage)


def item_of(programme: dict[str, Any], ref: str) -> dict[str, Any]:
    """Return one criterion or decision of a status document."""
    stage_id = ref.split(".", 1)[0]
    (item,) = (i for i in stage_of(programme, stage_id)["items"] if i["ref"] == ref)
    return dict(item)


def window(data: dict[str, Any], key: str = "due_window") -> tuple[str | None, str | None]:
    """Return a window of a status document as (start, end)."""
    return data[key]["start"], data[key]["end"]


def findings(path: Path) -> tuple[int, list[tuple[int, int, str, str, str]]]:
    """Return validate's exit code and its findings as (line, col, level, code, message)."""
    result = runner.invoke(app, ["validate", str(path), "--format", "json", "--as-of", AS_OF])
    (file,) = json.loads(result.stdout)["files"]
    return result.exit_code, [
        (f["line"], f["col"], f["level"], f["code"], f["message"]) for f in file["findings"]
    ]


# (as written, window start, window end); the anchor `x` is due 2017-03-08, `w` autumn 2017
FORMS = [
    # a day
    ("2017-11-08", "2017-11-08", "2017-11-08"),
    ("29.8.14", "2014-08-29", "2014-08-29"),
    ("29/08/2014", "2014-08-29", "2014-08-29"),
    ("1.2.79", "2079-02-01", "2079-02-01"),
    ("1.2.80", "1980-02-01", "1980-02-01"),
    ("8 March 2017", "2017-03-08", "2017-03-08"),
    ("8th March 2017", "2017-03-08", "2017-03-08"),
    ("1st of Sept 2016", "2016-09-01", "2016-09-01"),
    # a month
    ("2016-04", "2016-04-01", "2016-04-30"),
    ("2011-12", "2011-12-01", "2011-12-31"),  # December 2011, not a financial year
    ("April 2016", "2016-04-01", "2016-04-30"),
    ("Apr 2016", "2016-04-01", "2016-04-30"),
    ("February 2016", "2016-02-01", "2016-02-29"),
    # a UK financial year
    ("2018/19", "2018-04-01", "2019-03-31"),
    ("2017-18", "2017-04-01", "2018-03-31"),
    ("FY2018/19", "2018-04-01", "2019-03-31"),
    ("2019/2020", "2019-04-01", "2020-03-31"),
    # a quarter: calendar, then financial
    ("Q1 2017", "2017-01-01", "2017-03-31"),
    ("Q3 2017", "2017-07-01", "2017-09-30"),
    ("Q1 2018/19", "2018-04-01", "2018-06-30"),
    ("Q3 2018/19", "2018-10-01", "2018-12-31"),
    ("Q4 2018/19", "2019-01-01", "2019-03-31"),
    # a season (winter runs into the next year)
    ("spring 2016", "2016-03-01", "2016-05-31"),
    ("summer 2016", "2016-06-01", "2016-08-31"),
    ("autumn 2017", "2017-09-01", "2017-11-30"),
    ("winter 2017", "2017-12-01", "2018-02-28"),
    ("winter 2015", "2015-12-01", "2016-02-29"),
    # part of a year, part of a month
    ("early 2016", "2016-01-01", "2016-04-30"),
    ("mid 2016", "2016-05-01", "2016-08-31"),
    ("late 2016", "2016-09-01", "2016-12-31"),
    ("early March 2017", "2017-03-01", "2017-03-10"),
    ("mid March 2017", "2017-03-11", "2017-03-20"),
    ("late February 2016", "2016-02-21", "2016-02-29"),
    # a year
    ("2018", "2018-01-01", "2018-12-31"),
    # to be confirmed
    ("TBC", None, None),
    ("to be confirmed", None, None),
    ("dates to be added", None, None),
    # relative to x (due 2017-03-08)
    ("6 months after x", "2017-09-08", "2017-09-08"),
    ("six months after x", "2017-09-08", "2017-09-08"),
    ("6 months from x", "2017-09-08", "2017-09-08"),
    ("2 weeks before x", "2017-02-22", "2017-02-22"),
    ("10 days after x", "2017-03-18", "2017-03-18"),
    ("1 year after x", "2018-03-08", "2018-03-08"),
    ("on x", "2017-03-08", "2017-03-08"),
    # relative to w (due autumn 2017): the whole window moves
    ("1 month after w", "2017-10-01", "2017-12-30"),
    ("on w", "2017-09-01", "2017-11-30"),
]


@pytest.mark.parametrize(("written", "start", "end"), FORMS, ids=[f[0] for f in FORMS])
def test_every_date_form_resolves_to_its_window(
    tmp_path: Path, written: str, start: str | None, end: str | None
) -> None:
    path = playbook(
        tmp_path,
        f"""\
        - {{id: x, title: X, kind: milestone, due: "2017-03-08"}}
        - {{id: w, title: W, kind: milestone, due: autumn 2017}}
        - {{id: s, title: S, kind: milestone, due: "{written}"}}
        """,
    )
    stage = stage_of(status_json(path), "s")
    assert (stage["due"], window(stage)) == (written, (start, end))


def test_an_unquoted_day_is_that_day_and_keeps_its_text(tmp_path: Path) -> None:
    path = playbook(tmp_path, "- {id: s, title: S, kind: milestone, due: 2017-11-08}\n")
    stage = stage_of(status_json(path), "s")
    assert (stage["due"], window(stage)) == ("2017-11-08", ("2017-11-08", "2017-11-08"))


def test_a_start_date_resolves_as_a_due_date_does(tmp_path: Path) -> None:
    path = playbook(
        tmp_path,
        """\
        - {id: x, title: X, kind: milestone, due: "2017-03-08"}
        - {id: s, title: S, kind: milestone, start: Q3 2017, due: 9 months after x}
        """,
    )
    stage = stage_of(status_json(path), "s")
    assert (stage["start"], window(stage, "start_window")) == (
        "Q3 2017",
        ("2017-07-01", "2017-09-30"),
    )
    assert window(stage) == ("2017-12-08", "2017-12-08")


def test_a_month_later_on_the_31st_is_the_last_day_of_a_shorter_month(tmp_path: Path) -> None:
    path = playbook(
        tmp_path,
        """\
        - {id: x, title: X, kind: milestone, due: 2016-01-31}
        - {id: s, title: S, kind: milestone, due: 1 month after x}
        - {id: t, title: T, kind: milestone, due: 1 year after s}
        """,
    )
    programme = status_json(path)
    assert window(stage_of(programme, "s")) == ("2016-02-29", "2016-02-29")
    assert window(stage_of(programme, "t")) == ("2017-02-28", "2017-02-28")


# --- anchors: the done date, else the due date, else the start ------------------------

ANCHORED = """\
- {id: a, title: A, kind: milestone, start: 2016-11-01, due: 2017-01-01, STATUS}
- {id: b, title: B, kind: milestone, due: 1 month after a}
"""


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("status: done, record: {on: 2017-03-01}", "2017-04-01"),  # the done date
        ("status: in-progress, record: {on: 2016-12-01}", "2017-02-01"),  # not done: due
        ("status: blocked, record: {on: 2016-12-01, reason: r}", "2017-02-01"),
        ("status: not-started", "2017-02-01"),
    ],
    ids=["done", "in-progress", "blocked", "not-started"],
)
def test_a_relative_date_counts_from_the_anchor_s_done_date_only_when_done(
    tmp_path: Path, status: str, expected: str
) -> None:
    path = playbook(tmp_path, ANCHORED.replace("STATUS", status))
    programme = status_json(path, as_of="2017-06-01")
    assert window(stage_of(programme, "b")) == (expected, expected)


def test_an_anchor_without_a_due_date_counts_from_its_start(tmp_path: Path) -> None:
    path = playbook(
        tmp_path,
        """\
        - {id: a, title: A, kind: milestone, start: spring 2017}
        - {id: b, title: B, kind: milestone, due: 1 month after a}
        - {id: c, title: C, kind: milestone}
        - {id: d, title: D, kind: milestone, due: 1 week after c}
        """,
    )
    programme = status_json(path)
    assert window(stage_of(programme, "b")) == ("2017-04-01", "2017-06-30")
    assert window(stage_of(programme, "d")) == (None, None)  # nothing to count from


def test_a_done_anchor_with_a_fuzzy_record_moves_the_whole_window(tmp_path: Path) -> None:
    path = playbook(
        tmp_path,
        """\
        - {id: a, title: A, kind: milestone, due: 2017-01-01, status: done,
           record: {on: March 2017}}
        - {id: b, title: B, kind: milestone, due: 1 month after a}
        """,
    )
    programme = status_json(path, as_of="2017-06-01")
    assert window(stage_of(programme, "b")) == ("2017-04-01", "2017-04-30")
    assert stage_of(programme, "a")["items"] == []
    (overdue,) = programme["overdue"]
    assert (overdue["ref"], overdue["due_window"], overdue["days_left"]) == (
        "b",
        {"start": "2017-04-01", "end": "2017-04-30"},
        -32,  # counted to the end of the window
    )


def test_a_chain_of_anchors_counts_along_every_link(tmp_path: Path) -> None:
    path = playbook(
        tmp_path,
        """\
        - {id: d, title: D, kind: milestone, due: on c}
        - {id: c, title: C, kind: milestone, due: 2 weeks before b}
        - {id: b, title: B, kind: milestone, due: 3 months after a}
        - {id: a, title: A, kind: milestone, due: 2017-01-31, status: done,
           record: {on: 2017-02-15}}
        """,
    )
    programme = status_json(path, as_of="2017-03-01")
    assert window(stage_of(programme, "b")) == ("2017-05-15", "2017-05-15")
    assert window(stage_of(programme, "c")) == ("2017-05-01", "2017-05-01")
    assert window(stage_of(programme, "d")) == ("2017-05-01", "2017-05-01")
    assert [s["id"] for s in programme["stages"]] == ["a", "b", "c", "d"]


# --- criteria and decisions ------------------------------------------------------------

CRITERIA = """\
- id: a
  title: A
  kind: milestone
  due: DUE
  criteria:
    - {id: own, title: Own date, due: 2017-05-01}
    - {id: inherits, title: Stage's date}
  decisions:
    - {id: m, title: M, bodies: [cabinet]}
    - {id: n, title: N, bodies: [gb], due: Q1 2017}
- {id: x, title: X, kind: milestone, due: 2017-03-08}
"""


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("2017-06-30", ("2017-06-30", "2017-06-30")),
        ("summer 2017", ("2017-06-01", "2017-08-31")),
        ("3 months after x", ("2017-06-08", "2017-06-08")),
        ("TBC", (None, None)),
    ],
    ids=["day", "season", "relative", "tbc"],
)
def test_a_criterion_or_decision_without_a_due_date_has_its_stage_s(
    tmp_path: Path, due: str, expected: tuple[str | None, str | None]
) -> None:
    programme = status_json(playbook(tmp_path, CRITERIA.replace("DUE", due)))
    assert window(stage_of(programme, "a")) == expected
    assert window(item_of(programme, "a.inherits")) == expected
    assert window(item_of(programme, "a.m")) == expected
    assert window(item_of(programme, "a.own")) == ("2017-05-01", "2017-05-01")
    assert window(item_of(programme, "a.n")) == ("2017-01-01", "2017-03-31")
    assert (item_of(programme, "a.inherits")["due"], item_of(programme, "a.own")["due"]) == (
        due,
        "2017-05-01",
    )


def test_a_date_relative_to_a_criterion_or_decision(tmp_path: Path) -> None:
    path = playbook(
        tmp_path,
        CRITERIA.replace("DUE", "2017-06-30")
        + """\
- {id: b1, title: B, kind: milestone, due: 2 weeks after a.own}
- {id: b2, title: B, kind: milestone, due: 2 weeks after a.inherits}
- {id: b3, title: B, kind: milestone, due: on a.m}
- {id: b4, title: B, kind: milestone, due: 1 month after a.n}
""",
    )
    programme = status_json(path)
    assert window(stage_of(programme, "b1")) == ("2017-05-15", "2017-05-15")
    assert window(stage_of(programme, "b2")) == ("2017-07-14", "2017-07-14")
    assert window(stage_of(programme, "b3")) == ("2017-06-30", "2017-06-30")
    assert window(stage_of(programme, "b4")) == ("2017-02-01", "2017-04-30")


def test_a_done_criterion_anchors_from_its_record(tmp_path: Path) -> None:
    path = playbook(
        tmp_path,
        """\
        - id: a
          title: A
          kind: milestone
          due: 2017-06-30
          criteria:
            - {id: c, title: C, status: done, record: {on: 2017-02-10}}
        - {id: b, title: B, kind: milestone, due: 2 weeks after a.c}
        """,
    )
    programme = status_json(path, as_of="2017-03-01")
    assert window(stage_of(programme, "b")) == ("2017-02-24", "2017-02-24")
    assert item_of(programme, "a.c")["done_on"] == "2017-02-10"


# --- records' dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "done_on"),
    [
        ("2017-03-14", "2017-03-14"),
        ("14.3.17", "2017-03-14"),
        ("14th March 2017", "2017-03-14"),
        ("March 2017", "2017-03-01"),  # a fuzzy record: done by the start of its window
        ("Q1 2017", "2017-01-01"),
    ],
)
def test_a_record_s_date_is_read_in_any_form(tmp_path: Path, on: str, done_on: str) -> None:
    path = playbook(
        tmp_path,
        f"""\
        - id: a
          title: A
          kind: milestone
          due: 2017-06-30
          status: done
          record: {{on: "{on}"}}
          criteria:
            - {{id: c, title: C, status: done, record: {{on: "{on}"}}}}
        """,
    )
    programme = status_json(path, as_of="2017-06-01")
    assert item_of(programme, "a.c")["done_on"] == done_on
    assert stage_of(programme, "a")["status"] == "done"


def test_a_record_dated_after_the_as_of_day_is_not_yet_done(tmp_path: Path) -> None:
    path = playbook(
        tmp_path,
        """\
        - id: a
          title: A
          kind: milestone
          due: 2017-06-30
          criteria:
            - {id: c, title: C, status: done, record: {on: late May 2017}}
        """,
    )
    warning = (
        f"{STAGES_LINE + 6}:54: warning DONE-FUTURE criterion 'a.c' is recorded on "
        "21 May 2017, after the as-of date 1 May 2017; not counted on the as-of day"
    )
    early = item_of(status_json(path, as_of="2017-05-01", warning=warning), "a.c")
    assert (early["status"], early["done_on"], early["recorded_after_as_of"]) == (
        "in-progress",  # done later: under way on the as-of day
        None,
        "2017-05-21",
    )
    late = item_of(status_json(path, as_of="2017-05-21"), "a.c")
    assert (late["status"], late["done_on"], late["recorded_after_as_of"]) == (
        "done",
        "2017-05-21",
        None,
    )


# --- problems: cycles, unreadable dates, missing anchors -------------------------------


def test_a_cycle_of_relative_dates_is_one_error_naming_every_link(tmp_path: Path) -> None:
    path = playbook(
        tmp_path,
        """\
        - {id: a, title: A, kind: milestone, due: 1 month after c}
        - {id: b, title: B, kind: milestone, due: 2 weeks after a}
        - {id: c, title: C, kind: milestone, due: on b}
        - {id: d, title: D, kind: milestone, due: 1 week after a}
        """,
    )
    code, found = findings(path)
    assert code == 1
    assert [f[3] for f in found] == ["DATE-CYCLE"]
    assert found[0][:3] == (STAGES_LINE + 1, 45, "error")
    assert found[0][4] == (
        "relative dates form a cycle: stages.a.due -> stages.c.due -> stages.b.due -> stages.a.due"
    )


def test_a_date_relative_to_itself_is_a_cycle(tmp_path: Path) -> None:
    path = playbook(tmp_path, "- {id: a, title: A, kind: milestone, due: on a}\n")
    code, found = findings(path)
    assert (code, [f[3:] for f in found]) == (
        1,
        [("DATE-CYCLE", "relative dates form a cycle: stages.a.due -> stages.a.due")],
    )


def test_a_cycle_stops_the_status_view_with_a_pointer_to_validate(tmp_path: Path) -> None:
    path = playbook(
        tmp_path,
        """\
        - {id: a, title: A, kind: milestone, due: 1 month after b}
        - {id: b, title: B, kind: milestone, due: 2 weeks after a}
        """,
    )
    result = runner.invoke(app, ["status", str(path), "--format", "json", "--as-of", AS_OF])
    assert result.exit_code == 1
    (programme,) = json.loads(result.stdout)["programmes"]
    assert programme == {"path": str(path), "valid": False, "errors": 1}
    assert result.stderr == (
        f"{path}:{STAGES_LINE + 1}:45: DATE-CYCLE relative dates form a cycle: "
        "stages.a.due -> stages.b.due -> stages.a.due\n"
        "integrate: error: invalid playbooks: 1 of 1, shown as INVALID with no status; "
        "run 'integrate validate' on them for hints\n"
    )


@pytest.mark.parametrize(
    ("written", "code", "message"),
    [
        ("30 February 2017", "DATE-INVALID", "'30 February 2017': 30 February 2017 does not exist"),
        ("Q5 2017", "DATE-INVALID", "'Q5 2017' is not a date this tool can read"),
        ("2018/20", "DATE-INVALID", "'2018/20' is not a financial year"),
        ("Smarch 2017", "DATE-INVALID", "'Smarch 2017': 'smarch' is not a month"),
        ("6 months after nowhere", "REF-UNRESOLVED", "is relative to 'nowhere'"),
    ],
)
def test_an_unreadable_date_is_an_error_at_its_place(
    tmp_path: Path, written: str, code: str, message: str
) -> None:
    path = playbook(tmp_path, f'- {{id: s, title: S, kind: milestone, due: "{written}"}}\n')
    exit_code, found = findings(path)
    assert exit_code == 1
    assert [(f[0], f[1], f[3]) for f in found] == [(STAGES_LINE + 1, 45, code)]
    assert message in found[0][4]
