"""A YAML document as written: each node with where its own text starts and ends.

The document is read as libyaml events, whose marks give each node's own text: an alias
where it is written (not where its anchor is), and a block scalar (`|`, `>-`...) up to
where its text ends, not the start of the next key that libyaml reads to find that end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PROPS = re.compile(r"(?:[&!][^ \t\r\n]*[ \t]*)+")
BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # every line break libyaml knows

SCALAR, MAP, SEQ, ALIAS = "scalar", "map", "seq", "alias"


class EditError(Exception):
    """The document cannot be edited as asked; the message says why."""


@dataclass(eq=False, slots=True)
class Node:
    """One node as written: its kind and where its text is."""

    kind: str
    start: int  # its first character, an anchor or tag included
    body: int  # its content, after any anchor and tag
    end: int = 0  # just after its last character
    line: int = 0  # 0-based line and column of its content
    column: int = 0
    start_column: int = 0  # 0-based column of its first character
    flow: bool = False
    style: str = ""
    value: str = ""  # a scalar's text; an alias's anchor name
    items: list[Node] = field(default_factory=list)  # a mapping's keys and values alternate
    parent: Node | None = None
    target: Node | None = None  # what an alias names
    aliases: list[Node] = field(default_factory=list)  # the aliases that name this node

    def pairs(self) -> list[tuple[Node, Node]]:
        """Return a mapping's (key, value) pairs."""
        return list(zip(self.items[::2], self.items[1::2], strict=True))

    def walk(self) -> Iterator[Node]:
        """Yield this node and every node written inside it (aliases not followed)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.items))


def parse(text: str) -> Node:
    """Return the root mapping of `text` as written (raises EditError when it is not one)."""
    loader = _Loader(text)
    stack: list[Node] = []
    anchors: dict[str, Node] = {}
    root: Node | None = None
    try:
        while loader.check_event():
            event: Any = loader.get_event()
            node = _node(text, event, anchors)
            if isinstance(event, yaml.CollectionEndEvent):
                done = stack.pop()
                marks: Any = (event.start_mark, event.end_mark)
                done.end = (
                    marks[1].index
                    if done.flow
                    else (done.items[-1].end if done.items else marks[0].index)
                )
                if done.kind == SEQ and not done.flow and done.items:
                    # libyaml's mark for a sequence written at its key's indentation lies
                    # after the dash: take the column of the first dash itself
                    first_item = done.items[0]
                    dash = text.rfind("-", 0, first_item.start)
                    if not BREAK.search(text, dash, first_item.start):
                        done.column = first_item.start_column - (first_item.start - dash)
                continue
            if node is None:
                continue
            if stack:
                node.parent = stack[-1]
                stack[-1].items.append(node)
            elif root is None:
                root = node
            if node.kind in (MAP, SEQ):
                stack.append(node)
    except yaml.YAMLError as exc:
        raise EditError(f"the file is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    if root is None or root.kind != MAP:
        raise EditError("the top level is not a mapping")
    return root


def _node(text: str, event: Any, anchors: dict[str, Node]) -> Node | None:
    first: Any = event.start_mark
    last: Any = event.end_mark
    start = first.index
    if isinstance(event, yaml.AliasEvent):
        node = Node(ALIAS, start, start, last.index, value=event.anchor or "")
        node.line, node.column = first.line, first.column
        node.start_column = first.column
        target = anchors.get(event.anchor or "")
        if target is None:
            raise EditError(f"the alias *{event.anchor} names no anchor")
        node.target = target
        target.aliases.append(node)
        return node
    if isinstance(event, yaml.ScalarEvent):
        props = _PROPS.match(text, start) if text[start : start + 1] in ("&", "!") else None
        body = props.end() if props else start
        node = Node(SCALAR, start, body, last.index, style=event.style or "")
        node.value = event.value
        node.line, node.column = first.line, first.column
        if node.style in ("|", ">"):
            node.end = _block_end(text, body, last.index)
    elif isinstance(event, yaml.CollectionStartEvent):
        kind = MAP if isinstance(event, yaml.MappingStartEvent) else SEQ
        flow = bool(event.flow_style)
        body = last.index - 1 if flow else last.index
        node = Node(kind, start, body, flow=flow)
        node.line, node.column = last.line, last.column - (1 if flow else 0)
    else:
        return None
    node.start_column = first.column
    if getattr(event, "anchor", None):
        anchors[event.anchor] = node
    return node


def _block_end(text: str, body: int, mark: int) -> int:
    """Return where a block scalar's text ends: its last content line, not the next key.

    With keep chomping (`|+`, `>+`) the empty lines after the text belong to it too.
    """
    header = BREAK.search(text, body, mark)
    if header is None:
        return mark
    keep = "+" in text[body : header.start()].split("#", 1)[0]
    last, indent, pos = header.start(), -1, header.end()
    while pos < mark:
        found = BREAK.search(text, pos, mark)
        line_end = found.start() if found else mark
        line = text[pos:line_end]
        content = line.lstrip(" ")
        if indent < 0 and content:
            indent = len(line) - len(content)
        if content or keep or (indent >= 0 and len(line) > indent):
            last = line_end
        pos = found.end() if found else mark
    return last


def newline_of(text: str) -> str:
    """Return the file's line ending: that of its first line (LF when it has none)."""
    found = re.search(r"\r\n|\r|\n", text)
    return found.group() if found else "\n"


def line_after(text: str, position: int) -> int:
    """Return the offset of the line after the one holding `position` (or the text's end)."""
    found = BREAK.search(text, position)
    return found.end() if found else len(text)


def resolve(node: Node) -> Node:
    """Return the node an alias names (the node itself when it is not an alias)."""
    while node.kind == ALIAS and node.target is not None:
        node = node.target
    return node


def get(node: Node, key: str) -> tuple[Node, Node] | None:
    """Return the (key, value) pair written in mapping `node` under `key`, or None."""
    for key_node, value_node in node.pairs():
        if key_node.kind == SCALAR and key_node.value == key:
            return key_node, value_node
    return None


def find_item(seq: Node | None, item_id: str) -> Node | None:
    """Return the mapping in a sequence whose `id` is `item_id` (aliases followed), or None."""
    if seq is None or resolve(seq).kind != SEQ:
        return None
    for item in resolve(seq).items:
        mapping = resolve(item)
        pair = get(mapping, "id") if mapping.kind == MAP else None
        if pair and pair[1].kind == SCALAR and pair[1].value == item_id:
            return item
    return None
