"""The command line: exact output, exit codes, stdout and stderr apart."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrate_cli import __version__
from integrate_cli.cli import app
from tests.conftest import HEADER

runner = CliRunner()

CLEAN = HEADER + textwrap.dedent("""\
    stages:
      - {id: a, title: A, kind: milestone, due: 2017-05-01, status: done,
         record: {on: 2017-05-01, by: PMO}}
      - {id: b, title: B, kind: go-live, due: autumn 2017, depends_on: [a]}
    """)
BROKEN = HEADER + textwrap.dedent("""\
    stages:
      - {id: a, title: A, kind: milestone, due: autumn 2017, depends_on: [b]}
      - {id: b, title: B, kind: go-live, due: autumn 2017, depends_on: [a], ownr: x}
    """)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "clean.yaml").write_text(CLEAN)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    assert run("--version") == (0, f"integrate {__version__}\n", "")


def test_validate_clean(repo: Path) -> None:
    assert run("validate", str(repo / "playbooks"), "--as-of", "2017-06-01") == (
        0,
        "1 playbook checked: no problems\n",
        "",
    )


def test_validate_text_findings(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    code, out, err = run("validate", str(path), "--as-of", "2017-06-01")
    assert (code, err) == (1, "")
    assert out == (
        f"{path}:11:69: error DEP-CYCLE stages depend on each other in a cycle: a -> b -> a\n"
        "    hint: remove one of these dependencies\n"
        f"{path}:11:73: error SCHEMA-UNKNOWN-KEY unknown key 'ownr' in stage\n"
        "    hint: did you mean 'owner'? known keys: id, title, kind, start, due, depends_on, "
        "owner, status, record, history, criteria, decisions, rag, description, source, baseline\n"
        "\n"
        "1 playbook checked: 2 errors, 0 warnings in 1 file (failed)\n"
    )


def test_validate_json_is_stable(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    code, out, _ = run("validate", str(path), "--format", "json", "--as-of", "2017-06-01")
    doc = json.loads(out)
    assert code == 1
    assert doc["summary"] == {
        "files": 1,
        "files_with_findings": 1,
        "errors": 2,
        "warnings": 0,
        "failed": True,
    }
    assert doc["files"][0]["findings"][1] == {
        "path": str(path),
        "line": 11,
        "col": 73,
        "level": "error",
        "code": "SCHEMA-UNKNOWN-KEY",
        "message": "unknown key 'ownr' in stage",
        "hint": "did you mean 'owner'? known keys: id, title, kind, start, due, depends_on, "
        "owner, status, record, history, criteria, decisions, rag, description, source, baseline",
        "where": "stages.b.ownr",
    }


def test_validate_github_is_automatic_under_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run("validate", str(path), "--as-of", "2017-06-01")
    assert code == 1
    assert out.splitlines()[0] == (
        f"::error file={path},line=11,col=69,title=DEP-CYCLE::stages depend on each other "
        "in a cycle: a -> b -> a%0Ahint: remove one of these dependencies"
    )


def test_validate_junit_has_a_testcase_per_playbook(repo: Path) -> None:
    (repo / "playbooks" / "broken.yaml").write_text(BROKEN)
    code, out, _ = run("validate", str(repo), "-f", "junit", "--as-of", "2017-06-01")
    assert code == 1
    assert '<testsuite name="integrate validate" tests="2" failures="1"' in out
    assert out.count("<testcase ") == 2


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        HEADER
        + textwrap.dedent("""\
        stages:
          - {id: a, title: A, kind: milestone, due: TBC}
        risks:
          - {id: r, title: R, likelihood: 5, impact: 4}
        """)
    )
    assert run("validate", str(path))[0] == 0
    code, out, _ = run("validate", str(path), "--strict")
    assert code == 1
    assert "warning RISK-NO-MITIGATION" in out


def test_usage_errors_exit_2_on_stderr(tmp_path: Path) -> None:
    assert run("validate", str(tmp_path / "missing")) == (
        2,
        "",
        f"integrate: error: {tmp_path / 'missing'}: no such file or directory\n",
    )
    code, out, err = run("validate", str(tmp_path), "--as-of", "someday")
    assert (code, out) == (2, "")
    assert "'someday' is not a date" in err
    assert run("validate", str(tmp_path))[2] == (
        f"integrate: error: {tmp_path}: no playbooks (*.yaml, *.yml) in this directory\n"
    )


def test_default_path_is_the_playbooks_directory(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    assert run("validate", "--as-of", "2017-06-01")[1] == "1 playbook checked: no problems\n"


def test_rules_lists_codes_and_documents_one() -> None:
    code, out, _ = run("rules")
    assert code == 0
    assert "DEP-CYCLE" in out and "MONEY-TOTAL" in out and "YAML-ALIAS-BOMB" in out
    code, out, _ = run("rules", "dep-cycle")
    assert out.startswith("DEP-CYCLE (error): Stages that depend on each other in a cycle\n")
    assert run("rules", "NOPE")[0] == 2


def test_rules_markdown_matches_docs(root: Path) -> None:
    assert run("rules", "--markdown")[1] == (root / "docs" / "rules.md").read_text()


def test_schema_output_file(tmp_path: Path) -> None:
    target = tmp_path / "playbook.schema.json"
    code, out, err = run("schema", "-o", str(target))
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    assert json.loads(target.read_text())["title"] == "playbook"
    assert run("schema", "-o", str(tmp_path / "no" / "such" / "x.json"))[0] == 2


def test_status_plain_text_is_reproducible(repo: Path) -> None:
    path = str(repo / "playbooks" / "clean.yaml")
    first = run("status", path, "--as-of", "2017-06-01")
    assert first == run("status", path, "--as-of", "2017-06-01")
    code, out, err = first
    assert (code, err) == (0, "")
    assert "\x1b[" not in out
    assert "Readiness ██████████░░░░░░░░░░ 1/2 50%" in out
    assert "b  " in out and "autumn 2017 (→ 30 Nov 2017)" in out


def test_status_json(repo: Path) -> None:
    code, out, _ = run("status", str(repo / "playbooks"), "-f", "json", "--as-of", "2017-06-01")
    doc = json.loads(out)
    assert code == 0
    (programme,) = doc["programmes"]
    assert (programme["rag"], programme["readiness"]) == (
        "green",
        {"done": 1, "total": 2, "percent": 50},
    )


def test_status_portfolio_worst_first(repo: Path) -> None:
    late = CLEAN.replace("programme: {id: p, title: P}", "programme: {id: q, title: Late one}")
    (repo / "playbooks" / "late.yaml").write_text(late.replace("autumn 2017", "2017-10-01"))
    code, out, _ = run("status", str(repo / "playbooks"), "--as-of", "2017-11-01")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Portfolio as of 2017-11-01: 2 programmes"
    assert lines[2].startswith("Late one")


def test_progress_command_output(repo: Path) -> None:
    path = str(repo / "playbooks" / "clean.yaml")
    assert run("start", path, "b", "--on", "2017-06-01", "--as-of", "2017-06-01") == (
        0,
        "b: not-started -> in-progress on 2017-06-01; stage b is now GREEN\n",
        "",
    )
    code, out, err = run("complete", path, "nope", "--as-of", "2017-06-01")
    assert (code, out) == (2, "")
    assert err == (
        f"integrate: error: {path}: no stage, criterion or decision 'nope' in this playbook; "
        "targets are STAGE or STAGE.CRITERION\n"
    )


def test_every_command_has_help_with_an_example() -> None:
    for name in (
        "validate",
        "status",
        "timeline",
        "complete",
        "start",
        "block",
        "reopen",
        "render-report",
        "rules",
        "schema",
        "init",
        "deadlines",
        "calendar",
        "changes",
        "rebaseline",
    ):
        code, out, _ = run(name, "--help")
        assert code == 0, name
        assert "Example: integrate" in out, name


def test_every_command_is_in_the_readme(root: Path) -> None:
    readme = (root / "README.md").read_text()
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        assert f"integrate {name}" in readme, name


def test_installed_console_script_runs(repo: Path) -> None:
    exe = shutil.which("integrate", path=os.path.dirname(sys.executable))
    assert exe is not None
    proc = subprocess.run(
        [exe, "validate", str(repo / "playbooks"), "--as-of", "2017-06-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0,
        "1 playbook checked: no problems\n",
        "",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "integrate_cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout == f"integrate {__version__}\n"


# What the full view of one playbook (with no budgets) never needs.
HEAVY = ("jinja2", "docx", "weasyprint", "markdown_it", "json", "tempfile", "holidays", "decimal")


def test_status_does_not_import_jinja_or_document_libraries(repo: Path) -> None:
    code = (
        "import sys\nfrom integrate_cli.cli import main\nsys.argv=['integrate','status',"
        f"{str(repo / 'playbooks')!r},'--as-of','2017-06-01']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print('heavy:', heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stderr.strip().endswith("heavy: []")


def test_status_of_many_playbooks_uses_workers_and_keeps_order(tmp_path: Path) -> None:
    from integrate_cli.check import PARALLEL_FROM

    for i in range(PARALLEL_FROM):
        text = CLEAN.replace(
            "programme: {id: p, title: P}", f"programme: {{id: p{i:03d}, title: P{i:03d}}}"
        )
        (tmp_path / f"p{i:03d}.yaml").write_text(text)
    code, out, err = run("status", str(tmp_path), "-f", "json", "--as-of", "2017-06-01")
    assert (code, err) == (0, "")
    ids = [p["programme"]["id"] for p in json.loads(out)["programmes"]]
    assert ids == [f"p{i:03d}" for i in range(PARALLEL_FROM)]


def test_unexpected_error_is_one_line_unless_debug(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import integrate_cli.cli.validate as command
    from integrate_cli.cli._common import DEBUG

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(command, "check_paths", broken)
    code, out, err = run("validate", str(repo))
    assert (code, out) == (3, "")
    assert err == (
        "integrate: internal error: RuntimeError: boom\n"
        "integrate: this is a bug; run again with --debug (or INTEGRATE_DEBUG=1) "
        "for the traceback and report it\n"
    )
    monkeypatch.setitem(DEBUG, "on", False)  # restored to off after the --debug run
    result = runner.invoke(app, ["--debug", "validate", str(repo)])
    assert isinstance(result.exception, RuntimeError)
