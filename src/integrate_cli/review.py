"""Config, suppressions and a baseline applied to a check: which findings still count.

The check itself knows nothing of these. Before it, ignored paths are dropped from the
files to check; after it, each file's findings get the config's levels (a code turned
off is dropped), then its suppression comments set findings aside, then the baseline
does. Set-aside findings are kept, marked, for the JSON and SARIF reports.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from integrate_cli.baseline import Baseline
from integrate_cli.check import CheckResult, FileResult, discover
from integrate_cli.config import OFF, Config, config_for, named_config
from integrate_cli.errors import InputError
from integrate_cli.findings import Finding
from integrate_cli.fsutil import read_regular
from integrate_cli.suppress import find_suppressions, suppress, suppression_findings

SUPPRESSED = "suppressed"
BASELINED = "baselined"


@dataclass(slots=True, eq=False)
class Waived:
    """A finding that does not count: `how` is suppressed or baselined, with the reason."""

    finding: Finding
    how: str
    reason: str = ""


@dataclass(slots=True, eq=False)
class Review:
    """What was set aside in a run, by file path, and the baseline entries not found."""

    waived: dict[str, list[Waived]] = field(default_factory=dict)
    baseline_unmatched: int = 0

    def count(self, how: str) -> int:
        """Return how many findings were set aside this way."""
        return sum(1 for items in self.waived.values() for w in items if w.how == how)


@dataclass(slots=True, eq=False)
class Selection:
    """The files to check and the config that applies to each."""

    files: list[str]
    configs: dict[str, Config | None]


def select(paths: Sequence[str], config: str | None = None) -> Selection:
    """Return the playbooks under `paths` that no config ignores, each with its config.

    `config` names one config for every file (--config); otherwise each file's is found
    upward from its folder. A file that a config ignores is left out even when named.
    """
    named = named_config(config) if config else None
    cache: dict[str, Config | None] = {}
    by_folder: dict[str, Config | None] = {}
    selection = Selection([], {})
    for path in discover(paths):
        if named is not None:
            chosen: Config | None = named
        else:
            folder = os.path.dirname(os.path.abspath(path))
            if folder not in by_folder:
                by_folder[folder] = config_for(folder, cache)
            chosen = by_folder[folder]
        if chosen is not None and chosen.ignores(path):
            continue
        selection.files.append(path)
        selection.configs[path] = chosen
    return selection


def apply(
    result: CheckResult, selection: Selection, baseline: Baseline | None = None
) -> tuple[CheckResult, Review]:
    """Return the result with only the findings that count, and what was set aside."""
    from integrate_cli.codes import all_codes

    known = {c.code for c in all_codes()}
    review = Review()
    files = []
    for file in result.files:
        config = selection.configs.get(file.path)
        levels = config.levels if config else {}
        findings = _levelled(file.findings, levels)
        found = find_suppressions(_text(file))
        active, suppressed = suppress(findings, found)
        waived = [Waived(f, SUPPRESSED, reason) for f, reason in suppressed]
        active.extend(_levelled(suppression_findings(file.path, found, known), levels))
        if baseline is not None:
            kept = []
            for finding in active:
                if baseline.take(finding):
                    waived.append(Waived(finding, BASELINED, f"in the baseline {baseline.path}"))
                else:
                    kept.append(finding)
            active = kept
        active.sort(key=Finding.sort_key)
        if waived:
            waived.sort(key=lambda w: w.finding.sort_key())
            review.waived[file.path] = waived
        files.append(FileResult(file.path, active, file.playbook))
    if baseline is not None:
        review.baseline_unmatched = baseline.unmatched()
    return CheckResult(files, result.as_of), review


def _levelled(findings: list[Finding], levels: Mapping[str, str]) -> list[Finding]:
    if not levels:
        return list(findings)
    out = []
    for f in findings:
        level = levels.get(f.code)
        if level == OFF:
            continue
        out.append(f if level is None or level == f.level else f._replace(level=level))
    return out


def _text(file: FileResult) -> str:
    """Return the file's text for its suppression comments; "" when it was not readable."""
    if any(f.code.startswith("FILE-") for f in file.findings):
        return ""
    try:
        return read_regular(file.path).decode("utf-8-sig", "replace")
    except InputError:
        return ""
