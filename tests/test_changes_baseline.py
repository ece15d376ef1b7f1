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


HEAD = """\
version: 1
programme: {id: p, title: P}
partners:
  - {id: council, name: A Council, kind: local-authority}
stages:
"""


def rebaselined(
    tmp_path: Path, stages: str, *args: str, newline: str = "\n", bom: bool = False
) -> tuple[int, str, bytes, bytes]:
    text = (HEAD + stages).replace("\n", newline)
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    path = tmp_path / "p.yaml"
    path.write_bytes(raw)
    code, out, err = run(
        "rebaseline", "go", str(path), "--reason", "Board, minute 7", "--on", "2017-02-01", *args
    )
    return code, out + err, raw, path.read_bytes()


def test_rebaseline_adds_baseline_after_due_and_keeps_every_other_byte(tmp_path: Path) -> None:
    stages = """\
  - id: go   # the go-live
    title: Go live
    kind: go-live
    due: 1 April 2017  # agreed in March
    description: >-
      Folded text
      over two lines
    source: |
      literal: text
"""
    code, said, _, after = rebaselined(tmp_path, stages, "--by", "PMO")
    assert (code, said) == (0, "go: baseline 1 April 2017, on 2017-02-01: Board, minute 7\n")
    assert after.decode() == (HEAD + stages).replace(
        "    due: 1 April 2017  # agreed in March\n",
        "    due: 1 April 2017  # agreed in March\n"
        '    baseline: {due: 1 April 2017, reason: "Board, minute 7", on: 2017-02-01, by: PMO}\n',
    )


def test_rebaseline_in_a_flow_map_over_lines_with_crlf_and_bom(tmp_path: Path) -> None:
    stages = "  - {id: go, title: Go live,\n     kind: go-live, due: Q1 2018}\n"
    code, _, before, after = rebaselined(tmp_path, stages, newline="\r\n", bom=True)
    assert code == 0
    assert after == before.replace(
        b"due: Q1 2018}",
        b'due: Q1 2018, baseline: {due: Q1 2018, reason: "Board, minute 7", on: 2017-02-01}}',
    )


def test_rebaseline_replaces_an_earlier_baseline(tmp_path: Path) -> None:
    stages = (
        "  - id: go\n    title: Go live\n    kind: go-live\n    due: 2017-09-30\n"
        "    baseline:\n      due: 2017-06-30\n      reason: First plan\n    source: x\n"
    )
    code, said, _, after = rebaselined(tmp_path, stages)
    assert (code, said) == (
        0,
        "go: baseline 2017-09-30 (was 2017-06-30), on 2017-02-01: Board, minute 7\n",
    )
    assert after.decode() == HEAD + (
        "  - id: go\n    title: Go live\n    kind: go-live\n    due: 2017-09-30\n"
        '    baseline: {due: 2017-09-30, reason: "Board, minute 7", on: 2017-02-01}\n'
        "    source: x\n"
    )


def test_rebaseline_refuses_and_writes_nothing(tmp_path: Path) -> None:
    undated = "  - {id: go, title: Go live, kind: go-live}\n"
    code, said, before, after = rebaselined(tmp_path, undated)
    assert (code, after) == (1, before)
    assert said == (
        f"integrate: error: {tmp_path / 'p.yaml'}: stage 'go' has no due date to baseline; "
        "give it one first\n"
    )
    same = (
        "  - {id: go, title: Go live, kind: go-live, due: 2017-05-01,\n"
        "     baseline: {due: 2017-05-01, reason: Agreed}}\n"
    )
    code, said, before, after = rebaselined(tmp_path, same)
    assert (code, after) == (1, before)
    assert said.endswith("stage 'go' is already baselined at 2017-05-01 (Agreed)\n")
    anchored = (
        "  - {id: first, title: F, kind: milestone, due: &d 2017-05-01}\n"
        "  - {id: go, title: Go live, kind: go-live, due: *d}\n"
    )
    code, said, before, after = rebaselined(tmp_path, anchored)
    assert code == 0  # an alias's value is written as the text it stands for
    assert after.decode().endswith(
        'due: *d, baseline: {due: 2017-05-01, reason: "Board, minute 7", on: 2017-02-01}}\n'
    )


def test_rebaseline_without_a_reason_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(HEAD + "  - {id: go, title: Go live, kind: go-live, due: 2017-05-01}\n")
    code, out, err = run("rebaseline", "go", str(path))
    assert (code, out) == (2, "")
    assert (
        err
        == "integrate: error: --reason is required: say who agreed the new baseline, and where\n"
    )
