"""`integrate deadlines`: every coming deadline of the playbooks, and one meeting's.

Expected days are worked by hand (see tests/test_meetings.py for the counting).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrate_cli.check import check_file
from integrate_cli.cli import app
from integrate_cli.deadlines import next_deadline, notice_period, playbook_deadlines

runner = CliRunner()

PLAYBOOK = textwrap.dedent("""\
    version: 1
    programme: {id: joint, title: Joint commissioning}
    partners:
      - {id: council, name: A Council, kind: local-authority}
    bodies:
      - id: cabinet
        name: Cabinet
        kind: cabinet
        partners: [council]
        meetings: [2017-06-01, 2017-07-13]
        publication:
          clearance:
            - {name: draft to legal and finance, working_days: 15}
    stages:
      - {id: go-live, title: Go live, kind: go-live, due: 2017-09-30}
    agreements:
      - {id: s75, title: Section 75 agreement, ends: 2018-03-31, notice: six months}
    papers:
      - id: budget
        title: Pooled budget
        key_decision: true
        meeting: {body: cabinet, date: 2017-06-01}
      - id: land
        title: Land disposal
        exempt: true
        meeting: {body: cabinet, date: 2017-07-13}
    """)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def playbook(tmp_path: Path) -> Path:
    path = tmp_path / "joint.yaml"
    path.write_text(PLAYBOOK)
    return path


def test_every_coming_deadline_soonest_first(playbook: Path) -> None:
    code, out, err = run("deadlines", str(playbook), "--as-of", "2017-05-01")
    # Thu 1 Jun 2017: agenda Tue 23 May (Mon 29 May bank holiday), key decision notice
    # 1 Jun - 29 = Wed 3 May, clearance 15 working days back = Wed 10 May.
    # Thu 13 Jul 2017: agenda 6th working day back = Wed 5 Jul; private notice
    # 13 Jul - 29 = Wed 14 Jun; clearance: 12, 11, 10, 7, 6, 5, 4, 3 Jul (8), 30, 29, 28, 27,
    # 26 (13), 23 (14), Thu 22 Jun (15).
    # Section 75 ends Sat 31 Mar 2018; six months' notice: by Sat 30 Sep 2017.
    assert (code, err) == (0, "")
    assert out == (
        "Deadlines from 2017-05-01: 10\n"
        "2017-05-03 Wed     2 days  key decision on the forward plan (28 clear days)"
        " — Pooled budget (Joint commissioning)\n"
        "2017-05-10 Wed     9 days  draft to legal and finance (15 working days before Cabinet)"
        " — Pooled budget (Joint commissioning)\n"
        "2017-05-23 Tue    22 days  Cabinet agenda published (5 clear days)"
        " — Cabinet: Pooled budget (Joint commissioning)\n"
        "2017-06-01 Thu    31 days  Cabinet meets — Cabinet: Pooled budget (Joint commissioning)\n"
        "2017-06-14 Wed    44 days  notice of a private meeting (28 clear days)"
        " — Land disposal (Joint commissioning)\n"
        "2017-06-22 Thu    52 days  draft to legal and finance (15 working days before Cabinet)"
        " — Land disposal (Joint commissioning)\n"
        "2017-07-05 Wed    65 days  Cabinet agenda published (5 clear days)"
        " — Cabinet: Land disposal (Joint commissioning)\n"
        "2017-07-13 Thu    73 days  Cabinet meets — Cabinet: Land disposal (Joint commissioning)\n"
        "2017-09-30 Sat   152 days  last day to serve notice to end (six months)"
        " — Section 75 agreement (Joint commissioning)\n"
        "2018-03-31 Sat   334 days  agreement ends — Section 75 agreement (Joint commissioning)\n"
    )


def test_deadlines_json_until_and_days_left(playbook: Path) -> None:
    code, out, err = run(
        "deadlines", str(playbook), "--as-of", "2017-05-10", "--until", "2017-06-01", "-f", "json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["as_of"], data["until"]) == ("2017-05-10", "2017-06-01")
    assert [(d["day"], d["kind"], d["days_left"], d["belongs_to"]) for d in data["deadlines"]] == [
        ("2017-05-10", "clearance", 0, "Pooled budget"),
        ("2017-05-23", "agenda", 13, "Cabinet: Pooled budget"),
        ("2017-06-01", "meeting", 22, "Cabinet: Pooled budget"),
    ]
    assert data["deadlines"][0]["playbook"] == "Joint commissioning"


def test_one_meeting_json(playbook: Path) -> None:
    code, out, err = run(
        "deadlines", str(playbook), "--meeting", "13 July 2017", "--body", "cabinet", "-f", "json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["agenda_publication"] == "2017-07-05"
    assert data["key_decision_notice"] == "2017-06-14"
    assert data["private_meeting_notice"] == "2017-06-14"
    assert data["general_exception_notice"] == "2017-07-07"
    assert data["in_calendar"] is True
    assert data["clearance"] == [
        {"name": "draft to legal and finance", "working_days": 15, "day": "2017-06-22"}
    ]


def test_one_meeting_text_without_a_body_uses_the_defaults() -> None:
    # Tue 7 Jun 2022, the Jubilee week: agenda Thu 26 May; notices Mon 9 May; general
    # exception 7 Jun - 6 = Wed 1 Jun.
    code, out, err = run("deadlines", "--meeting", "2022-06-07")
    assert (code, err) == (0, "")
    assert out == (
        "Meeting on Tue 2022-06-07: bank holidays of England\n"
        "  2022-05-09 Mon  key decision on the forward plan (28 clear days, reg 9)\n"
        "  2022-05-09 Mon  notice of a private meeting (28 clear days, reg 5)\n"
        "  2022-05-26 Thu  agenda published (5 clear working days, LGA 1972 s100B)\n"
        "  2022-06-01 Wed  last day for a general exception notice (5 clear days, reg 10)\n"
    )


def test_a_meeting_off_the_calendar_says_so(playbook: Path) -> None:
    code, out, _ = run("deadlines", str(playbook), "--meeting", "2017-07-14", "--body", "cabinet")
    assert code == 0
    assert out.splitlines()[1] == "  (not in the calendar of Cabinet)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--meeting", "July 2017"], "--meeting July 2017: 'July 2017' is not a single day"),
        (["--meeting", "2017-06-01", "--body", "cabnet"], "did you mean 'cabinet'?"),
        (["--body", "cabinet"], "--body goes with --meeting DATE"),
        (["--as-of", "2017-06-01", "--until", "2017-05-01"], "is before the as-of day"),
        (["--meeting", "2017-06-01", "--until", "2017-05-01"], "--until goes without --meeting"),
    ],
)
def test_bad_options_are_usage_errors(playbook: Path, args: list[str], message: str) -> None:
    code, out, err = run("deadlines", str(playbook), *args)
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_an_invalid_playbook_is_refused_like_status_and_the_rest_listed(
    playbook: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(PLAYBOOK.replace("due: 2017-09-30", "due: 31.4.17"))
    code, out, err = run("deadlines", str(bad), str(playbook), "--as-of", "2018-03-01")
    assert code == 1
    assert out == (
        "Deadlines from 2018-03-01: 1\n"
        "2018-03-31 Sat    30 days  agreement ends — Section 75 agreement (Joint commissioning)\n"
    )
    assert err.splitlines()[0].startswith(f"{bad}:15:")
    assert "DATE-INVALID" in err
    assert err.endswith(
        "integrate: error: 1 invalid playbook left out; run 'integrate validate' on them for "
        "hints\n"
    )


def test_config_settings_apply_and_the_playbook_wins(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".integrate.yaml").write_text(
        "bodies:\n  cabinet:\n    meetings: [2017-08-01]\n"
        "    publication: {clear_days: 3, region: SCT}\n"
    )
    path = tmp_path / "joint.yaml"
    path.write_text(PLAYBOOK)
    code, out, _ = run("deadlines", str(path), "--meeting", "2017-06-01", "--body", "cabinet")
    # 3 clear days and Scotland's bank holidays from the config (its spring holiday is the
    # last Monday in May too): Wed 31 (1), Tue 30 (2), Mon 29 BH, Fri 26 (3), published
    # Thu 25 May.
    assert code == 0
    assert "  2017-05-25 Thu  agenda published (3 clear working days, LGA 1972 s100B)" in out
    assert out.startswith("Meeting of Cabinet on Thu 2017-06-01: bank holidays of Scotland\n")
    # the playbook's own calendar wins over the config's: 1 Jun is a meeting day
    assert "not in the calendar" not in out


def test_a_broken_config_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".integrate.yaml").write_text("bodies:\n  cabinet:\n    meetings: [June 2017]\n")
    path = tmp_path / "joint.yaml"
    path.write_text(PLAYBOOK)
    code, out, err = run("deadlines", str(path))
    assert (code, out) == (2, "")
    assert (
        ".integrate.yaml:3:16: error CONFIG-TYPE bodies.cabinet.meetings[0]: 'June 2017' is not "
        "one day; write a day such as 2017-11-08"
    ) in err


def test_recorded_notices_are_no_longer_coming(playbook: Path) -> None:
    text = PLAYBOOK.replace(
        "    meeting: {body: cabinet, date: 2017-06-01}\n",
        "    meeting: {body: cabinet, date: 2017-06-01}\n"
        "    notices: {key_decision: 2017-04-28, agenda: 2017-05-22}\n",
    )
    assert text != PLAYBOOK
    playbook.write_text(text)
    code, out, _ = run("deadlines", str(playbook), "--as-of", "2017-05-01", "--until", "2017-06-01")
    assert code == 0
    assert "key decision" not in out
    assert "agenda" not in out
    assert "draft to legal and finance" in out


def test_notice_periods_as_agreements_write_them() -> None:
    assert notice_period("6 months") == (6, "months")
    assert notice_period("six months' notice") == (6, "months")
    assert notice_period("12 weeks") == (12, "weeks")
    assert notice_period("by agreement") is None


def test_a_break_clause_makes_the_review_a_break_point(playbook: Path) -> None:
    playbook.write_text(
        PLAYBOOK.replace(
            "notice: six months}",
            "notice: six months, review: 2017-09-30,\n"
            "     break_clause: either partner may withdraw at the review}",
        )
    )
    result = check_file(str(playbook), date(2017, 1, 1))
    assert result.playbook is not None
    found = [(d.day, d.kind) for d in playbook_deadlines(result.playbook) if "agreement" in d.kind]
    # 30 Sep 2017 less six months: 30 Mar 2017; 31 Mar 2018 less six months: 30 Sep 2017
    assert found == [
        (date(2017, 3, 30), "agreement-notice"),
        (date(2017, 9, 30), "agreement-notice"),
        (date(2017, 9, 30), "agreement-review"),
        (date(2018, 3, 31), "agreement-ends"),
    ]


def test_next_deadline_for_status(playbook: Path) -> None:
    result = check_file(str(playbook), date(2017, 5, 4))
    assert result.playbook is not None
    first = next_deadline(result.playbook, date(2017, 5, 4))
    assert first is not None
    assert (first.day, first.kind, first.belongs_to) == (
        date(2017, 5, 10),
        "clearance",
        "Pooled budget",
    )
    assert first.days_left(date(2017, 5, 4)) == 6
    assert next_deadline(result.playbook, date(2018, 4, 1)) is None


def test_status_start_up_does_not_import_holidays(playbook: Path) -> None:
    # A playbook with a committee calendar and papers, none near the as-of day.
    code = (
        "import sys\nfrom integrate_cli.cli import main\n"
        f"sys.argv=['integrate','status',{str(playbook)!r},'--as-of','2017-01-10']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('holidays' in sys.modules, 'integrate_cli.meetings' in sys.modules,"
        " file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    # the rules count the agenda day of the June meeting only as far as they must: not
    # late, known without the bank holidays
    assert proc.stderr.splitlines()[-1] == "False True"
    assert "Joint commissioning" in proc.stdout


def test_validate_reports_a_late_notice_without_loading_holidays_when_none_is_near(
    playbook: Path,
) -> None:
    code = (
        "import sys\nfrom datetime import date\nfrom integrate_cli.check import check_file\n"
        f"r = check_file({str(playbook)!r}, date(2017, 5, 5))\n"
        "print([(f.code, f.line, f.col) for f in r.findings])\n"
        "print('holidays' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    # 5 May is past the notice day (3 May) and not past 8 May, the 18th weekday before
    # the meeting, before which the agenda (23 May) cannot be late
    assert proc.stdout == "[('KEY-DECISION-NOTICE-LATE', 22, 36)]\nFalse\n"


def test_a_calendar_entry_that_is_not_one_day_is_an_invalid_date(playbook: Path) -> None:
    playbook.write_text(PLAYBOOK.replace("[2017-06-01, 2017-07-13]", "[2017-06-01, July 2017]"))
    code, out, _ = run("validate", str(playbook), "--as-of", "2017-01-01")
    assert code == 1
    assert (
        f"{playbook}:10:28: error DATE-INVALID bodies.cabinet.meetings[1]: 'July 2017' is not "
        "one day"
    ) in out


def test_a_body_only_the_config_knows(playbook: Path, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".integrate.yaml").write_text(
        "bodies:\n  scrutiny:\n    meetings: [2017-06-05]\n"
        "    publication: {clear_days: 10, weekends_count: true, closures: [2017-05-27]}\n"
    )
    code, out, err = run(
        "deadlines", str(playbook), "--meeting", "2017-06-05", "--body", "scrutiny", "-f", "json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    # 10 clear calendar days: 4 Jun back to 28 May (8), Sat 27 May closed, 26 (9), 25 (10);
    # published Wed 24 May
    assert (data["agenda_publication"], data["in_calendar"]) == ("2017-05-24", True)


def test_the_installed_command_answers_for_a_meeting() -> None:
    exe = Path(sys.executable).with_name("integrate")
    proc = subprocess.run(
        [str(exe), "deadlines", "--meeting", "2023-05-10", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    # the Coronation week (see test_meetings): agenda Fri 28 Apr, notices Tue 11 Apr
    data = json.loads(proc.stdout)
    assert data["agenda_publication"] == "2023-04-28"
    assert data["key_decision_notice"] == data["private_meeting_notice"] == "2023-04-11"


def test_the_example_calendar_counts_round_christmas_closures_and_bank_holidays() -> None:
    example = Path(__file__).parent / "examples" / "valid" / "committee-calendar.yaml"
    code, out, err = run(
        "deadlines", str(example), "--as-of", "2026-12-11", "--until", "2027-01-14", "-f", "json"
    )
    assert (code, err) == (0, "")
    # Thu 14 Jan 2027; Fri 25 and Mon 28 Dec 2026 and Fri 1 Jan 2027 bank holidays, 29-31
    # Dec closed. Agenda: 13, 12, 11, 8, 7 Jan clear, Wed 6 Jan. Final report (8 working
    # days): ..., Tue 5 (7), Mon 4 Jan (8). Draft (15): Mon 4 (8), then 1 Jan to 25 Dec
    # skipped, 24 (9), 23, 22, 21, 18, 17 (14), Wed 16 Dec (15). Key decision: 14 Jan - 29.
    assert [(d["day"], d["kind"]) for d in json.loads(out)["deadlines"]] == [
        ("2026-12-16", "clearance"),
        ("2026-12-16", "key-decision-notice"),
        ("2027-01-04", "clearance"),
        ("2027-01-06", "agenda"),
        ("2027-01-14", "meeting"),
    ]


def test_the_runs_in_docs_deadlines_are_real_output(tmp_path: Path) -> None:
    """Every `$ integrate …` in docs/deadlines.md, run on the playbook of these tests."""
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "joint.yaml").write_text(PLAYBOOK)
    page = (Path(__file__).parent.parent / "docs" / "deadlines.md").read_text()
    blocks = [b.split("```")[0] for b in page.split("```console\n")[1:]]
    runs: list[tuple[str, list[str]]] = []
    for block in blocks:
        for line in block.splitlines():
            if line.startswith("$ "):
                runs.append((line[2:], []))
            elif runs:
                runs[-1][1].append(line)
    exe = Path(sys.executable).with_name("integrate")
    checked = 0
    for command, shown in runs:
        if not command.startswith("integrate "):
            continue
        proc = subprocess.run(
            [str(exe), *command.split()[1:]],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        expected = "\n".join(shown).rstrip("\n")
        assert proc.stdout.rstrip("\n") == expected, command
        checked += 1
    assert checked == 5


@pytest.mark.parametrize(
    ("as_of", "line", "data"),
    [
        (  # a notice counted in calendar days comes first: no bank holidays needed
            "2017-01-10",
            "Next deadline: 3 May 2017 (in 113 d)  key decision on the forward plan "
            "(28 clear days)  Pooled budget",
            ("2017-05-03", 113, "key-decision-notice"),
        ),
        (  # after it, the clearance step, counted in working days (1 May is a holiday)
            "2017-05-04",
            "Next deadline: 10 May 2017 (in 6 d)  draft to legal and finance (15 working "
            "days before Cabinet)  Pooled budget",
            ("2017-05-10", 6, "clearance"),
        ),
        (  # every meeting past: the agreement's last day to serve notice
            "2017-07-14",
            "Next deadline: 30 Sep 2017 (in 78 d)  last day to serve notice to end (six "
            "months)  Section 75 agreement",
            ("2017-09-30", 78, "agreement-notice"),
        ),
    ],
)
def test_status_names_the_next_deadline(
    playbook: Path, as_of: str, line: str, data: tuple[str, int, str]
) -> None:
    code, out, _ = run("status", str(playbook), "--as-of", as_of)
    assert (code, out.splitlines()[-1]) == (0, line)
    code, out, _ = run("status", str(playbook), "--as-of", as_of, "--format", "json")
    found = json.loads(out)["programmes"][0]["next_deadline"]
    assert (code, (found["day"], found["days_left"], found["kind"])) == (0, data)


def test_status_of_a_playbook_with_no_deadline_ahead_says_nothing_of_one(playbook: Path) -> None:
    code, out, _ = run("status", str(playbook), "--as-of", "2018-04-01")
    assert code == 0 and "Next deadline" not in out
    code, out, _ = run("status", str(playbook), "--as-of", "2018-04-01", "--format", "json")
    assert json.loads(out)["programmes"][0]["next_deadline"] is None
