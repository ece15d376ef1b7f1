"""Every finding code as data: its stable code, default level, title and family.

A leaf: it imports nothing from the package, so anything may read a code's level,
however early (a finding takes its default level from here when it is made; a
repository's config may override levels when findings are reported). Loader and
schema codes carry their docs here. A rule's docs are the docstring of the check
that reports it (see integrate_cli.rules.catalogue), with its PASS and FAIL examples.
To add a code, add a row to one of the tables below.
"""

from __future__ import annotations

from typing import NamedTuple

ERROR = "error"
WARNING = "warning"


class Example(NamedTuple):
    """A documented example: a PASS gives no finding; a FAIL gives one at each `at`."""

    verdict: str
    at: tuple[tuple[int, int], ...]
    text: str


class Code(NamedTuple):
    """A finding code with its default level, a one-line title and its user docs."""

    code: str
    level: str
    title: str
    doc: str
    family: str
    examples: tuple[Example, ...] = ()


FAMILIES = ("file", "yaml", "schema", "rule", "config")

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
_RULES = [
    ("ID-DUPLICATE", ERROR, "An id used twice"),
    ("REF-UNRESOLVED", ERROR, "A reference to something not defined"),
    ("BODY-NO-PARTNER", ERROR, "A body that belongs to no partner"),
    ("FY-MALFORMED", ERROR, "A financial year that is not one"),
    ("MONEY-TOTAL", ERROR, "A declared total that differs from its lines"),
    ("DATE-INVALID", ERROR, "A date that cannot be read"),
    ("DATE-CYCLE", ERROR, "Relative dates that depend on each other in a cycle"),
    ("DEP-CYCLE", ERROR, "Stages that depend on each other in a cycle"),
    ("WINDOW-REVERSED", ERROR, "A window that ends before it starts"),
    ("DUE-BEFORE-DEPENDENCY", ERROR, "A stage due before a stage it depends on can finish"),
    ("SHADOW-AFTER-GOLIVE", ERROR, "A shadow period that ends after its go-live"),
    ("DONE-NO-DATE", ERROR, "A done or blocked item without its date"),
    ("DONE-FUTURE", ERROR, "Progress recorded after the as-of date"),
    ("DONE-OPEN-CRITERIA", ERROR, "A done stage with open criteria or decisions owed"),
    ("DONE-BEFORE-DEPENDENCY", WARNING, "A done stage whose dependency is not done"),
    ("RISK-NO-MITIGATION", WARNING, "A high risk without a mitigation"),
    ("KEY-DECISION-NOTICE-LATE", WARNING, "A key decision whose 28 clear days' notice is past"),
    ("PRIVATE-NOTICE-LATE", WARNING, "A private item whose 28 clear days' notice is past"),
    ("AGENDA-LATE", WARNING, "A paper whose agenda can no longer be published in time"),
    ("MEETING-NOT-IN-CALENDAR", WARNING, "A paper for a day its body does not meet"),
    ("PAPER-FILE", ERROR, "A paper section's file that cannot be read"),
    ("PAPER-SECTION-MISSING", WARNING, "A paper without a section its template needs"),
]

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

CODES: dict[str, Code] = {
    **{
        c: Code(c, ERROR, title, doc, "file" if c.startswith("FILE") else "yaml")
        for c, title, doc in _LOADER
    },
    **{c: Code(c, level, title, doc, "schema") for c, level, title, doc in _SCHEMA},
    **{c: Code(c, level, title, "", "rule") for c, level, title in _RULES},
    **{c: Code(c, level, title, doc, "config") for c, level, title, doc in _CONFIG},
}
DEFAULT_LEVEL: dict[str, str] = {c.code: c.level for c in CODES.values()}


def level_of(code: str) -> str:
    """Return the default level of a code in the table."""
    return DEFAULT_LEVEL[code]


def all_codes() -> list[Code]:
    """Return every code in docs order: loader and schema codes, then rules, each sorted.

    A rule code's `doc` is empty here: integrate_cli.rules.catalogue() gives every code
    with its docs and examples.
    """
    return sorted(CODES.values(), key=lambda c: (FAMILIES.index(c.family), c.code))


__all__ = [
    "CODES",
    "DEFAULT_LEVEL",
    "ERROR",
    "FAMILIES",
    "WARNING",
    "Code",
    "Example",
    "all_codes",
    "level_of",
]
