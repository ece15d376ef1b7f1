"""The repository config file, .integrate.yaml: finding it, its keys, its errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrate_cli.cli import app
from integrate_cli.config import find_config, ignore_pattern, load_config
from integrate_cli.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "tests" / "examples" / "invalid"
runner = CliRunner()

WARNS = """\
version: 1
programme: {id: p, title: P}
partners:
  - {id: council, name: A Council, kind: local-authority}
stages:
  - {id: a, title: A, kind: milestone, due: 2017-06-01, owner: council}
risks:
  - {id: r, title: R, likelihood: 5, impact: 5, owner: council}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a failing playbook and a drafts folder with another."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "playbooks" / "drafts").mkdir(parents=True)
    shutil.copy(INVALID / "dep-cycle.yaml", tmp_path / "playbooks" / "cycle.yaml")
    shutil.copy(INVALID / "unresolved-owner.yaml", tmp_path / "playbooks" / "drafts" / "d.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def validate(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", "--as-of", "2017-01-01", *args])
    return result.exit_code, result.stdout, result.stderr


def test_without_a_config_both_playbooks_fail(repo: Path) -> None:
    code, out, _ = validate("playbooks")
    assert code == 1
    assert out.endswith("2 playbooks checked: 2 errors, 0 warnings in 2 files (failed)\n")


def test_a_rule_turned_off_and_a_folder_ignored_make_the_run_pass(repo: Path) -> None:
    (repo / ".integrate.yaml").write_text("version: 1\nrules: {DEP-CYCLE: off}\n")
    code, out, _ = validate("playbooks")
    assert code == 1
    assert "DEP-CYCLE" not in out
    assert out.endswith("2 playbooks checked: 1 error, 0 warnings in 1 file (failed)\n")
    (repo / ".integrate.yaml").write_text(
        "version: 1\nrules: {DEP-CYCLE: off}\nignore: [drafts/]\n"
    )
    assert validate("playbooks") == (0, "1 playbook checked: no problems\n", "")


def test_ignored_path_alone_changes_the_exit_code(repo: Path) -> None:
    (repo / ".integrate.yaml").write_text("ignore:\n  - '**/cycle.yaml'\n  - drafts\n")
    assert validate("playbooks") == (0, "0 playbooks checked: no problems\n", "")
    # a file the config ignores is left out even when named
    assert validate("playbooks/cycle.yaml") == (0, "0 playbooks checked: no problems\n", "")


def test_a_warning_raised_to_an_error_fails_the_run(repo: Path) -> None:
    (repo / "playbooks" / "w.yaml").write_text(WARNS)
    code, out, _ = validate("playbooks/w.yaml")
    assert code == 0
    assert "warning RISK-NO-MITIGATION" in out
    (repo / ".integrate.yaml").write_text("rules:\n  RISK-NO-MITIGATION: error\n")
    code, out, _ = validate("playbooks/w.yaml")
    assert code == 1
    assert out.startswith("playbooks/w.yaml:8:5: error RISK-NO-MITIGATION ")
    assert out.endswith("1 playbook checked: 1 error, 0 warnings in 1 file (failed)\n")


def test_the_config_is_found_upward_and_not_above_the_repository(repo: Path) -> None:
    (repo / ".integrate.yaml").write_text("rules: {DEP-CYCLE: off}\n")
    assert find_config(repo / "playbooks" / "drafts" / "d.yaml") == Path(".integrate.yaml")
    inner = repo / "sub"
    (inner / ".git").mkdir(parents=True)
    shutil.copy(INVALID / "dep-cycle.yaml", inner / "c.yaml")
    assert find_config(inner / "c.yaml") is None  # sub is its own repository
    assert validate("sub/c.yaml")[0] == 1
    assert validate("playbooks/cycle.yaml")[0] == 0


def test_config_names_one_file(repo: Path) -> None:
    (repo / "strict.yaml").write_text("rules: {DEP-CYCLE: off}\n")
    assert validate("playbooks/cycle.yaml", "--config", "strict.yaml")[0] == 0
    code, out, err = validate("playbooks/cycle.yaml", "--config", "missing.yaml")
    assert (code, out) == (2, "")
    assert err == (
        "integrate: error: --config missing.yaml: no such file; name an existing .integrate.yaml\n"
    )


BROKEN = """\
version: 2
rulez: {}
rules:
  DEP-CYCEL: off
  YAML-SYNTAX: off
  REF-UNRESOLVED: loud
ignore: drafts
status: {amber_days: -1}
papers: {template: 3}
bodies: {cabinet: 1}
"""


def test_every_problem_in_a_broken_config_is_listed_with_its_place(repo: Path) -> None:
    (repo / ".integrate.yaml").write_text(BROKEN)
    code, out, err = validate("playbooks")
    assert (code, out) == (2, "")
    assert err == (
        "integrate: error: .integrate.yaml: the config file has 9 problems; "
        "fix them (docs/config.md):\n"
        ".integrate.yaml:1:10: error CONFIG-VERSION version 2 is not known; use version: 1\n"
        ".integrate.yaml:2:1: error CONFIG-UNKNOWN-KEY unknown key 'rulez'; "
        "did you mean 'rules'?\n"
        ".integrate.yaml:4:3: error CONFIG-RULE no rule has the code 'DEP-CYCEL'; "
        "did you mean 'DEP-CYCLE'?\n"
        ".integrate.yaml:5:3: error CONFIG-RULE YAML-SYNTAX cannot be changed: a file that "
        "cannot be read or parsed is never checked\n"
        ".integrate.yaml:6:19: error CONFIG-RULE REF-UNRESOLVED: level 'loud' is not one of "
        "off, warning, error\n"
        ".integrate.yaml:7:9: error CONFIG-TYPE ignore must be a list of path patterns, "
        "such as 'drafts/**'\n"
        ".integrate.yaml:8:22: error CONFIG-TYPE status.amber_days must be a whole number "
        "of days, 0 or more\n"
        ".integrate.yaml:9:20: error CONFIG-TYPE papers.template must be a template name or path\n"
        ".integrate.yaml:10:19: error CONFIG-TYPE bodies.cabinet must be a mapping of settings\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [\n", ".integrate.yaml:2:1: error YAML-SYNTAX YAML syntax error: "),
        ("- 1\n", ".integrate.yaml:1:1: error YAML-NOT-MAPPING "),
        ("a: 1\na: 2\n", ".integrate.yaml:2:1: error YAML-DUPLICATE-KEY "),
        ("x: !!python/object:os.system 1\n", "error YAML-TAG "),
    ],
)
def test_a_config_that_is_not_a_mapping_of_yaml_is_exit_2(
    repo: Path, text: str, message: str
) -> None:
    (repo / ".integrate.yaml").write_text(text)
    code, out, err = validate("playbooks")
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_false_reads_as_off(repo: Path) -> None:
    (repo / ".integrate.yaml").write_text("rules:\n  DEP-CYCLE: false\n")
    assert load_config(repo / ".integrate.yaml").levels == {"DEP-CYCLE": "off"}


def test_an_empty_config_changes_nothing(repo: Path) -> None:
    (repo / ".integrate.yaml").write_text("# nothing yet\n")
    assert validate("playbooks")[0] == 1
    config = load_config(repo / ".integrate.yaml")
    assert (config.levels, config.ignore, config.amber_days) == ({}, (), None)


def test_bodies_hold_calendars_checked_as_the_format_checks_them(repo: Path) -> None:
    (repo / ".integrate.yaml").write_text("bodies:\n  cabinet: {meetings: [2017-06-01]}\n")
    assert load_config(repo / ".integrate.yaml").bodies == {"cabinet": {"meetings": ["2017-06-01"]}}
    (repo / ".integrate.yaml").write_text("bodies:\n  cabinet: {meets: monthly}\n")
    with pytest.raises(InputError, match=r"2:13: error CONFIG-TYPE bodies.cabinet: unknown key"):
        load_config(repo / ".integrate.yaml")
    (repo / ".integrate.yaml").write_text("bodies: [cabinet]\n")
    with pytest.raises(InputError, match=r"1:9: error CONFIG-TYPE bodies must be a mapping"):
        load_config(repo / ".integrate.yaml")


@pytest.mark.parametrize(
    ("pattern", "path", "ignored"),
    [
        ("drafts/", "drafts/a.yaml", True),
        ("drafts", "x/drafts/a.yaml", True),
        ("/drafts", "x/drafts/a.yaml", False),
        ("playbooks/drafts", "playbooks/drafts/deep/a.yaml", True),
        ("playbooks/drafts", "other/playbooks/drafts/a.yaml", False),
        ("*.yml", "a/b/c.yml", True),
        ("*.yml", "a/b/c.yaml", False),
        ("playbooks/*.yaml", "playbooks/a.yaml", True),
        ("playbooks/*.yaml", "playbooks/x/a.yaml", False),
        ("playbooks/**/a.yaml", "playbooks/a.yaml", True),
        ("playbooks/**/a.yaml", "playbooks/x/y/a.yaml", True),
        ("old-?.yaml", "old-1.yaml", True),
        ("old-?.yaml", "old-10.yaml", False),
        ("a.yaml", "ba.yaml", False),
    ],
)
def test_ignore_patterns_work_as_in_gitignore(pattern: str, path: str, ignored: bool) -> None:
    assert bool(ignore_pattern(pattern).match(path)) is ignored


DUE_SOON = """\
version: 1
programme: {id: p, title: P}
partners:
  - {id: council, name: A Council, kind: local-authority}
stages:
  - {id: a, title: A, kind: milestone, due: 2017-06-20}
"""


def _rag(*args: str) -> str:
    result = runner.invoke(app, ["status", "p.yaml", "--as-of", "2017-06-01", "-f", "json", *args])
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["programmes"][0]["stages"][0]["rag"])


def test_the_amber_window_comes_from_the_config(repo: Path) -> None:
    (repo / "p.yaml").write_text(DUE_SOON)
    assert _rag() == "green"  # due in 19 days; the default window is 14
    (repo / ".integrate.yaml").write_text("status: {amber_days: 30}\n")
    assert _rag() == "amber"
    assert _rag("--amber-days", "7") == "green"


def test_a_playbooks_own_amber_window_wins_over_the_config(repo: Path) -> None:
    # The nearer setting wins: the flag, then the playbook, then the repository.
    (repo / "p.yaml").write_text(
        DUE_SOON.replace("title: P}", "title: P, amber_days: 7}"), encoding="utf-8"
    )
    (repo / ".integrate.yaml").write_text("status: {amber_days: 30}\n")
    assert _rag() == "green"
    assert _rag("--amber-days", "20") == "amber"


def test_the_default_paper_template_comes_from_the_config(repo: Path) -> None:
    source = ROOT / "playbooks" / "bnes-integration.yaml"

    def paper(*args: str) -> str:
        result = runner.invoke(app, ["render-report", str(source), *args])
        assert result.exit_code == 0, result.stderr
        return result.stdout

    cabinet = paper("-t", "cabinet")
    assert paper() == cabinet  # the paper names its own template: cabinet
    assert paper("-t", "highlight") != cabinet
    # a paper that names none takes papers.template from the config, else highlight
    text = source.read_text(encoding="utf-8").replace("    template: cabinet\n", "")
    (repo / "b.yaml").write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["render-report", "b.yaml"]).stdout != cabinet
    (repo / ".integrate.yaml").write_text("papers: {template: cabinet}\n")
    result = runner.invoke(app, ["render-report", "b.yaml"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == cabinet
    assert runner.invoke(app, ["render-report", "b.yaml", "-t", "hwb"]).stdout != cabinet
