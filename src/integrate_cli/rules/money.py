"""Rules about budgets: financial years and declared totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integrate_cli.dates import DateError
from integrate_cli.rulebook import Context, rule

if TYPE_CHECKING:
    from decimal import Decimal


def money(amount: float | Decimal, unit: str) -> str:
    """Return an amount as a paper prints it: £68,230, £437m, -£5m for negatives."""
    from integrate_cli.budget import exact  # exact money is loaded only when a budget is read

    amount = exact(amount)
    text = f"{abs(amount):,.2f}".removesuffix(".00")
    shown = f"£{text}" if unit == "£" else f"£{text}{unit[1:]}"
    return f"-{shown}" if amount < 0 else shown


@rule("FY-MALFORMED")
def financial_years_wellformed(context: Context) -> None:
    """Budget amounts and totals are keyed by UK financial year, written `2018/19` (1 April
    2018 to 31 March 2019). `2018/20`, `18/19` or a plain year are reported.

    PASS:
        stages: []
        budgets:
          - id: m
            title: M
            lines:
              - {item: x, amounts: {2018/19: 1, 2019/20: 2}}

    FAIL (6:41):
        stages: []
        budgets:
          - id: m
            title: M
            lines:
              - {item: x, amounts: {2018/19: 1, 18/19: 2}}
    """
    years = context.playbook.financial_years  # each distinct year read once
    for budget in context.playbook.budgets:
        where = f"budgets.{budget.id}"
        for index, line in enumerate(budget.lines):
            for year, at in line.years_at.items():
                _check_year(context, years.get(year), at, f"{where}.lines[{index}].amounts")
        for index, total in enumerate(budget.totals):
            if total.year is not None:
                at = total.raw.pos("year")
                _check_year(context, years.get(total.year), at, f"{where}.totals[{index}].year")


def _check_year(context: Context, year: object, at: tuple[int, int], where: str) -> None:
    if isinstance(year, DateError):
        context.sink.add("FY-MALFORMED", at, f"{where}: {year.message}", year.hint, where=where)


@rule("MONEY-TOTAL")
def totals_add_up(context: Context) -> None:
    """Each declared total must equal the sum of the lines it matches (by `year`, `partner`
    and `fund`), within the budget's declared `tolerance` (papers round to £m, so
    `tolerance: 1` with `unit: £m` accepts the paper's rounding). The message gives both
    figures and the difference.

    PASS:
        stages: []
        budgets:
          - id: m
            title: M
            unit: £m
            tolerance: 1
            lines:
              - {item: a, fund: pooled, amounts: {2016/17: 111}}
              - {item: b, fund: pooled, amounts: {2016/17: 325}}
            totals:
              - {fund: pooled, amount: 437}

    FAIL (11:32):
        stages: []
        budgets:
          - id: m
            title: M
            unit: £m
            tolerance: 1
            lines:
              - {item: a, fund: pooled, amounts: {2016/17: 111}}
              - {item: b, fund: pooled, amounts: {2016/17: 325}}
            totals:
              - {fund: pooled, amount: 447}
    """
    for budget in context.playbook.budgets:
        unit, tolerance = budget.unit, budget.tolerance
        for index, total in enumerate(budget.totals):
            declared = total.amount
            if declared is None:
                continue
            year, partner, fund = total.year, total.partner, total.fund
            summed = budget.sum(total)
            difference = declared - summed
            if abs(difference) > tolerance:
                scope = ", ".join(
                    f"{k} {v}"
                    for k, v in (("year", year), ("partner", partner), ("fund", fund))
                    if v
                )
                context.sink.add(
                    "MONEY-TOTAL",
                    total.raw.pos("amount"),
                    f"budget '{budget.id}' declares a total of {money(declared, unit)}"
                    f"{' for ' + scope if scope else ''}, but its lines add up to "
                    f"{money(summed, unit)} (a difference of {money(difference, unit)}; "
                    f"tolerance {money(tolerance, unit)})",
                    "correct the total or the lines, or declare the rounding as 'tolerance'",
                    where=f"budgets.{budget.id}.totals[{index}]",
                )
