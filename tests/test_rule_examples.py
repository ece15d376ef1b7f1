"""Each rule's docstring is its spec: its PASS and FAIL examples are run as written.

A PASS example gives no finding at all; a FAIL example gives exactly the findings of
its rule at the line:col it states (counted within the example), and nothing else.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from integrate_cli.check import check_loaded
from integrate_cli.cli import app
from integrate_cli.codes import CODES, Example
from integrate_cli.loader import load_text
from integrate_cli.rulebook import EXAMPLE_AS_OF, example_playbook, parse_doc
from integrate_cli.rules import RULES, catalogue
from integrate_cli.rules.docs import markdown

EXAMPLES = [
    pytest.param(code.code, example, id=f"{code.code}-{example.verdict}-{n}")
    for code in catalogue()
    for n, example in enumerate(code.examples, 1)
]


def found(example: Example) -> list[tuple[str, int, int]]:
    """Return (code, line, col) of every finding, lines counted within the example."""
    text, before = example_playbook(example)
    result = check_loaded(load_text(text, "example.yaml"), EXAMPLE_AS_OF)
    return [(f.code, f.line - before, f.col) for f in result.findings]


@pytest.mark.parametrize(("code", "example"), EXAMPLES)
def test_example(code: str, example: Example) -> None:
    expected = [(code, line, col) for line, col in example.at]
    assert found(example) == expected


def test_every_rule_code_has_one_rule_with_a_pass_and_a_fail_example() -> None:
    rule_codes = sorted(c for c, entry in CODES.items() if entry.family == "rule")
    assert sorted(r.code for r in RULES) == rule_codes
    for code in catalogue():
        if code.family == "rule":
            verdicts = {e.verdict for e in code.examples}
            assert verdicts == {"PASS", "FAIL"}, code.code
            assert code.doc and "PASS" not in code.doc, code.code


def test_a_docstring_parses_into_prose_and_examples() -> None:
    doc = """Ids must be
    unique.

    PASS:
        stages:
          - {id: a}

    FAIL (3:10, 4:2):
        stages:
          - {id: a}
          - {id: a}
    """
    prose, examples = parse_doc(doc)
    assert prose == "Ids must be unique."
    assert examples == (
        Example("PASS", (), "stages:\n  - {id: a}\n"),
        Example("FAIL", ((3, 10), (4, 2)), "stages:\n  - {id: a}\n  - {id: a}\n"),
    )


@pytest.mark.parametrize(
    "doc",
    ["Prose.\n\nFAIL:\n    stages: []\n", "Prose.\n\nPASS (1:1):\n    stages: []\n", "P.\nPASS:\n"],
)
def test_a_fail_without_positions_or_an_empty_example_is_refused(doc: str) -> None:
    with pytest.raises(ValueError, match="needs text, and positions if a FAIL"):
        parse_doc(doc)


def test_an_example_that_starts_with_version_is_a_whole_playbook() -> None:
    whole = Example("PASS", (), "version: 1\nprogramme: {id: p, title: P}\n")
    assert example_playbook(whole) == (whole.text, 0)
    part = Example("PASS", (), "stages: []\n")
    text, before = example_playbook(part)
    assert text.endswith("\nstages: []\n")
    assert text.count("\n") == before + 1


def test_rules_code_shows_its_examples_and_what_they_follow() -> None:
    result = CliRunner().invoke(app, ["rules", "dep-cycle"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "DEP-CYCLE (error): Stages that depend on each other in a cycle"
    fail = lines.index("FAIL (3:53):")
    assert lines[fail + 1 : fail + 5] == [
        "    stages:",
        "      - {id: a, title: A, kind: milestone, depends_on: [c]}",
        "      - {id: b, title: B, kind: milestone, depends_on: [a]}",
        "      - {id: c, title: C, kind: milestone, depends_on: [b]}",
    ]
    assert "PASS:" in lines[:fail]
    assert lines[-1].startswith("Each example follows a standard start")


def test_the_rules_page_has_each_example_as_yaml() -> None:
    page = markdown()
    for code in catalogue():
        for example in code.examples:
            assert f"```yaml\n{example.text}```\n" in page, code.code
    assert "FAIL (3:53):\n\n```yaml\nstages:\n" in page
