"""`integrate status --baseline`: slippage against baseline in the table and the JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_changes import base_repo, run
from tests.test_changes_baseline import moved_twice
from tests.test_githistory import Repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    return base_repo(tmp_path, monkeypatch)


def test_status_baseline_shows_the_first_date_and_the_slippage(repo: Repo) -> None:
    moved_twice(repo)
    code, out, err = run(
        "status",
        str(repo.root / "p.yaml"),
        "--baseline",
        "--as-of",
        "2017-03-02",
        "--color",
        "never",
    )
    assert (code, err) == (0, "")
    table = out.split("\n\n")[1].splitlines()
    rows = [" ".join(line.split()) for line in table if not line.startswith("  ")]
    assert rows == [
        "Stage Kind Due Status Criteria RAG When Baseline Slippage",
        "mou mou-stage 2017-06-30 not-started ░░░░░ 0/4 GREEN in 120 d 2017-03-31 "
        "+91d, slipped 2 times",
        "shadow shadow 2017-12-31 not-started ░░░░░ 0/1 GREEN in 304 d 2017/18 -90d",
        "review review 6 months after shadow (→ 30 Jun 2018) not-started ░░░░░ 0/1 GREEN "
        "in 485 d 6 months after shadow -92d",
    ]


def test_status_baseline_counts_from_a_declared_baseline(repo: Repo) -> None:
    moved_twice(repo)
    code, out, _ = run(
        "rebaseline",
        "mou",
        str(repo.root / "p.yaml"),
        "--reason",
        "Cabinet, minute 9",
        "--on",
        "2017-03-02",
    )
    assert (code, out) == (0, "mou: baseline 2017-06-30, on 2017-03-02: Cabinet, minute 9\n")
    repo.git("commit", "-q", "-am", "re-baselined", day="2017-03-02")
    declared = (
        (repo.root / "p.yaml").read_text().replace("    due: 2017-06-30\n", "    due: 2017-07-31\n")
    )
    repo.commit("p.yaml", declared, day="2017-03-05")
    code, out, _ = run(
        "status", str(repo.root / "p.yaml"), "--baseline", "--as-of", "2017-03-06", "-f", "json"
    )
    mou = json.loads(out)["programmes"][0]["stages"][0]["baseline"]
    assert (mou["source"], mou["due"], mou["days"], mou["slipped"], mou["reason"]) == (
        "declared",
        "2017-06-30",
        31,
        1,
        "Cabinet, minute 9",
    )


def test_status_baseline_json_carries_it(repo: Repo) -> None:
    moved_twice(repo)
    code, out, err = run(
        "status", str(repo.root / "p.yaml"), "--baseline", "--as-of", "2017-03-02", "-f", "json"
    )
    assert (code, err) == (0, "")
    stages = json.loads(out)["programmes"][0]["stages"]
    assert stages[0]["baseline"] == {
        "source": "history",
        "due": "2017-03-31",
        "due_end": "2017-03-31",
        "days": 91,
        "slipped": 2,
        "moves": 2,
        "since": repo.git("rev-list", "--max-parents=0", "HEAD").strip(),
        "reason": None,
    }


def test_status_without_baseline_is_unchanged(repo: Repo) -> None:
    moved_twice(repo)
    code, out, _ = run("status", str(repo.root / "p.yaml"), "--as-of", "2017-03-02", "-f", "json")
    assert code == 0
    assert "baseline" not in json.loads(out)["programmes"][0]["stages"][0]
