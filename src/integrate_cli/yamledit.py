"""Exact text edits of a YAML document: change one key and leave every other byte alone.

Positions come from the document as written (yamlnodes), so comments, quoting, key order,
blank lines and line endings outside the edited value are untouched, and inserted lines
end the way the file's lines end.
"""

from __future__ import annotations

import json
import re
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
    "insert_key",
    "insert_list",
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


def apply(text: str, change: Change) -> str:
    """Return `text` with one change applied."""
    return text[: change.start] + change.new + text[change.end :]


def replace(text: str, key: Node, value: Node, new: str) -> Change:
    """Return the change that writes `new` (one line of YAML) as the value after `key`.

    An anchor or tag on the old value is kept; a block collection becomes flow text.
    """
    if value.kind in (MAP, SEQ) and not value.flow:
        props = text[value.start : value.body].split("#", 1)[0].strip()
        return Change(key.end, value.end, f": {props + ' ' if props else ''}{new}")
    return Change(value.body, value.end, new)


def insert_key(
    text: str, node: Node, key: str, value: str, after: tuple[str, ...], newline: str
) -> Change:
    """Return the change that adds `key: value` to mapping `node`, which lacks `key`.

    In a block mapping the new line goes after the last present key among `after` (else
    after the last key); in a flow mapping, after its last entry.
    """
    return _insert(text, node, [f"{key}: {value}"], after, newline)


def insert_list(
    text: str,
    node: Node,
    key: str,
    entries: list[str],
    after: tuple[str, ...],
    newline: str,
    offset: int,
) -> Change:
    """Return the change that adds `key` holding `entries` (flow text) to mapping `node`.

    In a block mapping it is a block sequence indented by `offset` under the key, one entry
    a line; in a flow mapping, a flow sequence.
    """
    if node.flow:
        return _insert(text, node, [f"{key}: [{', '.join(entries)}]"], after, newline)
    lines = [f"{key}:"] + [" " * offset + f"- {entry}" for entry in entries]
    return _insert(text, node, lines, after, newline)


def _insert(
    text: str, node: Node, lines: list[str], after: tuple[str, ...], newline: str
) -> Change:
    if node.flow:
        (line,) = lines
        if not node.items:
            return Change(node.body + 1, node.body + 1, line)
        position = max(node.items[-2].end, node.items[-1].end)
        return Change(position, position, f", {line}")
    if not node.items:
        raise EditError("cannot add a key to an empty mapping")
    key, value = node.pairs()[-1]
    for name in after:
        key, value = get(node, name) or (key, value)
    end = key.end if (value.kind == SCALAR and value.start == value.end) else value.end
    position = line_after(text, max(end, key.end))
    indent = " " * node.items[0].column
    new = "".join(f"{indent}{line}{newline}" for line in lines)
    return _at_line_start(text, position, new, newline)


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
