"""The timeline as people read it: the paper's SVG, the text chart and the terminal's.

Labels are short titles (never ids), the axis names each year once and in order, the text
is at least 8 pt on the printed page, stages with no date are listed, the alt text says
what the chart shows, and the text chart fits the width it is given.
"""

from __future__ import annotations

import io
import itertools
import math
import re
from datetime import date
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from integrate_cli.cli import app
from integrate_cli.report.chart import MIN_FONT, WIDTH, alt_text, figure, svg_chart
from integrate_cli.report.html import CSS, to_html
from integrate_cli.report.paper import Paper
from integrate_cli.report.pdf import to_pdf
from integrate_cli.timeline import Chart, chart, chart_lines, text_chart
from integrate_cli.titles import ABBREVIATIONS, short_title
from tests.test_status import status_of

ROOT = Path(__file__).resolve().parent.parent
SOUTHEND = ROOT / "playbooks" / "southend-mou.yaml"
STAGES = """\
- id: cab
  title: Cabinet agrees the integration in principle and the resource request
  kind: decision
  due: 8 November 2017
  status: done
  record: {on: 2017-11-08}
- id: shadow
  title: Shadow governance arrangements in operation
  kind: shadow
  start: January 2018
  due: May 2018
  depends_on: [cab]
- id: review
  title: Review of the new arrangements
  kind: review
  due: 6 months after shadow
  depends_on: [shadow]
- id: plan
  title: Detailed project plan developed and agreed
  kind: milestone
  due: TBC
"""
AS_OF = date(2017, 11, 20)


def small() -> Chart:
    return chart(status_of(STAGES, AS_OF))


def texts(svg: str) -> list[tuple[float, float, str]]:
    """Return (font size, y, text) for every text of an SVG."""
    found = re.findall(r'<text x="[^"]*" y="([^"]*)" font-size="([^"]*)"[^>]*>([^<]*)</text>', svg)
    return [(float(size), float(y), text) for y, size, text in found]


def axis_years(svg: str) -> list[int]:
    """Return the years the axis labels, left to right (they sit on the top line)."""
    return [int(text) for _, y, text in texts(svg) if y == 10 and text.isdigit()]


# Short titles


@pytest.mark.parametrize(
    ("title", "limit", "short"),
    [
        ("Development session", 24, "Development session"),
        ("Memorandum of Understanding signed by both parties", 30, "MoU signed by both parties"),
        ("Programme Director appointed (12-month fixed term)", 30, "Programme Director appointed"),
        ("Ongoing: joint appointments, including a Head", 30, "Ongoing: joint appointments"),
        (
            "Stage 1: joint commissioning arrangements built on work",
            30,
            "Stage 1: joint commissioning…",
        ),
        (
            "SKC HWBB agrees to develop into a commissioning board",
            34,
            "SKC HWBB agrees to develop…",
        ),
        ("Supercalifragilistic", 8, "Superca…"),
    ],
)
def test_short_titles_keep_the_words_that_say_what_a_stage_is(
    title: str, limit: int, short: str
) -> None:
    assert short_title(title, limit) == short
    assert len(short) <= limit


# The paper's SVG


def test_svg_labels_are_titles_never_ids() -> None:
    labels = [text for size, _, text in texts(svg_chart(small())) if size == 9]
    assert labels == [
        "Cabinet agrees the integration…",
        "Shadow governance arrangements…",
        "Review of the new arrangements",
    ]
    assert not {"cab", "shadow", "review", "plan"} & set(labels)


def test_alt_text_lists_each_stage_with_its_dates_as_written_and_rag() -> None:
    assert alt_text(small()) == (
        "Timeline of 4 stages as of 20 Nov 2017. "
        "Cabinet agrees the integration in principle and the resource request: "
        "due 8 November 2017; GREEN, done. "
        "Shadow governance arrangements in operation: starts January 2018, due May 2018; "
        "GREEN. Review of the new arrangements: due 6 months after Shadow governance "
        "arrangements in operation (November 2018); GREEN. "
        "Detailed project plan developed and agreed: not dated (TBC)."
    )
    svg = svg_chart(small())
    assert 'role="img" aria-label="Timeline of 4 stages' in svg
    assert "<title>Timeline of 4 stages as of 20 Nov 2017. Cabinet agrees" in svg


def test_a_paper_can_give_its_own_date_wording_and_meeting_decisions() -> None:
    status = status_of(STAGES, AS_OF)
    shown = chart(status, at_meeting={"cab"}, words=lambda when: when.text.upper())
    assert "CABINET" not in alt_text(shown)
    assert "due 8 NOVEMBER 2017; GREEN, for decision at this meeting." in alt_text(shown)
    assert "outline: for decision at this meeting" in svg_chart(shown)
    assert "pale: done" not in svg_chart(shown)


def test_undated_stages_are_listed_under_the_chart_by_title() -> None:
    html = figure(small())
    assert html.endswith(
        "</svg><p>Not on the chart, as they have no date yet:</p>"
        "<ul><li>Detailed project plan developed and agreed (TBC)</li></ul></figure>\n"
    )
    assert small().undated == ["plan"]


def test_the_key_says_what_colours_and_marks_mean() -> None:
    svg = svg_chart(small())
    key = [text for _, y, text in texts(svg) if y > 100]
    assert key == ["Green: on track", "pale: done", "one-day milestone", "the as-of day"]


@pytest.mark.parametrize(
    ("as_of", "years"),
    [
        (date(2014, 9, 3), list(range(2014, 2017))),  # months: Jul 2014 to Sep 2016
        (date(2019, 12, 31), list(range(2014, 2020))),  # a year every 12 months
        (date(2040, 1, 1), list(range(2014, 2041, 3))),  # a long span: every third year
    ],
)
def test_axis_names_each_year_once_in_order_with_room(as_of: date, years: list[int]) -> None:
    from integrate_cli.check import check_file
    from integrate_cli.status import programme_status

    playbook = check_file(str(SOUTHEND), as_of).playbook
    assert playbook is not None
    svg = svg_chart(chart(programme_status(playbook, as_of)))
    assert axis_years(svg) == years
    xs = [float(x) for x in re.findall(r'<text x="([^"]*)" y="10"', svg)]
    assert all(b - a >= 24 for a, b in itertools.pairwise(xs))  # "2018" is 19 pt wide


def test_svg_text_prints_at_8_pt_or_more_at_a4_width() -> None:
    margins = re.search(r"@page \{ size: A4; margin: [\d.]+cm ([\d.]+)cm [\d.]+cm ([\d.]+)cm", CSS)
    assert margins is not None
    placed = (210 - 10 * (float(margins[1]) + float(margins[2]))) / 25.4 * 72
    assert "figure.timeline { margin: 0.8em 0; }" in CSS  # no side margins: full width
    assert "figure.timeline svg { width: 100%" in CSS
    sizes = {size for size, _, _ in texts(svg_chart(small()))}
    assert min(sizes) >= MIN_FONT
    assert min(sizes) * placed / WIDTH >= 8


def paper_pdf(markdown: str, timeline: Chart) -> pypdf.PdfReader:
    paper = Paper(markdown, "T", AS_OF, {"timeline_chart": timeline})
    return pypdf.PdfReader(io.BytesIO(to_pdf(to_html(paper), AS_OF)))


def test_chart_text_in_the_pdf_is_at_least_8_pt() -> None:
    reader = paper_pdf("# T\n\n```timeline\nx\n```\n", small())
    sizes: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        scale = math.hypot(tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3])
        if text.strip():
            sizes[text.strip()] = round(size * scale, 2)

    reader.pages[0].extract_text(visitor_text=visit)
    assert "Shadow governance arrangements…" in sizes
    assert "2018" in sizes and "the as-of day" in sizes
    assert min(sizes.values()) >= 8, sorted(sizes.items(), key=lambda kv: kv[1])[:3]


@pytest.mark.parametrize("before", range(8, 16))
def test_a_table_caption_is_never_left_at_the_foot_of_a_page(before: int) -> None:
    """Push the caption down a line at a time, past the foot of page 1."""
    words = " ".join(["words"] * 40)
    body = "".join(f"Paragraph {i} {words}\n\n" for i in range(before))
    table = "| Head |\n| --- |\n" + "".join(f"| row {i} |\n" for i in range(5))
    reader = paper_pdf(f"{body}**Caption of the table**\n\n{table}", small())
    pages = [page.extract_text() for page in reader.pages]
    caption = next(i for i, text in enumerate(pages) if "Caption of the table" in text)
    assert "row 0" in pages[caption]


# The text chart


def test_text_chart_of_a_paper_is_exact() -> None:
    assert text_chart(small(), width=60) == (
        "                   2017  2018\n"
        "                   O N D J F M A M J J A S O N\n"
        "Cabinet agrees…    · ◇ · · · · · · · · · · · ·  GREEN\n"
        "Shadow governance… · │ · ██████████· · · · · ·  GREEN\n"
        "Review of the new… · │ · · · · · · · · · · · ██ GREEN\n"
        "                     ▲ as of 20 Nov 2017\n"
        "Not dated (TBC):\n"
        "- Detailed project plan developed and agreed (TBC)\n"
        "█ stage   ▒ ◇ done   ◆ milestone   │ as of\n"
        "  RAG at the end of each row   a column is a month"
    )


def run_timeline(width: int, as_of: str) -> list[str]:
    result = CliRunner().invoke(
        app,
        ["timeline", str(SOUTHEND), "--as-of", as_of, "--color", "never"],
        env={"COLUMNS": str(width)},
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_terminal_chart_is_exact_for_a_small_case() -> None:
    lines = chart_lines(small(), width=60, terminal=True)
    assert ["".join(text for text, _ in line).rstrip() for line in lines] == [
        "       2017     2018",
        "       OctNovDecJanFebMarAprMayJunJulAugSepOctNov",
        "cab    ·  ◇  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·   green",
        "shadow ·  │  ·  ███████████████·  ·  ·  ·  ·  ·   green",
        "review ·  │  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·  ·  ███ green",
        "          ▲ as of 20 Nov 2017",
        "Not dated (TBC): plan",
        "█ stage   ▒ ◇ done   ◆ milestone   │ as of   colour = RAG",
        "  a column is a month",
    ]


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("as_of", ["2015-01-15", "2026-12-01", "2060-06-30"])
def test_terminal_chart_of_an_old_long_programme_fits_the_width(width: int, as_of: str) -> None:
    lines = run_timeline(width, as_of)
    assert max(len(line) for line in lines) <= width
    years = [int(y) for y in lines[0].split()]
    assert years == sorted(set(years)) and years[0] == 2014
    assert sum("green" in line or "red" in line or "amber" in line for line in lines) == 9


def test_long_programme_steps_up_to_years() -> None:
    lines = run_timeline(80, "2026-12-01")
    assert lines[0].split() == [str(y) for y in range(2014, 2027, 2)]
    assert lines[-1].endswith("a column is a year")
    assert run_timeline(120, "2015-01-15")[-1].endswith("a column is a month")


@pytest.mark.parametrize("path", sorted((ROOT / "playbooks").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_papers_text_chart_is_titled_and_fits(path: Path) -> None:
    from integrate_cli.check import check_file
    from integrate_cli.status import programme_status

    playbook = check_file(str(path), date(2026, 12, 1)).playbook
    assert playbook is not None
    for day in (date(2017, 11, 8), date(2026, 12, 1)):  # near the papers, and years later
        shown = chart(programme_status(playbook, day))
        lines = text_chart(shown).splitlines()
        assert max(len(line) for line in lines) <= 80
        rows = [line for line in lines if line.endswith((" GREEN", " AMBER", " RED", " GREY"))]
        labels = [re.split(r"\s*[·█│◆◇▒]", row, maxsplit=1)[0] for row in rows]
        assert [label.split()[0] for label in labels] == [first_word(b.title) for b in shown.bars]
        assert not {b.stage_id for b in shown.bars} & set(labels)
        listed = lines[lines.index("Not dated (TBC):") + 1 :] if shown.tbc else []
        assert len([line for line in listed if line.startswith("- ")]) == len(shown.tbc)
        for line, stage in zip(listed, shown.tbc, strict=False):
            assert line.startswith(f"- {stage.title.split()[0]} ")
            assert line.endswith(f" ({stage.due_date.text})")


def first_word(title: str) -> str:
    for long_name, short in ABBREVIATIONS:
        title = title.replace(long_name, short)
    return title.split()[0]


def test_a_century_long_plan_steps_up_to_several_years_a_column() -> None:
    stages = """\
        - {id: a, title: Short, kind: workstream, start: 1990-01-01, due: 2099-12-31}
        - {id: b, title: Mid, kind: milestone, due: 2050-06-01}
        """
    lines = text_chart(chart(status_of(stages, date(2017, 6, 1))), width=80).splitlines()
    assert lines[0] == "      1990 2000 2010 2020 2030 2040 2050 2060 2070 2080 2090"
    assert lines[1] == "Mid   ·············│················◆························ GREEN"
    assert lines[-1] == "  a column is 2 years"
    assert max(len(line) for line in lines) <= 80
