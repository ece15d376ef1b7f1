"""The semantic rules: an explicit registry of small checks, each with a stable code.

Each rule is one function in a module by subject, declared with
integrate_cli.rulebook.rule; its docstring is its user documentation, with a PASS and
a FAIL example (shown by `integrate rules CODE` and docs/rules.md, run by the tests).
Its level and title are data in integrate_cli.codes.
"""

from __future__ import annotations

from integrate_cli.codes import Code, all_codes
from integrate_cli.rulebook import Context, Rule
from integrate_cli.rules import deadlines, identity, money, papers, plan, progress

RULES: tuple[Rule, ...] = (
    identity.ids_are_unique,
    identity.references_resolve,
    identity.bodies_belong_to_partners,
    money.financial_years_wellformed,
    money.totals_add_up,
    plan.dates_resolve,
    plan.relative_dates_acyclic,
    plan.no_dependency_cycles,
    plan.windows_run_forwards,
    plan.due_after_dependencies,
    plan.shadow_ends_by_golive,
    progress.done_has_date,
    progress.done_not_in_future,
    progress.done_stage_is_closed,
    progress.done_after_dependencies,
    progress.high_risks_mitigated,
    papers.section_files_readable,
    papers.papers_complete,
    deadlines.key_decision_notice_given,
    deadlines.private_notice_given,
    deadlines.agenda_in_time,
    deadlines.meeting_in_calendar,
)


def run_rules(context: Context) -> None:
    """Run every rule against one playbook, adding findings to its sink."""
    for registered in RULES:
        registered.check(context)


def catalogue() -> list[Code]:
    """Return every code in docs order, each rule's with its docs and examples."""
    documented = {r.code: r.documented() for r in RULES}
    return [documented.get(c.code, c) for c in all_codes()]


__all__ = ["RULES", "Context", "Rule", "catalogue", "run_rules"]
