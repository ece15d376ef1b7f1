"""'Did you mean' hints for a misspelt id, with a bound on the work per playbook."""

from __future__ import annotations

from collections.abc import Sequence

WORK = 50_000  # ids compared per playbook: a few hundred typos among a few hundred ids


class Suggestions:
    """Hands out 'did you mean' hints until a playbook's share of comparisons is spent.

    The nearest id is found by comparing the typo with every id, so a plan of thousands
    of stages with thousands of unresolved references would take minutes to check. Once
    the work is spent, the remaining hints carry no suggestion; the findings are the same.
    """

    __slots__ = ("left",)

    def __init__(self, work: int = WORK) -> None:
        self.left = work

    def nearest(self, word: str, choices: Sequence[str]) -> str:
        """Return "did you mean 'x'? " for the closest choice; "" for none or none left."""
        if len(choices) > self.left:
            self.left = 0
            return ""
        self.left -= len(choices)
        from integrate_cli.schema_types import nearest

        return nearest(word, list(choices))
