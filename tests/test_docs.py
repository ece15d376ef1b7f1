"""The docs keep up: every command and every rule code is documented."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from integrate_cli.cli import app
from integrate_cli.codes import all_codes

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
runner = CliRunner()


def commands() -> list[str]:
    return [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]


def test_docs_pages_exist() -> None:
    for page in (
        "getting-started",
        "playbook-format",
        "rules",
        "status",
        "templates",
        "ci",
        "validate",
    ):
        assert (DOCS / f"{page}.md").is_file(), page


def test_every_command_is_in_getting_started_and_readme() -> None:
    started = (DOCS / "getting-started.md").read_text()
    readme = (ROOT / "README.md").read_text()
    for name in commands():
        assert f"integrate {name}" in started, name
        assert f"integrate {name}" in readme, name


def test_every_rule_code_is_in_the_rules_page() -> None:
    page = (DOCS / "rules.md").read_text()
    for code in all_codes():
        assert f"### {code.code}\n" in page, code.code


def test_every_example_in_the_format_page_is_valid_yaml() -> None:
    text = (DOCS / "playbook-format.md").read_text()
    blocks = [b.split("```")[0] for b in text.split("```yaml")[1:]]
    assert blocks
    for block in blocks:
        yaml.safe_load(block)


def test_the_complete_example_in_the_format_page_is_a_clean_playbook() -> None:
    from datetime import date

    from integrate_cli.check import check_loaded
    from integrate_cli.loader import load_text

    text = (DOCS / "playbook-format.md").read_text()
    example = max((b.split("```")[0].lstrip() for b in text.split("```yaml")[1:]), key=len)
    assert example.startswith("version: 1")
    result = check_loaded(load_text(example, "format.yaml"), date(2018, 2, 1))
    assert [(f.code, f.line) for f in result.findings] == []
