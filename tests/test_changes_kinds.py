"""`integrate changes`: stages, risks and budgets; where the history comes from; errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from integrate_cli.changes_format import NOTHING
from tests.test_changes import BASE, base_repo, changes, edit
from tests.test_githistory import Repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    return base_repo(tmp_path, monkeypatch)


def body(out: str) -> str:
    return out.split("\n", 1)[1]


def test_stages_added_removed_and_renamed(repo: Repo) -> None:
    new = edit(
        BASE,
        ("  - {id: shadow, title: Shadow year,", "  - {id: shadow-year, title: Shadow year,"),
        (
            "  - {id: review, title: Review, kind: review, due: 6 months after shadow}\n",
            "  - {id: go-live, title: Go live, kind: go-live, due: 1 April 2018}\n",
        ),
    )
    repo.commit("p.yaml", new, day="2017-02-08")
    code, out, _ = changes(repo, "--since", "HEAD~1", "--until", "HEAD")
    assert code == 0
    assert body(out) == (
        "  Stages added:\n"
        "    - Go live, due 1 April 2018\n"
        "  Stages removed:\n"
        "    - Review\n"
        "  Stages renamed:\n"
        "    - Shadow year: id shadow -> shadow-year\n"
    )
    code, out, _ = changes(repo, "--since", "HEAD~1", "--until", "HEAD", "-f", "json")
    found = json.loads(out)["playbooks"][0]["changes"]
    assert [(c["kind"], c["ref"]) for c in found] == [
        ("stage-added", "go-live"),
        ("stage-removed", "review"),
        ("stage-renamed", "shadow-year"),
    ]
    assert found[2]["old_id"] == "shadow" and found[2]["new_id"] == "shadow-year"


def test_a_renamed_id_with_a_new_title_is_removed_plus_added(repo: Repo) -> None:
    new = edit(BASE, ("{id: review, title: Review,", "{id: review2, title: Six-month review,"))
    repo.commit("p.yaml", new, day="2017-02-08")
    code, out, _ = changes(repo, "--since", "HEAD~1", "--until", "HEAD")
    assert code == 0
    assert body(out) == (
        "  Stages added:\n    - Six-month review, due 6 months after shadow\n"
        "  Stages removed:\n    - Review\n"
    )


def test_risks_added_closed_and_rescored(repo: Repo) -> None:
    new = edit(
        BASE,
        (
            "{id: r1, title: Funding gap, likelihood: 3, impact: 4}",
            "{id: r1, title: Funding gap, likelihood: 4, impact: 4}",
        ),
        (
            "{id: r2, title: Data sharing, likelihood: 2, impact: 3}",
            "{id: r2, title: Data sharing, likelihood: 2, impact: 3, status: closed}\n"
            "  - {id: r3, title: Workforce, likelihood: 2, impact: 5}",
        ),
    )
    repo.commit("p.yaml", new, day="2017-02-08")
    code, out, _ = changes(repo, "--since", "HEAD~1", "--until", "HEAD")
    assert code == 0
    assert body(out) == (
        "  Risks added:\n"
        "    - Workforce (score 2x5=10)\n"
        "  Risks closed:\n"
        "    - Data sharing\n"
        "  Risks re-scored:\n"
        "    - Funding gap: 3x4=12 -> 4x4=16\n"
    )


def test_budget_lines_and_totals(repo: Repo) -> None:
    new = edit(
        BASE,
        (
            "{item: Programme manager, amounts: {2017/18: 50000}}",
            "{item: Programme manager, amounts: {2017/18: 55000, 2018/19: 20000}}",
        ),
        (
            "      - {item: Legal, amounts: {2017/18: 10000}}\n",
            "      - {item: Comms, amounts: {2017/18: 5000}}\n",
        ),
        (
            "{year: 2017/18, amount: 60000}",
            "{year: 2017/18, amount: 60000}\n      - {amount: 80000, label: Overall}",
        ),
    )
    repo.commit("p.yaml", new, day="2017-02-08")
    code, out, _ = changes(repo, "--since", "HEAD~1", "--until", "HEAD")
    assert code == 0
    assert body(out) == (
        "  Budgets:\n"
        "    - Programme costs: Programme manager: 2017/18 £50,000 -> £55,000; "
        "2018/19 none -> £20,000\n"
        "    - Programme costs: Comms: line added (£5,000)\n"
        "    - Programme costs: Legal: line removed\n"
        "    - Programme costs: lines add up to £60,000 -> £80,000\n"
        "    - Programme costs: declared Overall none -> £80,000\n"
    )


def test_uncommitted_edits_count_as_now_and_are_marked(repo: Repo) -> None:
    repo.write("p.yaml", edit(BASE, ("due: 2017-03-31", "due: 2017-04-07")))
    code, out, _ = changes(repo, "--since", "HEAD", "--as-of", "2017-02-01")
    assert (code, out) == (
        0,
        f"{repo.root / 'p.yaml'}: changes since HEAD ("
        f"{repo.git('rev-parse', 'HEAD')[:10]} by Ann Lee, 2017-01-02) until now "
        "(uncommitted edits)\n"
        "  note: now includes uncommitted edits in the working tree\n"
        "  Due dates moved:\n"
        "    - Sign the MoU: 2017-03-31 -> 2017-04-07, 7 days later\n",
    )
    _, out, _ = changes(repo, "--since", "HEAD", "--as-of", "2017-02-01", "-f", "json")
    until = json.loads(out)["playbooks"][0]["until"]
    assert until["uncommitted"] is True and until["commit"] is None


def test_no_changes_says_so(repo: Repo) -> None:
    code, out, _ = changes(repo, "--since", "HEAD", "--as-of", "2017-01-03")
    assert (code, body(out)) == (
        0,
        "  no changes to progress, decisions, dates, stages, RAG, risks or budgets\n",
    )


def test_last_paper_is_the_meeting_before_the_end(repo: Repo) -> None:
    moved = edit(BASE, ("due: 2017-03-31", "due: 2017-04-30"))
    repo.commit("p.yaml", moved, day="2017-01-11")  # after the January paper
    code, out, _ = changes(repo, "--as-of", "2017-02-01")  # --since last-paper by default
    assert code == 0
    assert out.splitlines()[0].endswith(
        f"changes since last-paper (2017-01-10) ({repo.git('rev-parse', 'HEAD~1')[:10]} "
        f"by Ann Lee, 2017-01-02) until now ({repo.git('rev-parse', 'HEAD')[:10]})"
    )
    assert body(out).startswith("  Due dates moved:\n    - Sign the MoU: 2017-03-31 -> 2017-04-30")
    code, out, err = changes(repo, "--as-of", "2017-01-10")
    assert (code, out) == (2, "")
    assert err == (
        f"integrate: error: {repo.root / 'p.yaml'}: no paper in the playbook met before "
        "2017-01-10, so there is no last paper; give --since REV or --since DATE\n"
    )


def test_a_moved_playbook_is_compared_across_the_move(repo: Repo) -> None:
    (repo.root / "plans").mkdir()
    repo.git("mv", "p.yaml", "plans/joint.yaml", day="2017-01-20")
    repo.git("commit", "-q", "-m", "move", day="2017-01-20")
    repo.commit(
        "plans/joint.yaml",
        edit(BASE, ("likelihood: 3, impact: 4", "likelihood: 1, impact: 4")),
        day="2017-02-01",
    )
    code, out, _ = changes(
        repo, "--since", "2017-01-05", "--until", "HEAD", name="plans/joint.yaml"
    )
    assert code == 0
    assert body(out) == "  Risks re-scored:\n    - Funding gap: 3x4=12 -> 1x4=4\n"


def test_a_merged_branch_is_one_change_on_the_merge_day(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "side")
    repo.commit(
        "p.yaml",
        edit(BASE, ("due: 2017-03-31", "due: 2017-04-30")),
        day="2017-01-05",
        author="Bo Khan",
    )
    repo.git("checkout", "-q", "main")
    repo.commit("notes.txt", "x\n", day="2017-01-06")
    repo.git("merge", "-q", "--no-ff", "side", "-m", "merge", day="2017-01-20", author="Cy Dee")
    # the branch's commit was made on 5 January, but the main line had it on the 20th
    code, out, _ = changes(repo, "--since", "2017-01-19", "--until", "2017-01-20")
    assert code == 0
    assert "by Cy Dee, 2017-01-20" in out.splitlines()[0]
    assert (
        body(out)
        == "  Due dates moved:\n    - Sign the MoU: 2017-03-31 -> 2017-04-30, 30 days later\n"
    )
    code, out, _ = changes(repo, "--since", "2017-01-05", "--until", "2017-01-19")
    assert (
        body(out) == "  no changes to progress, decisions, dates, stages, RAG, risks or budgets\n"
    )


def test_markdown_lists_each_kind_under_a_heading(repo: Repo) -> None:
    repo.commit("p.yaml", edit(BASE, ("due: 2017-03-31", "due: 2017-04-30")), day="2017-02-01")
    code, out, _ = changes(repo, "--since", "HEAD~1", "--until", "HEAD", "-f", "md")
    assert code == 0
    escaped = str(repo.root / "p.yaml").replace("_", "\\_")  # Markdown: _ is emphasis
    assert out.startswith(f"## {escaped}: changes since HEAD~1 (")
    assert out.split("\n", 2)[2] == (
        "### Due dates moved\n\n- Sign the MoU: 2017-03-31 -> 2017-04-30, 30 days later\n"
    )


def test_unknown_rev_and_since_after_until_exit_2(repo: Repo) -> None:
    code, out, err = changes(repo, "--since", "v9")
    assert (code, out) == (2, "")
    assert err == (
        f"integrate: error: {repo.root / 'p.yaml'}: git knows no revision 'v9'; name a "
        "commit, tag or branch, or give a date (2017-11-08)\n"
    )
    code, _, err = changes(repo, "--since", "2017-03-01", "--until", "2017-02-01")
    assert code == 2
    assert err.endswith("--since (2017-03-01) is after --until (2017-02-01)\n")


def test_an_unreadable_old_version_names_the_commit(repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    repo.commit("p.yaml", "version: [1\n", day="2017-01-03")
    repo.commit("p.yaml", BASE, day="2017-01-04")
    code, _, err = changes(repo, "--since", "2017-01-03", "--until", "HEAD")
    assert code == 2
    assert err.startswith(f"integrate: error: {repo.root / 'p.yaml'}@")
    assert "YAML syntax error" in err and "choose a point where the playbook could be read" in err
    assert first[:10] not in err


def test_installed_script_outside_git_exits_2_without_traceback(tmp_path: Path) -> None:
    loose = tmp_path / "p.yaml"
    loose.write_text(BASE)
    exe = shutil.which("integrate", path=os.path.dirname(sys.executable))
    assert exe is not None
    env = os.environ | {"HOME": str(tmp_path), "GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    proc = subprocess.run(
        [exe, "changes", str(loose), "--since", "2017-01-01"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2,
        "",
        f"integrate: error: {loose}: not in a git repository, so it has no history; commit "
        "the playbook to a repository (git init; git add; git commit) first\n",
    )


def test_installed_script_reads_a_real_history(repo: Repo) -> None:
    repo.commit(
        "p.yaml",
        edit(BASE, ("likelihood: 2, impact: 3}", "likelihood: 2, impact: 3, status: closed}")),
        day="2017-02-01",
    )
    exe = shutil.which("integrate", path=os.path.dirname(sys.executable))
    assert exe is not None
    proc = subprocess.run(
        [exe, "changes", "p.yaml", "--since", "HEAD~1", "--until", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
        cwd=repo.root,
        env=os.environ | repo.env,
    )
    assert (proc.returncode, body(proc.stdout), proc.stderr) == (
        0,
        "  Risks closed:\n    - Data sharing\n",
        "",
    )


def test_a_playbook_newer_than_since_lists_every_stage_as_added(repo: Repo) -> None:
    code, out, _ = changes(repo, "--since", "2016-12-01", "--until", "HEAD")
    assert code == 0
    assert body(out) == (
        "  note: the playbook was not yet committed on 2016-12-01\n"
        "  Stages added:\n"
        "    - Sign the MoU, due 2017-03-31\n"
        "    - Shadow year, due 2017/18\n"
        "    - Review, due 6 months after shadow\n"
        "  Risks added:\n"
        "    - Funding gap (score 3x4=12)\n"
        "    - Data sharing (score 2x3=6)\n"
        "  Budgets:\n"
        "    - Programme costs: Programme manager: line added (£50,000)\n"
        "    - Programme costs: Legal: line added (£10,000)\n"
        "    - Programme costs: budget added, lines add up to £60,000\n"
        "    - Programme costs: declared 2017/18 none -> £60,000\n"
    )


def test_a_decision_due_date_moved(repo: Repo) -> None:
    new = edit(
        BASE,
        (
            "        bodies: [cabinet, gb]\n",
            "        bodies: [cabinet, gb]\n        due: 2017-02-28\n",
        ),
    )
    repo.commit("p.yaml", new, day="2017-01-05")
    later = edit(new, ("        due: 2017-02-28\n", "        due: 2017-03-07\n"))
    repo.commit("p.yaml", later, day="2017-01-06")
    code, out, _ = changes(repo, "--since", "HEAD~1", "--until", "HEAD")
    assert (code, body(out)) == (
        0,
        "  Due dates moved:\n    - Approve the MoU: 2017-02-28 -> 2017-03-07, 7 days later\n",
    )


def test_a_month_is_not_a_point(repo: Repo) -> None:
    code, _, err = changes(repo, "--since", "January 2017")
    assert code == 2
    assert err == (
        "integrate: error: 'January 2017' is not a single day; give a day (2017-11-08), "
        "a revision or last-paper\n"
    )


def test_a_playbook_never_committed_is_all_new_and_marked(repo: Repo) -> None:
    repo.write("new.yaml", BASE)
    code, out, _ = changes(repo, "--since", "HEAD", "--as-of", "2017-01-03", name="new.yaml")
    assert code == 0
    assert out.splitlines()[:4] == [
        f"{repo.root / 'new.yaml'}: changes since HEAD (not yet committed) until now "
        "(uncommitted edits)",
        "  note: the playbook was not yet committed on 2017-01-02",
        "  note: now includes uncommitted edits in the working tree",
        "  Stages added:",
    ]


def test_rag_uses_the_repositorys_amber_window_as_status_does(repo: Repo) -> None:
    args = ("--since", "2017-01-05", "--as-of", "2017-03-01")
    code, out, _ = changes(repo, *args)  # 30 days before its due: green with 14 days' amber
    assert (code, body(out)) == (0, f"  {NOTHING}\n")
    repo.write(".integrate.yaml", "version: 1\nstatus: {amber_days: 45}\n")
    code, out, _ = changes(repo, *args)
    assert (code, body(out)) == (
        0,
        "  RAG:\n"
        "    - Joint Care (programme): green -> amber\n"
        "    - Sign the MoU: green -> amber (due in 30 days)\n",
    )
