"""The highlight report: one A4 page for every example, with what a board reads first."""

from __future__ import annotations

import io
import textwrap
from datetime import date
from pathlib import Path

import pypdf
import pytest

from integrate_cli.check import blocking, check_file, check_loaded
from integrate_cli.loader import load_text
from integrate_cli.model import Playbook
from integrate_cli.report.render import render, render_markdown
from tests.conftest import HEADER, ROOT
from tests.test_githistory import Repo

EXAMPLES = sorted((ROOT / "playbooks").glob("*.yaml"))


def example(path: Path) -> Playbook:
    result = check_file(str(path), date(2026, 11, 22))
    assert result.playbook is not None
    return result.playbook


def highlight(playbook: Playbook, paper_id: str | None = None) -> str:
    return render_markdown(playbook, "highlight", paper_id=paper_id, as_of=None).markdown


def header(markdown: str) -> dict[str, str]:
    """Return the header table's rows: label -> value."""
    rows = {}
    for line in markdown.split("\n\n")[1].splitlines()[2:]:
        label, value = (c.strip() for c in line.strip().strip("|").split("|", 1))
        rows[label.strip("*")] = value.removesuffix("|").strip()
    return rows


def section(markdown: str, title: str) -> list[str]:
    """Return the lines of a `## title` section."""
    return markdown.split(f"## {title}\n\n")[1].split("\n\n")[0].splitlines()


@pytest.mark.parametrize("path", [*EXAMPLES, ROOT / "tests" / "data" / "bnes-paper.yaml"])
def test_the_highlight_pdf_is_one_a4_page(path: Path) -> None:
    data = render(example(path), "highlight", "pdf", paper_id=None, as_of=None)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    text = reader.pages[0].extract_text()
    assert "highlight report" in text and "Page 1 of 1" in text


def test_southend_says_why_it_is_red_and_what_is_sought() -> None:
    markdown = highlight(example(ROOT / "playbooks" / "southend-mou.yaml"))
    rows = header(markdown)
    rows.pop("Report from")  # the paper's own field
    assert rows == {
        "Report to": "Southend Health and Wellbeing Board, 3 September 2014 (Appendix 2)",
        "Period": "4 June 2014 to 3 September 2014 (no earlier report)",
        "Overall": "**RED**: Stage 1: joint commissioning arrangements built on existing work "
        "programmes: overdue by 5 days",
        "Stages": "1 RED, 3 AMBER, 5 GREEN; 3 of 15 items done (20%)",
    }
    assert section(markdown, "Progress") == [
        "- **Done this period:** Workstream brief for each area signed off by the JEG "
        "(16 July 2014); Memorandum of Understanding signed by both parties (August 2014); "
        "Sign the Memorandum of Understanding (Corporate Director People Group (delegated "
        "decision), CCG Chief Operating Officer (delegated decision)) (August 2014).",
        "- **Next period, to 3 December 2014:** MoU noted at the Joint Executive Group, due "
        "10 September 2014 (AMBER); Stage 2: options for an integrated commissioning "
        "structure appraised, model agreed, due 26 September 2014 (AMBER).",
    ]
    assert section(markdown, "Top risks and issues")[0] == (
        "- **Issue:** Stage 1: joint commissioning arrangements built on existing work "
        "programmes: overdue by 5 days (due 29 August 2014)."
    )
    assert section(markdown, "Top risks and issues")[1].startswith("- **Risk, score 9:** ")


def test_hackney_shows_the_pooled_and_aligned_figures_the_paper_states() -> None:
    rows = header(highlight(example(ROOT / "playbooks" / "city-and-hackney.yaml")))
    assert rows["Money"] == (
        "Hackney Integrated Commissioning Fund (indicative, based on 2016/17): "
        "Pooled budget £437m (2016/17); Aligned fund £47m (2016/17)"
    )
    assert rows["Report author"] == (
        "Devora Wolfson, Programme Director: Integrated Commissioning (LBH, CCG and COLC)"
    )


def test_bnes_seeks_this_meetings_decision_first() -> None:
    markdown = highlight(example(ROOT / "playbooks" / "bnes-integration.yaml"))
    assert section(markdown, "Decisions sought") == [
        "- Support stronger integrated arrangements and further work on governance: Cabinet, "
        "for decision at this meeting",
        "- Approve the integrated governance arrangements: Full Council, CCG Board, by May 2018",
    ]
    # sought today: due today, so amber, and not done (the file records it taken that day)
    assert header(markdown)["Overall"] == (
        "**AMBER**: Cabinet agrees integration in principle and the resource request: "
        "for decision at this meeting"
    )
    assert header(markdown)["Stages"] == "1 AMBER, 5 GREEN; 0 of 9 items done (0%)"


TWO_PAPERS = """\
    people:
      - {id: sro, name: Sam Reed, role: Senior responsible owner}
    stages:
      - {id: plan, title: Plan agreed, kind: milestone, due: 2017-02-10, status: done,
         record: {on: 2017-02-10}}
      - {id: build, title: Build, kind: milestone, due: 2017-03-20, status: done,
         record: {on: 2017-03-20}}
      - {id: go, title: Go live, kind: go-live, due: June 2017, depends_on: [build]}
    papers:
      - {id: first, title: First, template: highlight,
         meeting: {body: cabinet, date: 2017-03-01}}
      - {id: second, title: Second, template: highlight, author: sro,
         meeting: {body: cabinet, date: 2017-04-05, next: July 2017}}
    """


def two_papers(programme: str = "{id: p, title: P}") -> Playbook:
    text = HEADER.replace("{id: p, title: P}", programme) + textwrap.dedent(TWO_PAPERS)
    result = check_loaded(load_text(text, "t.yaml"), date(2017, 4, 5))
    assert blocking(result.findings) == []
    assert result.playbook is not None
    return result.playbook


def test_the_period_runs_from_the_last_report_to_this_one() -> None:
    markdown = highlight(two_papers())
    assert header(markdown)["Period"] == "1 March 2017 to 5 April 2017"
    assert header(markdown)["Report author"] == "Sam Reed, Senior responsible owner"
    assert section(markdown, "Progress") == [
        "- **Done this period:** Build (20 March 2017).",
        "- **Next period, to July 2017:** Go live, due June 2017 (GREEN).",
        "- **The plan since the last report:** Not shown: t.yaml: no such file.",
    ]


def test_the_first_report_covers_the_quarter_before_it() -> None:
    markdown = highlight(two_papers(), "first")
    assert header(markdown)["Period"] == "30 November 2016 to 1 March 2017 (no earlier report)"
    assert header(markdown)["Report from"] == "Not named in the playbook"
    assert (
        section(markdown, "Progress")[0]
        == "- **Done this period:** Plan agreed (10 February 2017)."
    )


def test_the_senior_responsible_owner_heads_the_report_when_the_programme_names_one() -> None:
    assert "Senior responsible owner" not in header(highlight(two_papers()))
    rows = header(highlight(two_papers("{id: p, title: P, sro: sro}"), "first"))
    assert list(rows)[:2] == ["Senior responsible owner", "Report from"]
    assert rows["Senior responsible owner"] == "Sam Reed, Senior responsible owner"
    by_name = header(highlight(two_papers("{id: p, title: P, sro: Jo Bloggs}")))
    assert by_name["Senior responsible owner"] == "Jo Bloggs"


def test_the_plan_since_the_last_report_comes_from_git_or_says_why_not(tmp_path: Path) -> None:
    text = HEADER + textwrap.dedent(TWO_PAPERS)
    outside = tmp_path / "outside" / "p.yaml"
    outside.parent.mkdir()
    outside.write_text(text)
    assert section(highlight(example(outside)), "Progress")[-1] == (
        "- **The plan since the last report:** Progress since the last report is not "
        "shown: the playbook is not in a git repository."
    )
    repo = Repo(tmp_path / "repo")
    repo.commit("p.yaml", text, day="2017-02-20")  # before the first paper's meeting
    moved = text.replace("due: June 2017", "due: September 2017")
    repo.commit("p.yaml", moved, day="2017-03-15", author="Bo Chan")
    assert section(highlight(example(repo.root / "p.yaml")), "Progress")[-1] == (
        "- **The plan since the last report:** Due dates moved: 1; Go live: due September "
        "2017, baseline June 2017 (+92d, slipped 1 time)."
    )
