"""A rendered paper: the value the Markdown renderer hands to the HTML, Word and PDF writers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any


@dataclass
class Paper:
    """A rendered paper: its Markdown and what the other formats need."""

    markdown: str
    title: str
    day: date
    context: dict[str, Any]
    folder: Path | None = None  # the playbook's folder: the only place images come from
