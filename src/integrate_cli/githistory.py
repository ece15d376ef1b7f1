"""A playbook's git history: its text at every commit that changed it, read in one pass.

Three `git` processes in all, whatever the length of the history: `rev-parse` (where the
repository is), `log` (the commits of the main line that changed the file, following
renames) and one `cat-file --batch` for every text at once. The main line is the
first-parent chain of HEAD: a merge counts as one change, made on the day it was merged,
which is when a board could first have seen it. A working-tree text that differs from
HEAD's is the newest version, marked uncommitted.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime

from integrate_cli.errors import InputError
from integrate_cli.fsutil import read_regular

FIELD, RECORD = "\x1f", "\x1e"
LOG_FORMAT = f"{RECORD}%H{FIELD}%an{FIELD}%cI"
_GIT_ENV = {"GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_PAGER": "cat"}


@dataclass(frozen=True, slots=True)
class Version:
    """The playbook's text at one commit (or in the working tree: `commit` is '')."""

    commit: str
    author: str
    when: datetime | None  # committer date, in the committer's offset; None: uncommitted
    path: str  # where the file was, relative to the repository's top
    text: str

    @property
    def uncommitted(self) -> bool:
        """Return True for the working tree's text that differs from the last commit."""
        return not self.commit

    @property
    def day(self) -> date | None:
        """Return the committer's day (None for uncommitted text)."""
        return self.when.date() if self.when else None

    @property
    def short(self) -> str:
        """Return the short commit hash, or 'uncommitted'."""
        return self.commit[:10] if self.commit else "uncommitted"


@dataclass(slots=True)
class History:
    """The versions of one playbook, oldest first, and the main line's commits."""

    path: str
    top: str
    versions: list[Version] = field(default_factory=list)
    # main-line commit -> its place (0: the first commit) and its committer's day
    line: dict[str, tuple[int, date]] = field(default_factory=dict)

    def at_day(self, day: date) -> Version | None:
        """Return the version in effect at the end of `day` (None: the file did not exist)."""
        found = None
        for version in self.versions:
            if version.day is not None and version.day <= day:
                found = version
        return found

    def at_rev(self, rev: str) -> tuple[Version | None, str, date]:
        """Return the version in effect at commit `rev` of the main line, the commit and
        its committer's day.

        Raises InputError for a rev git does not know or one off the main line.
        """
        commit = _git(self.top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
        if not commit:
            raise InputError(
                f"{self.path}: git knows no revision {rev!r}; "
                "name a commit, tag or branch, or give a date (2017-11-08)"
            )
        if commit not in self.line:
            raise InputError(
                f"{self.path}: revision {rev!r} ({commit[:10]}) is not on the main line "
                "(first-parent history of HEAD); name a commit on it, or give a date"
            )
        place, day = self.line[commit]
        found = None
        for version in self.versions:
            if version.commit and self.line[version.commit][0] <= place:
                found = version
        return found, commit, day


class NotInGit(InputError):
    """The playbook is not in a git repository: it has no history to read."""


def _git(top: str, *args: str, data: bytes | None = None) -> str:
    return _run(top, list(args), data).decode("utf-8", "replace")


def _run(cwd: str, args: list[str], data: bytes | None = None) -> bytes:
    env = {**os.environ, **_GIT_ENV}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=data, capture_output=True, env=env, check=False
        )
    except FileNotFoundError:
        raise InputError(
            "git is not installed (or not on PATH); install git to read history"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0 and args[0] not in ("rev-parse",):
        first = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"git {args[0]} failed in {cwd}: {first[0] if first else 'no message'}")
    return done.stdout


def repository_of(path: str) -> tuple[str, str]:
    """Return (top of the repository, the file's path relative to it, with '/').

    Raises InputError when the file is missing or not inside a git work tree.
    """
    if not os.path.isfile(path):
        raise InputError(f"{path}: no such file")
    real = os.path.realpath(path)
    folder = os.path.dirname(real)
    top = _git(folder, "rev-parse", "--show-toplevel").strip()
    if not top:
        raise NotInGit(
            f"{path}: not in a git repository, so it has no history; "
            "commit the playbook to a repository (git init; git add; git commit) first"
        )
    return top, os.path.relpath(real, os.path.realpath(top)).replace(os.sep, "/")


def read_history(path: str) -> History:
    """Return every version of the playbook at `path` on HEAD's main line, oldest first.

    The working tree's text comes last, marked uncommitted, when it differs from HEAD's
    (a file never committed has that version alone). Raises InputError outside git, when
    git is missing, or in a repository with no commits.
    """
    top, relative = repository_of(path)
    history = History(path, top)
    if not _git(top, "rev-parse", "--verify", "--quiet", "HEAD").strip():
        raise InputError(f"{path}: the repository has no commits yet; commit the playbook first")
    line = _git(top, "log", "--first-parent", f"--format=%H{FIELD}%cI", "HEAD").splitlines()
    for place, row in enumerate(reversed(line)):
        commit, when = row.split(FIELD)
        history.line[commit] = (place, datetime.fromisoformat(when).date())
    log = _git(
        top,
        "log",
        "--first-parent",
        "--follow",
        "--name-status",
        "-z",
        f"--format={LOG_FORMAT}",
        "HEAD",
        "--",
        relative,
    )
    found: list[tuple[str, str, datetime, str]] = []
    for chunk in log.split(RECORD)[1:]:
        head, _, names = chunk.partition("\0")
        commit, author, when = head.split(FIELD)
        where = _path_in(names.lstrip("\n").split("\0"))
        if where is not None:  # None: the commit deleted the file
            found.append((commit, author, datetime.fromisoformat(when), where))
    found.reverse()
    texts = _blobs(top, [f"{commit}:{where}" for commit, _, _, where in found])
    history.versions = [
        Version(commit, author, when, where, text)
        for (commit, author, when, where), text in zip(found, texts, strict=True)
        if text is not None
    ]
    now = read_regular(path).decode("utf-8-sig", "replace")  # a FIFO is refused, not read
    if not history.versions or now != history.versions[-1].text:  # never committed: all new
        history.versions.append(Version("", "", None, relative, now))
    return history


def _path_in(fields: list[str]) -> str | None:
    """Return the file's path after a commit from its `--name-status -z` fields.

    None when the commit deleted it (or shows no change: nothing to read).
    """
    status = fields[0][:1]
    if status in ("R", "C") and len(fields) > 2:
        return fields[2]
    if status in ("", "D") or len(fields) < 2:
        return None
    return fields[1]


def _blobs(top: str, names: list[str]) -> list[str | None]:
    """Return the text of each `commit:path` in one `git cat-file --batch` (None: missing)."""
    if not names:
        return []
    out = _run(top, ["cat-file", "--batch"], ("\n".join(names) + "\n").encode())
    texts: list[str | None] = []
    at = 0
    for _ in names:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            texts.append(None)
            continue
        size = int(header[2])
        raw = out[at : at + size]
        at += size + 1
        texts.append(raw.decode("utf-8-sig", "replace"))
    return texts
