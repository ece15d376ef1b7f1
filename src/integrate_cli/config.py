"""The repository config file, `.integrate.yaml`: found, loaded and checked.

A config sets rule levels, paths to ignore, the amber window, the default paper
template, and holds per-body settings. It is found upward from a playbook, as
yamllint and ruff find theirs, stopping at the repository root (a folder holding
`.git`) or the filesystem root. A broken config is an input error (exit 2) listing
every problem with file:line:col and a code: running with the wrong rules could pass
what should fail.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from integrate_cli.config_path import CONFIG_NAME, find_config
from integrate_cli.errors import InputError, UsageError
from integrate_cli.loader import LocDict, LocList, load_file

OFF = "off"
RULE_LEVELS = (OFF, "warning", "error")
KEYS = ("version", "rules", "ignore", "status", "papers", "bodies")
# Codes a config may not change: a file that cannot be read or parsed is never checked.
FIXED_FAMILIES = ("file", "yaml")


@dataclass(frozen=True, slots=True)
class Config:
    """A loaded `.integrate.yaml`; `folder` is the absolute folder ignore patterns start in."""

    path: str
    folder: str
    levels: Mapping[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    amber_days: int | None = None
    template: str | None = None
    bodies: Mapping[str, Any] = field(default_factory=dict)
    patterns: tuple[re.Pattern[str], ...] = ()

    def paper_template(self) -> str | None:
        """Return papers.template: a name as written, a path made relative to the config."""
        if self.template is None or not self.template.endswith(".j2"):
            return self.template
        if os.path.isabs(self.template):
            return self.template
        return os.path.relpath(os.path.join(self.folder, self.template))

    def ignores(self, file: str) -> bool:
        """Return True when `file` matches one of the ignore patterns."""
        if not self.patterns:
            return False
        relative = os.path.relpath(os.path.abspath(file), self.folder).replace(os.sep, "/")
        if relative.startswith("../"):
            return False
        return any(p.match(relative) for p in self.patterns)


def named_config(name: str) -> Config:
    """Return the config at `name` (from --config); a missing file is a UsageError."""
    if not os.path.lexists(name):
        raise UsageError(f"--config {name}: no such file; name an existing {CONFIG_NAME}")
    if os.path.isdir(name):
        raise UsageError(f"--config {name} is a directory; name the config file in it")
    return load_config(name)


def config_for(start: str | Path, cache: dict[str, Config | None] | None = None) -> Config | None:
    """Return the config that applies to `start`, else None; `cache` maps folders to configs."""
    found = find_config(start)
    if found is None:
        return None
    key = str(found)
    if cache is None:
        return load_config(key)
    if key not in cache:
        cache[key] = load_config(key)
    return cache[key]


def load_config(path: str | Path) -> Config:
    """Return the checked config at `path`; raise InputError listing every problem."""
    name = str(path)
    loaded = load_file(name)
    problems = [
        f"{f.path}:{f.line}:{f.col}: error {f.code} {f.message}"
        for f in loaded.findings
        if f.code != "YAML-EMPTY"
    ]
    folder = os.path.dirname(os.path.abspath(name))
    data = loaded.data if loaded.data is not None else LocDict((1, 1))
    if problems:
        _fail(name, problems)
    checker = _Checker(name)
    config = checker.config(data, folder)
    if checker.problems:
        _fail(name, [p for _, p in sorted(checker.problems)])
    return config


def _fail(name: str, problems: list[str]) -> None:
    raise InputError(
        f"{name}: the config file has {len(problems)} problem"
        f"{'' if len(problems) == 1 else 's'}; fix them (docs/config.md):\n" + "\n".join(problems)
    )


class _Checker:
    """Checks each key of a config, collecting every problem with its position."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[tuple[tuple[int, int], str]] = []

    def add(self, at: tuple[int, int], code: str, message: str) -> None:
        self.problems.append((at, f"{self.name}:{at[0]}:{at[1]}: error {code} {message}"))

    def config(self, data: LocDict, folder: str) -> Config:
        from integrate_cli.schema_types import nearest

        for key in data:
            if key not in KEYS:
                hint = nearest(str(key), list(KEYS))
                self.add(
                    data.keys_at.get(key, data.at),
                    "CONFIG-UNKNOWN-KEY",
                    f"unknown key {key!r}; {hint}".rstrip("; "),
                )
        version = data.get("version", 1)
        if version != 1 or isinstance(version, bool):
            self.add(
                data.pos("version"),
                "CONFIG-VERSION",
                f"version {version!r} is not known; use version: 1",
            )
        ignore = self._ignore(data)
        status = self._mapping(data, "status", ("amber_days",))
        amber = status.get("amber_days")
        if amber is not None and (
            not isinstance(amber, int) or isinstance(amber, bool) or amber < 0
        ):
            self.add(
                status.pos("amber_days"),
                "CONFIG-TYPE",
                "status.amber_days must be a whole number of days, 0 or more",
            )
            amber = None
        papers = self._mapping(data, "papers", ("template",))
        template = papers.get("template")
        if template is not None and (not isinstance(template, str) or not template):
            self.add(
                papers.pos("template"),
                "CONFIG-TYPE",
                "papers.template must be a template name or path",
            )
            template = None
        bodies = self._mapping(data, "bodies", None)
        for body, value in bodies.items():
            if not isinstance(value, dict):
                self.add(
                    bodies.pos(body), "CONFIG-TYPE", f"bodies.{body} must be a mapping of settings"
                )
            elif isinstance(value, LocDict):
                self._body(str(body), value)
        return Config(
            self.name,
            folder,
            self._levels(data),
            tuple(ignore),
            amber,
            template,
            dict(bodies),
            tuple(ignore_pattern(p) for p in ignore),
        )

    def _body(self, body: str, value: LocDict) -> None:
        """Check a body's calendar and rules as the playbook format checks a body's."""
        from integrate_cli.dates import DateError, parse_date
        from integrate_cli.findings import Sink
        from integrate_cli.schema_types import Obj
        from integrate_cli.spec import BODY_CALENDAR

        sink = Sink(self.name)
        Obj("body settings", BODY_CALENDAR).check(value, value.at, f"bodies.{body}", sink)
        for f in sink.findings:
            self.add((f.line, f.col), "CONFIG-TYPE", f"bodies.{body}: {f.message}")
        rules = value.get("publication")
        for holder, key in ((value, "meetings"), (rules, "closures")):
            items = holder.get(key) if isinstance(holder, LocDict) else None
            if not isinstance(items, LocList):
                continue
            for index, text in enumerate(items):
                problem = f"{text!r} is not one day; write a day such as 2017-11-08"
                try:
                    expr = parse_date(text)
                except DateError as exc:
                    problem = exc.message
                    expr = None
                window = getattr(expr, "window", None)
                if window is None or not window.known or window.start != window.end:
                    at = items.pos(index)
                    self.add(at, "CONFIG-TYPE", f"bodies.{body}.{key}[{index}]: {problem}")

    def _mapping(self, data: LocDict, key: str, keys: tuple[str, ...] | None) -> LocDict:
        value = data.get(key)
        if value is None:
            return LocDict(data.at)
        if not isinstance(value, LocDict):
            self.add(data.pos(key), "CONFIG-TYPE", f"{key} must be a mapping")
            return LocDict(data.at)
        for inner in value if keys is not None else ():
            if inner not in keys:  # type: ignore[operator]
                self.add(
                    value.keys_at.get(inner, value.at),
                    "CONFIG-UNKNOWN-KEY",
                    f"unknown key {key}.{inner}; known: {', '.join(keys or ())}",
                )
        return value

    def _ignore(self, data: LocDict) -> list[str]:
        value = data.get("ignore", [])
        if not isinstance(value, list) or not all(isinstance(p, str) and p for p in value):
            self.add(
                data.pos("ignore"),
                "CONFIG-TYPE",
                "ignore must be a list of path patterns, such as 'drafts/**'",
            )
            return []
        return list(value)

    def _levels(self, data: LocDict) -> dict[str, str]:
        from integrate_cli.codes import all_codes
        from integrate_cli.schema_types import nearest

        rules = self._mapping(data, "rules", None)
        codes = {c.code: c for c in all_codes()}
        levels: dict[str, str] = {}
        for code, value in rules.items():
            at = rules.keys_at.get(code, rules.at)
            level = OFF if value is False else value  # `false` reads as off
            known = codes.get(str(code))
            if known is None:
                hint = nearest(str(code), list(codes)).strip() or "'integrate rules' lists them"
                self.add(at, "CONFIG-RULE", f"no rule has the code {code!r}; {hint}")
            elif known.family in FIXED_FAMILIES:
                self.add(
                    at,
                    "CONFIG-RULE",
                    f"{code} cannot be changed: a file that cannot be read or parsed "
                    "is never checked",
                )
            elif level not in RULE_LEVELS:
                self.add(
                    rules.pos(code),
                    "CONFIG-RULE",
                    f"{code}: level {level!r} is not one of off, warning, error",
                )
            else:
                levels[str(code)] = str(level)
        return levels


def ignore_pattern(pattern: str) -> re.Pattern[str]:
    """Return the regular expression for a gitignore-like pattern.

    `*` and `?` stay within one folder, `**` crosses folders; a pattern without a `/`
    (other than a trailing one) matches at any depth; a pattern that names a folder
    matches everything under it.
    """
    body = pattern.strip().removeprefix("./")
    anchored = "/" in body.rstrip("/")
    body = body.strip("/")
    out = []
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(body[i]))
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(prefix + "".join(out) + "(?:/.*)?$")
