"""Exact text edits of a YAML document: change one key and leave every other byte alone.

Spans come from libyaml's marks (character offsets), so comments, quoting, key order,
blank lines and line endings outside the edited value are untouched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLAIN = re.compile(r"[A-Za-z0-9£(][^:#{}\[\],&*!|>'\"%@`\n\r]*")


class EditError(Exception):
    """The document cannot be edited as asked; the message says why."""


def compose(text: str) -> yaml.MappingNode:
    """Return the root mapping node of `text` (raises EditError when it is not one)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise EditError(f"the file is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):
        raise EditError("the top level is not a mapping")
    return node


def scalar(value: str) -> str:
    """Return `value` as a YAML scalar: plain when that reads back as the same text."""
    if _ISO_DAY.fullmatch(value):  # playbooks keep dates as the text written
        return value
    if _PLAIN.fullmatch(value) and not value.endswith(" "):
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def flow(pairs: dict[str, str | bool]) -> str:
    """Return a one-line flow mapping such as {on: 2018-01-08, by: PMO}."""
    parts = []
    for key, value in pairs.items():
        text = ("true" if value else "false") if isinstance(value, bool) else scalar(value)
        parts.append(f"{key}: {text}")
    return "{" + ", ".join(parts) + "}"


def get(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """Return the (key node, value node) pair for `key`, or None."""
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def find_item(seq: yaml.Node | None, item_id: str) -> yaml.MappingNode | None:
    """Return the mapping in a sequence whose `id` is `item_id`, or None."""
    if not isinstance(seq, yaml.SequenceNode):
        return None
    for item in seq.value:
        if isinstance(item, yaml.MappingNode):
            pair = get(item, "id")
            if pair and isinstance(pair[1], yaml.ScalarNode) and pair[1].value == item_id:
                return item
    return None


def _end(node: yaml.Node) -> int:
    """Return the offset just after the last character that belongs to `node`."""
    if isinstance(node, yaml.MappingNode) and node.flow_style is False and node.value:
        return _end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.flow_style is False and node.value:
        return _end(node.value[-1])
    return int(node.end_mark.index)


@dataclass(eq=False)
class Change:
    """Replace text[start:end] with `new`."""

    start: int
    end: int
    new: str


def set_key(
    text: str, node: yaml.MappingNode, key: str, value: str, after: tuple[str, ...], newline: str
) -> Change:
    """Return the change that sets `key: value` (value is YAML text on one line) in `node`.

    An existing value is replaced in place. A missing key goes after the last present key
    among `after` (else at the end): on its own line in a block mapping, or before the
    closing brace of a flow mapping.
    """
    pair = get(node, key)
    if pair is not None:
        key_node, old = pair
        if isinstance(old, yaml.CollectionNode) and not old.flow_style:
            return Change(key_node.end_mark.index, _end(old), f": {value}")
        return Change(old.start_mark.index, _end(old), value)
    if node.flow_style:
        close = node.end_mark.index - 1
        while close > 0 and text[close - 1] in " \t":
            close -= 1
        empty = not node.value
        return Change(close, close, f"{'' if empty else ', '}{key}: {value}")
    if not node.value:
        raise EditError(f"cannot add '{key}' to an empty mapping")
    anchor_pair = None
    for name in after:
        anchor_pair = get(node, name) or anchor_pair
    last = anchor_pair or node.value[-1]
    position = _end(last[1])
    line_end = text.find("\n", position)
    line_end = len(text) if line_end == -1 else line_end + 1
    indent = " " * node.value[0][0].start_mark.column
    prefix = "" if text[:line_end].endswith("\n") else newline
    return Change(line_end, line_end, f"{prefix}{indent}{key}: {value}{newline}")


def apply(text: str, change: Change) -> str:
    """Return `text` with one change applied."""
    return text[: change.start] + change.new + text[change.end :]
