"""Suppression comments: `# integrate: ignore[CODE] reason` on a line or a stage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrate_cli.cli import app
from integrate_cli.suppress import comment_at, find_suppressions

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

HEAD = """\
version: 1
programme: {id: p, title: P}
partners:
  - {id: council, name: A Council, kind: local-authority}
stages:
"""
# line 6 on: a stage whose owner is not defined (REF-UNRESOLVED at 10:12)
STAGE = """\
  - id: a
    title: "A # not a comment"
    kind: milestone
    due: 2017-06-01
    owner: nobody
"""


def validate(path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", str(path), "--as-of", "2017-01-01", *args])
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(text)
    return path


def assert_one_warning(path: Path, finding: str, tail: str = "") -> None:
    """Assert the run passes with one warning, `finding` at `path:`, and fails --strict."""
    code, out, _ = validate(path)
    assert (code, out) == (
        0,
        f"{path}:{finding}\n1 playbook checked: 0 errors, 1 warning in 1 file (passed){tail}\n",
    )
    assert validate(path, "--strict")[0] == 1


def test_unsuppressed_the_finding_fails(tmp_path: Path) -> None:
    code, out, _ = validate(write(tmp_path, HEAD + STAGE))
    assert code == 1
    assert f"{tmp_path / 'p.yaml'}:10:12: error REF-UNRESOLVED " in out


@pytest.mark.parametrize(
    "text",
    [
        HEAD
        + STAGE.replace(
            "owner: nobody", "owner: nobody  # integrate: ignore[REF-UNRESOLVED] agreed"
        ),
        HEAD + "  # integrate: ignore[REF-UNRESOLVED] agreed\n" + STAGE,
        HEAD + STAGE.replace("- id: a", "- id: a  # integrate: ignore[REF-UNRESOLVED] agreed"),
        HEAD
        + STAGE.replace(
            "- id: a", "- id: a  # integrate: ignore[DEP-CYCLE, ref-unresolved] agreed"
        ),
    ],
    ids=["on-the-line", "above-the-stage", "on-the-stage", "several-codes"],
)
def test_a_suppression_with_a_reason_passes_the_run_and_is_counted(
    tmp_path: Path, text: str
) -> None:
    path = write(tmp_path, text)
    code, out, _ = validate(path)
    if "DEP-CYCLE" in text:
        assert code == 0
        assert "warning SUPPRESSION-UNUSED ignore[DEP-CYCLE] matched no finding" in out
        return
    assert (code, out) == (0, "1 playbook checked: no problems; 1 suppressed\n")


def test_a_suppression_covers_only_its_own_stage(tmp_path: Path) -> None:
    other = STAGE.replace("id: a", "id: b")
    text = HEAD + "  # integrate: ignore[REF-UNRESOLVED] agreed\n" + STAGE + other
    code, out, _ = validate(write(tmp_path, text))
    assert code == 1
    assert out.startswith(f"{tmp_path / 'p.yaml'}:16:12: error REF-UNRESOLVED ")
    assert out.endswith(
        "1 playbook checked: 1 error, 0 warnings in 1 file (failed); 1 suppressed\n"
    )


def test_suppressed_findings_are_marked_in_json_and_sarif(tmp_path: Path) -> None:
    import jsonschema

    text = HEAD + "  # integrate: ignore[REF-UNRESOLVED] owner joins in May\n" + STAGE
    path = write(tmp_path, text)
    code, out, _ = validate(path, "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert doc["summary"]["errors"] == 0
    assert doc["set_aside"] == {"suppressed": 1, "baselined": 0, "baseline_entries_fixed": 0}
    finding = doc["files"][0]["findings"][0]
    assert (finding["code"], finding["line"], finding["level"]) == ("REF-UNRESOLVED", 11, "error")
    assert (finding["suppressed"], finding["reason"]) == (True, "owner joins in May")

    code, out, _ = validate(path, "--format", "sarif")
    assert code == 0
    sarif = json.loads(out)
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "REF-UNRESOLVED"
    assert result["suppressions"] == [{"kind": "inSource", "justification": "owner joins in May"}]
    schema = json.loads((ROOT / "tests" / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)


def test_github_and_junit_leave_suppressed_findings_out(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "  # integrate: ignore[REF-UNRESOLVED] agreed\n" + STAGE)
    code, out, _ = validate(path, "--format", "github")
    assert (code, out) == (
        0,
        "::notice title=integrate validate::1 playbook checked: no problems; 1 suppressed\n",
    )
    code, out, _ = validate(path, "--format", "junit")
    assert code == 0
    assert "REF-UNRESOLVED" not in out


def test_an_unused_suppression_is_a_warning_at_its_place(tmp_path: Path) -> None:
    text = HEAD + STAGE.replace(
        "owner: nobody", "owner: council  # integrate: ignore[REF-UNRESOLVED] x"
    )
    assert_one_warning(
        write(tmp_path, text),
        "10:21: warning SUPPRESSION-UNUSED ignore[REF-UNRESOLVED] matched no finding\n"
        "    hint: remove it, or move it to the line or stage of the finding\n",
    )


def test_a_suppression_naming_no_known_code_says_the_nearest(tmp_path: Path) -> None:
    text = HEAD + STAGE.replace(
        "owner: nobody", "owner: nobody  # integrate: ignore[REF-UNRESOLVD] x"
    )
    code, out, _ = validate(write(tmp_path, text))
    assert code == 1
    assert (
        ":10:20: warning SUPPRESSION-UNUSED ignore[REF-UNRESOLVD]: no rule has this code\n" in out
    )
    assert "    hint: did you mean 'REF-UNRESOLVED'?\n" in out


def test_a_suppression_without_a_reason_applies_but_warns(tmp_path: Path) -> None:
    text = HEAD + STAGE.replace(
        "owner: nobody", "owner: nobody  # integrate: ignore[REF-UNRESOLVED]"
    )
    assert_one_warning(
        write(tmp_path, text),
        "10:20: warning SUPPRESSION-NO-REASON suppression gives no reason\n"
        "    hint: say why after the brackets: # integrate: ignore[CODE] the reason\n",
        "; 1 suppressed",
    )


def test_the_config_can_turn_the_suppression_warnings_off(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".integrate.yaml").write_text("rules: {SUPPRESSION-UNUSED: off}\n")
    text = HEAD + STAGE.replace("owner: nobody", "owner: council  # integrate: ignore[DEP-CYCLE] x")
    code, out, _ = validate(write(tmp_path, text), "--strict")
    assert (code, out) == (0, "1 playbook checked: no problems\n")


@pytest.mark.parametrize(
    ("line", "at"),
    [
        ("a: b # c", 5),
        ("# c", 0),
        ("a: b#c", -1),
        ("a: 'b # c'", -1),
        ("a: 'it''s # c' # d", 15),
        ('a: "b \\" # c" # d', 14),
        ("a: [x, 'y # z'] # d", 16),
        ("a: don't # c", 9),
    ],
)
def test_a_comment_starts_at_a_hash_outside_quotes(line: str, at: int) -> None:
    assert comment_at(line) == at


def test_a_stage_suppression_covers_the_stage_down_to_the_next_item() -> None:
    text = (
        "stages:\n"
        "  - id: a  # integrate: ignore[X] why\n"
        "    criteria:\n"
        "      - id: c\n"
        "\n"
        "    # a comment less indented than the body\n"
        "    due: 2017\n"
        "  - id: b\n"
        "risks: []\n"
    )
    [s] = find_suppressions(text)
    assert (s.line, s.col, s.codes, s.reason, s.first, s.last) == (2, 12, ("X",), "why", 2, 7)
