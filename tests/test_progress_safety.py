"""Progress commands never lose a record, edit only the item asked for, or refuse.

Every refused command leaves the file's bytes exactly as they were.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrate_cli import progress
from integrate_cli.cli import app
from integrate_cli.errors import FindingsFailed
from integrate_cli.loader import load_text
from integrate_cli.progress import Request, record_progress
from integrate_cli.progress_edit import Plan
from integrate_cli.progress_target import Target
from tests.conftest import HEADER

runner = CliRunner()
AS_OF = ["--as-of", "2019-12-31"]
DONE = HEADER + textwrap.dedent("""\
    stages:
      - id: go-live
        title: Go live
        kind: go-live
        due: 2019-12-14
        status: done
        record: {on: 2019-12-14, by: Cabinet, evidence: "Minute 12"}
      - id: shadow
        title: Shadow year
        kind: shadow
        due: 2019-06-30
        status: in-progress
        record: {on: 2019-04-01, by: PMO}
        criteria:
          - {id: tor, title: Terms of reference, status: blocked,
             record: {on: 2019-05-01, reason: No adviser}}
          - {id: legal, title: Legal advice}
        decisions:
          - id: gov
            title: Approve governance
            bodies: [cabinet, gb]
            taken:
              cabinet: {on: 2019-05-02, evidence: Minute 3}
    """)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, *AS_OF])
    return result.exit_code, result.stdout, result.stderr


def playbook(tmp_path: Path, text: str = DONE, *, newline: str = "\n") -> Path:
    path = tmp_path / "p.yaml"
    path.write_bytes(text.replace("\n", newline).encode())
    return path


# 1. A command that would change nothing refuses and quotes the record it would replace.

REFUSALS = [
    (
        ["complete", "go-live", "--on", "2019-12-20"],
        "stage 'go-live' is already done (on 14 Dec 2019 by Cabinet, evidence \"Minute 12\"); "
        "use 'integrate reopen' first, or --force to replace the record (the old one is kept "
        "under history)",
    ),
    (
        ["start", "shadow", "--on", "2019-12-20"],
        "stage 'shadow' is already in progress (on 1 Apr 2019 by PMO); use --force to replace "
        "the record (the old one is kept under history)",
    ),
    (
        ["block", "shadow.tor", "--reason", "Still none"],
        "criterion 'shadow.tor' is already blocked (on 1 May 2019, reason \"No adviser\"); use "
        "'integrate reopen' first, or --force to replace the record (the old one is kept under "
        "history)",
    ),
    (
        ["reopen", "shadow.legal"],
        "criterion 'shadow.legal' is not started, not done or blocked, so there is nothing to "
        "reopen; use 'integrate start', or --force to record it again",
    ),
    (
        ["reopen", "shadow"],
        "stage 'shadow' is in progress (on 1 Apr 2019 by PMO), not done or blocked, so there is "
        "nothing to reopen; use 'integrate start', or --force to replace the record (the old "
        "one is kept under history)",
    ),
    (
        ["complete", "shadow.gov", "--body", "cabinet"],
        "decision 'shadow.gov' is already taken by cabinet (on 2 May 2019, evidence "
        '"Minute 3"); use --force to replace that record (the old one is kept under history)',
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS, ids=[" ".join(a[:2]) for a, _ in REFUSALS])
def test_a_command_that_would_change_nothing_is_refused(
    tmp_path: Path, args: list[str], message: str
) -> None:
    path = playbook(tmp_path)
    before = path.read_bytes()
    code, out, err = run(args[0], str(path), *args[1:])
    assert (code, out) == (1, "")
    assert err == f"integrate: error: {path}: {message}\n"
    assert path.read_bytes() == before


def test_force_keeps_the_old_record_under_history(tmp_path: Path) -> None:
    path = playbook(tmp_path)
    code, out, err = run(
        "complete", str(path), "go-live", "--on", "2019-12-20", "--by", "PMO", "--force"
    )
    assert (code, err) == (0, "")
    assert out.startswith(
        "go-live: done -> done on 2019-12-20; the earlier record is kept under history; "
    )
    assert path.read_text() == DONE.replace(
        '    record: {on: 2019-12-14, by: Cabinet, evidence: "Minute 12"}\n',
        "    record: {on: 2019-12-20, by: PMO}\n"
        "    history:\n"
        "      - {status: done, on: 2019-12-14, by: Cabinet, evidence: Minute 12}\n",
    )


def test_reopening_a_done_item_keeps_its_record(tmp_path: Path) -> None:
    path = playbook(tmp_path)
    assert run("reopen", str(path), "go-live", "--reason", "Minute rescinded")[0] == 0
    assert path.read_text() == DONE.replace(
        '    status: done\n    record: {on: 2019-12-14, by: Cabinet, evidence: "Minute 12"}\n',
        "    status: in-progress\n"
        "    record: {on: 2019-12-31, reason: Minute rescinded}\n"
        "    history:\n"
        "      - {status: done, on: 2019-12-14, by: Cabinet, evidence: Minute 12}\n",
    )


def test_history_grows_in_the_item_own_style(tmp_path: Path) -> None:
    path = playbook(tmp_path)
    for args in (
        ["reopen", "shadow.tor", "--on", "2019-06-01"],
        ["complete", "shadow.tor", "--on", "2019-06-02"],
        ["complete", "shadow.tor", "--on", "2019-06-03", "--force"],
    ):
        assert run(args[0], str(path), *args[1:])[0] == 0
    assert (
        "      - {id: tor, title: Terms of reference, status: done,\n"
        "         record: {on: 2019-06-03}, history: [{status: blocked, on: 2019-05-01, "
        "reason: No adviser}, {status: in-progress, on: 2019-06-01}, "
        "{status: done, on: 2019-06-02}]}\n"
    ) in path.read_text()


def test_forced_decision_keeps_the_body_record_under_history(tmp_path: Path) -> None:
    path = playbook(tmp_path)
    code, out, _ = run(
        "complete", str(path), "shadow.gov", "--body", "cabinet", "--on", "2019-06-01", "--force"
    )
    assert code == 0
    assert out.startswith("shadow.gov: taken by cabinet on 2019-06-01; the earlier record is kept")
    assert path.read_text().endswith(
        "        taken:\n"
        "          cabinet: {on: 2019-06-01}\n"
        "        history:\n"
        "          - {body: cabinet, on: 2019-05-02, evidence: Minute 3}\n"
    )


def test_every_progress_command_takes_force(tmp_path: Path) -> None:
    path = playbook(tmp_path)
    assert run("start", str(path), "shadow", "--force", "--on", "2019-12-01")[0] == 0
    assert run("block", str(path), "shadow.tor", "--reason", "R2", "--force")[0] == 0
    assert run("reopen", str(path), "shadow.legal", "--force")[0] == 0
    data = load_text(path.read_text(), "p.yaml").data
    assert data is not None
    shadow = data["stages"][1]
    assert shadow["history"] == [{"status": "in-progress", "on": "2019-04-01", "by": "PMO"}]
    assert shadow["criteria"][0]["history"] == [
        {"status": "blocked", "on": "2019-05-01", "reason": "No adviser"}
    ]
    assert shadow["criteria"][1]["status"] == "in-progress"
    assert "history" not in shadow["criteria"][1]  # it had no record to keep


# 2. Edits land on the asked-for item, whatever the item before it ends with.

TWO = HEADER + textwrap.dedent("""\
    stages:
      - id: s1
        title: >-
          A long title
          folded over two lines
        kind: milestone
        due: 2019-05-01
        owner: >-
          cabinet
      - id: s2
        title: Second
        kind: milestone
        due: 2019-06-01
        criteria:
          - id: c1
            title: |
              First criterion,
              literal
          - id: c2
            title: >-
              Second criterion,
              folded
          - id: c3
            title: C3
            owner: >-
              council
          - id: c4
            title: C4
    """)


def test_folded_owner_before_the_next_stage_is_not_its_end(tmp_path: Path) -> None:
    path = playbook(tmp_path, TWO)
    code, out, err = run("start", str(path), "s1", "--on", "2019-03-01")
    assert (code, err) == (0, "")
    assert out == "s1: not-started -> in-progress on 2019-03-01; stage s1 is now RED\n"
    assert path.read_text() == TWO.replace(
        "      cabinet\n", "      cabinet\n    status: in-progress\n    record: {on: 2019-03-01}\n"
    )


@pytest.mark.parametrize(
    ("target", "last_line"),
    [
        ("s2.c1", "          literal\n"),
        ("s2.c2", "          folded\n"),
        ("s2.c3", "          council\n"),
    ],
)
def test_block_scalar_at_an_item_end_is_not_the_next_criterion(
    tmp_path: Path, target: str, last_line: str
) -> None:
    path = playbook(tmp_path, TWO)
    assert run("complete", str(path), target, "--on", "2019-03-01")[0] == 0
    assert path.read_text() == TWO.replace(
        last_line, last_line + "        status: done\n        record: {on: 2019-03-01}\n"
    )


@pytest.mark.parametrize("chomp", ["|+", ">+", "|-", ">"])
def test_block_scalar_with_trailing_blank_lines_and_comment(tmp_path: Path, chomp: str) -> None:
    text = HEADER + (
        "stages:\n"
        "  - id: s1\n"
        "    title: One\n"
        "    kind: milestone\n"
        "    due: 2019-05-01\n"
        "    criteria:\n"
        "      - id: c1\n"
        f"        title: {chomp}  # the title\n"
        "          Kept\n"
        "\n"
        "\n"
        "      # about c2\n"
        "      - {id: c2, title: Two}\n"
    )
    path = playbook(tmp_path, text)
    assert run("start", str(path), "s1.c1", "--on", "2019-03-01")[0] == 0
    new = path.read_text()
    where = "          Kept\n\n\n" if "+" in chomp else "          Kept\n"
    added = "        status: in-progress\n        record: {on: 2019-03-01}\n"
    assert new == text.replace(where, where + added)
    old_data, new_data = load_text(text, "p").data, load_text(new, "p").data
    assert old_data is not None and new_data is not None
    old_c1, new_c1 = old_data["stages"][0]["criteria"][0], new_data["stages"][0]["criteria"][0]
    assert new_c1["title"] == old_c1["title"]


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_cr_and_crlf_files_get_their_own_line_endings(tmp_path: Path, newline: str) -> None:
    three = TWO.replace(
        "  - id: s2\n", "  - {id: s0, title: Zero, kind: milestone, due: 2019-06-01}\n  - id: s2\n"
    )
    path = playbook(tmp_path, three, newline=newline)
    assert run("start", str(path), "s1", "--on", "2019-03-01")[0] == 0
    expected = three.replace(
        "      cabinet\n", "      cabinet\n    status: in-progress\n    record: {on: 2019-03-01}\n"
    )
    assert path.read_bytes() == expected.replace("\n", newline).encode()


def test_a_stray_crlf_line_does_not_make_inserted_lines_crlf(tmp_path: Path) -> None:
    text = TWO.replace(
        "    kind: milestone\n    due: 2019-05-01\n",
        "    kind: milestone\r\n    due: 2019-05-01\n",
        1,
    )
    path = playbook(tmp_path, text)
    assert run("start", str(path), "s2.c4", "--on", "2019-03-01")[0] == 0
    assert (
        path.read_bytes()
        == (text + "        status: in-progress\n        record: {on: 2019-03-01}\n").encode()
    )


ODD = HEADER + textwrap.dedent("""\
    stages:
      - {id: s1,   # a flow mapping over three lines
         title: One, kind: milestone,
         due: 2019-05-01
        }
      - status: &st done   # status first, id last, quoted keys
        record: &rec {on: 2019-01-02, by: PMO}
        kind: milestone
        "title": "Two\twith a tab"
        due: 2019-05-01
        'id': s2
      - record: {on: 2019-01-03}   # record before status
        status: in-progress
        id: s3
        title: Three
        kind: milestone
        due: 2019-06-01
    """)


def test_flow_mapping_over_several_lines_gets_the_keys_inside(tmp_path: Path) -> None:
    path = playbook(tmp_path, ODD)
    assert run("start", str(path), "s1", "--on", "2019-03-01")[0] == 0
    assert path.read_text() == ODD.replace(
        "     due: 2019-05-01\n",
        "     due: 2019-05-01, status: in-progress, record: {on: 2019-03-01}\n",
    )


def test_anchors_on_the_edited_values_are_kept(tmp_path: Path) -> None:
    path = playbook(tmp_path, ODD)
    assert run("reopen", str(path), "s2", "--on", "2019-03-01", "--reason", "Redo")[0] == 0
    assert path.read_text() == ODD.replace(
        "  - status: &st done   # status first, id last, quoted keys\n"
        "    record: &rec {on: 2019-01-02, by: PMO}\n",
        "  - status: &st in-progress   # status first, id last, quoted keys\n"
        "    record: &rec {on: 2019-03-01, reason: Redo}\n"
        "    history:\n"
        "      - {status: done, on: 2019-01-02, by: PMO}\n",
    )


def test_record_before_status_is_replaced_in_place(tmp_path: Path) -> None:
    path = playbook(tmp_path, ODD, newline="\r")
    raw = b"\xef\xbb\xbf" + path.read_bytes()  # a BOM and CR-only line endings
    path.write_bytes(raw)
    assert run("complete", str(path), "s3", "--on", "2019-03-01")[0] == 0
    expected = ODD.replace(
        "  - record: {on: 2019-01-03}   # record before status\n    status: in-progress\n",
        "  - record: {on: 2019-03-01}   # record before status\n"
        "    history:\n"
        "      - {status: in-progress, on: 2019-01-03}\n"
        "    status: done\n",
    )
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r").encode()


SHARED = HEADER + textwrap.dedent("""\
    stages:
      - &one
        id: s1
        title: One
        kind: milestone
        due: 2019-05-01
      - id: s2
        title: Two
        kind: milestone
        due: 2019-05-01
        status: &st in-progress
      - <<: *one
        id: s3
        title: Three
      - id: s4
        title: Four
        kind: milestone
        due: 2019-05-01
        status: *st
    """)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "s1",
            "stage 's1' cannot be changed alone: stage 's3' uses its text through *one (line 20), "
            "so the edit would change stage 's3' too; nothing was written. Write the shared part "
            "out in full in each place, then run again",
        ),
        (
            "s2",
            "stage 's2' cannot be changed alone: stage 's4' uses its text through *st (line 27), "
            "so the edit would change stage 's4' too; nothing was written. Write the shared part "
            "out in full in each place, then run again",
        ),
    ],
)
def test_text_shared_through_an_anchor_is_refused_naming_the_other_item(
    tmp_path: Path, target: str, message: str
) -> None:
    path = playbook(tmp_path, SHARED)
    code, out, err = run("block", str(path), target, "--reason", "Waiting")
    assert (code, out) == (1, "")
    assert err == f"integrate: error: {path}: {message}\n"
    assert path.read_text() == SHARED


def test_an_item_using_an_alias_can_still_be_edited(tmp_path: Path) -> None:
    path = playbook(tmp_path, SHARED)
    assert run("complete", str(path), "s4", "--on", "2019-03-01", "--force")[0] == 0
    assert path.read_text() == SHARED.replace(
        "    status: *st\n", "    status: done\n    record: {on: 2019-03-01}\n"
    )
    assert run("start", str(path), "s3", "--on", "2019-03-01")[0] == 0
    assert "    title: Three\n    status: in-progress\n    record: {on: 2019-03-01}\n" in (
        path.read_text()
    )


# 3. A write proves itself: a wrong edit is never written.


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        (
            lambda text: text.replace("title: Second", "title: Changed").replace(
                "    due: 2019-05-01\n", "    due: 2019-05-01\n    status: in-progress\n", 1
            ),
            "the edit of stage 's1' would also change stage 's2' (title); nothing was written",
        ),
        (
            lambda text: text + "  - {oops\n",
            "the edit would break the file at 38:1 (YAML-SYNTAX YAML syntax error: did not "
            "find expected ',' or '}'); nothing was written",
        ),
        (
            lambda text: text,
            "the edit would not leave stage 's1' with the status asked for; nothing was written",
        ),
    ],
    ids=["other-item", "broken", "not-applied"],
)
def test_an_edit_that_does_not_prove_itself_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wrong: object, message: str
) -> None:
    def bad_edit(text: str, request: Request, *, data: object) -> Plan:
        new = wrong(text)  # type: ignore[operator]
        expected = {"status": "in-progress", "record": {"on": "2019-03-01"}}
        return Plan(new, "summary", Target("s1", "s1"), expected)

    monkeypatch.setattr(progress, "edit_text", bad_edit)
    path = playbook(tmp_path, TWO)
    code, out, err = run("start", str(path), "s1", "--on", "2019-03-01")
    assert (code, out) == (1, "")
    assert err == (
        f"integrate: error: {path}: {message} (record it by hand, and please report this)\n"
    )
    assert path.read_text() == TWO


# 4. Bad input is blamed on what is bad, and never blocks.


@pytest.mark.parametrize(
    ("option", "value", "code"),
    [
        ("--by", "PMO\x07", "U+0007"),
        ("--evidence", "Minute\n12", "U+000A"),
        ("--reason", "a\tb", "U+0009"),
        ("--by", "x\x9b2J", "U+009B"),
        ("--by", "line\u2028sep", "U+2028"),
    ],
)
def test_a_control_character_in_an_option_is_a_usage_error(
    tmp_path: Path, option: str, value: str, code: str
) -> None:
    path = playbook(tmp_path, TWO)
    action = "block" if option == "--reason" else "complete"
    exit_code, out, err = run(action, str(path), "s1", option, value)
    what = "a control character" if code != "U+2028" else "a character a playbook cannot hold"
    assert (exit_code, out) == (2, "")
    assert err == f"integrate: error: {option} contains {what} ({code}); remove it\n"
    assert path.read_text() == TWO


def test_a_control_character_in_body_is_a_usage_error(tmp_path: Path) -> None:
    path = playbook(tmp_path)
    code, out, err = run("complete", str(path), "shadow.gov", "--body", "gb\x1b[2J")
    assert (code, out) == (2, "")
    assert err == "integrate: error: --body contains a control character (U+001B); remove it\n"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command in a process (a FIFO must not block it: the timeout would fire)."""
    return subprocess.run(
        [sys.executable, "-m", "integrate_cli", *args, *AS_OF],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_fifo_is_refused_without_waiting(tmp_path: Path, dry_run: bool) -> None:
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)
    proc = cli("start", str(fifo), "s1", *(["--dry-run"] if dry_run else []))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"integrate: error: {fifo}: is a FIFO (named pipe), not a playbook file\n"


def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "p.yaml").symlink_to(tmp_path / "pipe")
    proc = cli("complete", str(tmp_path / "p.yaml"), "s1")
    assert proc.returncode == 2
    assert proc.stderr.endswith("is a FIFO (named pipe), not a playbook file\n")
    assert proc.stderr.count("\n") == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_refused(tmp_path: Path) -> None:
    device = tmp_path / "zero"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 5))  # like /dev/zero
    proc = cli("start", str(device), "s1")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert (
        proc.stderr == f"integrate: error: {device}: is a character device, not a playbook file\n"
    )


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = playbook(tmp_path, TWO + "#" * (5 * 1024 * 1024))
    size = path.stat().st_size
    code, out, err = run("start", str(path), "s1")
    assert (code, out) == (2, "")
    assert err == f"integrate: error: {path}: file is {size:,} bytes; the limit is 5,242,880\n"


# 6. A playbook with errors is not edited.


def test_a_playbook_with_errors_is_refused_listing_them(tmp_path: Path) -> None:
    text = TWO.replace("    due: 2019-06-01\n", "    due: 31 Febtember 2019\n").replace(
        "    kind: milestone\n", "    kind: milestone\n    ownr: cabinet\n", 1
    )
    path = playbook(tmp_path, text)
    code, out, err = run("start", str(path), "s2.c4", "--on", "2019-03-01")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0] == (
        f"integrate: error: {path} has 2 errors as of 2019-12-31, so no progress was recorded; "
        "fix them first ('integrate validate' gives hints):"
    )
    assert [line.split(": ", 2)[1].split(" ")[0] for line in lines[1:]] == [
        "SCHEMA-UNKNOWN-KEY",
        "DATE-INVALID",
    ]
    assert lines[1].startswith(f"{path}:15:5: SCHEMA-UNKNOWN-KEY unknown key 'ownr' in stage")
    assert path.read_text() == text


def test_an_edit_that_adds_an_error_is_still_refused(tmp_path: Path) -> None:
    path = playbook(tmp_path, TWO)
    with pytest.raises(FindingsFailed, match="DONE-FUTURE"):
        record_progress(
            str(path),
            Request("complete", "s2.c4", __import__("datetime").date(2020, 6, 1)),
            as_of=__import__("datetime").date(2019, 12, 31),
        )
    assert path.read_text() == TWO
