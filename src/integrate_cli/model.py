"""The playbook as typed objects, built once from checked data; every object keeps its source
mapping. The plan (stages, criteria, decisions, records) is here, the registers in
sections.py; dates are set on both when resolved (resolve.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from integrate_cli import sections
from integrate_cli.dates import ABSENT, DateError, DateExpr, When, Window
from integrate_cli.loader import LocDict, LocList, Pos
from integrate_cli.sections import (
    Agreement,
    Paper,
    Partner,
    Person,
    Risk,
    mappings,
    optional,
    text,
)

if TYPE_CHECKING:
    from integrate_cli.budget import Budget


def _strs(data: LocDict, key: str) -> list[tuple[str, Pos]]:
    items = data.get(key)
    if not isinstance(items, LocList):
        return []
    return [(item, items.pos(i)) for i, item in enumerate(items) if isinstance(item, str)]


@dataclass(slots=True, eq=False)
class Record:
    """When, by whom and on what evidence a status was reached."""

    on: str | None
    by: str
    evidence: str
    reason: str
    forced: bool
    raw: LocDict
    on_date: When = ABSENT  # `on` resolved (resolve.py)
    status: str = ""  # a history entry: the status it recorded
    body: str = ""  # a decision's history entry: the body whose record it was

    @classmethod
    def of(cls, data: Any) -> Record | None:
        """Return the record in `data`, or None when there is none."""
        if not isinstance(data, LocDict):
            return None
        get = data.get  # one look-up per key, no helper call: built for every record
        on, by, evidence, reason = get("on"), get("by"), get("evidence"), get("reason")
        status, body = get("status"), get("body")
        return cls(
            on if isinstance(on, str) else None,
            by if isinstance(by, str) else "",
            evidence if isinstance(evidence, str) else "",
            reason if isinstance(reason, str) else "",
            get("forced") is True,
            data,
            status=status if isinstance(status, str) else "",
            body=body if isinstance(body, str) else "",
        )


@dataclass(slots=True, eq=False)
class Criterion:
    """A gate condition of a stage."""

    id: str
    title: str
    status: str
    record: Record | None
    due: str | None
    owner: str | None
    raw: LocDict
    due_date: When = ABSENT  # resolved; its stage's due date when it has none
    history: list[Record] = field(default_factory=list)  # earlier records, oldest first


@dataclass(slots=True, eq=False)
class Decision:
    """A decision each of `bodies` must take; `taken` maps body id to its record."""

    id: str
    title: str
    bodies: list[tuple[str, Pos]]
    due: str | None
    taken: dict[str, Record]
    raw: LocDict
    due_date: When = ABSENT  # resolved; its stage's due date when it has none
    history: list[Record] = field(default_factory=list)  # earlier records, oldest first

    def owed_by(self) -> list[str]:
        """Return the ids of the bodies that have not yet taken the decision."""
        return [body for body, _ in self.bodies if body not in self.taken]


@dataclass(slots=True, eq=False)
class Stage:
    """A step of the staged plan."""

    id: str
    title: str
    kind: str
    start: str | None
    due: str | None
    depends_on: list[tuple[str, Pos]]
    owner: str | None
    status: str
    record: Record | None
    criteria: list[Criterion]
    decisions: list[Decision]
    rag_override: tuple[str, str] | None
    raw: LocDict
    index: int = 0
    start_date: When = ABSENT  # resolved (resolve.py)
    due_date: When = ABSENT
    history: list[Record] = field(default_factory=list)  # earlier records, oldest first
    baseline_date: When = ABSENT  # `baseline.due` resolved, when the stage declares one

    def anchors(self) -> list[str]:
        """Return the ids of the stages that the stage's start and due count from."""
        whens = (self.start_date, self.due_date)
        return [w.anchor.split(".", 1)[0] for w in whens if w.anchor is not None]


@dataclass(slots=True, eq=False)
class Body:
    """A decision-making body and the partners it belongs to."""

    id: str
    name: str
    kind: str
    partners: list[tuple[str, Pos]]
    raw: LocDict
    meetings: list[When] = field(default_factory=list)  # its calendar, resolved (resolve.py)
    closures: list[When] = field(default_factory=list)  # publication.closures, resolved


@dataclass(slots=True, eq=False)
class Playbook:
    """One programme's playbook."""

    path: str
    id: str
    title: str
    raw: LocDict
    partners: list[Partner] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
    area: str = ""
    description: str = ""
    sro: str = ""  # the senior responsible owner: a person id or a name
    amber_days: int | None = None  # the programme's own amber window, if it sets one
    _by_id: dict[str, Stage] = field(default_factory=dict, init=False, repr=False)
    # Dates resolved so far, by (id of the mapping, key), and each distinct text parsed:
    # kept with the playbook so that every date is resolved, and each text parsed, once.
    windows: dict[tuple[int, str], Any] = field(default_factory=dict, init=False, repr=False)
    parsed: dict[str, DateExpr | DateError] = field(default_factory=dict, repr=False)
    resolved: bool = field(default=False, init=False, repr=False)
    # built when first asked for: exact money (Decimal) is loaded only where money is read
    _budgets: list[Budget] | None = field(default=None, init=False, repr=False)
    _years: dict[str, Window | DateError] | None = field(default=None, init=False, repr=False)

    @property
    def financial_years(self) -> dict[str, Window | DateError]:
        """Return each distinct financial year the budgets are keyed by, read once."""
        if self._years is None:
            self._years = {}
            if data := mappings(self.raw, "budgets"):
                from integrate_cli.budget import financial_years

                self._years = financial_years(data, self.parsed)
        return self._years

    @property
    def budgets(self) -> list[Budget]:
        """Return the budgets, built once, when first asked for."""
        if self._budgets is None:
            self._budgets = []
            if data := mappings(self.raw, "budgets"):
                from integrate_cli.budget import budget

                years = self.financial_years
                self._budgets = [budget(b, years) for b in data]
        return self._budgets

    def stage(self, stage_id: str) -> Stage | None:
        """Return the first stage with this id, or None."""
        if len(self._by_id) == 0 < len(self.stages):  # built on first use, once
            for stage in reversed(self.stages):
                self._by_id[stage.id] = stage
        return self._by_id.get(stage_id)

    def names(self) -> dict[str, str]:
        """Return id -> display name for partners, bodies and people."""
        out = {p.id: p.short or p.name for p in self.partners if "id" in p.raw}
        out.update({b.id: b.name for b in self.bodies})
        out.update({p.id: p.name for p in self.people if "id" in p.raw})
        return out

    def person(self, ref: str) -> Person | None:
        """Return the first person with this id, or None."""
        return next((p for p in self.people if p.id == ref and "id" in p.raw), None)


def _history(data: LocDict) -> list[Record]:
    if "history" not in data:
        return []
    return [record for entry in mappings(data, "history") if (record := Record.of(entry))]


def _criterion(data: LocDict) -> Criterion:
    get = data.get  # one look-up per key, no helper call: built for every criterion
    title, status, due, owner = get("title"), get("status"), get("due"), get("owner")
    ident = get("id")
    return Criterion(
        ident if isinstance(ident, str) else "",
        title if isinstance(title, str) else "",
        status if isinstance(status, str) else "not-started",
        Record.of(get("record")),
        due if isinstance(due, str) else None,
        owner if isinstance(owner, str) else None,
        data,
        history=_history(data),
    )


def _decision(data: LocDict) -> Decision:
    taken_raw = data.get("taken")
    taken: dict[str, Record] = {}
    if isinstance(taken_raw, LocDict):
        for body, rec in taken_raw.items():
            record = Record.of(rec)
            if record is not None:
                taken[body] = record
    return Decision(
        text(data, "id"),
        text(data, "title"),
        _strs(data, "bodies"),
        optional(data, "due"),
        taken,
        data,
        history=_history(data),
    )


def _stage(data: LocDict, index: int) -> Stage:
    get = data.get
    rag = get("rag")
    override = None
    if isinstance(rag, LocDict) and isinstance(rag.get("value"), str):
        override = (rag["value"], text(rag, "reason"))
    ident, title, kind, status = get("id"), get("title"), get("kind"), get("status")
    start, due, owner = get("start"), get("due"), get("owner")
    return Stage(
        ident if isinstance(ident, str) else "",
        title if isinstance(title, str) else "",
        kind if isinstance(kind, str) else "",
        start if isinstance(start, str) else None,
        due if isinstance(due, str) else None,
        _strs(data, "depends_on"),
        owner if isinstance(owner, str) else None,
        status if isinstance(status, str) else "not-started",
        Record.of(get("record")),
        [_criterion(c) for c in mappings(data, "criteria")],
        [_decision(d) for d in mappings(data, "decisions")],
        override,
        data,
        index,
        history=_history(data),
    )


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def build(path: str, data: LocDict) -> Playbook:
    """Return the Playbook for checked data (missing parts become empty)."""
    programme = data.get("programme")
    programme = programme if isinstance(programme, LocDict) else LocDict(data.at)
    return Playbook(
        path=path,
        id=text(programme, "id"),
        title=text(programme, "title"),
        area=text(programme, "area"),
        description=text(programme, "description"),
        sro=text(programme, "sro"),
        amber_days=_whole(programme.get("amber_days")),
        raw=data,
        partners=[sections.partner(p) for p in mappings(data, "partners")],
        bodies=[
            Body(text(b, "id"), text(b, "name"), text(b, "kind"), _strs(b, "partners"), b)
            for b in mappings(data, "bodies")
        ],
        people=[sections.person(p) for p in mappings(data, "people")],
        stages=[_stage(s, i) for i, s in enumerate(mappings(data, "stages"))],
        risks=[sections.risk(r) for r in mappings(data, "risks")],
        agreements=[sections.agreement(a) for a in mappings(data, "agreements")],
        papers=[sections.paper(p) for p in mappings(data, "papers")],
    )
