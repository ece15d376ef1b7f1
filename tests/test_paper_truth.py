"""What a paper computes is true: dates as written, titles not ids, this meeting's decisions
sought (not done), one RAG per stage, funds of different kinds not added together."""

from __future__ import annotations

import html
import re
import textwrap
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from integrate_cli.check import blocking, check_file, check_loaded
from integrate_cli.loader import load_text
from integrate_cli.model import Playbook
from integrate_cli.report.context import build_context
from integrate_cli.report.render import render
from integrate_cli.timeline import AT_MEETING
from tests.conftest import HEADER, ROOT

EXAMPLES = sorted((ROOT / "playbooks").glob("*.yaml"))
TEMPLATES = ("cabinet", "hwb", "highlight")
RAGS = ("RED", "AMBER", "GREEN", "GREY")
SOURCE_NOTE = re.compile(r"\b\d{3} §|MoU §|§\s?\d")
_TAG = re.compile(r"<[^>]+>")


@cache
def example(stem: str) -> Playbook:
    result = check_file(str(ROOT / "playbooks" / f"{stem}.yaml"), date(2026, 11, 22))
    assert result.playbook is not None
    return result.playbook


@cache
def paper(stem: str, template: str, fmt: str) -> str:
    """Return the paper's text: the Markdown, or the HTML's text with its tags removed."""
    data = render(example(stem), template, fmt, paper_id=None, as_of=None).decode()
    return data if fmt == "md" else html.unescape(_TAG.sub(" ", data))


@cache
def context(stem: str) -> dict[str, Any]:
    return build_context(example(stem), None, None)


def stage(stem: str, stage_id: str) -> dict[str, Any]:
    return next(s for s in context(stem)["status"]["stages"] if s["id"] == stage_id)


def row(markdown: str, first_cell: str) -> list[str]:
    """Return the cells of the one table row whose first cell is `first_cell`."""
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in markdown.splitlines()
        if line.startswith("|")
    ]
    found = [r for r in rows if r[0] == first_cell]
    assert len(found) == 1, (first_cell, found)
    return found[0]


def machine_names(playbook: Playbook) -> set[str]:
    """Return what only the playbook file calls things: stage ids, item refs, kinds written
    with a hyphen or a digit (an ordinary word such as 'review' is left out)."""
    names = set()
    for s in playbook.stages:
        names.add(s.id)
        names.update(f"{s.id}.{i.id}" for i in (*s.criteria, *s.decisions))
        names.add(s.kind)
    return {n for n in names if re.search(r"[-.\d]", n)}


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_ids_kinds_or_source_notes_reach_a_paper(path: Path, template: str, fmt: str) -> None:
    text = paper(path.stem, template, fmt)
    found = sorted(
        n
        for n in machine_names(example(path.stem))
        if re.search(rf"(?<![\w.-]){re.escape(n)}(?![\w-])", text)
    )
    assert found == []
    assert SOURCE_NOTE.findall(text) == []
    assert "(in-progress" not in text and "(not-started" not in text


def test_a_relative_date_names_its_anchor_by_title_and_its_month() -> None:
    expected = "6 months after Integrated commissioning model goes live (October 2017)"
    assert stage("city-and-hackney", "governance-review")["due"] == expected
    title = "Formal review of the new Boards' governance"
    assert row(paper("city-and-hackney", "hwb", "md"), title)[1] == expected
    southend = "6 months from Memorandum of Understanding signed by both parties (February 2015)"
    assert stage("southend-mou", "formal-review")["due"] == southend
    (mou,) = context("southend-mou")["agreements"]
    assert (mou["starts"], mou["review"]) == (
        "on Memorandum of Understanding signed by both parties (August 2014)",
        southend,
    )


def test_dates_are_printed_as_written_and_one_day_in_full() -> None:
    assert stage("bnes-integration", "legal-advice")["due"] == "January 2018"
    cabinet = paper("bnes-integration", "cabinet", "md")
    title = "Specialist legal advice on delegation, Section 75 and joint committees"
    assert row(cabinet, title)[1] == "January 2018"
    assert "31 Jan 2018" not in cabinet and "31 January 2018" not in cabinet
    assert stage("city-and-hackney", "formal-decisions")["due"] == "early March 2017"
    assert stage("city-and-hackney", "section-75")["due"] == "31 March 2017"  # 2017-03-31
    assert stage("southend-mou", "stage-1")["due"] == "29 August 2014"  # 29.8.14
    done = {d["title"]: d["on"] for d in context("southend-mou")["done_since"]}
    assert done["Memorandum of Understanding signed by both parties"] == "August 2014"
    assert "1 Aug 2014" not in paper("southend-mou", "highlight", "md")


@pytest.mark.parametrize(
    ("stem", "stage_id", "decision"),
    [
        (
            "bnes-integration",
            "cabinet-agreement",
            "Support stronger integrated arrangements and further work on governance",
        ),
        (
            "south-kent-coast-hwbb",
            "board-decision",
            "Agree recommendations 1-5 of the Development Working Group",
        ),
    ],
)
def test_the_decision_this_meeting_is_asked_to_take_is_not_done(
    stem: str, stage_id: str, decision: str
) -> None:
    # B&NES records the decision taken on the meeting day; the paper is written before it
    assert stage(stem, stage_id)["status"] == "For decision at this meeting"
    first = context(stem)["decisions"][0]
    assert (first["title"], first["when"], first["at_meeting"]) == (
        decision,
        "for decision at this meeting",
        True,
    )
    assert context(stem)["done_since"] == []
    assert "- **Done this period:** nothing recorded.\n" in paper(stem, "highlight", "md")
    decisions = paper(stem, "highlight", "md").split("## Decisions sought\n\n")[1]
    assert decisions.splitlines()[0].endswith(", for decision at this meeting")


def test_the_meetings_decision_taken_that_day_is_not_counted_as_done() -> None:
    status = context("bnes-integration")["status"]
    assert (status["done"], status["total"]) == (0, 9)
    assert stage("bnes-integration", "cabinet-agreement")["criteria"] == "0/1"
    # the chart reads the same status: drawn as for decision at this meeting, not as done
    bars = {bar.stage_id: bar for bar in context("bnes-integration")["timeline_chart"].bars}
    assert (bars["cabinet-agreement"].status, bars["cabinet-agreement"].rag) == (
        AT_MEETING,
        "amber",
    )
    others = {bar.status for key, bar in bars.items() if key != "cabinet-agreement"}
    assert AT_MEETING not in others


def rag_mentions(markdown: str, title: str) -> set[str]:
    """Return every RAG the paper prints beside the stage `title`: in a table row that
    starts with it, or in a list entry (or its '; ' parts) that starts with it."""
    seen = set()
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells[0] == title:
                seen.update(c for c in cells if c in RAGS)
        else:
            body = re.sub(r"^- (\*\*[^*]+\*\* )?", "", line)
            for part in body.split("; "):
                if part.startswith(title):
                    seen.update(re.findall(r"\((RED|AMBER|GREEN|GREY)\)", part))
    return seen


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_stage_has_one_rag_throughout_a_paper(path: Path, template: str) -> None:
    markdown = paper(path.stem, template, "md")
    chart = context(path.stem)["timeline_chart"]
    for s in context(path.stem)["status"]["stages"]:
        assert rag_mentions(markdown, s["title"]) <= {s["rag"].upper()}, s["title"]
    for bar in chart.bars:
        assert bar.rag == stage(path.stem, bar.stage_id)["rag"]


def test_stage_2_is_amber_in_the_table_and_in_the_next_period() -> None:
    # it was RED in the table (stage 1 is late) and GREEN in "next steps" of one paper
    title = "Stage 2: options for an integrated commissioning structure appraised, model agreed"
    assert stage("southend-mou", "stage-2")["rag"] == "amber"
    assert stage("southend-mou", "stage-2")["reasons"].startswith(
        "At risk: waits for Stage 1: joint commissioning arrangements built on existing "
        "work programmes; "
    )
    nxt = [n for n in context("southend-mou")["next_steps"] if n["title"] == title]
    assert [n["rag"] for n in nxt] == ["amber"]


def test_pooled_and_aligned_funds_are_not_added_together() -> None:
    (icf,) = context("city-and-hackney")["budgets"]
    assert icf["totals"] == []
    assert [(f["label"], f["amounts"]) for f in icf["fund_totals"]] == [
        ("Pooled budget", ["£437m"]),
        ("Aligned fund", ["£47m"]),
    ]
    assert context("city-and-hackney")["money"] == [
        "Hackney Integrated Commissioning Fund (indicative, based on 2016/17): "
        "Pooled budget £437m (2016/17); Aligned fund £47m (2016/17)"
    ]
    for template in TEMPLATES:
        for fmt in ("md", "html"):
            assert "£483m" not in paper("city-and-hackney", template, fmt), (template, fmt)


def test_lines_of_one_kind_are_added_up() -> None:
    (costs,) = context("bnes-integration")["budgets"]
    assert (costs["totals"], costs["fund_totals"]) == (["£68,230", "£102,795"], [])


def small(body: str, as_of: date) -> dict[str, Any]:
    text = HEADER + textwrap.dedent(body)
    result = check_loaded(load_text(text, "t.yaml"), as_of)
    assert blocking(result.findings) == []
    assert result.playbook is not None
    return build_context(result.playbook, None, as_of)


FUNDS = """\
    stages: []
    budgets:
      - id: f
        title: Fund
        unit: "£m"
        lines:
          - {item: Council pooled, partner: council, fund: pooled, amounts: {2016/17: 10}}
          - {item: CCG aligned, partner: ccg, fund: aligned, amounts: {2016/17: 5}}
    """


def test_a_declared_total_lets_different_funds_be_added() -> None:
    (plain,) = small(FUNDS, date(2017, 1, 1))["budgets"]
    assert (plain["totals"], plain["declared"]) == ([], [])
    assert [(f["label"], f["amounts"]) for f in plain["fund_totals"]] == [
        ("Pooled total", ["£10m"]),
        ("Aligned total", ["£5m"]),
    ]
    declared = (
        FUNDS.rstrip(" ") + "        totals: [{year: 2016/17, amount: 15, label: Whole fund}]\n"
    )
    (fund,) = small(declared, date(2017, 1, 1))["budgets"]
    assert fund["totals"] == ["£15m"]
    assert small(declared, date(2017, 1, 1))["money"] == ["Fund: Whole fund £15m (2016/17)"]


def test_a_relative_date_on_an_undated_anchor_says_so() -> None:
    body = """\
        stages:
          - {id: a, title: Go-live, kind: go-live, due: TBC}
          - {id: b, title: Review, kind: review, due: 6 months after a, depends_on: [a]}
          - {id: c, title: Shadow year, kind: shadow, due: 2018/19, depends_on: [a]}
          - {id: d, title: Report, kind: milestone, due: 3 months after c, depends_on: [c]}
        """
    stages = {s["id"]: s for s in small(body, date(2017, 1, 1))["status"]["stages"]}
    assert stages["a"]["due"] == "TBC"
    assert stages["b"]["due"] == "6 months after Go-live (date to be confirmed)"
    assert stages["c"]["due"] == "2018/19"
    assert stages["d"]["due"] == "3 months after Shadow year (July 2018 to June 2019)"


def test_a_paper_counts_its_own_meetings_decisions_as_sought() -> None:
    from integrate_cli.status import Sought, programme_status

    body = """\
        stages:
          - id: a
            title: Approve
            kind: decision
            due: 2017-06-01
            status: done
            record: {on: 2017-06-01}
            decisions:
              - id: d
                title: Approve the model
                bodies: [cabinet, gb]
                taken: {cabinet: {on: 2017-06-01}, gb: {on: 2017-05-20}}
        """
    text = HEADER + textwrap.dedent(body)
    result = check_loaded(load_text(text, "t.yaml"), date(2017, 6, 1))
    assert blocking(result.findings) == [] and result.playbook is not None
    day = date(2017, 6, 1)
    (plain,) = programme_status(result.playbook, day).stages
    assert (plain.status, plain.done, plain.rag) == ("done", 2, "green")
    (state,) = programme_status(result.playbook, day, sought=Sought("cabinet", day)).stages
    assert (state.status, state.done, state.rag) == ("in-progress", 1, "amber")
    assert [(i.body, i.status) for i in state.items[1:]] == [
        ("Cabinet", "not-started"),
        ("Governing Body", "done"),
    ]
    # another body's meeting that day leaves the record as it is
    (other,) = programme_status(result.playbook, day, sought=Sought("gb", day)).stages
    assert (other.status, other.done) == ("done", 2)
