"""integrate: plan and govern health and social care integration programmes."""

from __future__ import annotations

__version__ = "0.1.0"
