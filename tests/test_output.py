"""render-report -o: where a paper may go, and what happens to the file that is there."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner, Result

import integrate_cli.fsutil as fsutil
from integrate_cli.cli import app
from integrate_cli.errors import UsageError
from integrate_cli.output import Destination, guard_output, paper_destination

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "playbooks" / "bnes-integration.yaml"
INTEGRATE = str(Path(sys.executable).parent / "integrate")
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to chown and mknod")
OLD = b"# last month's paper\n"
ANY = "name a .md, .html, .docx or .pdf file"
runner = CliRunner()


def said(stderr: Any) -> Any:
    """Return stderr (text or bytes) without the playbook's warning lines (render-report
    prints them)."""
    if isinstance(stderr, bytes):
        return b"".join(line for line in stderr.splitlines(True) if b": warning " not in line)
    return "".join(line for line in stderr.splitlines(True) if ": warning " not in line)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding p.yaml (the example playbook), made the current directory."""
    shutil.copyfile(EXAMPLE, tmp_path / "p.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def paper() -> bytes:
    """The Markdown paper of the example playbook, as written to standard output."""
    result = runner.invoke(app, ["render-report", str(EXAMPLE), "-f", "md"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"# B&NES Council and BaNES CCG Integration\n")
    return result.stdout_bytes


def render(*args: str) -> Result:
    return runner.invoke(app, ["render-report", "p.yaml", *args])


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -o that would write over what the command reads, or over any playbook


@pytest.mark.parametrize(
    ("args", "wanted"),
    [([], ANY), (["-f", "md"], "name a .md file"), (["-f", "pdf"], "name a .pdf file")],
)
def test_o_onto_the_playbook_is_refused(here: Path, args: list[str], wanted: str) -> None:
    result = render("-t", "cabinet", *args, "-o", "p.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert said(result.stderr) == (
        f"integrate: error: -o p.yaml would write over the playbook being read; {wanted}\n"
    )
    assert (here / "p.yaml").read_bytes() == EXAMPLE.read_bytes()


def test_o_onto_another_playbook_is_refused_existing_or_not(here: Path) -> None:
    (here / "other.yaml").write_bytes(b"version: 1\n")
    result = render("-f", "md", "-o", "other.yaml")
    assert result.exit_code == 2
    assert said(result.stderr) == (
        "integrate: error: -o other.yaml would write over a playbook; name a .md file\n"
    )
    assert (here / "other.yaml").read_bytes() == b"version: 1\n"
    result = render("-o", "new.YML")
    assert result.exit_code == 2
    assert (
        said(result.stderr) == f"integrate: error: -o new.YML would write over a playbook; {ANY}\n"
    )
    assert not (here / "new.YML").exists()


def test_o_through_a_symlink_to_the_playbook_is_refused(here: Path) -> None:
    (here / "paper.md").symlink_to("p.yaml")
    result = render("-o", "paper.md")
    assert result.exit_code == 2
    assert said(result.stderr) == (
        "integrate: error: -o paper.md would write over the playbook being read, p.yaml "
        f"(it links to {os.path.realpath(here / 'p.yaml')}); {ANY}\n"
    )
    assert (here / "p.yaml").read_bytes() == EXAMPLE.read_bytes()
    assert os.readlink(here / "paper.md") == "p.yaml"


def test_o_onto_a_hard_link_to_the_playbook_is_refused(here: Path) -> None:
    os.link(here / "p.yaml", here / "paper.md")
    result = render("-f", "md", "-o", "paper.md")
    assert result.exit_code == 2
    assert said(result.stderr) == (
        "integrate: error: -o paper.md would write over the playbook being read, p.yaml "
        "(a hard link to it); name a .md file\n"
    )
    assert (here / "p.yaml").read_bytes() == EXAMPLE.read_bytes()
    assert (here / "p.yaml").stat().st_nlink == 2


def test_o_onto_the_style_file_is_refused(here: Path) -> None:
    (here / "house.docx").write_bytes(b"PK house style")
    result = render("--style", "house.docx", "-o", "house.docx")
    assert result.exit_code == 2
    assert said(result.stderr) == (
        f"integrate: error: -o house.docx would write over the --style file; {ANY}\n"
    )
    assert (here / "house.docx").read_bytes() == b"PK house style"


# the format: from the suffix, never against --format


def test_suffix_that_disagrees_with_format_is_refused(here: Path) -> None:
    result = render("-f", "pdf", "-o", "x.md")
    assert result.exit_code == 2
    assert said(result.stderr) == (
        "integrate: error: -o x.md names a Markdown file but --format is pdf; "
        "name a .pdf file, or leave out --format\n"
    )
    assert sorted(p.name for p in here.iterdir()) == ["p.yaml"]


def test_unknown_suffix_needs_format_and_never_suggests_yaml(here: Path, paper: bytes) -> None:
    result = render("-o", "paper.txt")
    assert result.exit_code == 2
    assert said(result.stderr) == (
        "integrate: error: cannot tell the format from -o paper.txt: "
        f"{ANY}, or give --format md|html|docx|pdf\n"
    )
    assert "yaml" not in result.stderr
    assert not (here / "paper.txt").exists()
    result = render("-f", "md", "-o", "paper")
    assert result.exit_code == 0, result.stderr
    assert said(result.stderr) == f"wrote paper ({len(paper):,} bytes)\n"
    assert (here / "paper").read_bytes() == paper


def test_suffix_chooses_the_format(here: Path) -> None:
    result = render("-o", "paper.HTM")
    assert result.exit_code == 0, result.stderr
    assert (here / "paper.HTM").read_bytes().startswith(b"<!DOCTYPE html>")


def test_binary_formats_need_a_destination(here: Path) -> None:
    result = render("-f", "pdf")
    assert result.exit_code == 2
    assert said(result.stderr) == (
        "integrate: error: pdf is binary: give -o FILE.pdf (or -o - to send it down a pipe)\n"
    )


# -o - is standard output


def test_dash_is_standard_output(here: Path, paper: bytes) -> None:
    result = render("-f", "md", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == paper
    assert said(result.stderr) == ""
    assert not (here / "-").exists()


def test_dash_sends_word_bytes_down_a_pipe(here: Path) -> None:
    result = render("-t", "cabinet", "-f", "docx", "-o", "-")
    assert result.exit_code == 0, result.stderr
    (here / "got.docx").write_bytes(result.stdout_bytes)
    assert docx.Document(str(here / "got.docx")).paragraphs[0].text.startswith("B&NES")
    assert not (here / "-").exists()


def test_dash_refuses_to_print_pdf_on_a_terminal(here: Path) -> None:
    main, tty = os.openpty()
    try:
        proc = subprocess.run(
            [INTEGRATE, "render-report", "p.yaml", "-f", "pdf", "-o", "-"],
            stdout=tty,
            stderr=subprocess.PIPE,
            cwd=here,
            timeout=120,
            check=False,
        )
    finally:
        os.close(tty)
        os.close(main)
    assert proc.returncode == 2
    assert said(proc.stderr) == (
        b"integrate: error: -o - would print pdf bytes on the terminal; send them down a "
        b"pipe or give -o FILE.pdf\n"
    )


# what is at the -o path: written as the user would expect, never lost


def test_installed_command_refuses_the_playbook_as_output(here: Path) -> None:
    proc = subprocess.run(
        [INTEGRATE, "render-report", "p.yaml", "-t", "cabinet", "-f", "md", "-o", "p.yaml"],
        capture_output=True,
        cwd=here,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert said(proc.stderr) == (
        b"integrate: error: -o p.yaml would write over the playbook being read; name a .md file\n"
    )
    assert (here / "p.yaml").read_bytes() == EXAMPLE.read_bytes()


def test_fifo_is_written_to_not_replaced(here: Path, paper: bytes) -> None:
    fifo = here / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = render("-f", "md", "-o", "pipe")
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert got == [paper]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@ROOT_ONLY
def test_device_stays_a_device(here: Path, paper: bytes) -> None:
    null = here / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    result = render("-f", "md", "-o", "null")
    assert result.exit_code == 0, result.stderr
    assert said(result.stderr) == f"wrote null ({len(paper):,} bytes)\n"
    info = null.lstat()
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert leftovers(here) == []


def test_symlink_keeps_the_link_and_updates_its_target(here: Path, paper: bytes) -> None:
    (here / "papers").mkdir()
    (here / "papers" / "2017-11.md").write_bytes(OLD)
    (here / "paper.md").symlink_to(Path("papers") / "2017-11.md")
    result = render("-o", "paper.md")
    assert result.exit_code == 0, result.stderr
    assert os.readlink(here / "paper.md") == str(Path("papers") / "2017-11.md")
    assert (here / "papers" / "2017-11.md").read_bytes() == paper
    assert leftovers(here) == [] and leftovers(here / "papers") == []


def test_hard_linked_output_keeps_its_links(here: Path, paper: bytes) -> None:
    (here / "paper.md").write_bytes(OLD)
    os.link(here / "paper.md", here / "to-committee.md")
    inode = (here / "paper.md").stat().st_ino
    result = render("-o", "paper.md")
    assert result.exit_code == 0, result.stderr
    assert (here / "paper.md").read_bytes() == paper
    assert (here / "to-committee.md").read_bytes() == paper
    assert (here / "paper.md").stat().st_ino == inode == (here / "to-committee.md").stat().st_ino


def test_mode_is_kept(here: Path, paper: bytes) -> None:
    (here / "paper.md").write_bytes(OLD)
    (here / "paper.md").chmod(0o640)
    result = render("-o", "paper.md")
    assert result.exit_code == 0, result.stderr
    assert (here / "paper.md").read_bytes() == paper
    assert stat.S_IMODE((here / "paper.md").stat().st_mode) == 0o640


@ROOT_ONLY
def test_owner_and_group_are_kept(here: Path, paper: bytes) -> None:
    (here / "paper.md").write_bytes(OLD)
    os.chown(here / "paper.md", 1234, 1234)
    result = render("-o", "paper.md")
    assert result.exit_code == 0, result.stderr
    info = (here / "paper.md").stat()
    assert (info.st_uid, info.st_gid) == (1234, 1234)
    assert (here / "paper.md").read_bytes() == paper


def test_full_disk_changes_nothing(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (here / "paper.md").write_bytes(OLD)

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fsutil.os, "fsync", fsync)
    result = render("-o", "paper.md")
    monkeypatch.undo()
    assert result.exit_code == 2
    assert said(result.stderr) == (
        "integrate: error: paper.md: cannot write: No space left on device; nothing was changed\n"
    )
    assert (here / "paper.md").read_bytes() == OLD
    assert leftovers(here) == []


# Someone who may not write a file cannot have it replaced through its directory. The
# interpreter may live where nobody cannot read it, so the run starts as root, loads
# everything with one paper, then drops to nobody (uid 65534) for the run under test.
AS_NOBODY = """
import os, sys
from integrate_cli.cli import main
def run(*args):
    sys.argv = ["integrate", "render-report", "p.yaml", "-f", "md", *args]
    try:
        main()
    except SystemExit as exc:
        return exc.code
run("-o", "warm-up.md")
os.setgroups([])
os.setgid(65534)
os.setuid(65534)
sys.exit(run("-o", "paper.md"))
"""


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder anyone may write in (mode 0777), outside pytest's private tmp tree."""
    folder = Path(tempfile.mkdtemp(prefix="integrate-shared-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


@ROOT_ONLY
def test_file_the_user_cannot_write_is_refused(shared: Path) -> None:
    shutil.copyfile(EXAMPLE, shared / "p.yaml")
    (shared / "p.yaml").chmod(0o644)
    (shared / "paper.md").write_bytes(OLD)
    (shared / "paper.md").chmod(0o644)
    proc = subprocess.run(
        [sys.executable, "-c", AS_NOBODY],
        capture_output=True,
        text=True,
        cwd=shared,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert said(proc.stderr).splitlines()[-1] == (
        "integrate: error: paper.md: you do not have permission to write this file; "
        "nothing was changed (ask its owner for write access, or write another file)"
    )
    assert (shared / "paper.md").read_bytes() == OLD
    info = (shared / "paper.md").stat()
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (0, 0o644)
    assert leftovers(shared) == []


# a paper only from a valid playbook, written only once it is whole


def test_playbook_with_errors_writes_nothing(here: Path) -> None:
    text = EXAMPLE.read_text()
    text = text.replace("due: January 2018 ", "due: Janvier 2018 ")
    text = text.replace("depends_on: [legal-advice]", "depends_on: [nope]")
    (here / "p.yaml").write_text(text)
    (here / "paper.md").write_bytes(OLD)
    result = render("-o", "paper.md")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert said(result.stderr) == (
        "p.yaml:82:10: DATE-INVALID stages.legal-advice.due: 'Janvier 2018': 'janvier' "
        "is not a month, season or part of a year\n"
        "p.yaml:92:18: REF-UNRESOLVED stages.shadow.depends_on[0] refers to stage 'nope', "
        "which is not defined in this playbook\n"
        "integrate: error: p.yaml: 2 errors in the playbook; nothing was written (a paper "
        "is only written from a valid playbook; run 'integrate validate p.yaml', or give "
        "--allow-errors to write it anyway)\n"
    )
    assert (here / "paper.md").read_bytes() == OLD


def test_progress_after_the_as_of_day_is_a_warning(here: Path) -> None:
    # the playbook is checked as of the meeting day (8 Nov 2017), whatever --as-of says
    text = (
        (here / "p.yaml")
        .read_text()
        .replace("{on: 2017-11-08, by: Cabinet", "{on: 2017-11-20, by: Cabinet")
    )
    (here / "p.yaml").write_text(text)
    result = render("-o", "paper.md", "--as-of", "2017-11-01")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "p.yaml:62:18: warning DONE-FUTURE stage 'cabinet-agreement' is recorded on "
        "20 Nov 2017, after the as-of date 8 Nov 2017; not counted on the as-of day"
    )
    assert lines[-1].startswith("wrote paper.md (")
    assert (here / "paper.md").read_bytes().startswith(b"# B&NES")


def test_template_error_leaves_the_old_paper(here: Path) -> None:
    (here / "templates").mkdir()
    (here / "templates" / "ours.md.j2").write_text("# {{ paper.title }}\n\n{{ paper.nope }}\n")
    (here / "paper.md").write_bytes(OLD)
    result = render("-t", "ours", "-o", "paper.md")
    assert result.exit_code != 0
    assert said(result.stderr).startswith("integrate: error: template ")
    assert f"{here / 'templates' / 'ours.md.j2'}" in result.stderr
    assert (here / "paper.md").read_bytes() == OLD
    assert leftovers(here) == []


def test_template_file_is_not_an_output(here: Path) -> None:
    (here / "ours.md.j2").write_text("# {{ paper.title }}\n")
    result = render("-t", "ours.md.j2", "-f", "md", "-o", "ours.md.j2")
    assert result.exit_code == 2
    assert said(result.stderr) == (
        "integrate: error: -o ours.md.j2 would write over the template; name a .md file\n"
    )
    assert (here / "ours.md.j2").read_text() == "# {{ paper.title }}\n"


# the policy as a library call


def test_destination_policy(tmp_path: Path) -> None:
    assert paper_destination(None, None) == Destination("md", None)
    assert paper_destination("-", "html") == Destination("html", None)
    assert paper_destination("-", "pdf", stdout_is_terminal=False) == Destination("pdf", None)
    assert paper_destination(str(tmp_path / "a.PDF"), None) == Destination(
        "pdf", str(tmp_path / "a.PDF")
    )
    assert paper_destination(str(tmp_path / "a.markdown"), "md").format == "md"
    with pytest.raises(UsageError, match=r"^docx is binary: give -o FILE\.docx "):
        paper_destination(None, "docx")
    with pytest.raises(UsageError, match=r"^-o - would print docx bytes on the terminal"):
        paper_destination("-", "docx", stdout_is_terminal=True)


def test_guard_output_for_other_commands(tmp_path: Path) -> None:
    guard_output(str(tmp_path / "schema.json"), wanted="a .json file")
    with pytest.raises(UsageError) as caught:
        guard_output(str(tmp_path / "schema.yaml"), wanted="a .json file")
    assert str(caught.value) == (
        f"-o {tmp_path / 'schema.yaml'} would write over a playbook; name a .json file"
    )
    with pytest.raises(UsageError) as caught:
        guard_output(str(tmp_path), wanted="a .json file")
    assert str(caught.value) == f"-o {tmp_path} is a directory; name a .json file in it"
    with pytest.raises(UsageError) as caught:
        guard_output(str(tmp_path / "no" / "x.json"))
    assert str(caught.value) == (
        f"-o {tmp_path / 'no' / 'x.json'}: directory {tmp_path / 'no'} does not exist; "
        "create it first"
    )


def test_output_name_that_cannot_be_a_file(here: Path) -> None:
    result = render("-o", "")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"integrate: error: -o needs a file name; {ANY}, or - for standard output\n"
    )
    result = render("-f", "md", "-o", "p.yaml/paper.md")
    assert result.exit_code == 2
    assert said(result.stderr) == (
        f"integrate: error: -o p.yaml/paper.md: {os.path.realpath(here / 'p.yaml')} is a file, "
        "not a directory; name a .md file\n"
    )
    assert (here / "p.yaml").read_bytes() == EXAMPLE.read_bytes()
