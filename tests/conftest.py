"""Shared helpers: check a YAML snippet and get (code, line, col) back."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from integrate_cli.check import check_loaded
from integrate_cli.loader import load_text

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 22)

HEADER = """\
version: 1
programme: {id: p, title: P}
partners:
  - {id: council, name: A Council, kind: local-authority}
  - {id: ccg, name: A CCG, kind: ccg}
bodies:
  - {id: cabinet, name: Cabinet, kind: cabinet, partners: [council]}
  - {id: gb, name: Governing Body, kind: governing-body, partners: [ccg]}
"""
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
