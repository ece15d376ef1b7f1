"""The registry of finding codes: each has a stable code, a default level and its docs.

Loader and schema codes are declared here; each semantic rule registers its own
code with :func:`register` when its module is imported.
"""

from __future__ import annotations

from typing import NamedTuple

from integrate_cli.findings import ERROR, WARNING


class Code(NamedTuple):
    """A finding code with its default level, a one-line title and its user docs."""

    code: str
    level: str
    title: str
    doc: str
    family: str


CODES: dict[str, Code] = {}


def register(code: str, level: str, title: str, doc: str, family: str) -> None:
    """Add a code to the registry; a code registered twice is a programming error."""
    if code in CODES:
        raise RuntimeError(f"code {code} registered twice")
    CODES[code] = Code(code, level, title, " ".join(doc.split()), family)


def level_of(code: str) -> str:
    """Return the default level of a registered code."""
    return CODES[code].level


def all_codes() -> list[Code]:
    """Return every code, loader and schema codes first, then rules, each family sorted."""
    import integrate_cli.rules  # noqa: F401  (registers the rule codes)

    order = {"file": 0, "yaml": 1, "schema": 2, "rule": 3, "config": 4}
    return sorted(CODES.values(), key=lambda c: (order[c.family], c.code))


_LOADER = [
    (
        "FILE-UNREADABLE",
        "The file cannot be read",
        "The path could not be opened (permissions, a broken symlink, a directory). "
        "Fix the path or its permissions.",
    ),
    (
        "FILE-TOO-LARGE",
        "The file is larger than a playbook can be",
        "Playbooks over 5 MiB are not read at all: a plan that size is almost certainly "
        "generated or pasted by mistake. Split it, or check that the right file is named.",
    ),
    (
        "FILE-BINARY",
        "The file is binary, not text",
        "A NUL byte was found: the file is not YAML text.",
    ),
    (
        "FILE-ENCODING",
        "The file is not UTF-8",
        "Playbooks are UTF-8. The finding names the first byte that is not, with its line; "
        "a £ sign saved by an old editor as Windows-1252 is the usual cause. Re-save as UTF-8. "
        "A UTF-8 byte-order mark and CRLF line ends are accepted.",
    ),
    (
        "YAML-SYNTAX",
        "The YAML cannot be parsed",
        "The position is where the parser gave up. Tabs used for indentation are the usual "
        "cause: YAML indents with spaces.",
    ),
    ("YAML-EMPTY", "The file holds no playbook", "The file is empty or holds only comments."),
    (
        "YAML-NOT-MAPPING",
        "The top level is not a mapping",
        "A playbook starts with keys such as `version:` and `programme:`.",
    ),
    (
        "YAML-MULTI-DOC",
        "More than one YAML document",
        "A playbook is one document: remove the extra `---` separators.",
    ),
    (
        "YAML-DUPLICATE-KEY",
        "A key appears twice in one mapping",
        "YAML would silently keep the last value; the first one is kept and the repeat is "
        "reported so that no deadline is lost without notice.",
    ),
    (
        "YAML-TAG",
        "A YAML tag that is not plain data",
        "Tags such as `!!python/object` would construct objects; playbooks are data, so any "
        "tag beyond the standard str, int, float, bool, null, seq and map is refused.",
    ),
    (
        "YAML-KEY",
        "A key that is not a plain scalar",
        "Mapping keys must be plain strings or numbers.",
    ),
    (
        "YAML-TOO-DEEP",
        "Nesting deeper than a playbook needs",
        "More than 64 levels of nesting are refused before they can exhaust the stack.",
    ),
    (
        "YAML-ALIAS-BOMB",
        "Aliases that expand to too many values",
        "Anchors and aliases may be used, but a document that expands to more than 200,000 "
        "values (a 'billion laughs' alias bomb) is refused.",
    ),
]
for _code, _title, _doc in _LOADER:
    register(_code, ERROR, _title, _doc, "file" if _code.startswith("FILE") else "yaml")

_SCHEMA = [
    (
        "SCHEMA-UNKNOWN-KEY",
        ERROR,
        "A key the format does not have",
        "Usually a typo; the hint suggests the nearest known key.",
    ),
    ("SCHEMA-REQUIRED", ERROR, "A required key is missing", "The message names the key."),
    (
        "SCHEMA-TYPE",
        ERROR,
        "A value of the wrong type",
        "For example a list where a string is expected. Quote values YAML would otherwise "
        "read as numbers or booleans (`'01225 000000'`, `'no'`).",
    ),
    (
        "SCHEMA-ENUM",
        ERROR,
        "A value that is not one of the allowed choices",
        "The hint lists the choices and the nearest one.",
    ),
    (
        "SCHEMA-PATTERN",
        ERROR,
        "A value that does not have the required form",
        "Ids are letters, digits, `-` and `_`, starting with a letter or digit.",
    ),
    (
        "SCHEMA-RANGE",
        ERROR,
        "A number outside its allowed range",
        "Risk likelihood and impact are 1 to 5.",
    ),
    (
        "SCHEMA-VERSION",
        ERROR,
        "A format version this tool does not know",
        "Only `version: 1` exists.",
    ),
]
for _code, _level, _title, _doc in _SCHEMA:
    register(_code, _level, _title, _doc, "schema")

# Suppression comments and the repository config (integrate_cli.suppress, .config).
_CONFIG = [
    (
        "SUPPRESSION-UNUSED",
        WARNING,
        "A suppression comment that matched no finding",
        "An `# integrate: ignore[CODE]` comment whose code names no rule, or that had no "
        "finding on its line or stage to set aside: remove it, or move it to the finding.",
    ),
    (
        "SUPPRESSION-NO-REASON",
        WARNING,
        "A suppression comment without a reason",
        "The suppression still applies; say why after the brackets: "
        "`# integrate: ignore[CODE] the reason`.",
    ),
    (
        "CONFIG-UNKNOWN-KEY",
        ERROR,
        "A key `.integrate.yaml` does not have",
        "The config file is refused (exit 2) until fixed; the message names the nearest key.",
    ),
    (
        "CONFIG-TYPE",
        ERROR,
        "A config value of the wrong type",
        "For example `ignore:` given as text instead of a list; the config is refused (exit 2).",
    ),
    ("CONFIG-VERSION", ERROR, "A config version this tool does not know", "Only `version: 1`."),
    (
        "CONFIG-RULE",
        ERROR,
        "A rule level the config cannot set",
        "An unknown code (the nearest is named), a level other than off, warning or error, "
        "or a FILE- or YAML- code, which cannot be changed.",
    ),
]
for _code, _level, _title, _doc in _CONFIG:
    register(_code, _level, _title, _doc, "config")

__all__ = ["CODES", "ERROR", "WARNING", "Code", "all_codes", "level_of", "register"]
