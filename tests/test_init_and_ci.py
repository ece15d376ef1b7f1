"""`integrate init`, the pre-commit hook, the GitHub Action and SARIF output."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from integrate_cli.cli import app
from integrate_cli.codes import all_codes

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.mark.parametrize("pattern", ["mou", "shadow-year", "ics-transition"])
def test_scaffold_passes_validate_status_and_render(
    pattern: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    result = runner.invoke(
        app,
        [
            "init",
            str(repo),
            "--pattern",
            pattern,
            "--name",
            "Council and ICB integration",
            "--start",
            "2025-04-01",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"created {repo / 'playbooks' / 'council-and-icb-integration.yaml'}\n" in result.stdout
    for name in (
        "playbook.schema.json",
        "templates/README.md",
        ".pre-commit-config.yaml",
        ".github/workflows/integrate.yml",
        "README.md",
    ):
        assert (repo / name).is_file(), name
    playbook = repo / "playbooks" / "council-and-icb-integration.yaml"
    assert playbook.read_text().startswith(
        "# yaml-language-server: $schema=../playbook.schema.json\n"
    )
    monkeypatch.chdir(repo)
    assert runner.invoke(app, ["validate", "--strict", "--as-of", "2025-04-01"]).stdout == (
        "1 playbook checked: no problems\n"
    )
    assert runner.invoke(app, ["status", "--as-of", "2025-06-01"]).exit_code == 0
    rendered = runner.invoke(
        app,
        [
            "render-report",
            str(playbook),
            "-t",
            "highlight",
            "--as-of",
            "2025-06-01",
            "-o",
            "paper.docx",
        ],
    )
    assert rendered.exit_code == 0, rendered.output
    assert yaml.safe_load((repo / ".github/workflows/integrate.yml").read_text())["jobs"]


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    readme = tmp_path / "README.md"
    readme.write_text("mine\n")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "would overwrite" in result.stderr and "--force" in result.stderr
    assert readme.read_text() == "mine\n"
    assert runner.invoke(app, ["init", str(tmp_path), "--force"]).exit_code == 0
    assert readme.read_text() != "mine\n"


def test_pre_commit_hook_manifest_runs_on_the_examples() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "integrate-validate"
    assert hook["types"] == ["yaml"]
    entry = shlex.split(hook["entry"])
    exe = Path(sys.executable).parent / entry[0]
    files = sorted(str(p) for p in (ROOT / "playbooks").glob("*.yaml"))
    proc = subprocess.run(
        [str(exe), *entry[1:], *files], capture_output=True, text=True, check=False
    )
    assert (proc.returncode, proc.stdout) == (0, "4 playbooks checked: no problems\n")


def test_pre_commit_hook_sees_only_playbooks() -> None:
    # pre-commit matches `files` and `exclude` with re.search on the repo-relative path.
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    paths = [
        "playbooks/bnes.yaml",
        "playbooks/area/north.yml",
        "mkdocs.yml",
        "docs/playbooks/x.yaml",
        ".github/workflows/ci.yml",
        "playbooks/.draft.yaml",
    ]
    seen = [p for p in paths if re.search(hook["files"], p) and not re.search(hook["exclude"], p)]
    assert seen == ["playbooks/bnes.yaml", "playbooks/area/north.yml"]


def test_action_inputs_are_documented_in_the_readme() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert set(action["inputs"]) == {"paths", "strict", "as-of", "version"}
    assert action["runs"]["using"] == "composite"
    readme = (ROOT / "README.md").read_text()
    for name in action["inputs"]:
        assert f"{name}:" in readme, name


def test_sarif_has_a_rule_per_code_and_located_results(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "version: 1\nprogramme: {id: p, title: P}\npartners: []\nstages:\n"
        "  - {id: a, title: A, kind: milestone, due: 30.2.17}\n"
    )
    result = runner.invoke(app, ["validate", str(path), "--format", "sarif"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.code for c in all_codes()]
    (finding,) = run["results"]
    assert finding["ruleId"] == "DATE-INVALID"
    assert rules[finding["ruleIndex"]]["id"] == "DATE-INVALID"
    assert finding["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5,
        "startColumn": 45,
    }
    assert finding["level"] == "error"


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run(
        [str(exe), "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_action_and_generated_workflow_match_their_schemas(tmp_path: Path) -> None:
    proc = _check_jsonschema("vendor.github-actions", ROOT / "action.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    workflow = tmp_path / ".github" / "workflows" / "integrate.yml"
    proc = _check_jsonschema("vendor.github-workflows", workflow)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_sarif_output_matches_the_sarif_schema(tmp_path: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())
    for name in ("dep-cycle", "impossible-date", "windows-1252", "bnes-paper-totals"):
        path = ROOT / "tests" / "examples" / "invalid" / f"{name}.yaml"
        result = runner.invoke(app, ["validate", str(path), "--format", "sarif"])
        assert result.exit_code == 1
        jsonschema.Draft4Validator(schema).validate(json.loads(result.stdout))
    clean = runner.invoke(app, ["validate", str(ROOT / "playbooks"), "--format", "sarif"])
    jsonschema.Draft4Validator(schema).validate(json.loads(clean.stdout))
    broken = json.loads(clean.stdout)
    broken["runs"][0]["results"] = [{"ruleId": "X", "level": "fatal", "message": {"text": "x"}}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(broken)


def test_shell_completion_script_is_offered() -> None:
    exe = Path(sys.executable).parent / "integrate"
    proc = subprocess.run(
        [str(exe), "--show-completion", "bash"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "_INTEGRATE_COMPLETE=complete_bash" in proc.stdout
