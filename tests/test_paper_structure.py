"""The author's paper in the author's order: sections, numbering, blocks, header and end
matter, narrative files, recommendations, and what render-report refuses or warns about.

The example papers are checked against the source papers in /work/shared/seeds (their
headings, listed here by hand from each source, in order).
"""

from __future__ import annotations

import html as html_lib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integrate_cli.check import check_file
from integrate_cli.cli import app
from integrate_cli.model import Playbook
from integrate_cli.report.paragraphs import numbered
from integrate_cli.report.render import render, render_markdown

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOKS = ROOT / "playbooks"
INTEGRATE = str(Path(sys.executable).parent / "integrate")
runner = CliRunner()

# Each example's own-template paper: the source paper's headings, in its order and with
# its numbering style (seed 001: "1 THE ISSUE"; 002: "1. INTRODUCTION"; 004:
# "1. Introduction"; 000: unnumbered).
SOURCE_HEADINGS = {
    "bnes-integration": [
        "1 THE ISSUE",
        "2 RECOMMENDATION",
        "3 RESOURCE IMPLICATIONS (FINANCE, PROPERTY, PEOPLE)",
        "4 STATUTORY CONSIDERATIONS AND BASIS FOR PROPOSAL",
        "5 THE REPORT",
        "6 RATIONALE",
        "7 OTHER OPTIONS CONSIDERED",
        "8 CONSULTATION",
        "9 RISK MANAGEMENT",
    ],
    "city-and-hackney": [
        "Summary",
        "Recommendations",
        "Contacts",
        "1. INTRODUCTION",
        "2. THE INTEGRATED COMMISSIONING MODEL",
        "3. DEVELOPMENT OF THE WORKSTREAMS",
        "4. BENEFITS AND RISKS OF THE NEW MODEL",
        "5. CONSULTATIONS AND ENGAGEMENT",
        "6. FINANCIAL CONSIDERATIONS",
        "7. GOVERNANCE",
        "8. EQUALITY IMPACT ASSESSMENT",
        "9. REVIEW",
        "10. FUTURE REPORTING",
        "11. ATTACHMENTS",
    ],
    "southend-mou": [
        "1. Introduction",
        "2. Update on Areas of Development",
        "3. Governance",
        "4. Next Steps",
    ],
    "south-kent-coast-hwbb": [
        "Recommendations",
        "Background",
        "Moving forward \u2013 aiming for a shared system leadership role",
        "Links to the Integrated Care Organisation and Integrated Executive Programme Board",
        "Proposed Membership of a newly established HWBB",
        "Governance arrangements",
        "Capacity to deliver the programme",
        "Next steps",
        "Options considered",
        "Wider agendas",
        "Potential Work streams and Timeline (dates to be added)",
    ],
}
EXAMPLES = sorted(SOURCE_HEADINGS)
SOURCE_NOTE = re.compile(r"\b00[0-4] ?§|§ ?\d+\.\d+")


def load(path: Path) -> Playbook:
    result = check_file(str(path), __import__("datetime").date(2026, 11, 22))
    assert result.playbook is not None, result.findings
    return result.playbook


def own_paper(name: str) -> tuple[Playbook, str, str]:
    """Return the example, its own-template paper's Markdown and its HTML's text."""
    playbook = load(PLAYBOOKS / f"{name}.yaml")
    template = playbook.papers[0].template
    markdown = render_markdown(playbook, template, paper_id=None, as_of=None).markdown
    html = render(playbook, template, "html", paper_id=None, as_of=None).decode()
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", html.split("<body>", 1)[1]))
    return playbook, markdown, text


def headings(markdown: str) -> list[str]:
    return [line[3:] for line in markdown.splitlines() if line.startswith("## ")]


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_paper_has_the_source_sections_in_order(name: str) -> None:
    _, markdown, _ = own_paper(name)
    assert headings(markdown) == SOURCE_HEADINGS[name]


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_recommendations_are_the_playbooks_verbatim_and_in_order(name: str) -> None:
    playbook, markdown, text = own_paper(name)
    wanted = [one_line(r.text) for r in playbook.papers[0].recommendations]
    assert wanted
    flat, flat_text = one_line(markdown), one_line(text)
    places = [flat.find(w) for w in wanted]
    assert -1 not in places and places == sorted(places), (wanted, places)
    assert all(w in flat_text for w in wanted)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_paper_shows_no_ids_anchors_or_source_notes(name: str) -> None:
    playbook, markdown, text = own_paper(name)
    ids = {s.id for s in playbook.stages if "-" in s.id or any(c.isdigit() for c in s.id)}
    for label, body in (("md", markdown), ("html", text)):
        body = body.split("```timeline")[0] if label == "md" else body
        for stage_id in ids:
            assert not re.search(rf"(?<![\w-]){re.escape(stage_id)}(?![\w-])", body), (
                label,
                stage_id,
            )
        assert not SOURCE_NOTE.search(body), (label, SOURCE_NOTE.search(body))


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_word_and_pdf_show_no_ids_anchors_or_source_notes(name: str) -> None:
    import io

    import docx
    import pypdf

    playbook = load(PLAYBOOKS / f"{name}.yaml")
    template = playbook.papers[0].template
    document = docx.Document(
        io.BytesIO(render(playbook, template, "docx", paper_id=None, as_of=None))
    )
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    word = "\n".join([p.text for p in document.paragraphs] + cells)
    pdf = pypdf.PdfReader(io.BytesIO(render(playbook, template, "pdf", paper_id=None, as_of=None)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    ids = {s.id for s in playbook.stages if "-" in s.id or any(c.isdigit() for c in s.id)}
    for label, body in (("docx", word), ("pdf", text)):
        assert one_line(playbook.papers[0].recommendations[0].text)[:40] in one_line(body)
        for stage_id in ids:
            assert not re.search(rf"(?<![\w-]){re.escape(stage_id)}(?![\w-])", body), (
                label,
                stage_id,
            )
        assert not SOURCE_NOTE.search(body), (label, SOURCE_NOTE.search(body))


def test_bnes_paragraphs_recommendations_and_blocks_sit_where_the_paper_says() -> None:
    _, markdown, _ = own_paper("bnes-integration")
    lines = markdown.splitlines()
    assert "The Cabinet is asked to:" in lines
    assert [ln[:4] for ln in lines if re.match(r"2\.\d ", ln)] == ["2.1 ", "2.2 ", "2.3 "]
    # paragraphs that begin with bold text are numbered, and the cost table sits after 3.1
    section3 = markdown.split("## 3 ")[1].split("## 4 ")[0]
    assert re.findall(r"^3\.\d+", section3, re.M) == ["3.1", "3.2", "3.3", "3.4"]
    assert "3.2 **Programme Director.**" in section3
    assert section3.index("3.1 ") < section3.index("| Costs |") < section3.index("3.2 ")
    # the bulleted principles stay a list under their numbered paragraph
    assert "5.5 **Principles.** The model outlined in Appendix 2 would rest on these" in markdown
    principles = markdown.split("5.5 **Principles.**")[1].split("5.6 ")[0]
    assert principles.count("\n- ") == 5 and not re.search(r"^5\.\d", principles, re.M)
    # progress is in section 5 where the paper put it, not a section of its own
    section5 = markdown.split("## 5 ")[1].split("## 6 ")[0]
    assert "**Progress as of 8 November 2017" in section5 and "```timeline" in section5
    assert "Progress and next steps" not in markdown


def test_numbered_counts_bold_lead_ins_and_keeps_lists_under_their_paragraph() -> None:
    text = "\n\n".join(
        [f"**Point {n}.** Text {n}." for n in range(1, 12)]
        + ["Summary:\n- one\n- two", "*Emphasis* first."]
    )
    out = numbered(text, 3)
    assert re.findall(r"^3\.\d+", out, re.M) == [f"3.{n}" for n in range(1, 14)]
    assert "3.12 Summary:\n- one\n- two" in out
    assert "3.13 *Emphasis* first." in out
    assert (
        numbered("- a\n- b\n\n1. first\n\n| a |\n| - |", 2)
        == "- a\n- b\n\n1. first\n\n| a |\n| - |"
    )


def test_footnotes_become_superscripts_with_the_notes_after_the_section() -> None:
    out = numbered("Pooled budgets[^s75] grow.[^x]\n\n[^s75]: Under Section 75.\n", 4)
    assert out == "4.1 Pooled budgets¹ grow.[^x]\n\n¹ Under Section 75."


def paper_repo(tmp_path: Path, paper: str, extra: str = "") -> Path:
    """Return a playbook (B&NES's plan) whose papers are `paper`."""
    source = (PLAYBOOKS / "bnes-integration.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(source.split("\npapers:\n")[0] + "\npapers:\n" + paper + extra, "utf-8")
    return path


PAPER = """\
  - id: p1
    title: A paper
    template: hwb
    meeting: {body: cabinet, date: 8 November 2017, reference: E 9}
    key_decision: true
    exempt: true
    exempt_paragraph: 3
    lead_member: Cllr A Member
    lead_officer: jane-shayler
    wards: [Abbey, Bathwick]
    attachments: [Appendix 1 \u2013 A plan]
    background_papers: [Cabinet minute 12]
    recommendations:
      - text: The Cabinet is asked to note the report.
    sections:
      - title: Report
        file: narrative/report.md
"""


def test_a_sections_text_comes_from_a_markdown_file_beside_the_playbook(tmp_path: Path) -> None:
    path = paper_repo(tmp_path, PAPER)
    (tmp_path / "narrative").mkdir()
    (tmp_path / "narrative" / "report.md").write_text(
        "First.\n\n<!-- check with legal -->\n\n**Bold** second.\n\n| a | b |\n| - | - |\n"
        "| 1 | 2 |\n",
        "utf-8",
    )
    markdown = render_markdown(load(path), "hwb", paper_id=None, as_of=None).markdown
    assert "## 1. Report\n\n1.1 First.\n\n1.2 **Bold** second.\n\n| a | b |" in markdown
    assert "check with legal" not in markdown
    # the recommendation says who is asked, so the template's stem is left out
    assert "It is recommended" not in markdown
    assert "## Recommendations\n\n1. The Cabinet is asked to note the report." in markdown
    # header and end matter
    for row in (
        "| **Lead member** | Cllr A Member |",
        "| **Wards** | Abbey, Bathwick |",
        "| **Key decision** | Yes (forward plan reference E 9) |",
        "| **Exempt item** | Not for publication by virtue of paragraph 3 of Part 1 of "
        "Schedule 12A to the Local Government Act 1972. |",
    ):
        assert row in markdown
    assert "## Appendices\n\n- Appendix 1 \u2013 A plan" in markdown
    assert "## Background papers\n\n- Cabinet minute 12" in markdown
    assert "**Contact:** Jane Shayler, Report author, 01225 396120" in markdown
    html = render(load(path), "hwb", "html", paper_id=None, as_of=None).decode()
    assert "1.2 <strong>Bold</strong> second.</p>" in html and "<table>" in html
    cabinet = render_markdown(load(path), "cabinet", paper_id=None, as_of=None).markdown
    for row in (
        "| **Key decision** | Yes |",
        "| **Executive forward plan reference** | E 9 |",
        "| **Lead member** | Cllr A Member |",
        "| **Ward** | Abbey, Bathwick |",
        "| **Exempt item** | Not for publication by virtue of paragraph 3 of Part 1 of "
        "Schedule 12A to the Local Government Act 1972. |",
        "| **List of attachments** | Appendix 1 \u2013 A plan |",
        "| **Contact person** | Jane Shayler, Report author, telephone 01225 396120 |",
        "| **Background papers** | Cabinet minute 12 |",
    ):
        assert row in cabinet


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("../outside.md", "is outside the playbook's folder"),
        ("/etc/passwd.md", "give a path relative to the playbook's folder"),
        ("missing.md", "no such file beside the playbook"),
        ("report.docx", "a section's file is Markdown"),
    ],
)
def test_a_section_file_that_cannot_be_used_is_a_finding_at_its_line(
    tmp_path: Path, name: str, what: str
) -> None:
    (tmp_path / "outside.md").write_text("secret\n", "utf-8")
    folder = tmp_path / "repo"
    folder.mkdir()
    path = paper_repo(folder, PAPER.replace("narrative/report.md", name))
    line = path.read_text("utf-8").splitlines().index(f"        file: {name}") + 1
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{line}:15: error PAPER-FILE paper 'p1', section 'Report': {name}: {what}" in (
        result.stdout
    )
    # render-report refuses it, and with --allow-errors says in the paper what is missing
    refused = runner.invoke(app, ["render-report", str(path), "-f", "md"])
    assert refused.exit_code == 1 and refused.stdout == ""
    assert f"{path}:{line}:15: PAPER-FILE" in refused.stderr
    forced = runner.invoke(app, ["render-report", str(path), "-f", "md", "--allow-errors"])
    assert forced.exit_code == 0, forced.stderr
    assert f"*[The text is missing: {name}: {what}" in forced.stdout
    assert "secret" not in forced.stdout


def test_a_section_file_that_is_a_link_out_or_a_fifo_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.md").write_text("secret\n", "utf-8")
    folder = tmp_path / "repo"
    (folder / "narrative").mkdir(parents=True)
    (folder / "narrative" / "report.md").symlink_to(tmp_path / "secret.md")
    os.mkfifo(folder / "pipe.md")
    path = paper_repo(folder, PAPER + "      - {title: Pipe, file: pipe.md}\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "section 'Report': narrative/report.md: is outside the playbook's folder" in (
        result.stdout
    )
    assert "section 'Pipe': pipe.md: is not a regular file" in result.stdout


def test_a_paper_lacking_a_section_its_template_needs_is_a_warning(tmp_path: Path) -> None:
    path = paper_repo(tmp_path, PAPER.replace("template: hwb", "template: cabinet"))
    (tmp_path / "narrative").mkdir()
    (tmp_path / "narrative" / "report.md").write_text("Text.\n", "utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    line = path.read_text("utf-8").splitlines().index("    template: cabinet") + 1
    assert (
        f"{path}:{line}:15: warning PAPER-SECTION-MISSING paper 'p1' has no 'issue', "
        "'resources', 'statutory', 'report', 'rationale', 'options', 'consultation', 'risk' "
        "(the cabinet template needs them)"
    ) in result.stdout
    rendered = runner.invoke(app, ["render-report", str(path), "-f", "md"])
    assert rendered.exit_code == 0
    assert f"{path}:{line}:15: warning PAPER-SECTION-MISSING" in rendered.stderr


def test_a_recommendation_section_without_recommendations_is_still_missing(
    tmp_path: Path,
) -> None:
    paper = PAPER.replace(
        "    recommendations:\n      - text: The Cabinet is asked to note the report.\n", ""
    ).replace("file: narrative/report.md", "include: [recommendations]")
    path = paper_repo(tmp_path, paper)
    result = runner.invoke(app, ["validate", str(path)])
    assert "warning PAPER-SECTION-MISSING paper 'p1' has no 'recommendations' (the hwb " in (
        result.stdout
    )
    assert "hint: give the paper 'recommendations:'" in result.stdout
    markdown = runner.invoke(app, ["render-report", str(path), "-f", "md"]).stdout
    assert "## 1. Report\n\n## Progress" in markdown  # no stem without recommendations


def test_render_report_uses_the_papers_template_and_refuses_errors(tmp_path: Path) -> None:
    path = paper_repo(tmp_path, PAPER.replace("file: narrative/report.md", "text: Body."))
    result = runner.invoke(app, ["render-report", str(path), "-f", "md"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Report to Cabinet\n")  # the hwb layout, from the paper
    assert runner.invoke(app, ["render-report", str(path), "-t", "cabinet"]).stdout.startswith(
        "# A paper\n"
    )
    broken = path.read_text("utf-8").replace("owner: bnes-council\n", "owner: nobody\n", 1)
    path.write_text(broken, "utf-8")
    refused = runner.invoke(app, ["render-report", str(path), "-f", "md"])
    assert refused.exit_code == 1 and refused.stdout == ""
    assert "REF-UNRESOLVED" in refused.stderr
    assert refused.stderr.endswith(
        "1 error in the playbook; nothing was written (a paper is only written from a valid "
        f"playbook; run 'integrate validate {path}', or give --allow-errors to write it "
        "anyway)\n"
    )
    allowed = runner.invoke(app, ["render-report", str(path), "-f", "md", "--allow-errors"])
    assert allowed.exit_code == 0
    assert "writing the paper despite 1 error(s) (--allow-errors)" in allowed.stderr


def test_progress_after_the_meeting_is_checked_as_of_the_meeting_day(tmp_path: Path) -> None:
    path = paper_repo(tmp_path, PAPER.replace("file: narrative/report.md", "text: Body."))
    text = path.read_text("utf-8").replace(
        "record: {on: 2017-11-08, by: Cabinet", "record: {on: 2017-12-01, by: Cabinet"
    )
    path.write_text(text, "utf-8")
    result = runner.invoke(app, ["render-report", str(path), "--as-of", "2018-06-01"])
    assert result.exit_code == 0
    assert "warning DONE-FUTURE" in result.stderr and "8 Nov 2017" in result.stderr


def test_a_playbook_without_a_paper_is_rendered_as_of_today_with_a_warning(
    tmp_path: Path,
) -> None:
    path = paper_repo(tmp_path, "")
    path.write_text(path.read_text("utf-8").replace("\npapers:\n", "\n"), "utf-8")
    result = runner.invoke(app, ["render-report", str(path), "-f", "md"])
    assert result.exit_code == 0, result.stderr
    today = __import__("datetime").date.today().isoformat()
    assert f"{path}: warning: the playbook has no paper; writing one as of {today}" in (
        result.stderr
    )
    assert result.stdout.startswith("# B&NES Council and BaNES CCG integration: highlight")


def test_a_paper_without_a_meeting_day_is_rendered_as_of_today_with_a_warning(
    tmp_path: Path,
) -> None:
    path = paper_repo(tmp_path, PAPER.replace("date: 8 November 2017", "date: TBC"))
    text = path.read_text("utf-8").replace("file: narrative/report.md", "text: Body.")
    path.write_text(text, "utf-8")
    result = runner.invoke(app, ["render-report", str(path), "-f", "md"])
    assert result.exit_code == 0, result.stderr
    today = __import__("datetime").date.today().isoformat()
    assert (
        f"{path}: warning: paper 'p1' has no meeting day; writing it as of {today} "
        "(give its meeting a date to write it as of that day)\n"
    ) in result.stderr


def test_blocks_print_where_the_sections_include_them(tmp_path: Path) -> None:
    paper = PAPER.replace("file: narrative/report.md", "include: [decisions, agreements]")
    paper += "      - {title: Money, text: 'Costs.', include: [resources], numbered: false}\n"
    markdown = render_markdown(
        load(paper_repo(tmp_path, paper)), "hwb", paper_id=None, as_of=None
    ).markdown
    report = markdown.split("## 1. Report\n\n")[1].split("## 2. Money")[0]
    assert report.startswith("- ")  # no narrative: the decisions list comes first
    assert "Approve the integrated governance arrangements" in report
    assert "for decision at this meeting" in report
    money = markdown.split("## 2. Money\n\n")[1]
    assert money.startswith("Costs.\n\n**Summary of estimated costs")  # unnumbered
    assert "## Progress and next steps" in markdown  # the slot: no section placed them


def test_help_names_one_default_for_the_as_of_day() -> None:
    result = runner.invoke(app, ["render-report", "--help"], env={"COLUMNS": "200"})
    text = " ".join(result.stdout.split())
    assert "default the paper's meeting date (today when the playbook has no paper)" in text
    assert "default today" not in text
    assert "--allow-errors" in text


@pytest.mark.skipif(not os.path.exists(INTEGRATE), reason="the console script is not installed")
def test_a_new_repository_renders_its_paper_to_word_as_documented(tmp_path: Path) -> None:
    import docx

    made = subprocess.run(
        [INTEGRATE, "init", "repo", "--name", "Council and ICB integration"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    repo = tmp_path / "repo"
    readme = (repo / "README.md").read_text("utf-8")
    command = "integrate render-report playbooks/council-and-icb-integration.yaml -o paper.docx"
    assert command in readme
    done = subprocess.run(
        [INTEGRATE, *command.split()[1:]], cwd=repo, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1].startswith("wrote paper.docx (")
    document = docx.Document(str(repo / "paper.docx"))
    texts = [p.text for p in document.paragraphs]
    assert "Council and ICB integration: progress report" in texts
    assert "Note the progress of the integration programme." in texts
    shutil.rmtree(repo)
