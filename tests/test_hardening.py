"""User-caused conditions that once ended in an internal error: each is now a clear
message and a meaningful exit code, tested through the installed console script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from integrate_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXE = str(Path(sys.executable).parent / "integrate")
BNES = ROOT / "playbooks" / "bnes-integration.yaml"
runner = CliRunner()


def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args],
        capture_output=True,
        text=True,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize("command", [["rules"], ["status", str(BNES), "--as-of", "2017-11-08"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(command: list[str]) -> None:
    # `integrate rules | head -1`: the reader has gone before the command writes (it
    # closes its end at once here, while the command is still starting).
    proc = subprocess.Popen([EXE, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert (proc.wait(timeout=120), stderr) == (141, b"")


def test_a_closed_stderr_is_not_an_internal_error(tmp_path: Path) -> None:
    playbook = tmp_path / "p.yaml"
    shutil.copy(BNES, playbook)
    clean = subprocess.run(
        [EXE, "validate", str(playbook)],
        stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(2),
        check=False,
    )
    assert (clean.returncode, clean.stdout) == (0, b"1 playbook checked: no problems\n")
    missing = subprocess.run(
        [EXE, "validate", str(tmp_path / "none.yaml")],
        stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(2),
        check=False,
    )
    assert missing.returncode == 2


def test_a_locale_without_utf8_gets_question_marks_not_a_crash() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LANG": "C", "PYTHONUTF8": "0"}
    proc = run("status", str(BNES), "--as-of", "2017-11-08", "--color", "never", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Readiness ??????????????????" in proc.stdout
    assert proc.stderr == ""


def _with_amounts(tmp_path: Path, old: str, new: str) -> Path:
    text = BNES.read_text(encoding="utf-8")
    assert old in text
    playbook = tmp_path / "p.yaml"
    playbook.write_text(text.replace(old, new, 1), encoding="utf-8")
    return playbook


def test_money_is_added_exactly(tmp_path: Path) -> None:
    # 999,999,999,979,032 + the other 2017/18 lines (47,262) is 10**15 + 26,294 exactly;
    # added in floats it came out as ...026,296.
    playbook = _with_amounts(
        tmp_path, "{2017/18: 20968, 2018/19: 37964}", "{2017/18: 999999999979032, 2018/19: 37964}"
    )
    result = runner.invoke(app, ["validate", str(playbook)])
    assert result.exit_code == 1
    assert (
        "declares a total of £68,230 for year 2017/18, but its lines add up to "
        "£1,000,000,000,026,294 (a difference of -£999,999,999,958,064; tolerance £0)"
    ) in result.stdout


def test_decimal_amounts_are_added_exactly(tmp_path: Path) -> None:
    # 0.1 + 0.2 in floats is 0.30000000000000004: the declared total would be off by a hair.
    text = BNES.read_text(encoding="utf-8")
    text = text.replace("{2017/18: 20968, 2018/19: 37964}", "{2017/18: 20967.1, 2018/19: 37964}")
    text = text.replace("{2017/18: 20000, 2018/19: 25200}", "{2017/18: 20000.2, 2018/19: 25200}")
    text = text.replace("{2017/18: 5262, 2018/19: 12631}", "{2017/18: 5262.7, 2018/19: 12631}")
    playbook = tmp_path / "p.yaml"
    playbook.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(playbook)])
    assert (result.exit_code, result.stdout) == (0, "1 playbook checked: no problems\n")


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("1" + "0" * 400, "a 401-digit number"),
        ("10000000000000001", "10,000,000,000,000,001"),
    ],
)
def test_absurd_amounts_are_a_range_finding(tmp_path: Path, amount: str, shown: str) -> None:
    playbook = _with_amounts(tmp_path, "2017/18: 20968", f"2017/18: {amount}")
    result = runner.invoke(app, ["validate", str(playbook)])
    assert result.exit_code == 1
    assert (
        "error SCHEMA-RANGE budgets.integration-costs.lines[0].amounts.2017/18 is "
        f"{shown}, outside -1,000,000,000,000,000 to 1,000,000,000,000,000"
    ) in result.stdout


def test_a_negative_tolerance_is_refused(tmp_path: Path) -> None:
    playbook = _with_amounts(tmp_path, "tolerance: 0", "tolerance: -5")
    result = runner.invoke(app, ["validate", str(playbook)])
    assert result.exit_code == 1
    assert (
        ":129:16: error SCHEMA-RANGE budgets.integration-costs.tolerance is -5, outside 0 to"
    ) in result.stdout


def test_a_paper_dated_before_1970_is_written(tmp_path: Path) -> None:
    out = tmp_path / "paper.pdf"
    result = runner.invoke(
        app, ["render-report", str(BNES), "-t", "cabinet", "--as-of", "0001-01-01", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    "name",
    [
        "A: B",
        'It\'s "quoted"',
        "{{ x }}",
        "#hash",
        "- dash",
        "&anchor",
        "*alias",
        "yes",
        "Bath & North East Somerset: Council/CCG {2017}",
    ],
)
def test_init_keeps_any_one_line_title_exactly(tmp_path: Path, name: str) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "repo"), "--name", name])
    assert result.exit_code == 0, result.stderr
    (playbook,) = (tmp_path / "repo" / "playbooks").glob("*.yaml")
    assert yaml.safe_load(playbook.read_text(encoding="utf-8"))["programme"]["title"] == name
    check = runner.invoke(app, ["validate", str(playbook)])
    assert check.exit_code == 0, check.stdout


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("two\nlines", "--name contains a control character (U+000A); give the title on one line"),
        ("   ", "--name is empty; give the programme's title"),
    ],
)
def test_init_refuses_a_title_it_cannot_keep(tmp_path: Path, name: str, message: str) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "repo"), "--name", name])
    assert (result.exit_code, result.stderr) == (2, f"integrate: error: {message}\n")
    assert not (tmp_path / "repo").exists()


def test_init_names_a_file_name_too_long(tmp_path: Path) -> None:
    long = tmp_path / ("x" * 300)
    result = runner.invoke(app, ["init", str(long)])
    assert result.exit_code == 2
    assert result.stderr.endswith(": cannot be used: File name too long\n")
    named = runner.invoke(app, ["init", str(tmp_path / "r"), "--name", "y" * 300])
    assert named.exit_code == 0
    assert [p.name for p in (tmp_path / "r" / "playbooks").iterdir()] == ["y" * 60 + ".yaml"]


def test_schema_never_writes_over_a_playbook(tmp_path: Path) -> None:
    playbook = tmp_path / "p.yaml"
    shutil.copy(BNES, playbook)
    before = playbook.read_bytes()
    result = runner.invoke(app, ["schema", "-o", str(playbook)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"integrate: error: -o {playbook} would write over a playbook; name a .json file\n",
    )
    assert playbook.read_bytes() == before
    dash = runner.invoke(app, ["schema", "-o", "-"])
    assert dash.exit_code == 0 and dash.stdout.startswith("{")
    assert not Path("-").exists()
