"""Find playbooks, load them and run every check: the core of `integrate validate`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from integrate_cli.errors import UsageError
from integrate_cli.findings import ERROR, Finding, Sink
from integrate_cli.loader import Loaded, load_file
from integrate_cli.model import Playbook, build
from integrate_cli.resolve import Dates
from integrate_cli.spec import check_playbook
from integrate_cli.workers import PARALLEL_FROM, in_workers, paused_gc

SUFFIXES = (".yaml", ".yml")


@dataclass(slots=True, eq=False)
class FileResult:
    """The findings for one file and, when it could be built, its playbook."""

    path: str
    findings: list[Finding]
    playbook: Playbook | None = None

    def failed(self, *, strict: bool) -> bool:
        """Return True when any finding fails the run."""
        return any(f.fails(strict=strict) for f in self.findings)


@dataclass(slots=True, eq=False)
class CheckResult:
    """The outcome of checking a set of files."""

    files: list[FileResult] = field(default_factory=list)
    as_of: date | None = None

    def findings(self) -> list[Finding]:
        """Return every finding, ordered by file and position."""
        return [f for result in self.files for f in result.findings]

    def count(self, level: str) -> int:
        """Return how many findings have this level."""
        return sum(1 for f in self.findings() if f.level == level)

    def failed(self, *, strict: bool) -> bool:
        """Return True when the run fails: any error, or any warning when strict."""
        return any(result.failed(strict=strict) for result in self.files)


# A record dated after the as-of day is an error for `validate`, but a view of an earlier
# day (status --as-of, a paper for an old meeting) is exactly when such records exist:
# the views show that day and mark the later record instead of refusing.
VIEW_ALLOWS = frozenset({"DONE-FUTURE"})


def blocking(findings: Sequence[Finding]) -> list[Finding]:
    """Return the findings that stop a view (status, timeline, paper, progress edit).

    Every error does, except the codes in VIEW_ALLOWS; warnings never do.
    """
    return [f for f in findings if f.level == ERROR and f.code not in VIEW_ALLOWS]


def default_paths(cwd: Path | None = None) -> list[str]:
    """Return the paths a command uses when given none: ./playbooks, else the directory."""
    if cwd is None:
        return ["playbooks" if Path("playbooks").is_dir() else "."]
    playbooks = cwd / "playbooks"
    return [str(playbooks if playbooks.is_dir() else cwd)]


def discover(paths: Sequence[str]) -> list[str]:
    """Return the playbook files named by `paths`, directories searched recursively.

    Hidden files and directories are skipped. Raises UsageError for a path that does not
    exist, or a directory with no playbooks in it.
    """
    found: list[str] = []
    for name in paths or default_paths():
        path = Path(name)
        if path.is_dir():
            before = len(found)
            found.extend(sorted(_walk(path)))
            if len(found) == before:
                raise UsageError(f"{name}: no playbooks (*.yaml, *.yml) in this directory")
        elif path.exists() or path.is_symlink():
            found.append(name)
        else:
            raise UsageError(f"{name}: no such file or directory")
    return list(dict.fromkeys(found))


def _walk(root: Path) -> Iterator[str]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in files:
            if file.endswith(SUFFIXES) and not file.startswith("."):
                yield os.path.join(folder, file)


def check_loaded(loaded: Loaded, as_of: date | Callable[[Playbook], date]) -> FileResult:
    """Run the schema and every rule on a loaded file.

    `as_of` may be a function of the built playbook (a paper is checked as of its meeting
    day), so the file is still read and its dates parsed once.
    """
    from integrate_cli.rules import Context, run_rules

    findings = list(loaded.findings)
    if loaded.data is None:
        return FileResult(loaded.path, findings)
    sink = Sink(loaded.path)
    data = check_playbook(loaded.data, sink)
    playbook = build(loaded.path, data)
    dates = Dates(playbook, sink)
    dates.resolve_all()  # every date once, its problems reported here; rules read the model
    day = as_of(playbook) if callable(as_of) else as_of
    run_rules(Context(playbook, dates, day, sink))
    findings.extend(sink.findings)
    findings.sort(key=Finding.sort_key)
    return FileResult(loaded.path, findings, playbook)


def check_file(path: str, as_of: date | Callable[[Playbook], date]) -> FileResult:
    """Load and check one file."""
    with paused_gc():
        return check_loaded(load_file(path), as_of)


def _check_chunk(args: tuple[list[str], date]) -> list[FileResult]:
    paths, as_of = args  # check_file pauses the collector for each file
    return [FileResult(r.path, r.findings) for r in (check_file(p, as_of) for p in paths)]


def check_paths(
    paths: Sequence[str],
    *,
    as_of: date,
    keep_playbooks: bool = False,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> CheckResult:
    """Check every playbook under `paths`; returns the findings of every file.

    Many files are checked in worker processes (one per core) unless playbooks are kept.
    `progress` is called with the number of files finished so far.
    """
    files = discover(paths)
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    with paused_gc():
        if workers > 1 and len(files) >= PARALLEL_FROM and not keep_playbooks:
            results = in_workers(_check_chunk, files, as_of, workers=workers, progress=progress)
        else:
            results = []
            for done, path in enumerate(files, 1):
                result = check_file(path, as_of)
                if not keep_playbooks:
                    result.playbook = None
                results.append(result)
                if progress:
                    progress(done)
    return CheckResult(results, as_of)


__all__ = [
    "ERROR",
    "VIEW_ALLOWS",
    "CheckResult",
    "FileResult",
    "blocking",
    "check_file",
    "check_loaded",
    "check_paths",
    "default_paths",
    "discover",
    "paused_gc",
]
