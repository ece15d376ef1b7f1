"""Baselines: adopt CI on a repository with findings, and fail only on new ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrate_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "tests" / "examples" / "invalid"
runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose one playbook has a dependency cycle (an error)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "playbooks").mkdir()
    shutil.copy(INVALID / "dep-cycle.yaml", tmp_path / "playbooks" / "old.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def validate(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", "playbooks", "--as-of", "2017-01-01", *args])
    return result.exit_code, result.stdout, result.stderr


CYCLE = {
    "path": "playbooks/old.yaml",
    "code": "DEP-CYCLE",
    "where": "stages.b.depends_on",
    "message": "stages depend on each other in a cycle: a -> b -> a",
    "count": 1,
}


def test_write_baseline_writes_the_failing_findings_without_lines(repo: Path) -> None:
    code, out, err = validate("--write-baseline", "baseline.json")
    assert (code, out) == (0, "")
    assert err == (
        "wrote baseline.json: 1 finding in 1 playbook; "
        "validate with --baseline baseline.json to fail only on new findings\n"
    )
    assert json.loads((repo / "baseline.json").read_text()) == {
        "version": 1,
        "findings": [CYCLE],
    }


def test_a_baselined_finding_passes_and_a_new_one_fails(repo: Path) -> None:
    assert validate("--write-baseline", "baseline.json")[0] == 0
    assert validate("--baseline", "baseline.json") == (
        0,
        "1 playbook checked: no problems; 1 baselined\n",
        "",
    )
    shutil.copy(INVALID / "unresolved-owner.yaml", repo / "playbooks" / "new.yaml")
    code, out, _ = validate("--baseline", "baseline.json")
    assert code == 1
    assert out == (
        "playbooks/new.yaml:11:47: error REF-UNRESOLVED stages.a.owner refers to person, "
        "partner or body 'nobody', which is not defined in this playbook\n"
        "    hint: defined: cabinet, ccg, council, gb\n"
        "\n"
        "2 playbooks checked: 1 error, 0 warnings in 1 file (failed); 1 baselined\n"
    )


def test_edits_that_move_a_finding_keep_it_baselined(repo: Path) -> None:
    assert validate("--write-baseline", "baseline.json")[0] == 0
    old = repo / "playbooks" / "old.yaml"
    old.write_text("# moved down by a new comment\n\n" + old.read_text())
    assert validate("--baseline", "baseline.json")[0] == 0


def test_a_count_above_the_findings_found_reports_the_rest_fixed(repo: Path) -> None:
    assert validate("--write-baseline", "baseline.json")[0] == 0
    doc = json.loads((repo / "baseline.json").read_text())
    doc["findings"][0]["count"] = 2
    (repo / "baseline.json").write_text(json.dumps(doc))
    code, out, _ = validate("--baseline", "baseline.json")
    assert (code, out) == (
        0,
        "1 playbook checked: no problems; 1 baselined; "
        "1 baseline entry fixed; rewrite the baseline with --write-baseline\n",
    )


def test_fixed_entries_are_reported_in_text_and_json(repo: Path) -> None:
    assert validate("--write-baseline", "baseline.json")[0] == 0
    shutil.copy(
        ROOT / "tests" / "examples" / "valid" / "date-forms.yaml", repo / "playbooks" / "old.yaml"
    )
    code, out, _ = validate("--baseline", "baseline.json")
    assert (code, out) == (
        0,
        "1 playbook checked: no problems; "
        "1 baseline entry fixed; rewrite the baseline with --write-baseline\n",
    )
    doc = json.loads(validate("--baseline", "baseline.json", "-f", "json")[1])
    assert doc["set_aside"] == {"suppressed": 0, "baselined": 0, "baseline_entries_fixed": 1}


def test_baselined_findings_are_marked_in_json_and_sarif(repo: Path) -> None:
    assert validate("--write-baseline", "baseline.json")[0] == 0
    code, out, _ = validate("--baseline", "baseline.json", "-f", "json")
    doc = json.loads(out)
    assert code == 0
    assert doc["summary"]["failed"] is False
    [finding] = doc["files"][0]["findings"]
    assert finding["code"] == "DEP-CYCLE"
    assert (finding["baselined"], finding["reason"]) == (True, "in the baseline baseline.json")
    code, out, _ = validate("--baseline", "baseline.json", "-f", "sarif")
    [result] = json.loads(out)["runs"][0]["results"]
    assert result["suppressions"] == [
        {"kind": "external", "justification": "in the baseline baseline.json"}
    ]


def test_baseline_paths_are_relative_to_the_baseline(repo: Path) -> None:
    (repo / "ci").mkdir()
    assert validate("--write-baseline", "ci/baseline.json")[0] == 0
    doc = json.loads((repo / "ci" / "baseline.json").read_text())
    assert doc["findings"][0]["path"] == "../playbooks/old.yaml"
    assert validate("--baseline", "ci/baseline.json")[0] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "--baseline baseline.json: no such file; write one with --write-baseline"),
        ("{\n  oops", "baseline.json:2:3: not JSON (Expecting property name enclosed in"),
        ('{"version": 2, "findings": []}', "baseline.json: not a version 1 baseline"),
        ('{"version": 1, "findings": {}}', "baseline.json: 'findings' must be a list"),
        ('{"version": 1, "findings": [{"path": 1}]}', "baseline.json: findings[0] needs text"),
        (
            '{"version": 1, "findings": [{"path": "a", "code": "b", "where": "", '
            '"message": "", "count": 0}]}',
            "a count of 1 or more",
        ),
    ],
)
def test_a_missing_or_malformed_baseline_is_exit_2(
    repo: Path, text: str | None, message: str
) -> None:
    if text is not None:
        (repo / "baseline.json").write_text(text)
    code, out, err = validate("--baseline", "baseline.json")
    assert (code, out) == (2, "")
    assert err.startswith("integrate: error: ")
    assert message in err


def test_write_baseline_never_writes_over_a_playbook(repo: Path) -> None:
    before = (repo / "playbooks" / "old.yaml").read_bytes()
    code, _, err = validate("--write-baseline", "playbooks/old.yaml")
    assert code == 2
    assert err == (
        "integrate: error: --write-baseline playbooks/old.yaml would write over a playbook; "
        "name a .json file\n"
    )
    assert (repo / "playbooks" / "old.yaml").read_bytes() == before
    assert validate("--write-baseline", "")[2] == (
        "integrate: error: --write-baseline needs a file name; name a .json file, "
        "or - for standard output\n"
    )


def test_a_baseline_that_is_a_fifo_is_refused_without_waiting(repo: Path) -> None:
    os.mkfifo(repo / "b.json")
    assert validate("--baseline", "b.json") == (
        2,
        "",
        "integrate: error: --baseline b.json is not a regular file; name the baseline .json file\n",
    )


def test_the_installed_command_adopts_a_baseline(repo: Path) -> None:
    exe = str(Path(sys.executable).parent / "integrate")
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [exe, "validate", "playbooks", "--as-of", "2017-01-01", *args],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            cwd=repo,
        )

    assert run().returncode == 1
    assert run("--write-baseline", "b.json").returncode == 0
    proc = run("--baseline", "b.json")
    assert (proc.returncode, proc.stdout) == (0, "1 playbook checked: no problems; 1 baselined\n")
