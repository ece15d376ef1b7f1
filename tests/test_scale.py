"""Plans that are long or written in any order, many files, and workers that end with the run."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import psutil
import pytest

from integrate_cli.check import check_file, check_loaded, check_paths
from integrate_cli.loader import load_text
from integrate_cli.status import programme_status
from integrate_cli.workers import each_in_workers

ROOT = Path(__file__).resolve().parent.parent
EXE = str(Path(sys.executable).parent / "integrate")
EXAMPLES = sorted((ROOT / "playbooks").glob("*.yaml"))
FIRST_DUE = date(2020, 1, 6)
AS_OF = date(2020, 1, 1)


def long_plan(stages: int, order: str, chain: str) -> str:
    """Return a valid plan of `stages` stages, each after the one before it.

    `chain`: "depends_on", "relative" (`due: 1 week after s41`) or "both"; `order`:
    "forward", "reverse" or "random" (seeded).
    """
    numbers = list(range(stages))
    if order == "reverse":
        numbers.reverse()
    elif order == "random":
        random.Random(stages).shuffle(numbers)
    lines = [
        "version: 1",
        "programme: {id: long, title: A long plan}",
        "partners: [{id: p, name: P, kind: other}]",
        "stages:",
    ]
    for n in numbers:
        after = f", depends_on: [s{n - 1}]" if n and chain != "relative" else ""
        if chain == "depends_on":
            due = (FIRST_DUE + timedelta(days=n)).isoformat()
        else:
            due = f"1 week after s{n - 1}" if n else FIRST_DUE.isoformat()
        lines.append(f"- {{id: s{n}, title: S, kind: milestone, due: {due}{after}}}")
    return "\n".join(lines) + "\n"


def test_ten_thousand_stages_last_first_through_the_installed_command(tmp_path: Path) -> None:
    # Once a RecursionError (exit 3) from 340 stages with relative dates, 1,000 with
    # depends_on: each stage here has both, written last stage first.
    path = tmp_path / "long.yaml"
    path.write_text(long_plan(10_000, "reverse", "both"))
    assert path.stat().st_size < 1_000_000  # well inside the 5 MB limit
    checked = subprocess.run(
        [EXE, "validate", str(path), "--as-of", "2020-01-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (checked.returncode, checked.stdout, checked.stderr) == (
        0,
        "1 playbook checked: no problems\n",
        "",
    )
    shown = subprocess.run(
        [EXE, "status", str(path), "--as-of", "2020-01-01", "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (shown.returncode, shown.stderr) == (0, "")
    (programme,) = json.loads(shown.stdout)["programmes"]
    stages = programme["stages"]
    assert [s["id"] for s in stages] == [f"s{n}" for n in range(10_000)]
    last = (FIRST_DUE + timedelta(weeks=9_999)).isoformat()  # 1 Aug 2211
    assert stages[-1]["due_window"] == {"start": last, "end": last}
    assert stages[-1]["due"] == "1 week after s9998"


def _state(order: str, chain: str, stages: int) -> tuple[list[str], dict[str, tuple[object, ...]]]:
    result = check_loaded(load_text(long_plan(stages, order, chain), "long.yaml"), AS_OF)
    assert result.findings == []
    assert result.playbook is not None
    status = programme_status(result.playbook, AS_OF)
    return [s.stage.id for s in status.stages], {
        s.stage.id: (s.status, s.rag, tuple(s.reasons), s.due, tuple(s.blockers), s.days_left)
        for s in status.stages
    }


@pytest.mark.parametrize("chain", ["depends_on", "relative"])
def test_stage_order_in_the_file_never_changes_the_status(chain: str) -> None:
    stages = 3_000  # three times the recursion limit
    order, forward = _state("forward", chain, stages)
    assert order == [f"s{n}" for n in range(stages)]
    last = FIRST_DUE + (timedelta(weeks=2_999) if chain == "relative" else timedelta(days=2_999))
    assert forward[f"s{stages - 1}"][3].end == last
    assert forward["s1"][4] == (
        ("waits for s0 (not-started, amber)",) if chain != "relative" else ()
    )
    for other in ("reverse", "random"):
        assert _state(other, chain, stages) == (order, forward)


PROBLEMS = [
    "- {id: a, title: A, kind: milestone, due: 2018-01-01, status: done, "
    "record: {on: 2017-12-01}, depends_on: [b]}",
    "- {id: b, title: B, kind: milestone, due: 2018-06-01, depends_on: [c]}",
    "- {id: c, title: C, kind: milestone, due: 1 week after d}",
    "- {id: d, title: D, kind: milestone, due: 30 February 2018}",
    "- {id: e, title: E, kind: milestone, due: 2 weeks after e}",
    "- {id: f, title: F, kind: milestone, due: 2019-01-01, depends_on: [g, zz]}",
    "- {id: g, title: G, kind: milestone, due: 2019-01-01, depends_on: [f]}",
    "- {id: h, title: H, kind: go-live, due: 2019-01-01, depends_on: [i]}",
    "- {id: i, title: I, kind: shadow, due: 2019-06-01}",
]


def _findings(stages: list[str]) -> list[tuple[str, str, str]]:
    text = "version: 1\nprogramme: {id: p, title: P}\npartners: [{id: p, name: P, kind: other}]\n"
    text += "stages:\n" + "".join(f"  {s}\n" for s in stages)
    result = check_loaded(load_text(text, "t.yaml"), AS_OF)
    return sorted((f.code, f.message, f.where) for f in result.findings)


def test_stage_order_in_the_file_never_changes_the_findings() -> None:
    expected = _findings(PROBLEMS)
    assert [code for code, _, _ in expected] == [
        "DATE-CYCLE",
        "DATE-INVALID",
        "DEP-CYCLE",
        "DONE-BEFORE-DEPENDENCY",
        "DUE-BEFORE-DEPENDENCY",
        "DUE-BEFORE-DEPENDENCY",
        "REF-UNRESOLVED",
        "SHADOW-AFTER-GOLIVE",
    ]
    shuffled = list(PROBLEMS)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        found = _findings(shuffled)
        # A cycle is named from the stage the walk meets first: compare its members.
        assert _cycles_as_sets(found) == _cycles_as_sets(expected)
    # Reversed, the walk meets g first and names the cycle from it, at f's edge.
    cycle = (
        "DEP-CYCLE",
        "stages depend on each other in a cycle: g -> f -> g",
        "stages.f.depends_on",
    )
    assert _findings(list(reversed(PROBLEMS))) == sorted(
        [*(f for f in expected if f[0] != "DEP-CYCLE"), cycle]
    )


def _cycles_as_sets(findings: list[tuple[str, str, str]]) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for code, message, _ in findings:
        if code == "DEP-CYCLE":
            out.append((code, frozenset(message.rsplit(": ", 1)[1].split(" -> "))))
        else:
            out.append((code, message))
    return out


def test_checking_and_status_leave_no_reference_cycles_behind() -> None:
    # Workers run with the collector off: a cycle (such as a function that refers to
    # itself) would keep every playbook a worker has checked alive until it exits.
    day = date(2017, 11, 8)

    def work() -> None:
        for path in EXAMPLES:
            result = check_file(str(path), day)
            assert result.playbook is not None
            programme_status(result.playbook, day)

    work()  # first use: imports and caches
    enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        work()
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """A directory of 400 playbooks: enough for `validate` to use worker processes."""
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(400):
        shutil.copy(EXAMPLES[n % len(EXAMPLES)], folder / f"p{n:03d}.yaml")
    (folder / "p007.yaml").write_text("version: 1\nprogramme: [\n")
    (folder / "p250.yaml").write_text(long_plan(3, "reverse", "relative").replace("1 week", "1 wk"))
    return folder


def test_workers_give_the_same_findings_in_file_order(many: Path) -> None:
    day = date(2017, 11, 8)
    alone = check_paths([str(many)], as_of=day, jobs=1)
    shared = check_paths([str(many)], as_of=day, jobs=2)
    assert [r.path for r in shared.files] == [r.path for r in alone.files]
    assert [r.findings for r in shared.files] == [r.findings for r in alone.files]
    assert {f.path.rsplit("/", 1)[1] for f in shared.findings()} == {"p007.yaml", "p250.yaml"}
    assert all(r.playbook is None for r in shared.files)


@pytest.fixture
def plenty(tmp_path: Path) -> Path:
    """A directory of 6,000 playbooks (hard links, so cheap to make): a run that lasts
    seconds even on a fast machine, so a signal always arrives while workers are busy."""
    folder = tmp_path / "plenty"
    folder.mkdir()
    for n in range(6000):
        os.link(EXAMPLES[n % len(EXAMPLES)], folder / f"p{n:04d}.yaml")
    return folder


def _started(folder: Path) -> tuple[subprocess.Popen[bytes], list[psutil.Process]]:
    proc = subprocess.Popen(
        [EXE, "validate", str(folder), "--as-of", "2017-11-08"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while len(parent.children()) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    workers = parent.children()
    assert len(workers) == 2, "validate ended before its workers were seen"
    return proc, workers


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:  # it ended (and was reaped) between the two questions
        return False


def _ended(workers: list[psutil.Process]) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = [w for w in workers if _alive(w)]
        if not alive:
            return True
        time.sleep(0.05)
    for worker in workers:  # do not leave them behind if the test fails
        with contextlib.suppress(psutil.NoSuchProcess):
            worker.kill()
    return False


@pytest.mark.skipif(sys.platform != "linux", reason="signals and /proc as on Linux")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_validate_takes_its_workers_with_it(plenty: Path, sig: int) -> None:
    proc, workers = _started(plenty)
    proc.send_signal(sig)
    assert proc.wait(timeout=30) == -sig
    assert _ended(workers)


@pytest.mark.skipif(sys.platform != "linux", reason="signals and /proc as on Linux")
def test_ctrl_c_ends_validate_and_its_workers(plenty: Path) -> None:
    proc, workers = _started(plenty)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 130
    assert proc.stderr is not None and proc.stderr.read() == b"integrate: interrupted\n"
    assert _ended(workers)


def _first(args: tuple[list[str], None]) -> list[str]:
    return args[0]


def test_a_reader_that_stops_early_ends_the_workers() -> None:
    files = [f"f{n}" for n in range(1000)]
    others = {p.pid for p in psutil.Process().children()}  # started by earlier tests
    results = each_in_workers(_first, files, None, workers=2)
    assert [next(results) for _ in range(3)] == ["f0", "f1", "f2"]
    workers = [p for p in psutil.Process().children() if p.pid not in others]
    assert len(workers) == 2
    results.close()
    assert _ended(workers)


def test_thousands_of_unresolved_references_are_reported_quickly() -> None:
    # Each "did you mean" compares the typo with every stage id: once quadratic (10,000
    # typos among 10,000 stages took minutes); now the suggestions stop after a bound.
    stages = 3_000
    text = "version: 1\nprogramme: {id: p, title: P}\npartners: [{id: p, name: P, kind: other}]\n"
    text += "stages:\n" + "".join(
        f"- {{id: stage-{n}, title: S, kind: milestone, due: 1 week after stahe-{n}, "
        f"depends_on: [stahe-{n}]}}\n"
        for n in range(stages)
    )
    findings = check_loaded(load_text(text, "t.yaml"), AS_OF).findings
    assert [f.code for f in findings] == ["REF-UNRESOLVED"] * (2 * stages)
    first, last = findings[0], findings[-1]
    assert first.message == (
        "stages.stage-0.due is relative to 'stahe-0', which is not a stage, criterion or "
        "decision in this playbook"
    )
    assert first.hint == "did you mean 'stage-0'? anchor it to a stage id or stage.criterion"
    assert findings[1].hint.startswith("did you mean 'stage-0'? defined: stage-0, stage-1, ")
    assert last.hint.startswith("defined: stage-0, stage-1, stage-10, ")


def test_a_body_without_partners_names_every_decision_asked_of_it_once() -> None:
    # Once a scan of every decision for every such body (3,000 bodies: 3 s).
    text = """\
version: 1
programme: {id: p, title: P}
partners: [{id: p, name: P, kind: other}]
bodies:
  - {id: b1, name: B1, kind: board, partners: []}
  - {id: b2, name: B2, kind: board, partners: []}
  - {id: b3, name: B3, kind: board, partners: [p]}
stages:
  - {id: s1, title: S, kind: milestone, decisions: [{id: d1, title: D, bodies: [b1, b2, b1]},
                                                   {id: d2, title: D, bodies: [b3]}]}
  - {id: s2, title: S, kind: milestone, decisions: [{id: d1, title: D, bodies: [b1]}]}
"""
    findings = check_loaded(load_text(text, "t.yaml"), AS_OF).findings
    assert [(f.code, f.message) for f in findings] == [
        ("BODY-NO-PARTNER", "body 'b1' belongs to no partner; decisions asked of it: s1.d1, s2.d1"),
        ("BODY-NO-PARTNER", "body 'b2' belongs to no partner; decisions asked of it: s1.d1"),
    ]
