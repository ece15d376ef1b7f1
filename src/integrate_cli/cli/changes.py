"""`integrate changes` and `integrate rebaseline`: what changed since the last board, from git."""

from __future__ import annotations
