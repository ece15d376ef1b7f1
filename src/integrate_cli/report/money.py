"""A paper's money: budget tables and the headline figures, with funds of different kinds
kept apart.

A pooled budget and an aligned fund are different money (one is shared, the other stays
with its partner), so a paper adds them together only where the playbook declares that
total (a `totals:` entry with no fund and no partner). The figures a paper's source states,
its declared totals, are the headline.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from integrate_cli.budget import Budget, BudgetTotal
from integrate_cli.rules.money import money

OTHER = "other"  # the kind of a line with no fund


def _kinds(budget: Budget) -> list[str]:
    """Return the kinds of fund the lines hold, in order of first appearance."""
    return list(dict.fromkeys(line.fund or OTHER for line in budget.lines))


def _grand(total: BudgetTotal) -> bool:
    return not total.fund and not total.partner and total.amount is not None


def total_label(total: BudgetTotal, names: dict[str, str]) -> str:
    """Return what a declared total is called: its label, else its fund and partner."""
    if total.label:
        return total.label
    words = [(total.fund or "").capitalize(), names.get(total.partner or "", total.partner or "")]
    return " ".join([w for w in words if w] + ["total"]).capitalize()


def budget_block(budget: Budget, names: dict[str, str]) -> dict[str, Any]:
    """Return a budget as a paper's table needs it (see docs/templates.md).

    `totals` (one cell a year) holds a sum of every line only when the lines are all of
    one kind, or where the playbook declares that year's total; otherwise it is empty and
    `fund_totals` gives each kind's total on its own row.
    """
    unit, years = budget.unit, budget.years
    sums = budget.by_year()
    kinds = _kinds(budget)
    declared_years = {t.year for t in budget.totals if _grand(t)}
    addable = len(kinds) <= 1 or None in declared_years
    totals: list[str] = []
    if addable or declared_years & set(years):
        totals = [money(sums[y], unit) if addable or y in declared_years else "" for y in years]
    return {
        "id": budget.id,
        "title": budget.title,
        "unit": unit,
        "years": years,
        "lines": [
            {
                "item": line.item,
                "partner": names.get(line.partner or "", ""),
                "fund": line.fund or "",
                "note": line.note,
                "amounts": [
                    money(line.amounts[y], unit) if y in line.amounts else "" for y in years
                ],
            }
            for line in budget.lines
        ],
        "totals": totals,
        "fund_totals": _fund_totals(budget, kinds, names) if len(kinds) > 1 else [],
        "declared": [
            {
                "label": total_label(t, names),
                "amount": money(t.amount or 0, unit),
                "year": t.year or "",
                "fund": t.fund or "",
            }
            for t in budget.totals
            if t.amount is not None
        ],
        "by_fund": [
            {
                "fund": fund,
                "partner": names.get(partner, partner),
                "amounts": [money(group[y], unit) if y in group else "" for y in years],
            }
            for (fund, partner), group in budget.by_fund().items()
        ],
    }


def _fund_totals(budget: Budget, kinds: list[str], names: dict[str, str]) -> list[dict[str, Any]]:
    """Return each kind of fund's total a year: the declared figure where there is one."""
    out = []
    for kind in kinds:
        declared = {
            t.year: t
            for t in budget.totals
            if (t.fund or OTHER) == kind and not t.partner and t.amount is not None
        }
        amounts = []
        for year in budget.years:
            total = declared.get(year) or declared.get(None)
            if total is not None and total.amount is not None:
                amounts.append(money(total.amount, budget.unit))
                continue
            lines = [ln.amounts[year] for ln in budget.lines if (ln.fund or OTHER) == kind]
            found = [a for a in lines if a is not None]
            amounts.append(money(sum(found, Decimal(0)), budget.unit) if found else "")
        label = next((total_label(t, names) for t in declared.values() if t.label), "")
        out.append(
            {"fund": kind, "label": label or f"{kind.capitalize()} total", "amounts": amounts}
        )
    return out


def money_headline(budget: Budget, names: dict[str, str]) -> str:
    """Return one line of a budget's headline figures: the totals the playbook declares,
    else each year's total where its lines may be added ('' when it has no figures)."""
    unit = budget.unit
    figures = [
        f"{total_label(t, names)} {money(t.amount, unit)}" + (f" ({t.year})" if t.year else "")
        for t in budget.totals
        if t.amount is not None
    ]
    if not figures:
        block = budget_block(budget, names)
        if block["totals"]:
            pairs = zip(block["years"], block["totals"], strict=True)
            figures = [f"{amount} ({year})" for year, amount in pairs if amount]
        else:
            for row in block["fund_totals"]:
                pairs = zip(block["years"], row["amounts"], strict=True)
                figures += [f"{row['label']} {a} ({y})" for y, a in pairs if a]
    return f"{budget.title}: {'; '.join(figures)}" if figures else ""


__all__ = ["budget_block", "money_headline", "total_label"]
