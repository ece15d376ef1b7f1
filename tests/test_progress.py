"""Recording progress: only the changed keys move, writes are atomic and serialised."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from integrate_cli import fsutil
from integrate_cli.errors import FindingsFailed, InputError, UsageError
from integrate_cli.progress import Request, record_progress

DAY = date(2018, 2, 1)

PLAYBOOK = textwrap.dedent("""\
    # A playbook with comments, odd quoting and blank lines that must survive edits.
    version: 1
    programme: {id: p, title: 'Programme'}   # flow style

    partners:
      - {id: council, name: "A Council", kind: local-authority}
      - {id: ccg, name: A CCG, kind: ccg}
    bodies:
      - {id: cabinet, name: Cabinet, kind: cabinet, partners: [council]}
      - {id: gb, name: Governing Body, kind: governing-body, partners: [ccg]}

    stages:
      - id: shadow          # the shadow year
        title: Shadow year
        kind: shadow
        due: 2018/19
        criteria:
          - id: legal
            title: Legal advice
            status: not-started   # nobody yet
          - {id: tor, title: Terms of reference}
      - id: approve
        title: Approval
        kind: decision
        due: May 2018
        depends_on: [shadow]
        decisions:
          - id: gov
            title: Approve governance
            bodies: [cabinet, gb]
""")


def write(tmp_path: Path, text: str = PLAYBOOK, *, newline: str = "\n", bom: bool = False) -> Path:
    path = tmp_path / "p.yaml"
    data = text.replace("\n", newline).encode()
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    old, new = before.splitlines(), after.splitlines()
    return ([line for line in old if line not in new], [line for line in new if line not in old])


def test_completing_a_criterion_changes_only_its_status_and_adds_a_record(tmp_path: Path) -> None:
    path = write(tmp_path)
    outcome = record_progress(
        str(path),
        Request("complete", "shadow.legal", DAY, "Legal team", "Advice note 3: final"),
        as_of=DAY,
    )
    assert outcome.summary == "shadow.legal: not-started -> done on 2018-02-01"
    after = path.read_text()
    assert changed_lines(PLAYBOOK, after) == (
        ["        status: not-started   # nobody yet"],
        [
            "        status: done   # nobody yet",
            '        record: {on: 2018-02-01, by: Legal team, evidence: "Advice note 3: final"}',
        ],
    )


def test_flow_style_criterion_is_edited_inside_its_braces(tmp_path: Path) -> None:
    path = write(tmp_path)
    record_progress(str(path), Request("start", "shadow.tor", DAY, "PMO"), as_of=DAY)
    assert changed_lines(PLAYBOOK, path.read_text())[1] == [
        "      - {id: tor, title: Terms of reference, status: in-progress, "
        "record: {on: 2018-02-01, by: PMO}}"
    ]


def test_crlf_and_bom_survive_byte_for_byte(tmp_path: Path) -> None:
    path = write(tmp_path, newline="\r\n", bom=True)
    record_progress(str(path), Request("start", "shadow", DAY), as_of=DAY)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    expected = PLAYBOOK.replace(
        "    due: 2018/19\n",
        "    due: 2018/19\n    status: in-progress\n    record: {on: 2018-02-01}\n",
    )
    assert raw == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode()


def test_decision_taken_by_one_body_adds_a_taken_entry(tmp_path: Path) -> None:
    path = write(tmp_path)
    record_progress(
        str(path),
        Request("complete", "approve.gov", DAY, body="cabinet", evidence="Minute 12"),
        as_of=DAY,
    )
    record_progress(str(path), Request("complete", "approve.gov", DAY, body="gb"), as_of=DAY)
    assert path.read_text().endswith(
        "        bodies: [cabinet, gb]\n"
        "        taken: {cabinet: {on: 2018-02-01, evidence: Minute 12}, gb: {on: 2018-02-01}}\n"
    )


def test_stage_with_open_criteria_needs_force(tmp_path: Path) -> None:
    path = write(tmp_path)
    with pytest.raises(UsageError, match="open items: legal, tor"):
        record_progress(str(path), Request("complete", "shadow", DAY), as_of=DAY)
    assert path.read_text() == PLAYBOOK
    record_progress(str(path), Request("complete", "shadow", DAY, force=True), as_of=DAY)
    assert "    record: {on: 2018-02-01, forced: true}\n" in path.read_text()


def test_unknown_target_suggests_the_nearest(tmp_path: Path) -> None:
    path = write(tmp_path)
    with pytest.raises(UsageError, match=r"did you mean 'shadow\.legal'"):
        record_progress(str(path), Request("complete", "shadow.legl", DAY), as_of=DAY)


def test_edit_that_would_make_the_playbook_invalid_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path)
    with pytest.raises(FindingsFailed, match="DONE-FUTURE"):
        record_progress(str(path), Request("complete", "shadow.legal", date(2030, 1, 1)), as_of=DAY)
    assert path.read_text() == PLAYBOOK


def test_dry_run_writes_nothing_and_gives_a_diff(tmp_path: Path) -> None:
    path = write(tmp_path)
    outcome = record_progress(
        str(path),
        Request("block", "shadow.legal", DAY, reason="No adviser"),
        as_of=DAY,
        dry_run=True,
    )
    assert path.read_text() == PLAYBOOK
    assert "+        record: {on: 2018-02-01, reason: No adviser}\n" in outcome.diff()


def test_block_needs_a_reason(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--reason"):
        record_progress(str(write(tmp_path)), Request("block", "shadow", DAY), as_of=DAY)


def test_playbook_the_user_may_not_write_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path)
    path.chmod(0o444)
    if os.geteuid() == 0:  # root may write any file, as an editor would: play a user who may not
        monkeypatch.setattr(fsutil.os, "access", lambda *args, **kwargs: False)
    with pytest.raises(
        InputError, match="you do not have permission to write this file; nothing was changed"
    ):
        record_progress(str(path), Request("start", "shadow", DAY), as_of=DAY)
    assert path.read_text() == PLAYBOOK


def test_symlinked_playbook_is_written_through_its_link(tmp_path: Path) -> None:
    real = write(tmp_path)
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    record_progress(str(link), Request("start", "shadow", DAY), as_of=DAY)
    assert link.is_symlink() and os.readlink(link) == real.name
    assert "    status: in-progress\n" in real.read_text()


def test_hard_linked_playbook_keeps_its_links(tmp_path: Path) -> None:
    real = write(tmp_path)
    other = tmp_path / "other.yaml"
    os.link(real, other)
    record_progress(str(real), Request("start", "shadow", DAY), as_of=DAY)
    assert other.read_text() == real.read_text() != PLAYBOOK
    assert os.stat(other).st_ino == os.stat(real).st_ino


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        record_progress(str(tmp_path), Request("start", "shadow", DAY), as_of=DAY)


def _complete(args: tuple[str, str]) -> str:
    path, target = args
    return record_progress(path, Request("complete", target, DAY), as_of=DAY).summary


def test_twenty_concurrent_processes_all_land(tmp_path: Path) -> None:
    tor = "      - {id: tor, title: Terms of reference}\n"
    criteria = "".join(f"      - {{id: c{i}, title: C{i}}}\n" for i in range(20))
    text = PLAYBOOK.replace(tor, tor + criteria)
    path = write(tmp_path, text)
    context = multiprocessing.get_context("spawn")
    with context.Pool(20) as pool:
        pool.map(_complete, [(str(path), f"shadow.c{i}") for i in range(20)])
    after = path.read_text()
    for i in range(20):
        assert f"{{id: c{i}, title: C{i}, status: done, record: {{on: 2018-02-01}}}}" in after


KILLER = """
import os, sys, time
import integrate_cli.fsutil as fsutil
real = os.replace
def slow_replace(src, dst):
    print("ready", flush=True)
    time.sleep(30)
    real(src, dst)
os.replace = slow_replace
fsutil.os.replace = slow_replace
from datetime import date
from integrate_cli.progress import Request, record_progress
record_progress(sys.argv[1], Request("start", "shadow", date(2018, 2, 1)), as_of=date(2018, 2, 1))
"""


def test_process_killed_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = write(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"  # the new text is written and flushed
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert path.read_text() == PLAYBOOK
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 1  # a temporary file may remain; the playbook is whole
