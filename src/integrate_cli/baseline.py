"""A baseline: the findings a repository already had, so that only new ones fail.

Each entry is keyed by the playbook's path (relative to the baseline's folder, with
`/`), the code, the data path (`where`) and the message, never by line number, so that
edits elsewhere in a playbook do not break it; a key found twice is counted.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from integrate_cli.errors import InputError, UsageError
from integrate_cli.findings import Finding

BASELINE_VERSION = 1
FIELDS = ("path", "code", "where", "message")
Key = tuple[str, str, str, str]


def key_of(finding: Finding, folder: str) -> Key:
    """Return the finding's baseline key, its path made relative to `folder`."""
    relative = os.path.relpath(os.path.abspath(finding.path), folder).replace(os.sep, "/")
    return (relative, finding.code, finding.where, finding.message)


def baseline_text(findings: Iterable[Finding], folder: str) -> str:
    """Return the baseline JSON document for these findings, sorted, one entry per key."""
    counts = Counter(key_of(f, folder) for f in findings)
    entries = [
        {**dict(zip(FIELDS, key, strict=True)), "count": counts[key]} for key in sorted(counts)
    ]
    doc = {"version": BASELINE_VERSION, "findings": entries}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


@dataclass(slots=True, eq=False)
class Baseline:
    """The baselined findings left to match, by key."""

    path: str
    folder: str
    left: Counter[Key]

    def take(self, finding: Finding) -> bool:
        """Return True, and count it off, when the finding is one the baseline holds."""
        key = key_of(finding, self.folder)
        if self.left[key] > 0:
            self.left[key] -= 1
            return True
        return False

    def unmatched(self) -> int:
        """Return how many baselined findings were not found (fixed, or changed)."""
        return sum(n for n in self.left.values() if n > 0)


def load_baseline(name: str) -> Baseline:
    """Return the baseline in the file `name`; a missing or malformed file is exit 2."""
    from integrate_cli.fsutil import read_regular

    if not os.path.lexists(name):
        raise UsageError(f"--baseline {name}: no such file; write one with --write-baseline {name}")
    if not os.path.isfile(name):
        raise UsageError(f"--baseline {name} is not a regular file; name the baseline .json file")
    try:
        doc = json.loads(read_regular(name).decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(
            f"{name}: a baseline is UTF-8 JSON; rewrite it with --write-baseline"
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}); "
            "rewrite it with --write-baseline"
        ) from None
    if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION:
        raise InputError(
            f"{name}: not a version {BASELINE_VERSION} baseline; rewrite it with --write-baseline"
        )
    entries = doc.get("findings")
    if not isinstance(entries, list):
        raise InputError(f"{name}: 'findings' must be a list; rewrite it with --write-baseline")
    left: Counter[Key] = Counter()
    for n, entry in enumerate(entries):
        ok = isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in FIELDS)
        count = entry.get("count", 1) if isinstance(entry, dict) else None
        if not ok or not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise InputError(
                f"{name}: findings[{n}] needs text path, code, where and message and a "
                "count of 1 or more; rewrite it with --write-baseline"
            )
        left[tuple(entry[k] for k in FIELDS)] += count
    return Baseline(name, os.path.dirname(os.path.abspath(name)), left)
