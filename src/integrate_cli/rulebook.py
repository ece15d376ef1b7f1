"""What a rule is: the context it checks, how it is declared, and its documented examples.

Rule modules import this module, never the rules package, so the package can import
every rule module at its top and list them (no import loop). A rule is one function
declared with ``@rule("CODE")``; its code's level and title are data in codes.py, and
its docstring is its user documentation: prose, then examples such as::

    PASS:
        stages:
          - {id: a, title: A, kind: milestone}

    FAIL (3:10):
        stages:
          - {id: a, title: A, kind: milestone}
          - {id: a, title: B, kind: milestone}

A PASS example gives no finding; a FAIL example gives this rule's finding at each
line:col listed, counted within the example. An example that starts with `version:` is
a whole playbook; any other follows EXAMPLE_PROLOGUE. Examples are checked as of
EXAMPLE_AS_OF.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from integrate_cli.codes import CODES, Code, Example
from integrate_cli.findings import Sink
from integrate_cli.model import Playbook
from integrate_cli.resolve import Dates

EXAMPLE_PROLOGUE = """\
version: 1
programme: {id: p, title: P}
partners:
  - {id: council, name: A Council, kind: local-authority}
  - {id: ccg, name: A CCG, kind: ccg}
bodies:
  - {id: cabinet, name: Cabinet, kind: cabinet, partners: [council]}
  - {id: gb, name: Governing Body, kind: governing-body, partners: [ccg]}
"""
EXAMPLE_AS_OF = date(2026, 11, 22)
EXAMPLES_NOTE = (
    "Each example follows a standard start unless it begins with `version:`: "
    "`version: 1`, programme `p`, partners `council` and `ccg`, and bodies `cabinet` "
    "(of council) and `gb` (of ccg). FAIL (line:col) is where each finding is, counted "
    "within the example. Examples are checked as of 22 November 2026."
)

_HEADING = re.compile(r"(PASS|FAIL) ?(?:\((\d+:\d+(?:, \d+:\d+)*)\))?:")


@dataclass(eq=False)
class Context:
    """What a rule sees: the playbook, its resolved dates, the as-of date and a sink."""

    playbook: Playbook
    dates: Dates
    as_of: date
    sink: Sink
    _ids: dict[str, set[str]] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)  # what rules share, made once

    def ids(self, kind: str) -> set[str]:
        """Return the ids of one kind: partners, bodies, people, stages or owners."""
        if not self._ids:
            pb = self.playbook
            self._ids["partners"] = {p.id for p in pb.partners}
            self._ids["bodies"] = {b.id for b in pb.bodies}
            self._ids["people"] = {p.id for p in pb.people}
            self._ids["stages"] = {s.id for s in pb.stages}
            self._ids["owners"] = self._ids["partners"] | self._ids["bodies"] | self._ids["people"]
        return self._ids[kind]


Check = Callable[[Context], None]


@dataclass(frozen=True)
class Rule:
    """A rule: the code it reports and the check that finds it."""

    code: str
    check: Check

    def __call__(self, context: Context) -> None:
        self.check(context)

    def documented(self) -> Code:
        """Return the rule's code with its docs and examples, read from the docstring."""
        prose, examples = parse_doc(self.check.__doc__ or "")
        return CODES[self.code]._replace(doc=prose, examples=examples)


def rule(code: str) -> Callable[[Check], Rule]:
    """Return a decorator that makes a check function the rule for `code`.

    The code must be a rule code in codes.py, where its level and title are.
    """
    if code not in CODES or CODES[code].family != "rule":
        raise ValueError(f"{code} is not a rule code in codes.py")

    def declare(check: Check) -> Rule:
        return Rule(code, check)

    return declare


def parse_doc(docstring: str) -> tuple[str, tuple[Example, ...]]:
    """Return a rule docstring's prose (as one paragraph) and its examples, in order.

    Raises ValueError for a FAIL without positions or an example with no text.
    """
    prose: list[str] = []
    examples: list[tuple[str, str, list[str]]] = []
    for line in inspect.cleandoc(docstring).splitlines():
        heading = _HEADING.fullmatch(line)
        if heading:
            examples.append((heading[1], heading[2] or "", []))
        elif examples:
            examples[-1][2].append(line)
        else:
            prose.append(line)
    out = []
    for verdict, where, lines in examples:
        text = textwrap.dedent("\n".join(lines)).strip("\n") + "\n"
        at = tuple(
            (int(line), int(col)) for line, col in (p.split(":") for p in where.split(", ") if p)
        )
        if not text.strip() or (verdict == "FAIL") != bool(at):
            raise ValueError(f"example '{verdict} {where}' needs text, and positions if a FAIL")
        out.append(Example(verdict, at, text))
    return " ".join(" ".join(prose).split()), tuple(out)


def example_playbook(example: Example) -> tuple[str, int]:
    """Return the playbook an example is checked as, and how many lines come before it."""
    if example.text.startswith("version:"):
        return example.text, 0
    return EXAMPLE_PROLOGUE + example.text, EXAMPLE_PROLOGUE.count("\n")
