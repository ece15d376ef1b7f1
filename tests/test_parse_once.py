"""Each distinct date text is parsed once per command: resolved once, read everywhere after.

The counter wraps the parse itself (beneath parse_date's cache), so a date resolved
again through the cache still counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from integrate_cli import dates
from integrate_cli.cli import app
from integrate_cli.dates import DateExpr, Window


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Count every parse of a text, as a date or as a financial year (a budget key)."""
    counted: Counter[str] = Counter()
    parse = dates._parse.__wrapped__
    financial_year = dates._financial_year
    inside: list[bool] = []

    def counting_parse(text: str) -> DateExpr:
        counted[text] += 1
        inside.append(True)
        try:
            return parse(text)
        finally:
            inside.pop()

    def counting_financial_year(lower: str, text: str) -> Window:
        if not inside:  # a financial year read on its own, not as part of a date
            counted[text] += 1
        return financial_year(lower, text)

    monkeypatch.setattr(dates, "_parse", counting_parse)
    monkeypatch.setattr(dates, "_financial_year", counting_financial_year)
    yield counted


def test_status_parses_each_date_text_once(parses: Counter[str]) -> None:
    result = CliRunner().invoke(
        app, ["status", "playbooks/city-and-hackney.yaml", "--as-of", "2017-03-22"]
    )
    assert result.exit_code == 0, result.output
    assert "autumn 2016" in parses and "2016/17" in parses  # a due date, a budget year
    assert {text: n for text, n in parses.items() if n != 1} == {}


def test_render_report_parses_each_date_text_once(parses: Counter[str]) -> None:
    result = CliRunner().invoke(
        app, ["render-report", "playbooks/bnes-integration.yaml", "-t", "cabinet", "-f", "md"]
    )
    assert result.exit_code == 0, result.output
    assert "8 November 2017" in parses and "2017/18" in parses  # a date and a budget year
    assert {text: n for text, n in parses.items() if n != 1} == {}


def test_status_json_parses_each_date_text_once(parses: Counter[str]) -> None:
    result = CliRunner().invoke(
        app, ["status", "playbooks/city-and-hackney.yaml", "--as-of", "2017-03-22", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert {text: n for text, n in parses.items() if n != 1} == {}
