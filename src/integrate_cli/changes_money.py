"""Budget changes between two versions of a playbook (pure): lines added, removed or with
amounts changed, the sum of the lines, and declared totals. Amounts are exact (Decimal)
and shown in the budget's unit; JSON carries them as text so that no figure is rounded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from integrate_cli.budget import Budget, BudgetLine, BudgetTotal
from integrate_cli.changes import Change
from integrate_cli.model import Playbook


def money(amount: Decimal | None, unit: str) -> str:
    """Return an amount as a paper writes it: £1,200, £1,200k, £1.5m ('none' for None)."""
    if amount is None:
        return "none"
    sign = "-" if amount < 0 else ""
    figure = f"{abs(amount):,}"
    if unit == "£k":
        return f"{sign}£{figure}k"
    if unit == "£m":
        return f"{sign}£{figure}m"
    return f"{sign}£{figure}"


def _line_key(line: BudgetLine) -> tuple[str, str, str]:
    return (line.item, line.partner or "", line.fund or "")


def _total_key(total: BudgetTotal) -> tuple[str, str, str, str]:
    return (total.label, total.year or "", total.partner or "", total.fund or "")


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _years(old: dict[str, Decimal], new: dict[str, Decimal], unit: str) -> list[str]:
    moved = []
    for year in dict.fromkeys([*old, *new]):
        was, now = old.get(year), new.get(year)
        if was != now:
            moved.append(f"{year} {money(was, unit)} -> {money(now, unit)}")
    return moved


def _lines(ref: str, old: Budget, new: Budget) -> list[Change]:
    out = []
    unit = new.unit
    before = {_line_key(ln): ln for ln in old.lines}
    for line in new.lines:
        was = before.pop(_line_key(line), None)
        amounts = {y: str(a) for y, a in line.amounts.items()}
        title = f"{new.title or new.id}: {line.item}"
        if was is None:
            total = money(sum(line.amounts.values(), Decimal(0)), unit)
            data: dict[str, Any] = {"change": "line-added", "item": line.item, "amounts": amounts}
            out.append(Change("budget", ref, title, f"{title}: line added ({total})", data))
            continue
        moved = _years(was.amounts, line.amounts, unit)
        if moved:
            old_amounts = {y: str(a) for y, a in was.amounts.items()}
            data = {"change": "line-changed", "item": line.item, "old": old_amounts, "new": amounts}
            out.append(Change("budget", ref, title, f"{title}: {'; '.join(moved)}", data))
    for line in before.values():
        title = f"{old.title or old.id}: {line.item}"
        data = {"change": "line-removed", "item": line.item}
        out.append(Change("budget", ref, title, f"{title}: line removed", data))
    return out


def _sums(ref: str, old: Budget, new: Budget) -> list[Change]:
    out = []
    title = new.title or new.id
    was = sum(old.by_year().values(), Decimal(0))
    now = sum(new.by_year().values(), Decimal(0))
    if not old.lines and not old.totals:  # a new budget
        text = f"{title}: budget added, lines add up to {money(now, new.unit)}"
        data0: dict[str, Any] = {"change": "budget-added", "old": None, "new": str(now)}
        out.append(Change("budget", ref, title, text, data0 | {"unit": new.unit}))
    elif was != now or old.unit != new.unit:
        text = f"{title}: lines add up to {money(was, old.unit)} -> {money(now, new.unit)}"
        data: dict[str, Any] = {"change": "lines-total", "old": str(was), "new": str(now)}
        data["unit"] = new.unit
        out.append(Change("budget", ref, title, text, data))
    before = {_total_key(t): t for t in old.totals}
    for total in new.totals:
        prior = before.pop(_total_key(total), None)
        old_amount = prior.amount if prior else None
        if prior is not None and old_amount == total.amount:
            continue
        label = total.label or total.year or "total"
        text = (
            f"{title}: declared {label} {money(old_amount, old.unit)} -> "
            f"{money(total.amount, new.unit)}"
        )
        data = {
            "change": "declared-total",
            "label": label,
            "old": _text(old_amount),
            "new": _text(total.amount),
        }
        out.append(Change("budget", ref, title, text, data))
    for total in before.values():
        label = total.label or total.year or "total"
        text = f"{title}: declared {label} {money(total.amount, old.unit)} removed"
        data = {"change": "declared-total", "label": label, "old": _text(total.amount)}
        data["new"] = None
        out.append(Change("budget", ref, title, text, data))
    return out


def budget_changes(old: Playbook, new: Playbook) -> list[Change]:
    """Return the changes to budgets: lines, the sum of the lines and declared totals."""
    out: list[Change] = []
    before = {b.id: b for b in old.budgets}
    for budget in new.budgets:
        was = before.pop(budget.id, None)
        if was is None:
            empty = Budget(
                budget.id, budget.title, budget.unit, budget.tolerance, [], [], [], budget.raw
            )
            out += _lines(budget.id, empty, budget) + _sums(budget.id, empty, budget)
            continue
        out += _lines(budget.id, was, budget) + _sums(budget.id, was, budget)
    for budget in before.values():
        title = budget.title or budget.id
        text = f"{title}: budget removed"
        out.append(Change("budget", budget.id, title, text, {"change": "budget-removed"}))
    return out
