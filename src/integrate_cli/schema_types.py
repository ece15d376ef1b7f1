"""A small typed vocabulary for defining the playbook format once.

Each type can check a loaded value (reporting findings at the value's position)
and describe itself as JSON Schema, so the validator and `integrate schema`
cannot drift apart. It is written here rather than taken from jsonschema or
pydantic because those cost more than parsing the file (see PERF notes in the
README) and do not report YAML positions.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from integrate_cli.findings import Sink
from integrate_cli.loader import LocDict, LocList, Pos

BAD: Any = object()  # returned by check() for a value that must be dropped
KNOWN_MAX = 10_000  # valid texts remembered per pattern (ids repeat from file to file)

# A value's data path (`stages[2].owner`) is needed only for a finding, so checking passes
# the pieces, (parent, key) or (parent, index), and the text is built on a finding only.
# A key of None stands for the keys of a mapping (`amounts key`).
Where = str | tuple[Any, Any]


_ID_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _key(items: list[Any], index: int) -> Any:
    """Return how a list item is named in a data path: its id when it has a usable one
    (`stages.go-live`), else its index (`lines[0]`)."""
    item = items[index]
    if type(item) is LocDict:
        item_id = item.get("id")
        if type(item_id) is str and _ID_KEY.fullmatch(item_id):
            return item_id
    return index


def where_text(where: Where) -> str:
    """Return a data path as text, ids for items that have one: 'stages.go-live.owner',
    'budgets.costs.lines[0].amounts'."""
    keys: list[Any] = []
    while isinstance(where, tuple):
        where, key = where
        keys.append(key)
    text = where
    for key in reversed(keys):
        if key is None:
            text = f"{text} key"
        elif isinstance(key, tuple):  # (list, index): named when a finding needs it
            step = _key(*key)
            text = f"{text}[{step}]" if isinstance(step, int) else f"{text}.{step}"
        elif isinstance(key, int):
            text = f"{text}[{key}]"
        else:
            text = f"{text}.{key}" if text else key
    return text


def describe(value: Any) -> str:
    """Return how a value reads to a person: 'a list', 'a number', ..."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def nearest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return "did you mean 'x'? " for the closest choice, or an empty string."""
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'? " if match else ""


class Type:
    """A value type: checks values and describes itself as JSON Schema."""

    description = ""
    noun = "a value"
    # The common valid case, decided by the containers without a call: a str value is
    # kept as it is when `any_text` is set or it is in `known`.
    any_text = False
    known: set[str] | frozenset[str] = frozenset()

    def check(self, value: Any, at: Pos, where: Where, sink: Sink) -> Any:
        """Return the value, or BAD after reporting why it cannot be used."""
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        """Return this type as a JSON Schema fragment."""
        raise NotImplementedError

    def wrong(self, value: Any, at: Pos, where: Where, sink: Sink) -> Any:
        path = where_text(where)
        sink.add(
            "SCHEMA-TYPE",
            at,
            f"{path} should be {self.noun}, not {describe(value)}",
            self.hint(value),
            where=path,
        )
        return BAD

    def hint(self, value: Any) -> str:
        """Return what to do about a value of the wrong type."""
        return "quote text that YAML would read as a number or yes/no"


@dataclass(eq=False)
class Str(Type):
    """Text; optionally a whole-string regular expression."""

    pattern: str | None = None
    pattern_hint: str = ""
    noun: str = "text"

    def __post_init__(self) -> None:
        self._regex = re.compile(self.pattern) if self.pattern else None
        self.any_text = self._regex is None
        self.known: set[str] = set()

    def check(self, value: Any, at: Pos, where: Where, sink: Sink) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool) and not self._regex:
            return str(value)
        if not isinstance(value, str):
            return self.wrong(value, at, where, sink)
        if self._regex is None or value in self.known:
            return value
        if not self._regex.fullmatch(value):
            path = where_text(where)
            sink.add(
                "SCHEMA-PATTERN",
                at,
                f"{path} {value!r} is not a valid {self.noun}",
                self.pattern_hint,
                where=path,
            )
            return BAD
        if len(self.known) < KNOWN_MAX:
            self.known.add(value)
        return value

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if self.pattern:
            out["pattern"] = f"^(?:{self.pattern})$"
        return out


class DateText(Type):
    """A date in any of the forms the papers use (checked by the date rules)."""

    noun = "a date"
    any_text = True

    def check(self, value: Any, at: Pos, where: Where, sink: Sink) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            return self.wrong(value, at, where, sink)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": ["string", "integer"]}


@dataclass(eq=False)
class Num(Type):
    """A number, whole or decimal, possibly negative, within an optional range."""

    minimum: float | None = None
    maximum: float | None = None
    noun: str = "a number"
    json_type = "number"

    def accepts(self, value: Any) -> bool:
        """Return True when `value` is of this type, range aside (never a yes/no value)."""
        return isinstance(value, int | float) and not isinstance(value, bool)

    def check(self, value: Any, at: Pos, where: Where, sink: Sink) -> Any:
        if not self.accepts(value):
            return self.wrong(value, at, where, sink)
        low = self.minimum if self.minimum is not None else value
        high = self.maximum if self.maximum is not None else value
        if not low <= value <= high:
            sink.add(
                "SCHEMA-RANGE",
                at,
                f"{where_text(where)} is {_short(value)}, outside {_short(low)} to {_short(high)}",
                f"use {self.noun.removeprefix('a ')} from {_short(low)} to {_short(high)}",
                where=where_text(where),
            )
            return BAD
        return value

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.json_type}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


@dataclass(eq=False)
class Int(Num):
    """A whole number within an optional range."""

    noun: str = "a whole number"
    json_type = "integer"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)


def _short(number: float) -> str:
    """Return a number as a person reads it; a huge one by its size, not 400 digits."""
    text = f"{number:,}"
    return text if len(text) <= 30 else f"a {len(str(abs(int(number))))}-digit number"


class Bool(Type):
    """true or false."""

    noun = "true or false"

    def check(self, value: Any, at: Pos, where: Where, sink: Sink) -> Any:
        return value if isinstance(value, bool) else self.wrong(value, at, where, sink)

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(eq=False)
class Enum(Type):
    """One of a fixed set of words."""

    values: tuple[str, ...] = ()
    noun: str = "one of the choices"

    def __post_init__(self) -> None:
        self.known = frozenset(self.values)

    def check(self, value: Any, at: Pos, where: Where, sink: Sink) -> Any:
        if not isinstance(value, str):
            return self.wrong(value, at, where, sink)
        if value not in self.values:
            sink.add(
                "SCHEMA-ENUM",
                at,
                f"{where_text(where)} is {value!r}, which is not one of the choices",
                f"{nearest(value, self.values)}use one of: {', '.join(self.values)}",
                where=where_text(where),
            )
            return BAD
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


@dataclass(eq=False)
class List(Type):
    """A list of items of one type; items that cannot be used are dropped."""

    item: Type = field(default_factory=Type)
    noun: str = "a list"

    def check(self, value: Any, at: Pos, where: Where, sink: Sink) -> Any:
        if not isinstance(value, LocList):
            return self.wrong(value, at, where, sink)
        item_type = self.item
        any_text, known = item_type.any_text, item_type.known
        checked_at: dict[int, Any] = {}  # items checked by a call, by index
        for index, item in enumerate(value):
            if type(item) is str and (any_text or item in known):
                continue
            checked_at[index] = item_type.check(
                item, value.items_at[index], (where, (value, index)), sink
            )
        if any(checked is BAD for checked in checked_at.values()):
            # Items are rewritten only when one is dropped (kept as before this was faster).
            kept = [
                (checked_at.get(index, item), item_at)
                for index, (item, item_at) in enumerate(zip(value, value.items_at, strict=True))
                if checked_at.get(index) is not BAD
            ]
            value[:] = [item for item, _ in kept]
            value.items_at[:] = [item_at for _, item_at in kept]
        return value

    def hint(self, value: Any) -> str:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return f"write a list, even of one item: [{value}]"
        return "write a list: one item a line, each starting with '- '"

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.schema()}


@dataclass(eq=False)
class Map(Type):
    """A mapping from keys of one form to values of one type."""

    key: Str = field(default_factory=Str)
    value: Type = field(default_factory=Type)
    noun: str = "a mapping"

    def check(self, value: Any, at: Pos, where: Where, sink: Sink) -> Any:
        if not isinstance(value, LocDict):
            return self.wrong(value, at, where, sink)
        key_type, value_type = self.key, self.value
        dropped: list[str] = []
        for key, item in value.items():
            if not (key_type.any_text or key in key_type.known):
                key_at = value.keys_at.get(key, value.at)
                if key_type.check(key, key_at, (where, None), sink) is BAD:
                    dropped.append(key)
                    continue
            if type(item) is str and (value_type.any_text or item in value_type.known):
                continue
            checked = value_type.check(item, value.values_at.get(key, value.at), (where, key), sink)
            if checked is BAD:
                dropped.append(key)
            elif checked is not item:
                value[key] = checked  # an existing key: safe while iterating
        for key in dropped:
            del value[key]
        return value

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "object", "additionalProperties": self.value.schema()}
        if self.key.pattern:
            out["propertyNames"] = {"pattern": f"^(?:{self.key.pattern})$"}
        return out


@dataclass(eq=False)
class F:
    """A field of an object: its type, its documentation and whether it is required."""

    type: Type
    description: str
    required: bool = False


@dataclass(eq=False)
class Obj(Type):
    """A mapping with named fields; unknown keys are reported with a suggestion."""

    name: str = "object"
    fields: dict[str, F] = field(default_factory=dict)
    description: str = ""
    noun: str = "a mapping"

    def check(self, value: Any, at: Pos, where: Where, sink: Sink) -> Any:
        if not isinstance(value, LocDict):
            return self.wrong(value, at, where, sink)
        fields = self.fields
        dropped: list[str] = []
        for key, item in value.items():
            spec = fields.get(key)
            if spec is None:
                sink.add(
                    "SCHEMA-UNKNOWN-KEY",
                    value.keys_at.get(key, value.at),
                    f"unknown key '{key}' in {self.name}",
                    f"{nearest(key, tuple(fields))}known keys: {', '.join(fields)}",
                    where=where_text((where, key)),
                )
                dropped.append(key)
                continue
            value_type = spec.type
            if type(item) is str and (value_type.any_text or item in value_type.known):
                continue
            checked = value_type.check(item, value.values_at.get(key, value.at), (where, key), sink)
            if checked is BAD:
                dropped.append(key)
            elif checked is not item:
                value[key] = checked  # an existing key: safe while iterating
        for key in dropped:
            del value[key]
        for key, spec in fields.items():
            if spec.required and key not in value and key not in value.keys_at:
                sink.add(
                    "SCHEMA-REQUIRED",
                    value.at,
                    f"{self.name} is missing required key '{key}'",
                    f"add '{key}:' ({spec.description.rstrip('.')})",
                    where=where_text(where),
                )
        return value

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "object", "title": self.name}
        if self.description:
            out["description"] = self.description
        props = {}
        for key, spec in self.fields.items():
            props[key] = {"title": key, "description": spec.description, **spec.type.schema()}
        out["properties"] = props
        required = [key for key, spec in self.fields.items() if spec.required]
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out
