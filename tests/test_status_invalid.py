"""Status and timeline show only what they can stand behind (docs/status.md).

Errors stop a view; records dated after the as-of day are shown as such; text from the
playbook never reaches the terminal raw; a portfolio sends back only what it prints.
"""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import textwrap
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrate_cli.cli import app
from integrate_cli.cli.layout import printable
from integrate_cli.status import Amber
from tests.conftest import HEADER, ROOT

runner = CliRunner()
SOUTHEND = (ROOT / "playbooks" / "southend-mou.yaml").read_text()
INSTALLED = ROOT / ".venv" / "bin" / "integrate"
SGR = re.compile(r"\x1b\[[0-9;]*m")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def broken(tmp_path: Path, name: str = "broken.yaml") -> Path:
    """Southend's playbook with two dates that do not exist (lines 124 and 131)."""
    text = SOUTHEND.replace("due: 31.3.15", "due: 31.4.15").replace(
        "due: 26.12.14", "due: 32.12.14"
    )
    assert text.count("31.4.15") == 1 and text.count("32.12.14") == 1
    path = tmp_path / name
    path.write_text(text)
    return path


def errors_of(path: Path) -> str:
    return (
        f"{path}:124:10: DATE-INVALID stages.stage-3.due: '32.12.14': 32 December 2014 does "
        "not exist\n"
        f"{path}:131:10: DATE-INVALID stages.stage-4.due: '31.4.15': 31 April 2015 does not "
        "exist\n"
    )


# --- one playbook: errors stop the view ---------------------------------------------


@pytest.mark.parametrize("command", ["status", "timeline"])
def test_an_invalid_playbook_prints_every_error_and_no_view(tmp_path: Path, command: str) -> None:
    path = broken(tmp_path)
    before = path.read_bytes()
    assert run(command, str(path), "--as-of", "2015-01-15") == (
        1,
        "",
        errors_of(path) + f"integrate: error: {path}: no view: 2 errors above; fix them "
        f"(run 'integrate validate {path}' for hints)\n",
    )
    assert path.read_bytes() == before


def test_an_unreadable_date_is_not_shown_as_tbc(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(SOUTHEND.replace("due: 31.3.15", "due: 31.4.15"))
    code, out, err = run("status", str(path), "--as-of", "2015-01-15")
    assert (code, out) == (1, "")
    assert err.startswith(f"{path}:131:10: DATE-INVALID ")
    assert f"integrate: error: {path}: no view: 1 error above; fix it (run " in err


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("stages: [\n")
    code, out, err = run("status", str(path), "--as-of", "2015-01-15")
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith(f"{path}:") and " YAML-SYNTAX " in err
    assert err.endswith(
        f"{path}: no view: 1 error above; fix it (run 'integrate validate {path}' for hints)\n"
    )


def test_warnings_still_allow_the_view(tmp_path: Path) -> None:
    path = tmp_path / "warned.yaml"
    path.write_text(
        HEADER
        + textwrap.dedent("""\
            stages:
              - {id: a, title: A, kind: milestone, due: 2017-09-01}
              - {id: b, title: B, kind: milestone, due: 2017-09-30, depends_on: [a],
                 status: done, record: {on: 2017-05-01}}
            """)
    )
    code, out, err = run("status", str(path), "--as-of", "2017-06-01")
    assert (code, err) == (0, "")
    assert out.startswith("P  (")
    assert (
        " warning DONE-BEFORE-DEPENDENCY " in run("validate", str(path), "--as-of", "2017-06-01")[1]
    )


# --- records dated after the as-of day ----------------------------------------------

LATER = HEADER + textwrap.dedent("""\
    stages:
      - id: approve
        title: Cabinet approves the model
        kind: decision
        due: 2019-03-31
        status: done
        record: {on: 2019-12-14, by: PMO}
        decisions:
          - {id: model, title: Approve the model, bodies: [cabinet],
             taken: {cabinet: {on: 2019-12-14}}}
      - id: go-live
        title: Service goes live
        kind: go-live
        due: 2020-04-01
        depends_on: [approve]
    """)


@pytest.fixture
def later(tmp_path: Path) -> Path:
    path = tmp_path / "later.yaml"
    path.write_text(LATER)
    return path


def test_a_record_after_the_as_of_day_is_shown_not_counted(later: Path) -> None:
    code, out, err = run("status", str(later), "--as-of", "2019-03-19")
    assert code == 0
    assert out == textwrap.dedent(f"""\
        P  ({later})
        Partners: A Council, A CCG
        As of 19 Mar 2019   Overall  AMBER    Readiness ░░░░░░░░░░░░░░░░░░░░ 0/2 0%

        Stage    Kind      Due         Status       Criteria   RAG      When
        approve  decision  2019-03-31  in-progress  ░░░░░ 0/1   AMBER   in 12 d
          Cabinet approves the model
          ▸ decision model owed by Cabinet
          ▸ the file records it done on 14 Dec 2019, after the as-of day
          ▸ the file records approve.model taken by Cabinet on 14 Dec 2019, after the as-of day
        go-live  go-live   2020-04-01  not-started  ░░░░░ 0/1   GREEN   in 379 d
          Service goes live
          ▸ waits for approve (in-progress, amber)

        Next:
          approve        in 12 d   due 2019-03-31  Cabinet approves the model
          approve.model  in 12 d   due 2019-03-31  Approve the model (Cabinet)
          go-live        in 379 d  due 2020-04-01  Service goes live
        Overdue: none
        """)
    assert err == (
        f"{later}:15:18: warning DONE-FUTURE stage 'approve' is recorded on 14 Dec 2019, "
        "after the as-of date 19 Mar 2019 (and 1 more); not counted on the as-of day\n"
    )


def test_on_the_recorded_day_the_record_counts_and_nothing_is_said(later: Path) -> None:
    code, out, err = run("status", str(later), "--as-of", "2019-12-14")
    assert (code, err) == (0, "")
    assert "after the as-of day" not in out
    assert "approve  decision  2019-03-31  done " in out


def test_json_carries_the_later_record(later: Path) -> None:
    code, out, err = run("status", str(later), "--as-of", "2019-03-19", "-f", "json")
    assert code == 0 and err.count("\n") == 1
    (programme,) = json.loads(out)["programmes"]
    approve, go_live = programme["stages"]
    assert (approve["status"], approve["recorded_after_as_of"]) == ("in-progress", "2019-12-14")
    assert approve["items"][0]["status"] == "not-started"
    assert approve["items"][0]["recorded_after_as_of"] == "2019-12-14"
    assert go_live["recorded_after_as_of"] is None


def test_timeline_warns_of_a_later_record(later: Path) -> None:
    code, out, err = run("timeline", str(later), "--as-of", "2019-03-19")
    assert code == 0 and "approve" in out
    assert err.endswith("(and 1 more); not counted on the as-of day\n")


# --- the portfolio --------------------------------------------------------------------


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    (folder / "southend.yaml").write_text(SOUTHEND)
    broken(folder, "zz-broken.yaml")
    return folder


def test_portfolio_shows_an_invalid_programme_first_and_fails(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(portfolio.parent)
    code, out, err = run("status", "portfolio", "--as-of", "2015-01-15")
    assert code == 1
    assert out == textwrap.dedent("""\
        Portfolio as of 2015-01-15: 2 programmes, 1 invalid
        Programme                                        RAG                  Readiness            Overdue  Due          Next milestone
        portfolio/zz-broken.yaml                          INVALID (2 errors)
        Southend integrated commissioning (Pioneer MoU)   RED                 ██░░░░░░░░ 3/15 20%  8        28 Feb 2015  formal-review  Formal review of the Memorandum
        """)  # noqa: E501
    assert err == errors_of(Path("portfolio/zz-broken.yaml")) + (
        "integrate: error: invalid playbooks: 1 of 2, shown as INVALID with no status; "
        "run 'integrate validate' on them for hints\n"
    )


def test_portfolio_json_marks_validity(portfolio: Path) -> None:
    code, out, err = run("status", str(portfolio), "--as-of", "2015-01-15", "-f", "json")
    assert code == 1
    assert err.startswith(errors_of(portfolio / "zz-broken.yaml"))
    doc = json.loads(out)
    good, bad = doc["programmes"]
    assert (good["valid"], good["errors"], good["rag"]) == (True, 0, "red")
    assert bad == {"path": str(portfolio / "zz-broken.yaml"), "valid": False, "errors": 2}
    # written a programme at a time, it is the same text as the whole document dumped
    assert out == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def test_portfolio_detail_shows_only_the_valid_programmes(portfolio: Path) -> None:
    code, out, _ = run("status", str(portfolio), "--as-of", "2015-01-15", "--detail")
    assert code == 1
    assert out.count("Partners: ") == 1
    assert "Southend integrated commissioning (Pioneer MoU)  (" in out


def test_a_portfolio_of_only_invalid_playbooks(tmp_path: Path) -> None:
    broken(tmp_path, "a.yaml")
    (tmp_path / "b.yaml").write_text("version: [\n")
    code, out, err = run("status", str(tmp_path), "--as-of", "2015-01-15")
    assert code == 1
    assert out.splitlines()[0] == "Portfolio as of 2015-01-15: 2 programmes, 2 invalid"
    assert out.splitlines()[2:] == [
        f"{tmp_path / 'a.yaml'}   INVALID (2 errors)",
        f"{tmp_path / 'b.yaml'}   INVALID (1 error)",
    ]
    assert err.endswith(
        "invalid playbooks: 2 of 2, shown as INVALID with no status; "
        "run 'integrate validate' on them for hints\n"
    )


def test_installed_command_fails_a_portfolio_with_an_invalid_programme(portfolio: Path) -> None:
    proc = subprocess.run(
        [str(INSTALLED), "status", str(portfolio), "--as-of", "2015-01-15", "--color", "never"],
        capture_output=True,
        text=True,
        check=False,
    )
    bad = portfolio / "zz-broken.yaml"
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[2] == f"{bad}   INVALID (2 errors)"
    assert proc.stderr.startswith(errors_of(bad))


# --- text from the playbook never reaches the terminal raw ----------------------------

HOSTILE = HEADER.replace("title: P}", 'title: "P\\e]0;owned\\a"}') + textwrap.dedent("""\
    stages:
      - {id: a, title: Real row, kind: milestone, due: 2017-09-01}
      - id: b
        title: "\\e[2K\\rFAKE ROW\\x9b2K\\x7f"
        kind: milestone
        due: 2017-09-01
        criteria:
          - {id: c, title: "tab\\there\\nnext", status: blocked,
             record: {on: 2017-05-01, reason: "why\\e[31m red"}}
    """)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE)
    return path


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2K\r", "^[[2K^M"),
        ("a\tb\nc", "a b c"),
        ("\x00\x07\x08\x7f", "^@^G^H^?"),
        ("\x9b31m\x85", "^[[31m^[E"),
        ("Café — £5 ◆", "Café — £5 ◆"),
    ],
)
def test_printable_shows_controls_in_caret_notation(raw: str, shown: str) -> None:
    assert printable(raw) == shown


@pytest.mark.parametrize("colour", ["never", "always"])
def test_control_characters_never_reach_the_terminal(hostile: Path, colour: str) -> None:
    code, out, err = run("status", str(hostile), "--as-of", "2017-06-01", "--color", colour)
    assert (code, err) == (0, "")
    bare = SGR.sub("", out)
    assert [c for c in bare if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F] == []
    assert "\x1b[2K" not in out and "\x1b]" not in out
    lines = bare.splitlines()
    assert lines[0] == f"P^[]0;owned^G  ({hostile})"
    assert "  ^[[2K^MFAKE ROW^[[2K^?" in lines
    assert "  ▸ b.c blocked: why^[[31m red" in lines
    # aligned as shown: the Next rows' titles start in one column
    nxt = [line for line in lines if line.startswith("  b")]
    assert nxt[-1] == "  b.c  in 92 d  due 2017-09-01  tab here next"


def test_json_keeps_control_characters_as_escaped_data(hostile: Path) -> None:
    code, out, _ = run("status", str(hostile), "--as-of", "2017-06-01", "-f", "json")
    assert code == 0
    assert [c for c in out if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F] == []
    assert r'"title": "\u001b[2K\rFAKE ROW\u009b2K\u007f"' in out
    (programme,) = json.loads(out)["programmes"]
    assert programme["stages"][1]["title"] == "\x1b[2K\rFAKE ROW\x9b2K\x7f"
    assert programme["programme"]["title"] == "P\x1b]0;owned\x07"


def test_errors_on_stderr_are_printable_too(tmp_path: Path) -> None:
    path = tmp_path / "bad\x1b[2K\r.yaml"
    path.write_text("version: [\n")
    code, out, err = run("status", str(path), "--as-of", "2017-06-01")
    assert (code, out) == (1, "")
    assert [c for c in err if ord(c) < 32 and c != "\n"] == []
    shown = f"{tmp_path}/bad^[[2K^M.yaml"
    assert err.startswith(f"{shown}:2:1: YAML-SYNTAX ")
    assert err.endswith(f"(run 'integrate validate {shown}' for hints)\n")


# --- a portfolio sends back only what it prints -----------------------------------------


def test_a_table_outcome_is_a_row_not_a_status() -> None:
    from integrate_cli.status_data import TABLE, Row, outcome

    path = str(ROOT / "playbooks" / "city-and-hackney.yaml")
    result = outcome(path, date(2017, 6, 1), amber=Amber(), form=TABLE)
    assert isinstance(result.row, Row) and result.document == ""
    assert (result.row.rag, result.row.done, result.row.total, result.row.overdue) == (
        "red",
        5,
        17,
        7,
    )
    assert len(pickle.dumps(result)) < 600


def test_a_json_outcome_is_its_text(tmp_path: Path) -> None:
    from integrate_cli.status_data import JSON, outcome

    path = broken(tmp_path)
    result = outcome(str(path), date(2015, 1, 15), amber=Amber(), form=JSON)
    assert result.row is None and not result.valid
    assert json.loads(result.document) == {"path": str(path), "valid": False, "errors": 2}
    assert [f.code for f in result.errors] == ["DATE-INVALID", "DATE-INVALID"]


def test_many_playbooks_come_back_as_they_are_computed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import integrate_cli.status_data as status_data
    import integrate_cli.workers as fan_out

    computed: list[str] = []

    def each_in_workers(work, files, extra, *, workers):  # type: ignore[no-untyped-def]
        for path in files:
            computed.append(path)
            yield from work(([path], extra))

    monkeypatch.setattr(fan_out, "each_in_workers", each_in_workers)
    monkeypatch.setattr(fan_out, "worker_count", lambda files: 2)
    for i in range(5):
        (tmp_path / f"p{i}.yaml").write_text(SOUTHEND)
    files = sorted(str(p) for p in tmp_path.iterdir())
    outcomes = status_data.portfolio(files, date(2015, 1, 15))
    first = next(outcomes)
    assert (first.path, computed) == (files[0], files[:1])
    assert [o.path for o in outcomes] == files[1:]


def test_a_title_with_controls_keeps_the_portfolio_aligned(
    hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (hostile.parent / "southend.yaml").write_text(SOUTHEND)
    monkeypatch.chdir(hostile.parent)
    code, out, err = run("status", ".", "--as-of", "2017-06-01")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[2].startswith("Southend integrated commissioning (Pioneer MoU)   RED ")
    assert lines[3].startswith("P^[]0;owned^G" + " " * 35 + "  RED ")


def test_json_of_one_invalid_playbook_is_a_row_that_says_so(later: Path) -> None:
    later.write_text(LATER.replace("due: 2020-04-01", "due: 2020-02-30"))
    code, out, err = run("status", str(later), "--as-of", "2019-03-19", "-f", "json")
    assert code == 1
    assert json.loads(out)["programmes"] == [{"path": str(later), "valid": False, "errors": 1}]
    # the errors are what matter; a later record is not mentioned on top of them
    assert err == (
        f"{later}:22:10: DATE-INVALID stages.go-live.due: '2020-02-30': 30 February 2020 "
        "does not exist\n"
        "integrate: error: invalid playbooks: 1 of 1, shown as INVALID with no status; "
        "run 'integrate validate' on them for hints\n"
    )
