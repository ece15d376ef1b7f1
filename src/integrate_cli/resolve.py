"""Resolve every date in a playbook once, relative dates through the graph.

Each date becomes a `When` (its text, form, window and position) set on the typed model;
each distinct text is parsed once per playbook.
"""

from __future__ import annotations

from integrate_cli import spec
from integrate_cli.dates import ABSENT, TBC, DateError, Fixed, Relative, When, parse_date
from integrate_cli.findings import Sink
from integrate_cli.loader import LocDict, LocList
from integrate_cli.model import Criterion, Decision, Playbook, Record, Stage
from integrate_cli.schema_types import DateText, Obj
from integrate_cli.suggest import Suggestions


def date_keys(obj: Obj) -> tuple[str, ...]:
    """Return the keys of an object of the format that hold dates, as the spec declares them."""
    return tuple(key for key, f in obj.fields.items() if isinstance(f.type, DateText))


def _meeting_spec() -> Obj:
    meeting = spec.PAPER.fields["meeting"].type
    assert isinstance(meeting, Obj)
    return meeting


STAGE_DATES = date_keys(spec.STAGE)
ITEM_DATES = date_keys(spec.CRITERION) + tuple(
    k for k in date_keys(spec.DECISION) if k not in date_keys(spec.CRITERION)
)
_ITEM_OTHER_DATES = tuple(k for k in ITEM_DATES if k != "due")  # due defaults to the stage's
AGREEMENT_DATES = date_keys(spec.AGREEMENT)
MEETING_DATES = date_keys(_meeting_spec())


def _label(where: str, key: str) -> str:
    """Return the data path of `key` in the mapping at `where`."""
    return f"{where}.{key}" if where else key


class Dates:
    """Resolves date fields on demand, caching each and reporting each problem once.

    A relative date counts from one anchor, whose date may itself be relative: a chain,
    followed in a loop (never by recursion), so a plan of any length and in any order
    resolves. The resolved dates are kept with the playbook: a second Dates of the same
    playbook (status after validation) reads them, and reports nothing already reported.
    """

    def __init__(self, playbook: Playbook, sink: Sink) -> None:
        self.playbook = playbook
        self.sink = sink
        # (id of the mapping, key) -> the date, and the mapping itself, held so that
        # its id is never reused while the entry lives
        self._cache: dict[tuple[int, str], tuple[When, LocDict]] = playbook.windows
        self._parsed = playbook.parsed
        # reference (`stage` or `stage.item`) -> its stage, the item, and the item's path
        self._anchors: dict[str, tuple[Stage, Criterion | Decision | None, str]] = {}
        self._anchor_ids: tuple[str, ...] = ()
        self._suggestions = Suggestions()

    def _anchor_index(self) -> dict[str, tuple[Stage, Criterion | Decision | None, str]]:
        """Return what a relative date may count from, by reference (built when first used)."""
        if not self._anchors:
            for stage in self.playbook.stages:
                where = f"stages.{stage.id}"
                self._anchors.setdefault(stage.id, (stage, None, where))
                for section, items in (
                    ("criteria", stage.criteria),
                    ("decisions", stage.decisions),
                ):
                    for item in items:
                        path = f"{where}.{section}.{item.id}"
                        self._anchors.setdefault(f"{stage.id}.{item.id}", (stage, item, path))
            self._anchor_ids = tuple(self._anchors)
        return self._anchors

    def when(self, data: LocDict, key: str, *, where: str = "") -> When:
        """Return the date `data[key]` resolved; ABSENT when there is none."""
        slot = (id(data), key)
        cached = self._cache.get(slot)
        if cached is not None:
            return cached[0]
        text = data.get(key)
        if not isinstance(text, str):
            return ABSENT
        first = self._parse(text, data, key, where)
        if isinstance(first, When):  # most dates: fixed, or unusable
            self._cache[slot] = (first, data)
            return first
        return self._follow(data, key, where, first)

    def _follow(self, data: LocDict, key: str, where: str, first: Relative) -> When:
        """Return a relative date resolved along its chain of anchors (in a loop)."""
        # Follow the chain of anchors until a date that is known, fixed or unusable, then
        # shift back along the chain, caching every date on the way. Labels (for messages)
        # are made only when a problem is reported.
        chain: list[tuple[LocDict, str, Relative]] = [(data, key, first)]
        path: dict[tuple[str, str], int] = {(where, key): 0}  # on the chain -> its place
        data, key, where = self._anchor_field(first.anchor)
        while True:
            text = data.get(key)
            if not isinstance(text, str):
                resolved = ABSENT
                break
            slot = (id(data), key)
            cached = self._cache.get(slot)
            if cached is not None:
                resolved = cached[0]
                break
            if (where, key) in path:
                labels = [_label(w, k) for w, k in list(path)[path[where, key] :]]
                label = _label(where, key)
                self.sink.add(
                    "DATE-CYCLE",
                    data.pos(key),
                    f"relative dates form a cycle: {' -> '.join([*labels, label])}",
                    "anchor one of these dates to a fixed date",
                    where=label,
                )
                resolved = When(text, "invalid", TBC, data.pos(key))
                self._cache[slot] = (resolved, data)
                break
            path[where, key] = len(path)
            expr = self._parse(text, data, key, where)
            if isinstance(expr, When):
                resolved = expr
                self._cache[slot] = (resolved, data)
                break
            chain.append((data, key, expr))
            data, key, where = self._anchor_field(expr.anchor)
        window = resolved.window
        for data, key, expr in reversed(chain):
            window = window.shifted(expr.amount, expr.unit)
            resolved = When(expr.text, "relative", window, data.pos(key), expr.anchor)
            self._cache[id(data), key] = (resolved, data)
        return resolved

    def _parse(self, text: str, data: LocDict, key: str, where: str) -> When | Relative:
        """Return a fixed date resolved, or a relative date whose anchor exists."""
        expr = self._parsed.get(text)
        if expr is None:  # each distinct text is parsed once per playbook
            try:
                expr = parse_date(text)
            except DateError as exc:
                expr = exc
            self._parsed[text] = expr
        if isinstance(expr, DateError):
            label = _label(where, key)
            self.sink.add(
                "DATE-INVALID", data.pos(key), f"{label}: {expr.message}", expr.hint, where=label
            )
            return When(text, "invalid", TBC, data.pos(key))
        if isinstance(expr, Fixed):
            return When(text, expr.form, expr.window, data.pos(key))
        anchors = self._anchor_index()
        if expr.anchor not in anchors:
            label = _label(where, key)
            self.sink.add(
                "REF-UNRESOLVED",
                data.pos(key),
                f"{label} is relative to '{expr.anchor}', which is not a stage, "
                "criterion or decision in this playbook",
                f"{self._suggestions.nearest(expr.anchor, self._anchor_ids)}anchor it to a "
                "stage id or stage.criterion",
                where=label,
            )
            return When(text, "invalid", TBC, data.pos(key))
        return expr

    def _anchor_field(self, ref: str) -> tuple[LocDict, str, str]:
        """Return the field a relative date counts from, and where it is (for messages).

        Its done date when done, else its due date (a criterion or decision without one:
        its stage's), else its start.
        """
        stage, item, where = self._anchor_index()[ref]
        raw = stage.raw if item is None else item.raw
        # a decision has no status of its own: each body records its own decision
        owner = stage if item is None else item if isinstance(item, Criterion) else None
        record = owner.record if owner is not None and owner.status == "done" else None
        if record is not None and record.on:
            return record.raw, "on", f"{where}.record"
        if item is not None and "due" not in raw:
            return stage.raw, "due", f"stages.{stage.id}"
        return raw, "due" if "due" in raw else "start", where

    def _item_due(self, stage: Stage, raw: LocDict, where: str) -> When:
        if "due" in raw:
            return self.when(raw, "due", where=where)
        return self.when(stage.raw, "due", where=f"stages.{stage.id}")

    def _record(self, record: Record | None, where: str) -> None:
        if record is not None:
            record.on_date = self.when(record.raw, "on", where=where)

    def _history(self, owner: str, past: list[Record]) -> None:
        for number, record in enumerate(past):
            record.on_date = self.when(record.raw, "on", where=f"{owner}.history[{number}]")

    def resolve_all(self) -> None:
        """Resolve every date the format declares, once, and set each on the typed model.

        Which keys are dates comes from the spec; every date problem is reported here.
        """
        pb = self.playbook
        if pb.resolved:
            return
        for stage in pb.stages:
            where = f"stages.{stage.id}"
            dates = {key: self.when(stage.raw, key, where=where) for key in STAGE_DATES}
            stage.start_date = dates["start"]
            stage.due_date = dates["due"]
            if isinstance(baseline := stage.raw.get("baseline"), LocDict):
                stage.baseline_date = self.when(baseline, "due", where=f"{where}.baseline")
                self.when(baseline, "on", where=f"{where}.baseline")
            self._record(stage.record, f"{where}.record")
            # paths are made only for an item that has a date of its own to resolve
            items = (("criteria", stage.criteria), ("decisions", stage.decisions))
            for section, group in items:
                for item in group:
                    if "due" not in item.raw and not _ITEM_OTHER_DATES:
                        item.due_date = stage.due_date  # a criterion inherits its stage's
                        continue
                    path = f"{where}.{section}.{item.id}"
                    for key in _ITEM_OTHER_DATES:
                        self.when(item.raw, key, where=path)
                    item.due_date = self._item_due(stage, item.raw, path)
            for criterion in stage.criteria:
                if criterion.record is not None:
                    self._record(criterion.record, f"{where}.criteria.{criterion.id}.record")
            for decision in stage.decisions:
                for body, record in decision.taken.items():
                    self._record(record, f"{where}.decisions.{decision.id}.taken.{body}")
            self._history(where, stage.history)
            for section, group in items:
                for item in group:
                    if item.history:
                        self._history(f"{where}.{section}.{item.id}", item.history)
        for agreement in pb.agreements:
            for key in AGREEMENT_DATES:  # starts, ends, review
                when = self.when(agreement.raw, key, where=f"agreements.{agreement.id}")
                setattr(agreement, key, when)
        for paper in pb.papers:
            if paper.meeting is not None:
                for key in MEETING_DATES:  # date, next
                    when = self.when(paper.meeting.raw, key, where=f"papers.{paper.id}.meeting")
                    setattr(paper.meeting, key, when)
        self._calendars()
        pb.resolved = True

    def _calendars(self) -> None:
        """Resolve each body's meeting days and closure days, and each paper's notices."""
        for body in self.playbook.bodies:
            where = f"bodies.{body.id}"
            body.meetings = self._listed(body.raw, "meetings", where)
            rules = body.raw.get("publication")
            if isinstance(rules, LocDict):
                body.closures = self._listed(rules, "closures", f"{where}.publication")
        for paper in self.playbook.papers:
            notices = paper.raw.get("notices")
            if isinstance(notices, LocDict):
                where = f"papers.{paper.id}.notices"
                paper.notices = {key: self.when(notices, key, where=where) for key in notices}

    def _listed(self, data: LocDict, key: str, where: str) -> list[When]:
        """Return each day in the list at `data[key]`, resolved, in order; an entry that
        is not one day (a month, TBC) is a DATE-INVALID: a meeting is on a day."""
        items = data.get(key)
        if not isinstance(items, LocList):
            return []
        out = []
        for index, text in enumerate(items):
            if isinstance(text, str):
                one = LocDict(items.pos(index))  # one item, so a problem names its place
                name = f"{key}[{index}]"
                one[name] = text
                one.values_at[name] = items.pos(index)
                when = self.when(one, name, where=where)
                window = when.window
                if when.form != "invalid" and (not window.known or window.start != window.end):
                    label = _label(where, name)
                    self.sink.add(
                        "DATE-INVALID",
                        when.pos,
                        f"{label}: {text!r} is not one day",
                        "write each day in the list as a day, such as 2017-11-08",
                        where=label,
                    )
                out.append(when)
        return out


def resolved(playbook: Playbook) -> Playbook:
    """Return the playbook with every date resolved (once: a second call does nothing).

    Problems go to a sink of their own: a playbook is checked, and they reported, first.
    """
    if not playbook.resolved:
        Dates(playbook, Sink(playbook.path)).resolve_all()
    return playbook
