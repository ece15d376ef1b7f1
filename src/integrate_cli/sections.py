"""The playbook's registers as typed values: partners, people, budgets, risks, agreements
and papers, each built once from checked data and keeping its source mapping (`raw`) for
positions.

Budget sums are computed here, once, for the money rules and the papers alike; each
distinct financial-year key is read once per playbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from integrate_cli import dates
from integrate_cli.dates import ABSENT, DateError, DateExpr, Fixed, When, Window
from integrate_cli.loader import LocDict, LocList, Pos


def text(data: LocDict, key: str, default: str = "") -> str:
    """Return the text at `data[key]`, else `default`."""
    value = data.get(key)
    return value if isinstance(value, str) else default


def optional(data: LocDict, key: str) -> str | None:
    """Return the text at `data[key]`, else None."""
    value = data.get(key)
    return value if isinstance(value, str) else None


def mappings(data: LocDict, key: str) -> list[LocDict]:
    """Return the mappings in the list at `data[key]` (none when it is not a list)."""
    value = data.get(key)
    return (
        [item for item in value if isinstance(item, LocDict)] if isinstance(value, LocList) else []
    )


def texts(data: LocDict, key: str) -> list[str]:
    """Return the texts in the list at `data[key]`."""
    value = data.get(key)
    return [item for item in value if isinstance(item, str)] if isinstance(value, LocList) else []


def exact(amount: float | Decimal) -> Decimal:
    """Return an amount as an exact decimal: 0.1 is one tenth, not the nearest float."""
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


def _amount(value: object) -> Decimal | None:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return exact(value)
    return None


@dataclass(slots=True, eq=False)
class Partner:
    """A sovereign organisation with its own statutory duties."""

    id: str
    name: str
    kind: str
    short: str
    raw: LocDict


@dataclass(slots=True, eq=False)
class Person:
    """An owner or contact."""

    id: str
    name: str
    role: str
    partner: str | None
    email: str
    phone: str
    raw: LocDict


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


@dataclass(slots=True, eq=False)
class Risk:
    """An entry in the risk register; `score` is likelihood times impact (0 when unknown)."""

    id: str
    title: str
    likelihood: int
    impact: int
    owner: str | None
    mitigation: str
    status: str
    raw: LocDict

    @property
    def score(self) -> int:
        """Return likelihood times impact."""
        return self.likelihood * self.impact


@dataclass(slots=True, eq=False)
class Agreement:
    """A formal agreement with its term; its dates are set when resolved (resolve.py)."""

    id: str
    title: str
    partners: list[str]
    notice: str
    break_clause: str
    raw: LocDict
    starts: When = ABSENT
    ends: When = ABSENT
    review: When = ABSENT

    def written(self, key: str) -> str:
        """Return a date of the agreement as written ('' when none)."""
        return text(self.raw, key)


@dataclass(slots=True, eq=False)
class Meeting:
    """The meeting a paper goes to; its dates are set when resolved (resolve.py)."""

    body: str
    item: str
    reference: str
    raw: LocDict
    date: When = ABSENT
    next: When = ABSENT


@dataclass(slots=True, eq=False)
class Recommendation:
    """A numbered recommendation; `body` is the body asked ('' for the meeting's)."""

    text: str
    body: str


@dataclass(slots=True, eq=False)
class Section:
    """A narrative section of a paper."""

    title: str
    key: str
    text: str


@dataclass(slots=True, eq=False)
class Paper:
    """A committee paper written from the playbook."""

    id: str
    title: str
    template: str
    meeting: Meeting | None
    wards: list[str]
    exempt: bool
    exemption: str
    author: str
    lead_officer: str
    report_from: str
    contacts: list[str]
    summary: str
    recommendations: list[Recommendation]
    sections: list[Section]
    attachments: list[str]
    background_papers: list[str]
    raw: LocDict = field(repr=False)

    @property
    def meeting_day(self) -> date | None:
        """Return the last day the meeting date can mean (None when unknown)."""
        return self.meeting.date.window.end if self.meeting else None


def partner(data: LocDict) -> Partner:
    """Return the partner in checked data."""
    return Partner(
        text(data, "id"), text(data, "name"), text(data, "kind"), text(data, "short"), data
    )


def person(data: LocDict) -> Person:
    """Return the person in checked data."""
    return Person(
        text(data, "id"),
        text(data, "name"),
        text(data, "role"),
        optional(data, "partner"),
        text(data, "email"),
        text(data, "phone"),
        data,
    )


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


def risk(data: LocDict) -> Risk:
    """Return the risk in checked data (likelihood and impact 0 when not whole numbers)."""

    def whole(key: str) -> int:
        value = data.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    return Risk(
        text(data, "id"),
        text(data, "title"),
        whole("likelihood"),
        whole("impact"),
        optional(data, "owner"),
        text(data, "mitigation"),
        text(data, "status", "open"),
        data,
    )


def agreement(data: LocDict) -> Agreement:
    """Return the agreement in checked data (its dates unresolved)."""
    return Agreement(
        text(data, "id"),
        text(data, "title"),
        texts(data, "partners"),
        text(data, "notice"),
        text(data, "break_clause"),
        data,
    )


def paper(data: LocDict) -> Paper:
    """Return the paper in checked data (its meeting's dates unresolved)."""
    raw = data.get("meeting")
    meeting = None
    if isinstance(raw, LocDict):
        meeting = Meeting(text(raw, "body"), text(raw, "item"), text(raw, "reference"), raw)
    return Paper(
        text(data, "id"),
        text(data, "title"),
        text(data, "template"),
        meeting,
        texts(data, "wards"),
        data.get("exempt") is True,
        text(data, "exemption"),
        text(data, "author"),
        text(data, "lead_officer"),
        text(data, "report_from"),
        texts(data, "contacts"),
        text(data, "summary"),
        [
            Recommendation(text(r, "text"), text(r, "body"))
            for r in mappings(data, "recommendations")
        ],
        [
            Section(text(s, "title"), text(s, "key"), text(s, "text"))
            for s in mappings(data, "sections")
        ],
        texts(data, "attachments"),
        texts(data, "background_papers"),
        data,
    )
