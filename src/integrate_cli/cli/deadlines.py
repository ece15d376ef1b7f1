"""`integrate deadlines` and `integrate calendar`: committee deadlines and a calendar feed."""

from __future__ import annotations
