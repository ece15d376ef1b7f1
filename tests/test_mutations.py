"""Behaviour that one-line changes once broke without any test failing.

Each test names the change it catches. They run through the CLI, as a user or a CI
job would see the result, so they hold however the code inside is arranged.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

from typer.testing import CliRunner

from integrate_cli.cli import app
from tests.conftest import HEADER, ROOT
from tests.test_date_specs import item_of, playbook, stage_of, status_json, window

runner = CliRunner()


def test_a_relative_date_counts_from_a_done_anchor_s_record_not_its_due(
    tmp_path: Path,
) -> None:
    """Catches: the done date ignored, so a late stage's dependants keep their old dates."""
    stages = """\
        - {id: a, title: A, kind: milestone, due: 2017-01-01, status: done,
           record: {on: 2017-03-01}}
        - {id: b, title: B, kind: milestone, due: 1 month after a}
        """
    programme = status_json(playbook(tmp_path, stages), as_of="2017-06-01")
    assert window(stage_of(programme, "b")) == ("2017-04-01", "2017-04-01")
    assert stage_of(programme, "b")["rag_reasons"] == ["overdue by 61 days"]


def test_a_criterion_without_a_due_date_is_due_with_its_stage(tmp_path: Path) -> None:
    """Catches: a criterion with no `due` of its own shown as TBC (grey, never overdue)."""
    stages = """\
        - id: a
          title: A
          kind: milestone
          due: 2017-05-01
          status: in-progress
          record: {on: 2017-04-01}
          criteria:
            - {id: c, title: C}
        """
    programme = status_json(playbook(tmp_path, stages), as_of="2017-06-01")
    criterion = item_of(programme, "a.c")
    assert window(criterion) == ("2017-05-01", "2017-05-01")
    assert (criterion["rag"], criterion["reason"], criterion["days_left"]) == (
        "red",
        "overdue by 31 days",
        -31,
    )
    assert [i["ref"] for i in programme["overdue"]] == ["a", "a.c"]


def test_json_blocked_is_true_exactly_when_the_stage_or_one_of_its_items_is(
    tmp_path: Path,
) -> None:
    """Catches: `blocked` written as a constant in the status JSON."""
    stages = """\
        - {id: a, title: A, kind: milestone, due: 2017-09-01, status: blocked,
           record: {on: 2017-05-01, reason: no money}}
        - id: b
          title: B
          kind: milestone
          due: 2017-09-01
          status: in-progress
          record: {on: 2017-05-01}
          criteria:
            - {id: c, title: C, status: blocked, record: {on: 2017-05-02, reason: no staff}}
            - {id: d, title: D}
        - {id: e, title: E, kind: milestone, due: 2017-09-01, status: in-progress,
           record: {on: 2017-05-01}}
        """
    programme = status_json(playbook(tmp_path, stages), as_of="2017-06-01")
    blocked = {s["id"]: (s["blocked"], s["blockers"]) for s in programme["stages"]}
    assert blocked == {
        "a": (True, []),
        "b": (True, ["b.c blocked: no staff"]),
        "e": (False, []),
    }


def test_junit_failure_lists_every_finding_of_the_playbook(tmp_path: Path) -> None:
    """Catches: the JUnit <failure> left without its text, so CI shows no line numbers."""
    early = """\
        - {id: a, title: A, kind: milestone, due: DUE}
        - {id: b, title: B, kind: milestone, due: 2017-04-01, depends_on: [a], status: done,
           record: {on: 2017-04-01}}
        """
    bad = playbook(tmp_path, early.replace("DUE", "30 February 2017"), name="bad")
    warned = playbook(tmp_path, early.replace("DUE", "2017-03-01"), name="warned")
    good = playbook(tmp_path, "- {id: a, title: A, kind: milestone, due: 2017-09-01}\n")
    result = runner.invoke(
        app,
        [
            "validate",
            str(bad),
            str(warned),
            str(good),
            "--format",
            "junit",
            "--as-of",
            "2017-06-01",
        ],
    )
    assert (result.exit_code, result.stderr) == (1, "")
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    failure = cases[str(bad)].find("failure")
    assert failure is not None
    assert failure.get("type") == "DATE-INVALID"
    assert failure.get("message") == (
        "1 problem: stages.a.due: '30 February 2017': 30 February 2017 does not exist"
    )
    warning = (
        "11:70: warning DONE-BEFORE-DEPENDENCY stage 'b' is done but 'a', "
        "which it depends on, is not-started"
    )
    assert failure.text == (
        f"{bad}:10:45: error DATE-INVALID stages.a.due: '30 February 2017': "
        f"30 February 2017 does not exist\n{bad}:{warning}"
    )
    (output,) = cases[str(warned)]
    assert (output.tag, output.text) == ("system-out", f"{warned}:{warning}")
    assert list(cases[str(good)]) == []


def test_a_playbook_s_amber_days_sets_its_amber_window(tmp_path: Path) -> None:
    """Catches: the playbook's `programme.amber_days` ignored (always 14 days)."""
    stages = "- {id: a, title: A, kind: milestone, due: 2017-06-21}\n"
    wide = HEADER.replace("{id: p, title: P}", "{id: p, title: P, amber_days: 30}")
    wide_path = playbook(tmp_path, stages, header=wide, name="wide")
    plain_path = playbook(tmp_path, stages, name="plain")

    def rag(path: Path, *args: str) -> tuple[str, list[str]]:
        stage = stage_of(status_json(path, *args, as_of="2017-06-01"), "a")
        return stage["rag"], stage["rag_reasons"]

    assert rag(wide_path) == ("amber", ["due in 20 days"])
    assert rag(plain_path) == ("green", ["on track"])
    assert rag(wide_path, "--amber-days", "14") == ("green", ["on track"])  # the option wins

    # many playbooks at once: each keeps its own window
    result = runner.invoke(
        app, ["status", str(tmp_path), "--format", "json", "--as-of", "2017-06-01"]
    )
    assert (result.exit_code, result.stderr) == (0, "")
    seen = {
        Path(p["path"]).name: p["stages"][0]["rag"] for p in json.loads(result.stdout)["programmes"]
    }
    assert seen == {"plain.yaml": "green", "wide.yaml": "amber"}


def test_ci_runs_lint_format_and_type_checks_then_the_readme_test_command() -> None:
    """Catches: a check dropped from .ci/run, or the README's test command changed there."""
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    (test_command,) = re.findall(r"^.*-m pytest$", quick_start, re.MULTILINE)
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert "set -euo pipefail" in lines
    steps = [
        ".venv/bin/ruff check src tests benchmarks",
        ".venv/bin/ruff format --check src tests benchmarks",
        ".venv/bin/mypy",
        test_command,
    ]
    assert [line for line in lines if line in steps] == steps
