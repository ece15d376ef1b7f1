"""Where a progress target is written: its item in the text, and who else uses that text.

A target is named `stage`, `stage.criterion` or `stage.decision`. It is found in the text
as written (libyaml's events, see yamledit), and an edit is refused when the text it would
change is also used elsewhere through an anchor: a stage merged into another with
`<<: *s1`, a status aliased by another item, a criteria list shared by two stages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from integrate_cli import yamledit
from integrate_cli.errors import Refused, UsageError
from integrate_cli.progress_check import SECTIONS, shown
from integrate_cli.schema_types import nearest
from integrate_cli.yamledit import ALIAS, MAP, SCALAR, SEQ, EditError, Node

NOUNS = {None: "stage", "criteria": "criterion", "decisions": "decision"}


@dataclass(eq=False)
class Target:
    """A stage, or a criterion or decision within one, named as `stage[.item]`."""

    name: str
    stage: str
    kind: str | None = None  # "criteria" or "decisions" for an item of a stage
    item: str = ""

    @property
    def noun(self) -> str:
        """Return what the target is: stage, criterion or decision."""
        return NOUNS[self.kind]

    def values(self, data: dict[str, Any] | None) -> dict[str, Any] | None:
        """Return the target's plain values in loaded playbook data, or None."""
        stage = _by_id(data.get("stages") if data else None, self.stage)
        if stage is None or self.kind is None:
            return stage
        return _by_id(stage.get(self.kind), self.item)


def _by_id(items: Any, wanted: str) -> dict[str, Any] | None:
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and item.get("id") == wanted:
                return item
    return None


def value_of(item: Node, key: str) -> Node | None:
    """Return the value written under `key` in mapping `item`, or None."""
    pair = yamledit.get(item, key)
    return pair[1] if pair else None


def _names(root: Node) -> list[str]:
    names: list[str] = []
    stages = value_of(root, "stages")
    for stage in yamledit.resolve(stages).items if stages else []:
        sid = _id(yamledit.resolve(stage))
        if sid is None:
            continue
        names.append(sid)
        for kind in ("criteria", "decisions"):
            seq = value_of(yamledit.resolve(stage), kind)
            for node in yamledit.resolve(seq).items if seq else []:
                iid = _id(yamledit.resolve(node))
                if iid is not None:
                    names.append(f"{sid}.{iid}")
    return names


def _id(node: Node) -> str | None:
    pair = yamledit.get(node, "id") if node.kind == MAP else None
    return pair[1].value if pair and pair[1].kind == SCALAR else None


def find_target(root: Node, name: str) -> Target:
    """Return the target named `name`; raises UsageError (with the nearest name) if none."""
    names = _names(root)
    if name not in names:
        hint = nearest(name, names)
        raise UsageError(
            f"no stage, criterion or decision '{shown(name)}' in this playbook"
            + (f"; {hint.rstrip(' ')}" if hint else "; targets are STAGE or STAGE.CRITERION")
        )
    stage, _, item = name.partition(".")
    if not item:
        return Target(name, stage)
    written = yamledit.find_item(value_of(root, "stages"), stage)
    assert written is not None  # it is among the names
    found = yamledit.resolve(written)
    kind = "criteria" if yamledit.find_item(value_of(found, "criteria"), item) else "decisions"
    return Target(name, stage, kind, item)


def locate(root: Node, target: Target) -> tuple[Node, list[Node]]:
    """Return the target's mapping as written and every node on the way to it."""
    path: list[Node] = []
    node = root
    steps = [("stages", target.stage)] + ([(target.kind, target.item)] if target.kind else [])
    for key, ident in steps:
        seq = value_of(node, key)
        item = yamledit.find_item(seq, ident)
        if seq is None or item is None:
            raise EditError(f"cannot find {target.noun} '{target.name}' as written")
        path += [seq, yamledit.resolve(seq), item]
        node = yamledit.resolve(item)
    path.append(node)
    return node, path


def refuse_shared(target: Target, path: list[Node], replaced: list[Node | None]) -> None:
    """Refuse an edit that would also change text used elsewhere through an anchor."""
    label = f"{target.noun} '{target.name}'"
    for node in path:
        if node.kind == ALIAS:
            raise Refused(
                f"{label} is written elsewhere and only named here, through the alias "
                f"*{node.value} at line {node.line + 1}; nothing was written. Write it out in "
                "full, then run again"
            )
        if node.aliases:
            _shared(label, node.aliases[0])
    for value in replaced:
        if value is None or value.kind == ALIAS:
            continue
        for inner in value.walk():
            for alias in inner.aliases:
                if not value.start <= alias.start < value.end:
                    _shared(label, alias)


def _shared(label: str, alias: Node) -> None:
    owner = _owner(alias)
    raise Refused(
        f"{label} cannot be changed alone: {owner} uses its text through *{alias.value} "
        f"(line {alias.line + 1}), so the edit would change {owner} too; nothing was written. "
        "Write the shared part out in full in each place, then run again"
    )


def _owner(node: Node) -> str:
    """Return which stage, criterion or decision holds `node`, in words."""
    ids: list[tuple[str, str]] = []
    child: Node | None = node
    while child is not None and child.parent is not None:
        seq = child.parent
        holder = seq.parent
        if seq.kind == SEQ and holder is not None and holder.kind == MAP and child.kind == MAP:
            index = holder.items.index(seq)
            key = holder.items[index - 1].value if index % 2 else ""
            ident = _id(child)
            if key in SECTIONS and ident is not None:
                ids.append((key, ident))
        child = seq
    if not ids:
        return "another part of the file"
    kind, _ = ids[0]
    return f"{SECTIONS[kind]} '{'.'.join(i for _, i in reversed(ids))}'"
