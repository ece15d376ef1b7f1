"""Exact text edits of a YAML document: change one key and leave every other byte alone.

Positions come from the document as written (yamlnodes), so comments, quoting, key order,
blank lines and line endings outside the edited value are untouched, and inserted lines
end the way the file's lines end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from integrate_cli.yamlnodes import (
    ALIAS,
    MAP,
    SCALAR,
    SEQ,
    EditError,
    Node,
    find_item,
    get,
    line_after,
    newline_of,
    parse,
    resolve,
)

__all__ = [
    "ALIAS",
    "MAP",
    "SCALAR",
    "SEQ",
    "Change",
    "EditError",
    "Node",
    "append_item",
    "apply",
    "find_item",
    "flow",
    "get",
    "insert_pairs",
    "newline_of",
    "parse",
    "replace",
    "resolve",
    "scalar",
    "sequence_offset",
]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLAIN = re.compile(r"[A-Za-z0-9£(][^:#{}\[\],&*!|>'\"%@`\x00-\x1f\x7f-\x9f]*")
# What YAML may hold as written; anything else in a quoted scalar is escaped.
_UNPRINTABLE = re.compile(
    "[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]"
)


def scalar(value: object) -> str:
    """Return `value` as a YAML scalar that reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _ISO_DAY.fullmatch(text):  # playbooks keep dates as the text written
        return text
    if _PLAIN.fullmatch(text) and not text.endswith(" "):
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return _quoted(text)


def _quoted(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(
        lambda m: f"\\u{ord(m[0]):04x}" if ord(m[0]) < 0x10000 else f"\\U{ord(m[0]):08x}",
        quoted,
    )


def flow(pairs: dict[str, object]) -> str:
    """Return a one-line flow mapping such as {on: 2018-01-08, by: PMO}."""
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in pairs.items()) + "}"


@dataclass(eq=False)
class Change:
    """Replace text[start:end] with `new`."""

    start: int
    end: int
    new: str


def apply(text: str, changes: list[Change]) -> str:
    """Return `text` with every change applied; changes at one place apply in list order.

    Changes are worked out on the same text and must not overlap (EditError if they do).
    """
    out: list[str] = []
    position = 0
    for change in sorted(changes, key=lambda c: c.start):
        if change.start < position:
            raise EditError("two changes overlap; nothing was written")
        out += [text[position : change.start], change.new]
        position = change.end
    return "".join(out) + text[position:]


def replace(text: str, key: Node, value: Node, new: str) -> Change:
    """Return the change that writes `new` (one line of YAML) as the value after `key`.

    An anchor or tag on the old value is kept; a block collection becomes flow text.
    """
    if value.kind in (MAP, SEQ) and not value.flow:
        props = text[value.start : value.body].split("#", 1)[0].strip()
        return Change(key.end, value.end, f": {props + ' ' if props else ''}{new}")
    return Change(value.body, value.end, new)


Value = str | list[str]  # one line of flow text, or a list's entries (each flow text)


def insert_pairs(
    text: str,
    node: Node,
    pairs: Sequence[tuple[str, Value]],
    after: tuple[str, ...],
    newline: str,
    offset: int = 2,
) -> Change:
    """Return the change that adds `pairs` (keys `node` lacks) to mapping `node`, in order.

    In a block mapping the new lines go after the last present key among `after` (else
    after the last key), a list as a block sequence indented by `offset` under its key;
    in a flow mapping, after its last entry, a list as a flow sequence.
    """
    if node.flow:
        parts = [f"{k}: {v if isinstance(v, str) else '[' + ', '.join(v) + ']'}" for k, v in pairs]
        if not node.items:
            return Change(node.body + 1, node.body + 1, ", ".join(parts))
        position = max(node.items[-2].end, node.items[-1].end)
        return Change(position, position, "".join(f", {part}" for part in parts))
    if not node.items:
        raise EditError("cannot add a key to an empty mapping")
    key, value = node.pairs()[-1]
    for name in after:
        key, value = get(node, name) or (key, value)
    end = key.end if (value.kind == SCALAR and value.start == value.end) else value.end
    position = line_after(text, max(end, key.end))
    lines: list[str] = []
    for name, item in pairs:
        if isinstance(item, str):
            lines.append(f"{name}: {item}")
        else:
            lines += [f"{name}:", *(" " * offset + f"- {entry}" for entry in item)]
    indent = " " * node.items[0].column
    return _at_line_start(text, position, "".join(f"{indent}{x}{newline}" for x in lines), newline)


def append_item(text: str, seq: Node, entry: str, newline: str) -> Change:
    """Return the change that adds `entry` (flow text) as the last item of sequence `seq`."""
    if seq.flow:
        if not seq.items:
            return Change(seq.body + 1, seq.body + 1, entry)
        return Change(seq.items[-1].end, seq.items[-1].end, f", {entry}")
    position = line_after(text, seq.items[-1].end)
    return _at_line_start(text, position, f"{' ' * seq.column}- {entry}{newline}", newline)


def _at_line_start(text: str, position: int, new: str, newline: str) -> Change:
    """Return the change inserting whole lines at `position`, ending an unended last line."""
    if position == len(text) and text and text[-1] not in "\r\n\x85\u2028\u2029":
        new = newline + new
    return Change(position, position, new)


def sequence_offset(root: Node) -> int:
    """Return how far this file indents a block sequence under its key (2 when unseen)."""
    for node in root.walk():
        if node.kind == MAP and not node.flow:
            for key, value in node.pairs():
                if value.kind == SEQ and not value.flow and value.line > key.line:
                    return max(0, value.column - key.column)
    return 2
