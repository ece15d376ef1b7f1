"""Rules about ids and references."""

from __future__ import annotations

from collections.abc import Callable

from integrate_cli.loader import LocDict, LocList, Pos
from integrate_cli.model import Stage
from integrate_cli.rulebook import Context, rule
from integrate_cli.schema_types import nearest
from integrate_cli.suggest import Suggestions

_COLLECTIONS = (
    "partners",
    "bodies",
    "people",
    "stages",
    "budgets",
    "risks",
    "agreements",
    "papers",
)


def _unique(
    context: Context, items: list[LocDict], what: str, where: Callable[[int, str], str]
) -> None:
    """Report each id used a second time; `where(index, id)` makes the path of a duplicate."""
    ids = [value for item in items if isinstance(value := item.get("id"), str)]
    if len(set(ids)) == len(ids):  # the usual case: nothing to report, nothing to place
        return
    seen: dict[str, LocDict] = {}  # positions are looked up only for a duplicate
    for index, item in enumerate(items):
        value = item.get("id")
        if not isinstance(value, str):
            continue
        first = seen.get(value)
        if first is not None:
            context.sink.add(
                "ID-DUPLICATE",
                item.pos("id"),
                f"{what} id '{value}' is used twice (first at line {first.pos('id')[0]})",
                "give each one its own id",
                where=where(index, value),
            )
        else:
            seen[value] = item


@rule("ID-DUPLICATE")
def ids_are_unique(context: Context) -> None:
    """Ids must be unique within their kind: partners, bodies, people, stages, budgets,
    risks, agreements and papers in the playbook, and the criteria and decisions of one
    stage (which share a name space, since `stage.item` names either).

    PASS:
        stages:
          - {id: a, title: A, kind: milestone}
          - {id: b, title: B, kind: milestone}

    FAIL (3:10):
        stages:
          - {id: a, title: A, kind: milestone}
          - {id: a, title: B, kind: milestone}
    """
    raw = context.playbook.raw
    for key in _COLLECTIONS:
        items = raw.get(key)
        if isinstance(items, LocList):
            what = key[:-1] if key != "people" else "person"
            _unique(
                context,
                [i for i in items if isinstance(i, LocDict)],
                "body" if key == "bodies" else what,
                _in_list(key),
            )
    for stage in context.playbook.stages:
        if len(stage.criteria) + len(stage.decisions) < 2:
            continue  # nothing to be used twice
        _unique(
            context,
            [*(c.raw for c in stage.criteria), *(d.raw for d in stage.decisions)],
            f"criterion or decision of stage '{stage.id}'",
            _in_stage(stage),
        )


def _in_list(key: str) -> Callable[[int, str], str]:
    """Return what makes the path of an item of a top-level list: `stages.ID`."""
    return lambda _, item_id: f"{key}.{item_id}"


def _in_stage(stage: Stage) -> Callable[[int, str], str]:
    """Return what makes the path of the stage's item `index` (its criteria, then decisions)."""

    def path(index: int, item_id: str) -> str:
        section = "criteria" if index < len(stage.criteria) else "decisions"
        return f"stages.{stage.id}.{section}.{item_id}"

    return path


class _Refs:
    """Checks references for one playbook: each kind's ids sorted once, hints bounded."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.known: dict[str, list[str]] = {}
        self.suggestions = Suggestions()

    def check(self, value: object, at: Pos, kind: str, what: str, where: str) -> None:
        """Report `value` unless it is an id of `kind` (or not text: the schema says so)."""
        context = self.context
        if not isinstance(value, str) or value in context.ids(kind):
            return
        known = self.known.get(kind)
        if known is None:
            known = self.known[kind] = sorted(context.ids(kind))
        listing = ", ".join(known[:8]) + (" ..." if len(known) > 8 else "")
        context.sink.add(
            "REF-UNRESOLVED",
            at,
            f"{where} refers to {what} '{value}', which is not defined in this playbook",
            f"{self.suggestions.nearest(value, known)}defined: {listing or 'none'}",
            where=where,
        )

    def each(self, data: LocDict, key: str, kind: str, what: str, where: str) -> None:
        """Check `data[key]`: one reference, or a list of them (paths made only to report)."""
        values = data.get(key)
        if values is None:
            return
        ids = self.context.ids(kind)
        if isinstance(values, LocList):
            for index, value in enumerate(values):
                if not isinstance(value, str) or value not in ids:
                    self.check(value, values.pos(index), kind, what, f"{where}.{key}[{index}]")
        elif key in data and (not isinstance(values, str) or values not in ids):
            self.check(values, data.pos(key), kind, what, f"{where}.{key}")


@rule("REF-UNRESOLVED")
def references_resolve(context: Context) -> None:
    """Every reference must name something defined in the same playbook: `depends_on`
    (stages), `owner` (a person, partner or body), a body's `partners`, a decision's
    `bodies` and the bodies in its `taken` record (which must be among those asked), a
    person's, budget line's or agreement's partners, a paper's meeting body, and the
    anchor of a relative date. The hint suggests the nearest id.

    PASS:
        stages:
          - {id: a, title: A, kind: milestone, owner: cabinet}
          - {id: b, title: B, kind: milestone, depends_on: [a]}

    FAIL (2:47, 3:53):
        stages:
          - {id: a, title: A, kind: milestone, owner: cabinnet}
          - {id: b, title: B, kind: milestone, depends_on: [zz]}
    """
    pb = context.playbook
    refs = _Refs(context)
    for person in pb.people:
        refs.each(person.raw, "partner", "partners", "partner", f"people.{person.id}")
    for body in pb.bodies:
        refs.each(body.raw, "partners", "partners", "partner", f"bodies.{body.id}")
    for stage in pb.stages:
        where = f"stages.{stage.id}"
        refs.each(stage.raw, "depends_on", "stages", "stage", where)
        refs.each(stage.raw, "owner", "owners", "person, partner or body", where)
        for criterion in stage.criteria:
            refs.each(
                criterion.raw,
                "owner",
                "owners",
                "person, partner or body",
                f"{where}.criteria.{criterion.id}",
            )
        for decision in stage.decisions:
            dwhere = f"{where}.decisions.{decision.id}"
            refs.each(decision.raw, "bodies", "bodies", "body", dwhere)
            taken = decision.raw.get("taken")
            asked = {body for body, _ in decision.bodies}
            for taker in decision.taken:
                if taker not in asked and isinstance(taken, LocDict):
                    context.sink.add(
                        "REF-UNRESOLVED",
                        taken.keys_at.get(taker, taken.at),
                        f"{dwhere} is recorded as taken by '{taker}', which is not "
                        "among the bodies asked to take it",
                        f"{nearest(taker, sorted(asked))}add it to 'bodies' or correct the id",
                        where=f"{dwhere}.taken.{taker}",
                    )
    for risk in pb.risks:
        refs.each(risk.raw, "owner", "owners", "person, partner or body", f"risks.{risk.id}")
    for budget in pb.budgets:
        for key, raws in (
            ("lines", [line.raw for line in budget.lines]),
            ("totals", [total.raw for total in budget.totals]),
        ):
            for index, raw in enumerate(raws):
                where = f"budgets.{budget.id}.{key}[{index}]"
                refs.each(raw, "partner", "partners", "partner", where)
    for agreement in pb.agreements:
        where = f"agreements.{agreement.id}"
        refs.each(agreement.raw, "partners", "partners", "partner", where)
    for paper in pb.papers:
        if paper.meeting is not None:
            where = f"papers.{paper.id}.meeting"
            refs.each(paper.meeting.raw, "body", "bodies", "body", where)


@rule("BODY-NO-PARTNER")
def bodies_belong_to_partners(context: Context) -> None:
    """Every body belongs to at least one partner: a decision asked of a body that belongs
    to no sovereign organisation cannot bind anyone. Reported at the body, naming the
    decisions that are asked of it.

    PASS:
        version: 1
        programme: {id: p, title: P}
        partners:
          - {id: council, name: A Council, kind: local-authority}
        bodies:
          - {id: cabinet, name: Cabinet, kind: cabinet, partners: [council]}
        stages: []

    FAIL (6:55):
        version: 1
        programme: {id: p, title: P}
        partners:
          - {id: council, name: A Council, kind: local-authority}
        bodies:
          - {id: orphan, name: Orphan, kind: board, partners: []}
        stages:
          - id: a
            title: A
            kind: decision
            decisions:
              - {id: d, title: D, bodies: [orphan]}
    """
    lonely = {body.id for body in context.playbook.bodies if not body.partners}
    if not lonely:  # a listed partner that is unresolved is REF-UNRESOLVED's to report
        return
    asked_of: dict[str, list[str]] = {}  # one pass over the decisions, not one per body
    for stage in context.playbook.stages:
        for d in stage.decisions:
            for b in dict.fromkeys(b for b, _ in d.bodies if b in lonely):
                asked_of.setdefault(b, []).append(f"{stage.id}.{d.id}")
    for body in context.playbook.bodies:
        if body.partners:
            continue
        asked = asked_of.get(body.id, [])
        detail = f"; decisions asked of it: {', '.join(asked)}" if asked else ""
        context.sink.add(
            "BODY-NO-PARTNER",
            body.raw.pos("partners"),
            f"body '{body.id}' belongs to no partner{detail}",
            "list the partner(s) whose body it is under 'partners'",
            where=f"bodies.{body.id}",
        )
