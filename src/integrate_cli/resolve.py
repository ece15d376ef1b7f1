"""Resolve every date in a playbook to a window, relative dates through the graph."""

from __future__ import annotations

from integrate_cli.dates import TBC, DateError, Fixed, Relative, Window, parse_date
from integrate_cli.findings import Sink
from integrate_cli.loader import LocDict
from integrate_cli.model import Playbook, Record, Stage
from integrate_cli.suggest import Suggestions

DATE_HINT = (
    "write a day (2017-11-08 or 29.8.14), a month (April 2016), a financial year "
    "(2018/19), a quarter (Q3 2017), a season (autumn 2017), TBC, or a relative date "
    "(6 months after STAGE-ID)"
)


class Dates:
    """Resolves date fields on demand, caching each and reporting each problem once.

    A relative date counts from one anchor, whose date may itself be relative: a chain,
    followed in a loop (never by recursion), so a plan of any length and in any order
    resolves. The windows are kept with the playbook: a second Dates of the same playbook
    (status after validation) reads them, and reports nothing already reported.
    """

    def __init__(self, playbook: Playbook, sink: Sink) -> None:
        self.playbook = playbook
        self.sink = sink
        # (id of the mapping, key) -> the window, and the mapping itself, held so that
        # its id is never reused while the entry lives
        self._cache: dict[tuple[int, str], tuple[Window, LocDict]] = playbook.windows
        self._relative: dict[tuple[int, str], str] = playbook.anchored
        self._anchors: dict[str, tuple[Stage, LocDict | None]] = {}
        self._anchor_ids: tuple[str, ...] = ()
        self._suggestions = Suggestions()

    def _anchor_index(self) -> dict[str, tuple[Stage, LocDict | None]]:
        """Return what a relative date may count from, by reference (built when first used)."""
        if not self._anchors:
            for stage in self.playbook.stages:
                self._anchors.setdefault(stage.id, (stage, None))
                for raw in [*(c.raw for c in stage.criteria), *(d.raw for d in stage.decisions)]:
                    self._anchors.setdefault(f"{stage.id}.{raw.get('id')}", (stage, raw))
            self._anchor_ids = tuple(self._anchors)
        return self._anchors

    def of(self, data: LocDict, key: str, *, where: str = "") -> Window:
        """Return the window of `data[key]`; TBC when absent or unusable."""
        cached = self._cache.get((id(data), key))
        if cached is not None:
            return cached[0]
        if not isinstance(data.get(key), str):
            return TBC
        # Follow the chain of anchors until a date that is known, fixed or unusable, then
        # shift back along the chain, caching every date on the way.
        chain: list[tuple[LocDict, str, Relative]] = []
        labels: dict[str, int] = {}
        label = f"{where}.{key}" if where else key
        while True:
            text = data.get(key)
            if not isinstance(text, str):
                window = TBC
                break
            slot = (id(data), key)
            cached = self._cache.get(slot)
            if cached is not None:
                window = cached[0]
                break
            if label in labels:
                cycle = " -> ".join([*list(labels)[labels[label] :], label])
                self.sink.add(
                    "DATE-CYCLE",
                    data.pos(key),
                    f"relative dates form a cycle: {cycle}",
                    "anchor one of these dates to a fixed date",
                    where=label,
                )
                window = TBC
                self._cache[slot] = (window, data)
                break
            labels[label] = len(labels)
            expr = self._parse(text, data, key, label)
            if isinstance(expr, Window):
                window = expr
                self._cache[slot] = (window, data)
                break
            self._relative[slot] = expr.anchor
            chain.append((data, key, expr))
            data, key, where = self._anchor_field(expr.anchor)
            label = f"{where}.{key}"
        for data, key, expr in reversed(chain):
            window = window.shifted(expr.amount, expr.unit)
            self._cache[id(data), key] = (window, data)
        return window

    def _parse(self, text: str, data: LocDict, key: str, label: str) -> Window | Relative:
        """Return a fixed date's window, or a relative date whose anchor exists."""
        try:
            expr = parse_date(text)
        except DateError as exc:
            self.sink.add(
                "DATE-INVALID", data.pos(key), f"{label}: {exc.message}", exc.hint, where=label
            )
            return TBC
        if isinstance(expr, Fixed):
            return expr.window
        anchors = self._anchor_index()
        if expr.anchor not in anchors:
            self.sink.add(
                "REF-UNRESOLVED",
                data.pos(key),
                f"{label} is relative to '{expr.anchor}', which is not a stage, "
                "criterion or decision in this playbook",
                f"{self._suggestions.nearest(expr.anchor, self._anchor_ids)}anchor it to a "
                "stage id or stage.criterion",
                where=label,
            )
            return TBC
        return expr

    def _anchor_field(self, ref: str) -> tuple[LocDict, str, str]:
        """Return the field a relative date counts from, and where it is (for messages).

        Its done date when done, else its due date (a criterion or decision without one:
        its stage's), else its start.
        """
        stage, item = self._anchor_index()[ref]
        where = f"stages.{stage.id}" if item is None else f"stages.{ref}"
        raw = stage.raw if item is None else item
        status = raw.get("status", "not-started") if item is not None else stage.status
        record = Record.of(raw.get("record"))
        if status == "done" and record is not None and record.on:
            return record.raw, "on", f"{where}.record"
        if item is not None and "due" not in raw:
            return stage.raw, "due", f"stages.{stage.id}"
        return raw, "due" if "due" in raw else "start", where

    def anchor(self, ref: str) -> Window:
        """Return the date a relative date counts from: done date, else due, else start."""
        data, key, where = self._anchor_field(ref)
        return self.of(data, key, where=where)

    def stage_anchors(self, stage: Stage) -> list[str]:
        """Return the ids of the stages that the stage's start and due count from."""
        self.start(stage)
        self.due(stage)
        refs = (self._relative.get((id(stage.raw), key)) for key in ("start", "due"))
        return [ref.split(".", 1)[0] for ref in refs if ref is not None]

    def due(self, stage: Stage) -> Window:
        """Return the stage's due window (TBC when it has none)."""
        return self.of(stage.raw, "due", where=f"stages.{stage.id}")

    def start(self, stage: Stage) -> Window:
        """Return the stage's start window (TBC when it has none)."""
        return self.of(stage.raw, "start", where=f"stages.{stage.id}")

    def item_due(self, stage: Stage, raw: LocDict) -> Window:
        """Return a criterion's or decision's due window, defaulting to its stage's."""
        if "due" in raw:
            return self.of(raw, "due", where=f"stages.{stage.id}.{raw.get('id', '')}")
        return self.due(stage)

    def done_on(self, record: Record | None) -> Window:
        """Return the window of a record's date (TBC when it has none)."""
        return TBC if record is None else self.of(record.raw, "on", where="record")

    def resolve_all(self) -> None:
        """Resolve every date field once, so that every date problem is reported."""
        pb = self.playbook
        for stage in pb.stages:
            self.start(stage)
            self.due(stage)
            self.done_on(stage.record)
            for raw in [*(c.raw for c in stage.criteria), *(d.raw for d in stage.decisions)]:
                self.item_due(stage, raw)
            for criterion in stage.criteria:
                self.done_on(criterion.record)
            for decision in stage.decisions:
                for record in decision.taken.values():
                    self.done_on(record)
        for agreement in pb.agreements:
            for key in ("starts", "ends", "review"):
                self.of(agreement, key, where=f"agreements.{agreement.get('id', '')}")
        for paper in pb.papers:
            meeting = paper.get("meeting")
            if isinstance(meeting, LocDict):
                for key in ("date", "next"):
                    self.of(meeting, key, where=f"papers.{paper.get('id', '')}.meeting")
