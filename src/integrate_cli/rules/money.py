"""Rules about budgets: financial years and declared totals."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeGuard

from integrate_cli.dates import DateError, parse_financial_year
from integrate_cli.loader import LocDict, LocList
from integrate_cli.rulebook import Context, rule


def exact(amount: float | Decimal) -> Decimal:
    """Return an amount as an exact decimal: 0.1 is one tenth, not the nearest float."""
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


def money(amount: float | Decimal, unit: str) -> str:
    """Return an amount as a paper prints it: £68,230, £437m, -£5m for negatives."""
    amount = exact(amount)
    text = f"{abs(amount):,.2f}".removesuffix(".00")
    shown = f"£{text}" if unit == "£" else f"£{text}{unit[1:]}"
    return f"-{shown}" if amount < 0 else shown


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _dicts(data: LocDict, key: str) -> list[LocDict]:
    items = data.get(key)
    return [i for i in items if isinstance(i, LocDict)] if isinstance(items, LocList) else []


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
    for budget in context.playbook.budgets:
        where = f"budgets.{budget.get('id')}"
        for index, line in enumerate(_dicts(budget, "lines")):
            amounts = line.get("amounts")
            if not isinstance(amounts, LocDict):
                continue
            for year in amounts:
                _check_year(
                    context,
                    year,
                    amounts.keys_at.get(year, amounts.at),
                    f"{where}.lines[{index}].amounts",
                )
        for index, total in enumerate(_dicts(budget, "totals")):
            total_year = total.get("year")
            if isinstance(total_year, str):
                _check_year(context, total_year, total.pos("year"), f"{where}.totals[{index}].year")


def _check_year(context: Context, year: str, at: tuple[int, int], where: str) -> None:
    try:
        parse_financial_year(year)
    except DateError as exc:
        context.sink.add("FY-MALFORMED", at, f"{where}: {exc.message}", exc.hint, where=where)


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
        unit = str(budget.get("unit", "£"))
        tolerance = budget.get("tolerance", 0)
        if not _number(tolerance) or tolerance < 0:  # reported by the schema
            tolerance = 0
        lines = _dicts(budget, "lines")
        for index, total in enumerate(_dicts(budget, "totals")):
            declared = total.get("amount")
            if not _number(declared):
                continue
            year, partner, fund = total.get("year"), total.get("partner"), total.get("fund")
            summed = Decimal(0)
            for line in lines:
                if partner is not None and line.get("partner") != partner:
                    continue
                if fund is not None and line.get("fund") != fund:
                    continue
                amounts = line.get("amounts")
                if not isinstance(amounts, LocDict):
                    continue
                if year is None:
                    summed += sum((exact(v) for v in amounts.values() if _number(v)), Decimal(0))
                elif _number(amounts.get(year)):
                    summed += exact(amounts[year])
            difference = exact(declared) - summed
            if abs(difference) > exact(tolerance):
                scope = ", ".join(
                    f"{k} {v}"
                    for k, v in (("year", year), ("partner", partner), ("fund", fund))
                    if v
                )
                context.sink.add(
                    "MONEY-TOTAL",
                    total.pos("amount"),
                    f"budget '{budget.get('id')}' declares a total of {money(declared, unit)}"
                    f"{' for ' + scope if scope else ''}, but its lines add up to "
                    f"{money(summed, unit)} (a difference of {money(difference, unit)}; "
                    f"tolerance {money(tolerance, unit)})",
                    "correct the total or the lines, or declare the rounding as 'tolerance'",
                    where=f"budgets.{budget.get('id')}.totals[{index}]",
                )
