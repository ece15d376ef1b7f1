"""Generated playbooks for the benchmarks: a realistic corpus and very long plans."""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta
from pathlib import Path

KINDS = ["mou-stage", "workstream", "milestone", "decision", "review"]


def playbook(seed: int) -> str:
    """Return a realistic ~250-line playbook with comments; it validates clean."""
    rnd = random.Random(seed)
    year = rnd.randint(2014, 2019)
    lines = [
        "# yaml-language-server: $schema=playbook.schema.json",
        f"# Generated programme {seed}: a staged integration plan.",
        "version: 1",
        "",
        "programme:",
        f"  id: programme-{seed}",
        f"  title: Integrated commissioning programme {seed}",
        f"  area: Area {seed % 97}",
        "",
        "partners:                    # the sovereign organisations",
        "  - {id: council, name: A Borough Council, kind: local-authority}",
        "  - {id: ccg, name: NHS Clinical Commissioning Group, kind: ccg}",
        "  - {id: trust, name: A Foundation Trust, kind: nhs-trust}",
        "",
        "bodies:",
        "  - {id: cabinet, name: Cabinet, kind: cabinet, partners: [council]}",
        "  - {id: full-council, name: Full Council, kind: full-council, partners: [council]}",
        "  - {id: gb, name: Governing Body, kind: governing-body, partners: [ccg]}",
        "  - {id: trust-board, name: Trust Board, kind: board, partners: [trust]}",
        "  - {id: hwb, name: Health and Wellbeing Board, kind: hwb, partners: [council, ccg]}",
        "",
        "people:",
        "  - {id: director, name: Director of Integration, partner: council}",
        "  - {id: pmo, name: Programme Office, partner: ccg}",
        "",
        "stages:",
    ]
    previous = None
    first = date(year, 1, 1) + timedelta(days=rnd.randint(0, 60))
    for n in range(12):
        day = first + timedelta(days=120 * n)
        sid = f"stage-{n + 1}"
        done = n < 4
        lines += [
            f"  # Stage {n + 1}: see the paper, paragraph {n + 1}.{rnd.randint(1, 9)}",
            f"  - id: {sid}",
            f"    title: Stage {n + 1} of the plan",
            f"    kind: {KINDS[n % len(KINDS)]}",
            f"    due: {_due(n, day, previous)}",
        ]
        if previous:
            lines.append(f"    depends_on: [{previous}]")
        lines.append(f"    owner: {'director' if n % 2 else 'pmo'}")
        if done:
            lines += [
                "    status: done",
                f"    record: {{on: {day.isoformat()}, by: PMO, evidence: Minute {n}}}",
            ]
        lines.append("    criteria:")
        for c in range(3):
            lines.append(f"      - id: c{c + 1}")
            lines.append(f"        title: Criterion {c + 1} for stage {n + 1}")
            if done:
                lines.append("        status: done")
                lines.append(f"        record: {{on: {day.isoformat()}, by: Lead}}")
        if n % 4 == 3:
            lines += [
                "    decisions:",
                "      - id: approve",
                "        title: Approve the stage",
                "        bodies: [cabinet, gb]",
            ]
            if done:
                lines.append(
                    f"        taken: {{cabinet: {{on: {day.isoformat()}}}, "
                    f"gb: {{on: {day.isoformat()}}}}}"
                )
        previous = sid
    lines += [
        "",
        "budgets:",
        "  - id: costs",
        "    title: Programme costs",
        '    unit: "£"',
        "    tolerance: 0",
        "    lines:",
    ]
    totals = [0, 0]
    for item in ("Programme Director", "Communications", "Admin", "Legal", "Finance"):
        a, b = rnd.randint(1000, 40000), rnd.randint(1000, 40000)
        totals[0] += a
        totals[1] += b
        lines.append(
            f"      - {{item: {item}, amounts: {{{year}/{(year + 1) % 100:02d}: {a}, "
            f"{year + 1}/{(year + 2) % 100:02d}: {b}}}}}   # estimate"
        )
    lines += [
        "    totals:",
        f"      - {{year: {year}/{(year + 1) % 100:02d}, amount: {totals[0]}}}",
        f"      - {{year: {year + 1}/{(year + 2) % 100:02d}, amount: {totals[1]}}}",
        "",
        "risks:",
    ]
    for r in range(5):
        lines += [
            f"  - id: risk-{r + 1}",
            f"    title: Risk {r + 1} to delivery",
            f"    likelihood: {rnd.randint(1, 5)}",
            f"    impact: {rnd.randint(1, 5)}",
            "    owner: director",
            "    mitigation: Reviewed monthly by the board",
        ]
    lines += [
        "",
        "agreements:",
        "  - id: s75",
        "    title: Section 75 agreement",
        "    partners: [council, ccg]",
        "    starts: on stage-6",
        "    ends: 2 years after stage-6",
        "    notice: 6 months",
        "",
    ]
    return "\n".join(lines)


def _due(n: int, day: date, previous: str | None) -> str:
    """Return a due date for `day` in one of the papers' forms, never before `previous`."""
    form = n % 6
    if form == 1:
        return f"{calendar.month_name[day.month]} {day.year}"
    if form == 2:
        return f"{day.day}.{day.month}.{day.year % 100:02d}"
    if form == 3 and previous:
        return f"2 months after {previous}"
    if form == 4:
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    return day.isoformat()


ORDERS = ("forward", "reverse", "random")
CHAINS = ("depends_on", "relative")


def long_plan(stages: int, order: str, chain: str) -> str:
    """Return a valid playbook of `stages` stages, each after the one before it.

    `chain` links them by `depends_on` or by relative dates (`due: 1 week after s0041`);
    `order` writes them first to last, last to first, or shuffled (seeded).
    """
    numbers = list(range(stages))
    if order == "reverse":
        numbers.reverse()
    elif order == "random":
        random.Random(stages).shuffle(numbers)
    lines = [
        "version: 1",
        "programme: {id: long, title: A long plan}",
        "partners: [{id: p, name: P, kind: other}]",
        "stages:",
    ]
    for n in numbers:
        if chain == "depends_on":
            after = f", depends_on: [s{n - 1}]" if n else ""
            due = (date(2020, 1, 6) + timedelta(days=n)).isoformat()
        else:
            after, due = "", f"1 week after s{n - 1}" if n else "2020-01-06"
        lines.append(f"- {{id: s{n}, title: S, kind: milestone, due: {due}{after}}}")
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, size: int) -> None:
    """Write `size` realistic playbooks into `folder` (created)."""
    folder.mkdir(parents=True)
    for i in range(size):
        (folder / f"p{i:05d}.yaml").write_text(playbook(i), encoding="utf-8")
