"""Reading a playbook's git history: real repositories built in a temporary directory."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from integrate_cli.errors import InputError
from integrate_cli.githistory import read_history


class Repo:
    """A git repository in a temporary directory, with commits at set days and authors."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.env = {
            "HOME": str(root.parent),
            "PATH": os.environ.get("PATH", ""),
            "GIT_CONFIG_NOSYSTEM": "1",
            "LC_ALL": "C",
        }
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, day: str = "2017-01-02", author: str = "Ann Lee") -> str:
        env = self.env | {
            "GIT_AUTHOR_DATE": f"{day}T10:00:00+00:00",
            "GIT_COMMITTER_DATE": f"{day}T10:00:00+00:00",
        }
        email = author.split()[0].lower() + "@example.org"
        done = subprocess.run(
            ["git", "-c", f"user.name={author}", "-c", f"user.email={email}", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, name: str, text: str, *, day: str, author: str = "Ann Lee") -> str:
        self.write(name, text)
        self.git("add", name, day=day, author=author)
        self.git("commit", "-q", "-m", f"edit on {day}", day=day, author=author)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return Repo(tmp_path / "repo")


def test_every_version_oldest_first_with_author_and_day(repo: Repo) -> None:
    first = repo.commit("p.yaml", "a: 1\n", day="2017-01-02", author="Ann Lee")
    repo.commit("other.txt", "x\n", day="2017-01-03")
    second = repo.commit("p.yaml", "a: 2\n", day="2017-02-01", author="Bo Khan")
    history = read_history(str(repo.root / "p.yaml"))
    got = [(v.commit, v.author, v.day, v.path, v.text) for v in history.versions]
    assert got == [
        (first, "Ann Lee", date(2017, 1, 2), "p.yaml", "a: 1\n"),
        (second, "Bo Khan", date(2017, 2, 1), "p.yaml", "a: 2\n"),
    ]
    assert history.at_day(date(2017, 1, 31)).text == "a: 1\n"  # type: ignore[union-attr]
    assert history.at_day(date(2017, 2, 1)).text == "a: 2\n"  # type: ignore[union-attr]
    assert history.at_day(date(2017, 1, 1)) is None
    version, commit, day = history.at_rev("HEAD~1")
    assert (version.text if version else None, day) == ("a: 1\n", date(2017, 1, 3))
    assert commit != first


def test_uncommitted_text_is_the_last_version_and_marked(repo: Repo) -> None:
    repo.commit("p.yaml", "a: 1\n", day="2017-01-02")
    repo.write("p.yaml", "a: 9\n")
    versions = read_history(str(repo.root / "p.yaml")).versions
    assert [(v.short, v.uncommitted, v.text) for v in versions[1:]] == [
        ("uncommitted", True, "a: 9\n")
    ]
    assert versions[0].uncommitted is False


def test_a_moved_playbook_keeps_its_history(repo: Repo) -> None:
    repo.commit("old name.yaml", "a: 1\nb: 2\nc: 3\n", day="2017-01-02")
    (repo.root / "plans").mkdir()
    repo.git("mv", "old name.yaml", "plans/é new.yaml", day="2017-01-05")
    repo.git("commit", "-q", "-m", "move", day="2017-01-05")
    repo.commit("plans/é new.yaml", "a: 1\nb: 2\nc: 4\n", day="2017-01-09")
    history = read_history(str(repo.root / "plans" / "é new.yaml"))
    assert [(v.day, v.path) for v in history.versions] == [
        (date(2017, 1, 2), "old name.yaml"),
        (date(2017, 1, 5), "plans/é new.yaml"),
        (date(2017, 1, 9), "plans/é new.yaml"),
    ]


def test_a_merge_counts_once_on_the_day_it_was_merged(repo: Repo) -> None:
    repo.commit("p.yaml", "a: 1\n", day="2017-01-02")
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("p.yaml", "a: 2\n", day="2017-01-03", author="Bo Khan")
    repo.commit("p.yaml", "a: 3\n", day="2017-01-04", author="Bo Khan")
    repo.git("checkout", "-q", "main")
    repo.commit("other.txt", "x\n", day="2017-01-05")
    repo.git("merge", "-q", "--no-ff", "side", "-m", "merge", day="2017-01-10", author="Cy Dee")
    versions = read_history(str(repo.root / "p.yaml")).versions
    assert [(v.author, v.day, v.text) for v in versions] == [
        ("Ann Lee", date(2017, 1, 2), "a: 1\n"),
        ("Cy Dee", date(2017, 1, 10), "a: 3\n"),
    ]


def test_a_rev_off_the_main_line_is_refused(repo: Repo) -> None:
    repo.commit("p.yaml", "a: 1\n", day="2017-01-02")
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("p.yaml", "a: 2\n", day="2017-01-03")
    repo.git("checkout", "-q", "main")
    history = read_history(str(repo.root / "p.yaml"))
    with pytest.raises(InputError, match=r"revision 'side' \([0-9a-f]{10}\) is not on the main"):
        history.at_rev("side")
    with pytest.raises(InputError, match="git knows no revision 'v9'"):
        history.at_rev("v9")


def test_outside_git_no_commits_and_missing_are_input_errors(repo: Repo, tmp_path: Path) -> None:
    loose = tmp_path / "loose" / "p.yaml"
    loose.parent.mkdir()
    loose.write_text("a: 1\n")
    with pytest.raises(InputError, match=r"p.yaml: not in a git repository, so it has no history"):
        read_history(str(loose))
    repo.write("p.yaml", "a: 1\n")
    with pytest.raises(InputError, match="the repository has no commits yet"):
        read_history(str(repo.root / "p.yaml"))
    repo.commit("q.yaml", "b: 1\n", day="2017-01-02")
    never = read_history(str(repo.root / "p.yaml")).versions  # never committed: all new
    assert [(v.uncommitted, v.text) for v in never] == [(True, "a: 1\n")]
    with pytest.raises(InputError, match=r"gone\.yaml: no such file"):
        read_history(str(repo.root / "gone.yaml"))


def test_git_missing_is_an_input_error(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit("p.yaml", "a: 1\n", day="2017-01-02")
    monkeypatch.setenv("PATH", str(repo.root / "no-such-dir"))
    with pytest.raises(InputError, match="git is not installed"):
        read_history(str(repo.root / "p.yaml"))


def test_a_bom_and_crlf_are_not_uncommitted_edits(repo: Repo) -> None:
    path = repo.root / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    repo.git("add", "p.yaml")
    repo.git("commit", "-q", "-m", "crlf")
    versions = read_history(str(path)).versions
    assert [(v.uncommitted, v.text) for v in versions] == [(False, "a: 1\r\nb: 2\r\n")]
