"""The semantic rules: a registry of small checks, each with a stable code.

A rule is a function decorated with :func:`rule`; its docstring is its user
documentation (shown by `integrate rules` and docs/rules.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from integrate_cli.codes import register
from integrate_cli.findings import Sink
from integrate_cli.model import Playbook
from integrate_cli.resolve import Dates


@dataclass(eq=False)
class Context:
    """What a rule sees: the playbook, its resolved dates, the as-of date and a sink."""

    playbook: Playbook
    dates: Dates
    as_of: date
    sink: Sink
    _ids: dict[str, set[str]] = field(default_factory=dict)

    def ids(self, kind: str) -> set[str]:
        """Return the ids of one kind: partners, bodies, people, stages or owners."""
        if not self._ids:
            pb = self.playbook
            self._ids["partners"] = {str(p.get("id")) for p in pb.partners}
            self._ids["bodies"] = {b.id for b in pb.bodies}
            self._ids["people"] = {str(p.get("id")) for p in pb.people}
            self._ids["stages"] = {s.id for s in pb.stages}
            self._ids["owners"] = self._ids["partners"] | self._ids["bodies"] | self._ids["people"]
        return self._ids[kind]


Check = Callable[[Context], None]


class Rule(NamedTuple):
    """A registered rule."""

    code: str
    level: str
    check: Check


RULES: list[Rule] = []


def rule(code: str, level: str, title: str) -> Callable[[Check], Check]:
    """Register a check function under a code; its docstring documents the rule."""

    def decorate(check: Check) -> Check:
        register(code, level, title, check.__doc__ or title, "rule")
        RULES.append(Rule(code, level, check))
        return check

    return decorate


def run_rules(context: Context) -> None:
    """Run every registered rule against one playbook, adding findings to its sink."""
    for registered in RULES:
        registered.check(context)


from integrate_cli.rules import identity, money, plan, progress  # noqa: E402

__all__ = ["RULES", "Context", "Rule", "identity", "money", "plan", "progress", "rule", "run_rules"]
