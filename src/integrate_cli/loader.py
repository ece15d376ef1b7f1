"""Load a playbook file into plain values that remember where they came from.

YAML is composed with libyaml (nodes carry marks) and the values are built from
the nodes in one pass, so positions cost almost nothing. Tags are resolved here,
not by PyYAML's constructor: dates stay the strings the author wrote, `14:00`
and `no` stay strings, and any tag that would construct an object is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from integrate_cli.errors import InputError
from integrate_cli.findings import Finding, Sink
from integrate_cli.fsutil import MAX_PLAYBOOK_BYTES, TooLarge, read_regular

MAX_BYTES = MAX_PLAYBOOK_BYTES
MAX_DEPTH = 64
MAX_VALUES = 200_000

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_T = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = _T + "str", _T + "int", _T + "float", _T + "bool", _T + "null"
_MAP, _SEQ, _MERGE = _T + "map", _T + "seq", _T + "merge"
_PLAIN_STRING_TAGS = {_STR, _T + "timestamp", _T + "value"}
_KEY_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _T + "timestamp"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
# PyYAML resolves every node's tag in Python, which is about 40% of composing a playbook.
# Here composing marks plain scalars only, and the builder resolves (with PyYAML's own
# table) just those whose first character could start something other than a string.
_PLAIN = "tag:integrate:plain"
_IMPLICIT: dict[str, list[tuple[str, Any]]] = yaml.resolver.Resolver.yaml_implicit_resolvers
_KNOWN: dict[str, str] = {}  # short plain text seen before -> its tag (keys, statuses)
_KNOWN_MAX = 10_000


def _mark(kind: Any, value: Any, implicit: Any) -> str:
    """Return a node's tag when composing: plain scalars are resolved by the builder."""
    if kind is yaml.ScalarNode:
        return _PLAIN if implicit[0] else _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


# PyYAML's path resolvers, which a safe loader never has, are called twice for every node:
# stand-ins that are builtins cost half as much as a Python function that does nothing.
_NO_PATHS: dict[Any, Any] = {}
_descend_no_path = _NO_PATHS.get  # called with (parent, index)
_ascend_no_path = _NO_PATHS.clear  # called with nothing; the dict stays empty


def _plain_tag(value: str) -> str:
    """Return the tag YAML 1.1 (PyYAML's SafeLoader) gives a plain scalar."""
    tag = _KNOWN.get(value)
    if tag is None:
        resolvers = _IMPLICIT.get(value[:1], ())
        tag = next((t for t, regexp in resolvers if regexp.match(value)), _STR)
        if len(value) <= 24 and len(_KNOWN) < _KNOWN_MAX:
            _KNOWN[value] = tag
    return tag


Pos = tuple[int, int]


class LocDict(dict[str, Any]):
    """A mapping that remembers the position of itself, its keys and its values."""

    __slots__ = ("at", "keys_at", "values_at")

    def __init__(self, at: Pos) -> None:
        self.at = at
        self.keys_at: dict[str, Pos] = {}
        self.values_at: dict[str, Pos] = {}

    def pos(self, key: str) -> Pos:
        """Return the position of the value under `key`, else of this mapping."""
        return self.values_at.get(key, self.at)


class LocList(list[Any]):
    """A sequence that remembers the position of itself and of each item."""

    __slots__ = ("at", "items_at")

    def __init__(self, at: Pos) -> None:
        self.at = at
        self.items_at: list[Pos] = []

    def pos(self, index: int) -> Pos:
        """Return the position of item `index`, else of this sequence."""
        return self.items_at[index] if 0 <= index < len(self.items_at) else self.at


@dataclass(slots=True, eq=False)
class Loaded:
    """A file's top-level mapping (None when unusable) and the loader's findings."""

    path: str
    data: LocDict | None
    findings: list[Finding] = field(default_factory=list)
    text: str = ""


_DROP: Any = object()  # a value refused by the loader: reported once, then left out


class _Stop(Exception):
    """Raised to abandon building values once a limit has been reported."""


def load_file(path: Path | str) -> Loaded:
    """Read and load one playbook file; every problem becomes a finding.

    Only regular files are read (a FIFO or device is refused, never waited on), and
    none over MAX_BYTES.
    """
    name = str(path)
    sink = Sink(name)
    try:
        raw = read_regular(name, MAX_BYTES)
    except TooLarge as exc:
        sink.add(
            "FILE-TOO-LARGE",
            (1, 1),
            f"file is {exc.size:,} bytes; playbooks are limited to {MAX_BYTES:,}",
            "check that the right file is named, or split the plan",
        )
        return Loaded(name, None, sink.findings)
    except InputError as exc:
        message = str(exc).removeprefix(f"{name}: ")
        hint = (
            "name a .yaml file, or pass the directory to search it"
            if "directory" in message
            else "check that the file exists, is readable and is a regular file"
        )
        sink.add("FILE-UNREADABLE", (1, 1), message, hint)
        return Loaded(name, None, sink.findings)
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> Loaded:
    """Decode and load playbook bytes (UTF-8, an optional BOM, LF or CRLF)."""
    sink = Sink(name)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        sink.add(
            "FILE-BINARY",
            (line, 1),
            "contains a NUL byte: this is binary data, not YAML",
            "check that the right file is named",
        )
        return Loaded(name, None, sink.findings)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = raw[exc.start]
        guess = (
            " (in Windows-1252 that is " + repr(bytes([byte]).decode("cp1252")) + ")"
            if 0x80 <= byte <= 0xFF and byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
            else ""
        )
        sink.add(
            "FILE-ENCODING",
            (line, col),
            f"is not UTF-8: byte 0x{byte:02X} at line {line}{guess}",
            "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
        )
        return Loaded(name, None, sink.findings)
    return load_text(text, name)


def load_text(text: str, name: str) -> Loaded:
    """Load playbook text; returns the top-level mapping and any findings."""
    sink = Sink(name)
    loader = _Loader(text)
    loader.resolve = _mark
    loader.descend_resolver = _descend_no_path
    loader.ascend_resolver = _ascend_no_path
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "maximum nesting depth" in str(exc):  # libyaml's own limit (PyYAML >= 6.0.3)
            sink.add(
                "YAML-TOO-DEEP",
                at,
                f"nests more than {MAX_DEPTH} levels deep",
                "a playbook needs a handful of levels; check the structure",
            )
        elif "but found another document" in str(exc):
            sink.add(
                "YAML-MULTI-DOC",
                at,
                "holds more than one YAML document",
                "remove the extra '---' separator; a playbook is one document",
            )
        else:
            tab = "\t" in problem or _char_at(text, at) == "\t"
            hint = (
                "indent with spaces, not tabs"
                if tab
                else "check the indentation and quoting at this position"
            )
            sink.add("YAML-SYNTAX", at, f"YAML syntax error: {problem}", hint)
        return Loaded(name, None, sink.findings, text)
    except yaml.YAMLError as exc:
        sink.add("YAML-SYNTAX", (1, 1), f"YAML syntax error: {exc}", "check the file is YAML")
        return Loaded(name, None, sink.findings, text)
    finally:
        loader.dispose()
    if node is None:
        sink.add(
            "YAML-EMPTY",
            (1, 1),
            "is empty: there is no playbook in it",
            "start from `integrate init` or docs/playbook-format.md",
        )
        return Loaded(name, None, sink.findings, text)
    builder = _Builder(sink)
    try:
        value = builder.build(node, 0)
    except _Stop:
        return Loaded(name, None, sink.findings, text)
    if value is _DROP:
        return Loaded(name, None, sink.findings, text)
    if not isinstance(value, LocDict):
        sink.add(
            "YAML-NOT-MAPPING",
            _at(node),
            "the top level is not a mapping",
            "a playbook starts with keys such as 'version: 1' and 'programme:'",
        )
        return Loaded(name, None, sink.findings, text)
    return Loaded(name, value, sink.findings, text)


def _char_at(text: str, at: Pos) -> str:
    lines = text.splitlines()
    if at[0] - 1 < len(lines):
        line = lines[at[0] - 1]
        return "\t" if "\t" in line[: at[1]] else line[at[1] - 1 : at[1]]
    return ""


def _at(node: yaml.Node) -> Pos:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Builds plain values from composed nodes, enforcing the loader's limits."""

    __slots__ = ("count", "sink")

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.count = 0

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            self.sink.add(
                "YAML-ALIAS-BOMB",
                _at(node),
                f"expands to more than {MAX_VALUES:,} values",
                "remove the nested anchors and aliases; write the values out",
            )
            raise _Stop
        if depth > MAX_DEPTH:
            self.sink.add(
                "YAML-TOO-DEEP",
                _at(node),
                f"nests more than {MAX_DEPTH} levels deep",
                "a playbook needs a handful of levels; check the structure",
            )
            raise _Stop
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        if node.tag != _SEQ:
            return self.bad_tag(node)
        items = LocList(_at(node))
        shallow = depth < MAX_DEPTH
        for child in node.value:
            value = child.value
            if (
                child.tag == _PLAIN
                and shallow
                and self.count < MAX_VALUES
                and (value[:1] not in _IMPLICIT or _KNOWN.get(value) in _PLAIN_STRING_TAGS)
            ):
                self.count += 1  # a plain string: the common case, built here
            else:
                value = self.build(child, depth + 1)
                if value is _DROP:
                    continue
            mark = child.start_mark
            items.items_at.append((mark.line + 1, mark.column + 1))
            items.append(value)
        return items

    def bad_tag(self, node: yaml.Node) -> Any:
        self.sink.add(
            "YAML-TAG",
            _at(node),
            f"tag {node.tag.replace(_T, '!!')!r} is not allowed: playbooks are data",
            "remove the tag and write the plain value",
        )
        return _DROP

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _PLAIN:
            if value[:1] not in _IMPLICIT:
                return value
            tag = _plain_tag(value)
        if tag in _PLAIN_STRING_TAGS:
            return value
        if tag == _INT:
            if ":" in value:  # YAML 1.1 sexagesimal: `14:00` means a time, keep the text
                return value
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if tag == _BOOL:
            return True if value in _TRUE else False if value in _FALSE else value
        if tag == _NULL:
            return None
        if tag == _FLOAT:
            try:
                number = float(value.replace("_", ""))
            except ValueError:
                return value
            return value if number != number or number in (float("inf"), float("-inf")) else number
        return self.bad_tag(node)

    def mapping(self, node: yaml.MappingNode, depth: int) -> Any:
        if node.tag != _MAP:
            return self.bad_tag(node)
        mark = node.start_mark
        result = LocDict((mark.line + 1, mark.column + 1))
        keys_at, values_at = result.keys_at, result.values_at
        merges: list[LocDict] = []
        shallow = depth < MAX_DEPTH
        for key_node, value_node in node.value:
            key = key_node.value
            key_tag = key_node.tag
            if key_tag != _PLAIN or (key[:1] in _IMPLICIT and _KNOWN.get(key) != _STR):
                if key_tag == _PLAIN:
                    key_tag = _plain_tag(key)
                if key_tag == _MERGE:
                    merged = self.build(value_node, depth + 1)
                    merges.extend(
                        m
                        for m in (merged if isinstance(merged, list) else [merged])
                        if isinstance(m, LocDict)
                    )
                    continue
                if key_tag not in _KEY_TAGS or not isinstance(key_node, yaml.ScalarNode):
                    self.sink.add(
                        "YAML-KEY",
                        _at(key_node),
                        "a mapping key must be a plain value",
                        "write the key as a plain string",
                    )
                    continue
            if key in keys_at:
                first = keys_at[key]
                self.sink.add(
                    "YAML-DUPLICATE-KEY",
                    _at(key_node),
                    f"key '{key}' appears twice in this mapping (first at line "
                    f"{first[0]}); the first value is kept",
                    "remove or rename one of them",
                )
                self.count += 1
                continue
            mark = key_node.start_mark
            keys_at[key] = (mark.line + 1, mark.column + 1)
            mark = value_node.start_mark
            values_at[key] = (mark.line + 1, mark.column + 1)
            if value_node.tag == _PLAIN and shallow and self.count < MAX_VALUES:
                value = value_node.value
                if value[:1] not in _IMPLICIT or _KNOWN.get(value) in _PLAIN_STRING_TAGS:
                    self.count += 1  # a plain string: the common case, built here
                    result[key] = value
                    continue
            value = self.build(value_node, depth + 1)
            if value is not _DROP:
                result[key] = value
        for merged in merges:
            for key, value in merged.items():
                if key not in result:
                    result[key] = value
                    result.keys_at[key] = merged.keys_at[key]
                    result.values_at[key] = merged.values_at[key]
        return result
