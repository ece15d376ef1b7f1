"""The terminal views: exact text, colour only on a terminal, the README's samples as run."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from integrate_cli.cli.layout import columns, text_of
from tests.conftest import HEADER, ROOT

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LATE = HEADER + textwrap.dedent("""\
    stages:
      - id: approve
        title: Cabinet and Governing Body approve
        kind: decision
        due: early March 2017
        status: in-progress
        decisions:
          - {id: model, title: Approve the model, bodies: [cabinet, gb]}
      - id: go-live
        title: Integrated service goes live
        kind: go-live
        due: 3 months after approve
        depends_on: [approve]
    """)


def exe() -> str:
    found = shutil.which("integrate", path=os.path.dirname(sys.executable))
    assert found is not None
    return found


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    return {**env, "TERM": "xterm-256color", **extra}


def run(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe(), *args], capture_output=True, text=True, cwd=cwd, env=clean_env(**env), check=False
    )


def on_terminal(*args: str, **env: str) -> str:
    """Run the console script with stdout on a pseudo-terminal; return what it printed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([exe(), *args], stdout=follower, env=clean_env(**env), cwd=ROOT)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait() == 0
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.fixture
def late(tmp_path: Path) -> Path:
    path = tmp_path / "late.yaml"
    path.write_text(LATE)
    return path


def test_columns_align_and_never_end_in_spaces() -> None:
    rows = [
        [[("Stage", "bold")], [("Due", "")], [("When", "")]],
        [[("go-live", "")], [("autumn 2017", "")], [("", "")]],
        [[("s75", "")], [("", "")], [("in 3 d", "red")]],
    ]
    assert [text_of(line) for line in columns(rows, indent="  ")] == [
        "  Stage    Due          When",
        "  go-live  autumn 2017",
        "  s75                   in 3 d",
    ]


def test_one_programme_exact_text(late: Path) -> None:
    proc = run("status", str(late), "--as-of", "2017-03-20")
    assert (proc.returncode, proc.stderr) == (0, "")
    expected = (ROOT / "tests" / "golden" / "status-late.txt").read_text()
    assert proc.stdout == expected.replace("{path}", str(late))


def test_colour_is_the_same_text_with_styles(late: Path) -> None:
    plain = run("status", str(late), "--as-of", "2017-03-20").stdout
    coloured = run("status", str(late), "--as-of", "2017-03-20", "--color", "always").stdout
    assert "\x1b[1;37;41m RED   \x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain


def test_colour_on_a_terminal_unless_no_color_or_never() -> None:
    args = ("status", "playbooks/southend-mou.yaml", "--as-of", "2015-01-15")
    plain = run(*args).stdout
    assert "\x1b[" not in plain
    coloured = on_terminal(*args)
    assert "\x1b[" in coloured and ANSI.sub("", coloured) == plain
    assert on_terminal(*args, NO_COLOR="1") == plain
    assert on_terminal(*args, "--color", "never") == plain
    assert on_terminal(*args, TERM="dumb") == plain
    assert "\x1b[" in run(*args, FORCE_COLOR="1").stdout
    always = run(*args, "--color", "always", NO_COLOR="1", TERM="dumb").stdout
    assert always == run(*args, "--color", "always").stdout
    assert "\x1b[" in always


def test_plain_output_does_not_import_rich_and_colour_not_its_console(late: Path) -> None:
    code = (
        "import sys\nfrom integrate_cli.cli import main\n"
        f"args = ['status', {str(late)!r}, '--as-of', '2017-03-20']\n"
        "sys.argv = ['integrate', *args, *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('rich' in sys.modules, 'rich.console' in sys.modules, file=sys.stderr)\n"
    )
    for extra, loaded in (([], "False False"), (["--color", "always"], "True False")):
        proc = subprocess.run(
            [sys.executable, "-c", code, *extra],
            capture_output=True,
            text=True,
            env=clean_env(),
            check=False,
        )
        assert proc.stderr == f"{loaded}\n", extra


def readme_samples() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text()
    sample = r"```console\n\$ (integrate (?:status|timeline|deadlines)[^\n]*)\n(.*?)```"
    blocks = re.findall(sample, text, re.S)
    assert len(blocks) >= 3
    return blocks


@pytest.mark.parametrize(("command", "shown"), readme_samples(), ids=lambda v: v[:40])
def test_readme_samples_are_real_output(command: str, shown: str) -> None:
    proc = run(*command.split()[1:])
    assert (proc.returncode, proc.stdout) == (0, shown)


def test_records_after_the_as_of_day_are_named_under_their_stage() -> None:
    from integrate_cli.cli.status_view import recorded_later
    from tests.test_status import status_of

    stages = """\
        - id: b
          title: B
          kind: milestone
          due: 2019-06-30
          status: in-progress
          record: {on: 2019-04-02}
          criteria:
            - {id: f, title: F, status: blocked, record: {on: 2019-04-01, reason: no}}
            - {id: d, title: D, status: dropped, record: {on: 2019-04-03}}
        """
    (state,) = status_of(stages, date(2019, 3, 19)).stages
    assert recorded_later(state) == [
        "the file records it started on 2 Apr 2019, after the as-of day",
        "the file records b.f blocked on 1 Apr 2019, after the as-of day",
        "the file records b.d dropped on 3 Apr 2019, after the as-of day",
    ]
