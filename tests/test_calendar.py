"""`integrate calendar`: an RFC 5545 feed, read back with the icalendar library."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from integrate_cli.cli import app
from integrate_cli.ics import escape, fold
from tests.test_deadlines import PLAYBOOK

runner = CliRunner()


def run(*args: str) -> tuple[int, bytes, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.fixture
def playbook(tmp_path: Path) -> Path:
    path = tmp_path / "joint.yaml"
    path.write_text(PLAYBOOK)
    return path


def events(data: bytes) -> dict[str, icalendar.Event]:
    feed = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in feed.walk("VEVENT")}


def test_the_feed_parses_with_all_day_events_and_descriptions(playbook: Path) -> None:
    out = playbook.parent / "committee.ics"
    code, stdout, err = run("calendar", str(playbook), "-o", str(out), "--as-of", "2017-05-01")
    assert (code, stdout) == (0, b"")
    assert err == f"wrote {out} (11 events)\n"
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert b"\n" not in data.replace(b"\r\n", b"")
    found = events(data)
    agenda = found["agenda-cabinet-2017-06-01@joint.integrate"]
    assert agenda.decoded("DTSTART") == date(2017, 5, 23)  # an all-day event: a date
    assert agenda.decoded("DTEND") == date(2017, 5, 24)
    assert str(agenda["SUMMARY"]) == (
        "Cabinet agenda published (5 clear days): Cabinet: Pooled budget"
    )
    stage = found["stage-go-live@joint.integrate"]
    assert stage.decoded("DTSTART") == date(2017, 9, 30)
    assert str(stage["DESCRIPTION"]) == (
        f"Playbook: Joint commissioning\nStage: Go live (go-live)\nFile: {playbook}"
    )
    assert str(stage["SUMMARY"]) == "Go live due"
    notice = found["key-decision-notice-paper-budget@joint.integrate"]
    assert notice.decoded("DTSTART") == date(2017, 5, 3)
    assert "Playbook: Joint commissioning" in str(notice["DESCRIPTION"])
    assert str(found["notice-ends-s75@joint.integrate"]["SUMMARY"]) == (
        "last day to serve notice to end (six months): Section 75 agreement"
    )


def test_same_input_same_bytes_and_uids_survive_an_unrelated_edit(playbook: Path) -> None:
    first = run("calendar", str(playbook), "--as-of", "2017-05-01")[1]
    assert run("calendar", str(playbook), "--as-of", "2017-05-01")[1] == first
    # add a stage before go-live and retitle nothing else: every event keeps its UID
    playbook.write_text(
        PLAYBOOK.replace(
            "stages:\n",
            "stages:\n  - {id: shadow, title: Shadow year, kind: shadow, due: 2017-08-31}\n",
        )
    )
    second = run("calendar", str(playbook), "--as-of", "2017-05-01")[1]
    before, after = events(first), events(second)
    assert set(after) == set(before) | {"stage-shadow@joint.integrate"}
    for uid, event in before.items():
        assert after[uid].decoded("DTSTART") == event.decoded("DTSTART"), uid


def test_no_output_or_dash_is_standard_output(playbook: Path) -> None:
    code, stdout, err = run("calendar", str(playbook), "-o", "-", "--as-of", "2017-05-01")
    assert (code, err) == (0, "")
    assert stdout.endswith(b"END:VCALENDAR\r\n")
    assert run("calendar", str(playbook), "--as-of", "2017-05-01")[1] == stdout


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("joint.yaml", "would write over a playbook"),
        ("other.yml", "would write over a playbook"),
        ("feed.txt", "is not a .ics file; name a .ics file"),
        ("missing/feed.ics", "does not exist; create it first"),
    ],
)
def test_refused_outputs_change_nothing(playbook: Path, name: str, message: str) -> None:
    target = playbook.parent / name
    before = playbook.read_bytes()
    code, stdout, err = run("calendar", str(playbook), "-o", str(target))
    assert (code, stdout) == (2, b"")
    assert message in err
    assert playbook.read_bytes() == before
    assert name == "joint.yaml" or not target.exists()


def test_an_invalid_playbook_writes_no_feed(playbook: Path) -> None:
    playbook.write_text(PLAYBOOK.replace("due: 2017-09-30", "due: 31.4.17"))
    out = playbook.parent / "feed.ics"
    code, _, err = run("calendar", str(playbook), "-o", str(out))
    assert code == 1
    assert err.endswith(
        "integrate: error: 1 invalid playbook; nothing was written; run 'integrate validate' "
        "on them for hints\n"
    )
    assert not out.exists()


def test_a_symlinked_feed_is_written_through_the_link(playbook: Path) -> None:
    real = playbook.parent / "real.ics"
    real.write_text("old")
    link = playbook.parent / "feed.ics"
    os.symlink(real, link)
    assert run("calendar", str(playbook), "-o", str(link), "--as-of", "2017-05-01")[0] == 0
    assert link.is_symlink()
    assert real.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_escaping_and_folding() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape("bell\x07") == "bell"
    line = "SUMMARY:" + "é" * 40  # 8 + 80 octets
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert [len(part) for part in folded] == [74, 15]  # never inside a character
    assert folded[1].startswith(b" ")
    assert b"".join(p[1:] if i else p for i, p in enumerate(folded)).decode() == line


def test_a_fuzzy_due_date_falls_on_its_last_day_and_done_stages_are_left_out(
    playbook: Path,
) -> None:
    playbook.write_text(
        PLAYBOOK.replace(
            "stages:\n",
            "stages:\n"
            "  - {id: shadow, title: Shadow year, kind: shadow, due: autumn 2017}\n"
            "  - {id: mou, title: MoU signed, kind: milestone, due: 2017-01-10, status: done,\n"
            "     record: {on: 2017-01-10, by: PMO}}\n",
        )
    )
    found = events(run("calendar", str(playbook), "--as-of", "2017-05-01")[1])
    shadow = found["stage-shadow@joint.integrate"]
    assert shadow.decoded("DTSTART") == date(2017, 11, 30)
    assert str(shadow["SUMMARY"]) == "Shadow year due (by the end of autumn 2017)"
    assert "stage-mou@joint.integrate" not in found


def test_a_second_playbook_with_the_same_programme_id_is_left_out_and_told(
    playbook: Path,
) -> None:
    copy = playbook.parent / "copy.yaml"
    copy.write_text(PLAYBOOK.replace("title: Joint commissioning", "title: Copy"))
    code, stdout, err = run("calendar", str(copy), str(playbook), "--as-of", "2017-05-01")
    assert code == 0
    assert err == (
        f"integrate: warning: {playbook} has the programme id 'joint' of {copy}; its events "
        "would share their UIDs, so it is left out of the feed (give it its own id)\n"
    )
    assert b"X-WR-CALNAME:Copy\r\n" in stdout
    assert len(events(stdout)) == 11
