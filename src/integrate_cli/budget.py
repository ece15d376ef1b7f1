"""Budgets as typed values: lines and declared totals with exact amounts, and their sums,
computed here once for the money rules and the papers alike. Each distinct financial year
a budget is keyed by is read once per playbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from integrate_cli import dates
from integrate_cli.dates import DateError, DateExpr, Fixed, Window
from integrate_cli.loader import LocDict, Pos
from integrate_cli.sections import mappings, optional, text


def exact(amount: float | Decimal) -> Decimal:
    """Return an amount as an exact decimal: 0.1 is one tenth, not the nearest float."""
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


def _amount(value: object) -> Decimal | None:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return exact(value)
    return None


@dataclass(slots=True, eq=False)
class BudgetLine:
    """One line of a budget: amounts by financial year (exact), with where each year is."""

    item: str
    partner: str | None
    fund: str | None
    note: str
    amounts: dict[str, Decimal]
    years_at: dict[str, Pos]
    raw: LocDict


@dataclass(slots=True, eq=False)
class BudgetTotal:
    """A declared total and the lines it covers (None: every year, partner or fund)."""

    amount: Decimal | None
    year: str | None
    partner: str | None
    fund: str | None
    label: str
    raw: LocDict


@dataclass(slots=True, eq=False)
class Budget:
    """Money by UK financial year; `years` are the lines' years, earliest first."""

    id: str
    title: str
    unit: str
    tolerance: Decimal
    lines: list[BudgetLine]
    totals: list[BudgetTotal]
    years: list[str]
    raw: LocDict

    def sum(self, total: BudgetTotal) -> Decimal:
        """Return what the lines a declared total covers add up to."""
        summed = Decimal(0)
        for line in self.lines:
            if total.partner is not None and line.partner != total.partner:
                continue
            if total.fund is not None and line.fund != total.fund:
                continue
            if total.year is None:
                summed += sum(line.amounts.values(), Decimal(0))
            else:
                summed += line.amounts.get(total.year, Decimal(0))
        return summed

    def by_year(self) -> dict[str, Decimal]:
        """Return the sum of the lines for each year."""
        return {
            y: sum((ln.amounts.get(y, Decimal(0)) for ln in self.lines), Decimal(0))
            for y in self.years
        }

    def by_fund(self) -> dict[tuple[str, str], dict[str, Decimal]]:
        """Return the sums by (fund, partner) and year, for lines that name either."""
        groups: dict[tuple[str, str], dict[str, Decimal]] = {}
        for line in self.lines:
            if not line.fund and not line.partner:
                continue
            group = groups.setdefault((line.fund or "", line.partner or ""), {})
            for year, amount in line.amounts.items():
                group[year] = group.get(year, Decimal(0)) + amount
        return dict(sorted(groups.items()))


def financial_years(
    budgets: list[LocDict], parsed: dict[str, DateExpr | DateError]
) -> dict[str, Window | DateError]:
    """Return each distinct financial year the budgets are keyed by, read once.

    A year is parsed as any date is, into `parsed` (the playbook's texts parsed so far),
    so a text used both as a date and as a year is parsed once.
    """
    out: dict[str, Window | DateError] = {}
    keys: list[str] = []
    for budget in budgets:
        for line in mappings(budget, "lines"):
            amounts = line.get("amounts")
            keys.extend(amounts if isinstance(amounts, LocDict) else ())
        keys.extend(y for t in mappings(budget, "totals") if isinstance(y := t.get("year"), str))
    for key in keys:
        if key in out:
            continue
        expr = parsed.get(key)
        if expr is None:
            try:
                expr = dates.parse_date(key)
            except DateError as exc:
                expr = exc
            parsed[key] = expr
        if isinstance(expr, Fixed) and expr.form == "financial-year":
            out[key] = expr.window
            continue
        try:  # not a financial year: the financial-year reading says why
            out[key] = dates.parse_financial_year(key)
        except DateError as exc:
            out[key] = exc
    return out


def budget(data: LocDict, years: dict[str, Window | DateError]) -> Budget:
    """Return the budget in checked data; its years ordered by the windows in `years`."""
    lines = []
    for line in mappings(data, "lines"):
        raw = line.get("amounts")
        amounts = raw if isinstance(raw, LocDict) else LocDict(line.at)
        exact_amounts = {y: a for y, v in amounts.items() if (a := _amount(v)) is not None}
        lines.append(
            BudgetLine(
                text(line, "item"),
                optional(line, "partner"),
                optional(line, "fund"),
                text(line, "note"),
                exact_amounts,
                {y: amounts.keys_at.get(y, amounts.at) for y in amounts},
                line,
            )
        )
    totals = [
        BudgetTotal(
            _amount(t.get("amount")),
            optional(t, "year"),
            optional(t, "partner"),
            optional(t, "fund"),
            text(t, "label"),
            t,
        )
        for t in mappings(data, "totals")
    ]

    def start(year: str) -> tuple[date, str]:
        window = years.get(year)
        first = window.start if isinstance(window, Window) else None
        return (first or date.max, year)

    tolerance = _amount(data.get("tolerance"))
    return Budget(
        text(data, "id"),
        text(data, "title"),
        text(data, "unit", "£"),
        tolerance if tolerance is not None and tolerance >= 0 else Decimal(0),
        lines,
        totals,
        sorted({y for line in lines for y in line.years_at}, key=start),
        data,
    )
