"""Baselines and slippage from git history, and `integrate rebaseline`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from integrate_cli.check import check_file
from integrate_cli.slippage import slippage
from tests.test_changes import BASE, base_repo, edit, run
from tests.test_githistory import Repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    return base_repo(tmp_path, monkeypatch)


def moved_twice(repo: Repo) -> str:
    """Move the MoU's due date twice (later, then later again) and the shadow year once
    earlier; return the final text."""
    once = edit(BASE, ("due: 2017-03-31", "due: April 2017"))
    repo.commit("p.yaml", once, day="2017-02-01", author="Bo Khan")
    twice = edit(once, ("due: April 2017", "due: 2017-06-30"), ("due: 2017/18", "due: 2017-12-31"))
    repo.commit("p.yaml", twice, day="2017-03-01", author="Bo Khan")
    return twice


def slips_of(repo: Repo) -> dict[str, tuple[str, str, int | None, int, int]]:
    path = str(repo.root / "p.yaml")
    playbook = check_file(path, date(2017, 3, 2)).playbook
    assert playbook is not None
    found = slippage(path, playbook, as_of=date(2017, 3, 2))
    return {k: (s.source, s.baseline, s.days, s.slips, s.moves) for k, s in found.items()}


def test_the_first_dated_commit_is_the_baseline(repo: Repo) -> None:
    moved_twice(repo)
    assert slips_of(repo) == {
        "mou": ("history", "2017-03-31", 91, 2, 2),
        "shadow": ("history", "2017/18", -90, 0, 1),
        "review": ("history", "6 months after shadow", -92, 0, 1),
    }


def test_a_stage_given_a_date_later_has_that_date_as_baseline(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "fresh")
    undated = edit(
        BASE,
        (
            "  - {id: review, title: Review, kind: review, due: 6 months after shadow}",
            "  - {id: review, title: Review, kind: review}",
        ),
    )
    repo.commit("p.yaml", undated, day="2017-01-03")
    dated = edit(
        undated,
        (
            "  - {id: review, title: Review, kind: review}",
            "  - {id: review, title: Review, kind: review, due: 2018-09-30}",
        ),
    )
    repo.commit("p.yaml", dated, day="2017-01-04")
    later = edit(dated, ("due: 2018-09-30}", "due: 2018-10-31}"))
    repo.commit("p.yaml", later, day="2017-01-05")
    assert slips_of(repo)["review"] == ("history", "2018-09-30", 31, 1, 1)


def test_a_declared_baseline_wins_and_slips_count_from_it(repo: Repo) -> None:
    twice = moved_twice(repo)
    declared = edit(
        twice,
        (
            "    due: 2017-06-30\n",
            "    due: 2017-06-30\n    baseline: {due: 2017-06-30, reason: Board agreed}\n",
        ),
    )
    repo.commit("p.yaml", declared, day="2017-03-02")
    assert slips_of(repo)["mou"] == ("declared", "2017-06-30", 0, 0, 0)
    repo.commit(
        "p.yaml",
        edit(declared, ("    due: 2017-06-30\n", "    due: 2017-07-31\n")),
        day="2017-03-03",
    )
    assert slips_of(repo)["mou"] == ("declared", "2017-06-30", 31, 1, 1)


def test_outside_git_only_declared_baselines_are_known(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        edit(
            BASE,
            (
                "    due: 2017-03-31\n",
                "    due: 2017-03-31\n    baseline: {due: 2017-02-28, reason: Slipped at board}\n",
            ),
        )
    )
    playbook = check_file(str(path), date(2017, 3, 2)).playbook
    assert playbook is not None
    found = slippage(str(path), playbook, as_of=date(2017, 3, 2))
    assert [(s.stage, s.label()) for s in found.values()] == [
        ("mou", "+31d"),
        ("shadow", "no baseline"),
        ("review", "no baseline"),
    ]
