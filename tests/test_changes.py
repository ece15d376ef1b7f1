"""`integrate changes`: each kind of change, read from real git histories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrate_cli.cli import app
from tests.test_githistory import Repo

BASE = """\
version: 1
programme: {id: p, title: Joint Care}
partners:
  - {id: council, name: A Council, kind: local-authority}
  - {id: ccg, name: A CCG, kind: ccg}
bodies:
  - {id: cabinet, name: Cabinet, kind: cabinet, partners: [council]}
  - {id: gb, name: Governing Body, kind: governing-body, partners: [ccg]}
stages:
  - id: mou
    title: Sign the MoU
    kind: mou-stage
    due: 2017-03-31
    criteria:
      - {id: legal, title: Legal review done}
      - {id: staff, title: Staff consulted}
    decisions:
      - id: approve
        title: Approve the MoU
        bodies: [cabinet, gb]
  - {id: shadow, title: Shadow year, kind: shadow, due: 2017/18, depends_on: [mou]}
  - {id: review, title: Review, kind: review, due: 6 months after shadow}
risks:
  - {id: r1, title: Funding gap, likelihood: 3, impact: 4}
  - {id: r2, title: Data sharing, likelihood: 2, impact: 3}
budgets:
  - id: costs
    title: Programme costs
    unit: "£"
    lines:
      - {item: Programme manager, amounts: {2017/18: 50000}}
      - {item: Legal, amounts: {2017/18: 10000}}
    totals:
      - {year: 2017/18, amount: 60000}
papers:
  - id: jan
    title: January update
    meeting: {body: cabinet, date: 2017-01-10}
  - id: mar
    title: March update
    meeting: {body: cabinet, date: 2017-03-14}
"""

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def base_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """Return a repository whose first commit (2 January 2017, Ann Lee) is BASE."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    made = Repo(tmp_path / "repo")
    made.commit("p.yaml", BASE, day="2017-01-02")
    return made


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    return base_repo(tmp_path, monkeypatch)


def edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def changes(repo: Repo, *args: str, name: str = "p.yaml") -> tuple[int, str, str]:
    return run("changes", str(repo.root / name), *args)


PROGRESS = (
    (
        "      - {id: legal, title: Legal review done}",
        "      - {id: legal, title: Legal review done, status: done,\n"
        "         record: {on: 2017-02-01, by: Solicitor, evidence: Memo 4}}",
    ),
    (
        "      - {id: staff, title: Staff consulted}",
        "      - {id: staff, title: Staff consulted, status: blocked,\n"
        "         record: {on: 2017-02-03, by: HR, reason: Union ballot}}",
    ),
    (
        "    due: 2017-03-31\n",
        "    due: 2017-03-31\n    status: in-progress\n    record: {on: 2017-01-20, by: PMO}\n",
    ),
    (
        "        bodies: [cabinet, gb]\n",
        "        bodies: [cabinet, gb]\n"
        "        taken:\n          cabinet: {on: 2017-02-07, by: Clerk, evidence: Minute 12}\n",
    ),
)


def test_progress_and_decisions_in_text(repo: Repo) -> None:
    repo.commit("p.yaml", edit(BASE, *PROGRESS), day="2017-02-08", author="Bo Khan")
    code, out, err = changes(repo, "--since", "2017-01-31", "--as-of", "2017-02-10")
    assert (code, err) == (0, "")
    head = out.splitlines()[0]
    assert head.startswith("p.yaml: changes since 2017-01-31 (") or head.startswith(
        str(repo.root / "p.yaml")
    )
    assert out.split("\n", 1)[1] == (
        "  Completed:\n"
        "    - Legal review done (on 2017-02-01 by Solicitor): Memo 4\n"
        "  Started:\n"
        "    - Sign the MoU (on 2017-01-20 by PMO)\n"
        "  Blocked:\n"
        "    - Staff consulted (on 2017-02-03 by HR): Union ballot\n"
        "  Decisions taken:\n"
        "    - Approve the MoU: Cabinet (on 2017-02-07 by Clerk): Minute 12\n"
        "  RAG:\n"
        "    - Joint Care (programme): green -> red\n"
        "    - Sign the MoU: green -> red (mou.staff blocked)\n"
    )


def test_heading_names_both_points_with_commit_author_and_day(repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    second = repo.commit("p.yaml", edit(BASE, *PROGRESS), day="2017-02-08", author="Bo Khan")
    code, out, _ = changes(repo, "--since", "2017-01-31", "--until", "HEAD")
    assert code == 0
    assert out.splitlines()[0] == (
        f"{repo.root / 'p.yaml'}: changes since 2017-01-31 ({first[:10]} by Ann Lee, "
        f"2017-01-02) until HEAD ({second[:10]} by Bo Khan, 2017-02-08)"
    )


def test_progress_in_json_carries_ids_and_records(repo: Repo) -> None:
    second = repo.commit("p.yaml", edit(BASE, *PROGRESS), day="2017-02-08", author="Bo Khan")
    code, out, err = changes(repo, "--since", "HEAD~1", "-f", "json", "--as-of", "2017-02-10")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    (playbook,) = doc["playbooks"]
    assert playbook["until"] == {
        "asked": "now",
        "day": "2017-02-10",
        "commit": second,
        "author": "Bo Khan",
        "committed": "2017-02-08T10:00:00+00:00",
        "uncommitted": False,
    }
    assert playbook["since"]["asked"] == "HEAD~1"
    assert playbook["since"]["day"] == "2017-01-02"
    assert playbook["changes"] == [
        {
            "kind": "completed",
            "ref": "mou.legal",
            "title": "Legal review done",
            "item": "criterion",
            "from": "not-started",
            "to": "done",
            "on": "2017-02-01",
            "by": "Solicitor",
            "evidence": "Memo 4",
            "reason": None,
        },
        {
            "kind": "started",
            "ref": "mou",
            "title": "Sign the MoU",
            "item": "stage",
            "from": "not-started",
            "to": "in-progress",
            "on": "2017-01-20",
            "by": "PMO",
            "evidence": None,
            "reason": None,
        },
        {
            "kind": "blocked",
            "ref": "mou.staff",
            "title": "Staff consulted",
            "item": "criterion",
            "from": "not-started",
            "to": "blocked",
            "on": "2017-02-03",
            "by": "HR",
            "evidence": None,
            "reason": "Union ballot",
        },
        {
            "kind": "decision-taken",
            "ref": "mou.approve",
            "title": "Approve the MoU",
            "body": "cabinet",
            "body_name": "Cabinet",
            "on": "2017-02-07",
            "by": "Clerk",
            "evidence": "Minute 12",
        },
        {"kind": "rag", "ref": "", "title": "Joint Care", "old": "green", "new": "red"},
        {
            "kind": "rag",
            "ref": "mou",
            "title": "Sign the MoU",
            "old": "green",
            "new": "red",
            "reason": "mou.staff blocked",
        },
    ]
    assert playbook["notes"] == []


def test_reopened_and_dropped(repo: Repo) -> None:
    done = edit(BASE, PROGRESS[0])
    repo.commit("p.yaml", done, day="2017-02-08")
    reopened = edit(
        done,
        ("status: done,\n", "status: in-progress,\n"),
        ("evidence: Memo 4}", "reason: Advice withdrawn}"),
        (
            "  - {id: review, title: Review, kind: review,",
            "  - {id: review, title: Review, kind: review, status: dropped,",
        ),
    )
    repo.commit("p.yaml", reopened, day="2017-02-20")
    code, out, _ = changes(repo, "--since", "2017-02-10", "--until", "2017-02-21")
    assert code == 0
    assert out.split("\n", 1)[1] == (
        "  Reopened:\n"
        "    - Legal review done (on 2017-02-01 by Solicitor): Advice withdrawn\n"
        "  Dropped:\n"
        "    - Review\n"
        "  RAG:\n"
        "    - Review: green -> grey (dropped)\n"
    )


def test_due_dates_moved_as_written_with_days(repo: Repo) -> None:
    moved = edit(BASE, ("due: 2017-03-31", "due: April 2017"), ("due: 2017/18", "due: 2018/19"))
    repo.commit("p.yaml", moved, day="2017-02-08")
    code, out, _ = changes(repo, "--since", "HEAD~1", "--until", "HEAD")
    assert code == 0
    assert out.split("\n", 1)[1] == (
        "  Due dates moved:\n"
        "    - Sign the MoU: 2017-03-31 -> April 2017, 30 days later\n"
        "    - Shadow year: 2017/18 -> 2018/19, 365 days later\n"
        "    - Review: 6 months after shadow (its anchor shadow moved), 365 days later\n"
    )
    code, out, _ = changes(repo, "--since", "HEAD~1", "--until", "HEAD", "-f", "json")
    moves = json.loads(out)["playbooks"][0]["changes"]
    assert moves[0] == {
        "kind": "due-moved",
        "ref": "mou",
        "title": "Sign the MoU",
        "old": "2017-03-31",
        "new": "April 2017",
        "days": 30,
    }


def test_a_dropped_stage_taken_up_again_is_reopened(repo: Repo) -> None:
    dropped = edit(BASE, ("kind: review, due:", "kind: review, status: dropped, due:"))
    repo.commit("p.yaml", dropped, day="2017-01-05")
    again = edit(dropped, ("status: dropped,", "status: in-progress,"))
    repo.commit("p.yaml", again, day="2017-01-06")
    code, out, _ = changes(repo, "--since", "HEAD~1", "--until", "HEAD")
    assert (code, out.split("\n", 1)[1]) == (
        0,
        "  Reopened:\n    - Review\n  RAG:\n    - Review: grey -> green (on track)\n",
    )


def test_a_rename_is_matched_only_when_one_stage_looks_the_same() -> None:
    from datetime import date

    from integrate_cli.changes import stage_changes
    from integrate_cli.check import check_loaded
    from integrate_cli.loader import load_text

    def playbook(stages: str):  # type: ignore[no-untyped-def]
        text = BASE.split("stages:\n")[0] + "stages:\n" + stages
        result = check_loaded(load_text(text, "p.yaml"), date(2017, 1, 1))
        assert result.playbook is not None
        return result.playbook

    twins = playbook(
        "  - {id: a, title: Review, kind: review, due: 2018-01-01}\n"
        "  - {id: b, title: Review, kind: review, due: 2018-06-01}\n"
    )
    one_renamed = playbook(
        "  - {id: a, title: Review, kind: review, due: 2018-01-01}\n"
        "  - {id: c, title: Review, kind: review, due: 2018-06-01}\n"
    )
    found, match = stage_changes(twins, one_renamed)
    assert [(c.kind, c.ref) for c in found] == [("stage-renamed", "c")]
    assert match == {"a": "a", "c": "b"}
    both_gone = playbook("  - {id: c, title: Review, kind: review, due: 2018-06-01}\n")
    found, match = stage_changes(twins, both_gone)
    assert [(c.kind, c.ref) for c in found] == [
        ("stage-added", "c"),
        ("stage-removed", "a"),
        ("stage-removed", "b"),
    ]
