"""Shared helpers: check a YAML snippet and get (code, line, col) back."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from integrate_cli.check import check_loaded
from integrate_cli.loader import load_text
from integrate_cli.rulebook import EXAMPLE_AS_OF, EXAMPLE_PROLOGUE

ROOT = Path(__file__).resolve().parent.parent
# The rule specs here and the examples in each rule's docstring share one start and day.
AS_OF = EXAMPLE_AS_OF
HEADER = EXAMPLE_PROLOGUE
HEADER_LINES = HEADER.count("\n")


def problems(text: str, *, as_of: date = AS_OF) -> list[tuple[str, int, int]]:
    """Return (code, line, col) for every finding in `text`."""
    result = check_loaded(load_text(textwrap.dedent(text), "t.yaml"), as_of)
    return [(f.code, f.line, f.col) for f in result.findings]


def with_header(body: str) -> str:
    """Return a playbook: the standard header, then `body` (line 1 of body = line 9)."""
    return HEADER + textwrap.dedent(body)


@pytest.fixture
def root() -> Path:
    return ROOT
