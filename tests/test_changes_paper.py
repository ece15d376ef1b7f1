"""A paper's "progress since the last report" block, from git history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from integrate_cli.check import check_file
from integrate_cli.report.since import FIRST, NOT_IN_GIT, progress_since
from tests.test_changes import BASE, base_repo, edit
from tests.test_githistory import Repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    return base_repo(tmp_path, monkeypatch)


def block(path: Path, since: date | None, day: date) -> dict[str, object]:
    playbook = check_file(str(path), day).playbook
    assert playbook is not None
    return progress_since(playbook, since, day)


def test_changes_from_the_previous_meeting_and_slippage(repo: Repo) -> None:
    repo.commit("p.yaml", edit(BASE, ("due: 2017-03-31", "due: 2017-04-30")), day="2017-01-20")
    repo.commit(
        "p.yaml",
        edit(
            BASE,
            ("due: 2017-03-31", "due: 2017-05-31"),
            ("likelihood: 2, impact: 3}", "likelihood: 2, impact: 3, status: closed}"),
        ),
        day="2017-02-20",
    )
    found = block(repo.root / "p.yaml", date(2017, 1, 10), date(2017, 3, 14))
    assert found["markdown"] == (
        "**Due dates moved**\n\n"
        "- Sign the MoU: 2017-03-31 -> 2017-05-31, 61 days later\n\n"
        "**Risks closed**\n\n"
        "- Data sharing\n\n"
        "**Slippage against baseline**\n\n"
        "- Sign the MoU: due 2017-05-31, baseline 2017-03-31 (+61d, slipped 2 times)\n"
    )
    assert found["since"] == "2017-01-10"
    assert found["note"] == ""


def test_nothing_changed_says_so(repo: Repo) -> None:
    found = block(repo.root / "p.yaml", date(2017, 1, 10), date(2017, 3, 14))
    assert (found["markdown"], found["sections"]) == (
        "No changes to progress, decisions, dates, stages, RAG, risks or budgets since "
        "2017-01-10.\n",
        [],
    )


def test_outside_git_and_first_paper_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    path = tmp_path / "p.yaml"
    path.write_text(BASE)
    found = block(path, date(2017, 1, 10), date(2017, 3, 14))
    assert found["markdown"] == NOT_IN_GIT + "\n"
    assert NOT_IN_GIT == (
        "Progress since the last report is not shown: the playbook is not in a git repository."
    )
    assert block(path, None, date(2017, 3, 14))["markdown"] == FIRST + "\n"


def test_in_a_paper_moved_dates_are_worded_by_title_never_by_id(repo: Repo, tmp_path: Path) -> None:
    from integrate_cli.report.render import render_markdown

    repo.commit("p.yaml", edit(BASE, ("due: 2017/18", "due: 2018/19")), day="2017-02-20")
    template = tmp_path / "since.md.j2"
    template.write_text("{{ progress_since.markdown }}")
    playbook = check_file(str(repo.root / "p.yaml"), date(2017, 3, 14)).playbook
    assert playbook is not None
    paper = render_markdown(playbook, str(template), paper_id="mar", as_of=None)
    assert paper.markdown == (
        "**Due dates moved**\n\n"
        "- Shadow year: 2017/18 -> 2018/19, 365 days later\n"
        "- Review: 6 months after Shadow year (October 2018 to September 2019) (its anchor "
        "moved), 365 days later\n\n"
        "**Slippage against baseline**\n\n"
        "- Shadow year: due 2018/19, baseline 2017/18 (+365d, slipped 1 time)\n"
        "- Review: due 6 months after Shadow year (October 2018 to September 2019), baseline "
        "6 months after Shadow year (October 2017 to September 2018) (+365d, slipped 1 time)\n"
    )
