"""Word papers as a council's Word user opens them: A4, en-GB, page numbers, real numbering,
fitted tables, a house style kept. Read back with python-docx (and LibreOffice, if present)."""

from __future__ import annotations

import copy
import io
import itertools
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pypdf
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from integrate_cli.check import check_file
from integrate_cli.dates import ABSENT
from integrate_cli.errors import InputError
from integrate_cli.report.docx_tables import text_twips
from integrate_cli.report.docx_writer import write_docx
from integrate_cli.report.paper import Paper
from integrate_cli.report.render import render
from integrate_cli.timeline import AT_MEETING, Bar, Chart, Undated

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "playbooks").glob("*.yaml"))
TEXT_WIDTH = 11906 - 2 * 1134  # A4 less 2 cm margins, in twips

MARKDOWN = """# Integrated commissioning

| | |
| --- | --- |
| **Meeting** | Cabinet |
| **Date** | 8 March 2017 |

## Recommendations

It is recommended that the Board:

1. Notes the progress.
2. Agrees the plan.

## 1. INTRODUCTION

1.1 The first paragraph.

1.2 **Bold lead-in.** The second paragraph.

- a bullet
- another

## 2. MONEY

2.1 The fund is pooled.

**Hackney Integrated Commissioning Fund (£m)**

| Fund | 2017/18 | Note |
| --- | ---: | --- |
| Pooled fund for adult social care services | £325m | agreed |
| Aligned | -£5m | to be confirmed by the Governing Body |

| Risk | Likelihood | Mitigation |
| --- | --- | --- |
| A partner withdraws | 2 | Break clause at six months' notice |

2.2 After the tables.

```timeline
ignored: Word draws the chart itself
```
"""


def chart() -> Chart:
    bars = [
        Bar("go-live", "Integrated model goes live", date(2017, 4, 1), date(2017, 4, 1), True,
            "green", "not-started"),
        Bar("workstreams", "Four care workstreams established", date(2016, 9, 1),
            date(2017, 10, 31), False, "amber", "in-progress"),
        Bar("agree", "Partners agree to explore", date(2016, 9, 1), date(2016, 11, 30), False,
            "green", "done"),
        Bar("approve", "Proposals approved", date(2017, 3, 8), date(2017, 3, 8), False,
            "green", AT_MEETING),
    ]  # fmt: skip
    months = [date(2016 + (8 + n) // 12, (8 + n) % 12 + 1, 1) for n in range(14)]
    tbc = (Undated("review", "Review of the Section 75", ABSENT, "grey", "not-started"),)
    return Chart(months, bars, ["review"], date(2017, 3, 8), tbc=tbc)


def paper(markdown: str = MARKDOWN, title: str = "Integrated commissioning") -> Paper:
    return Paper(markdown, title, date(2017, 3, 8), {"timeline_chart": chart()})


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def written() -> docx.document.Document:
    return open_docx(write_docx(paper()))


def by_text(document: docx.document.Document, start: str) -> docx.text.paragraph.Paragraph:
    return next(p for p in document.paragraphs if p.text.startswith(start))


def num_pr(paragraph: docx.text.paragraph.Paragraph) -> tuple[int, int] | None:
    """Return (numId, ilvl) of a numbered paragraph."""
    found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if found is None:
        return None
    return int(found.find(qn("w:numId")).get(qn("w:val"))), int(
        found.find(qn("w:ilvl")).get(qn("w:val"))
    )


def level_text(document: docx.document.Document, num_id: int, level: int) -> str:
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a for a in numbering.iter(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )  # fmt: skip
    lvl = next(lv for lv in abstract.iter(qn("w:lvl")) if lv.get(qn("w:ilvl")) == str(level))
    return str(lvl.find(qn("w:lvlText")).get(qn("w:val")))


def shown_numbers(document: docx.document.Document) -> list[tuple[str, str]]:
    """Return (number as Word shows it, text) for each numbered paragraph, counting as Word
    does: per list, a level's count restarts after a higher level, from its start value."""
    numbering = document.part.numbering_part.element
    starts = {}
    for num in numbering.iter(qn("w:num")):
        override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        starts[int(num.get(qn("w:numId")))] = (
            int(override.get(qn("w:val"))) if override is not None else 1
        )
    counts: dict[int, list[int]] = {}
    shown = []
    for paragraph in document.paragraphs:
        found = num_pr(paragraph)
        if found is None:
            continue
        num_id, level = found
        count = counts.setdefault(num_id, [starts[num_id] - 1, 0, 0])
        count[level] += 1
        count[level + 1 :] = [0] * (2 - level)
        text = level_text(document, num_id, level)
        for n in range(3):
            text = text.replace(f"%{n + 1}", str(count[n]))
        shown.append((text, paragraph.text))
    return shown


def test_the_page_is_a4_with_two_centimetre_margins(written: docx.document.Document) -> None:
    section = written.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert section.left_margin.twips == section.right_margin.twips == 1134
    assert section.top_margin.twips == 1134


def test_the_file_is_dated_the_papers_day_and_says_nothing_of_its_making() -> None:
    document = open_docx(write_docx(paper()))
    assert document.core_properties.created == datetime(2017, 3, 8, 9, 0, tzinfo=UTC)
    assert document.core_properties.title == "Integrated commissioning"
    assert document.core_properties.comments == ""  # python-docx's template says its name
    ancient = Paper(MARKDOWN, "T", date(1, 1, 1), paper().context)
    assert open_docx(write_docx(ancient)).core_properties.created == datetime(
        1980, 1, 1, 9, tzinfo=UTC
    )


def test_the_language_is_british_english(written: docx.document.Document) -> None:
    styles = written.styles.element
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-GB"
    assert "en-US" not in styles.xml
    assert written.core_properties.language == "en-GB"


def test_no_part_of_the_file_says_american_english() -> None:
    archive = zipfile.ZipFile(io.BytesIO(write_docx(paper())))
    parts = [name for name in archive.namelist() if name.endswith(".xml")]
    assert "word/stylesWithEffects.xml" in parts and "word/settings.xml" in parts
    assert [name for name in parts if b"en-US" in archive.read(name)] == []


def test_the_footer_has_the_title_and_page_n_of_m_as_fields(
    written: docx.document.Document,
) -> None:
    footer = written.sections[0].footer
    xml = footer._element.xml
    codes = [t.strip() for t in re.findall(r"<w:instrText[^>]*>([^<]*)<", xml)]
    assert codes == ["PAGE", "NUMPAGES"]
    assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"') == 2
    assert footer.paragraphs[0].text == "Integrated commissioning\tPage 1 of 1"


def test_sections_paragraphs_and_recommendations_are_numbered_by_word(
    written: docx.document.Document,
) -> None:
    assert shown_numbers(written) == [
        ("1.", "Notes the progress."),
        ("2.", "Agrees the plan."),
        ("1.", "INTRODUCTION"),
        ("1.1", "The first paragraph."),
        ("1.2", "Bold lead-in. The second paragraph."),
        ("•", "a bullet"),
        ("•", "another"),
        ("2.", "MONEY"),
        ("2.1", "The fund is pooled."),
        ("2.2", "After the tables."),
    ]
    introduction = by_text(written, "INTRODUCTION")
    assert introduction.style.name == "Heading 1"
    section_list = num_pr(introduction)
    assert section_list is not None
    assert num_pr(by_text(written, "The first paragraph.")) == (section_list[0], 1)
    assert num_pr(by_text(written, "MONEY")) == (section_list[0], 0)
    assert level_text(written, section_list[0], 1) == "%1.%2"


def test_a_paragraph_added_in_word_renumbers_the_rest() -> None:
    document = open_docx(write_docx(paper()))
    first = by_text(document, "The first paragraph.")
    added = first.insert_paragraph_before("A paragraph added by the clerk.")
    added._p.get_or_add_pPr().append(copy.deepcopy(first._p.pPr.find(qn("w:numPr"))))
    numbers = dict((text, number) for number, text in shown_numbers(document))
    assert numbers["A paragraph added by the clerk."] == "1.1"
    assert numbers["The first paragraph."] == "1.2"
    assert numbers["Bold lead-in. The second paragraph."] == "1.3"
    assert numbers["The fund is pooled."] == "2.1"


def test_footnotes_are_set_small_under_the_paragraph_text() -> None:
    markdown = (
        "# T\n\n## 1. A\n\n1.1 Pooled budgets.\u00b9\n\n\u00b9 Section 75 of the NHS Act 2006.\n"
    )
    document = open_docx(write_docx(paper(markdown)))
    note = by_text(document, "\u00b9 Section 75")
    assert num_pr(note) is None
    assert note.paragraph_format.left_indent.twips == 709
    assert {run.font.size for run in note.runs} == {Pt(9)}
    assert by_text(document, "Pooled budgets.").runs[0].font.size is None


def test_numbers_word_would_not_give_stay_as_typed() -> None:
    markdown = "# T\n\n## 3. LATER\n\n3.1 First.\n\n3.3 A gap in the source.\n\n7.1 Elsewhere.\n"
    document = open_docx(write_docx(paper(markdown)))
    assert shown_numbers(document) == [("3.", "LATER"), ("3.1", "First.")]
    assert "3.3 A gap in the source." in [p.text for p in document.paragraphs]
    assert "7.1 Elsewhere." in [p.text for p in document.paragraphs]


def test_cabinet_style_section_numbers_without_a_dot() -> None:
    markdown = "# T\n\n## 1 The issue\n\n1.1 Purpose.\n\n## 2 Recommendation\n\n2.1 Agree.\n"
    assert shown_numbers(open_docx(write_docx(paper(markdown)))) == [
        ("1", "The issue"),
        ("1.1", "Purpose."),
        ("2", "Recommendation"),
        ("2.1", "Agree."),
    ]


def test_columns_are_fitted_to_their_content(written: docx.document.Document) -> None:
    header, money, risks = written.tables[:3]
    for table in (header, money, risks):
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(grid) == TEXT_WIDTH
        assert len(set(grid)) == len(grid)  # not equal shares
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for row in table.rows:
            assert [c.width.twips for c in row.cells] == grid
        for c, width in enumerate(grid):  # every word fits its column on one line
            words = [w for row in table.rows for w in row.cells[c].text.split()]
            assert width - 216 > max(text_twips(w, 10, bold=True) for w in words)
    label, value = (int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.iter(qn("w:gridCol")))
    assert label < value
    assert header.rows[0].cells[0].text == "Meeting"  # the empty Markdown header is dropped


def test_money_is_right_aligned_and_text_is_not(written: docx.document.Document) -> None:
    money, risks = written.tables[1:3]
    align = [[c.paragraphs[0].alignment for c in row.cells] for row in money.rows]
    right = WD_ALIGN_PARAGRAPH.RIGHT
    assert align == [[None, right, None], [None, right, None], [None, right, None]]
    assert [c.text for c in money.rows[2].cells][:2] == ["Aligned", "-£5m"]
    assert risks.rows[1].cells[1].paragraphs[0].alignment == right  # a column of numbers


def test_tables_are_separated_and_captions_kept_with_them(
    written: docx.document.Document,
) -> None:
    body = [child.tag.rsplit("}", 1)[1] for child in written.element.body]
    assert "tbl" in body
    assert all(not (a == b == "tbl") for a, b in itertools.pairwise(body))
    caption = by_text(written, "Hackney Integrated Commissioning Fund")
    assert caption.paragraph_format.keep_with_next is True
    assert by_text(written, "It is recommended").paragraph_format.keep_with_next is True
    assert by_text(written, "The first paragraph.").paragraph_format.keep_with_next is None
    money = written.tables[1]
    assert money.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in money.rows)
    order = [child.tag.rsplit("}", 1)[1] for child in money.rows[0]._tr.trPr]
    assert order == ["cantSplit", "tblHeader"]  # the schema's order, which Word insists on
    kept = [[c.paragraphs[0].paragraph_format.keep_with_next for c in r.cells] for r in money.rows]
    assert kept == [[True, True, True], [None, None, None], [None, None, None]]  # see keep_rows


def test_the_timeline_names_stages_by_title_in_8pt_with_a_key(
    written: docx.document.Document,
) -> None:
    timeline = written.tables[3]
    labels = [row.cells[0].text for row in timeline.rows]
    assert labels[2:] == [
        "Integrated model goes live",
        "Four care workstreams established",
        "Partners agree to explore",
        "Proposals approved",
    ]
    sizes = {r.font.size for row in timeline.rows for c in row.cells for r in c.paragraphs[0].runs}
    assert sizes == {Pt(8)}
    fills = [
        [(c._tc.tcPr.find(qn("w:shd")) is not None and c._tc.tcPr.find(qn("w:shd")).get(
            qn("w:fill"))) or "" for c in row.cells[1:-1]]
        for row in timeline.rows[2:]
    ]  # fmt: skip
    assert fills[0][7] == "2E7D32" and timeline.rows[2].cells[8].text == "\u25c6"  # Apr 2017
    assert fills[1][0] == fills[1][13] == "E0A800"  # Sep 2016 to Oct 2017, amber
    assert fills[2][:3] == ["ABCBAD"] * 3  # done: pale green
    assert fills[3][5:8] == ["", "E6EFE6", ""]  # for decision at this meeting: outlined
    assert fills[0][6] == "D9D9D9"  # the as-of month
    assert timeline.rows[5].cells[7]._tc.tcPr.find(qn("w:tcBorders")) is not None
    key = by_text(written, "Key: ")
    assert key.text == (
        "Key: each column is a month; Green: on track; Amber: due soon or started late; "
        "pale: done; outline: for decision at this meeting; \u25c6 one-day milestone; "
        "grey column: the as-of day, 8 Mar 2017. No date yet (TBC), so not on the chart: "
        "Review of the Section 75."
    )


def test_rag_cells_are_coloured_and_header_cells_shaded_as_in_the_html() -> None:
    markdown = "# T\n\n| Stage | RAG |\n| --- | --- |\n| Go live | AMBER |\n| Review | RED |\n"
    table = open_docx(write_docx(paper(markdown))).tables[0]

    def fill(cell: docx.table._Cell) -> str | None:
        shading = cell._tc.tcPr.find(qn("w:shd"))
        return None if shading is None else shading.get(qn("w:fill"))

    assert [[fill(c) for c in row.cells] for row in table.rows] == [
        ["E8E8E8", "E8E8E8"],
        [None, "E0A800"],
        [None, "C0392B"],
    ]
    amber, red = (
        table.rows[1].cells[1].paragraphs[0].runs[0],
        table.rows[2].cells[1].paragraphs[0].runs[0],
    )
    assert (amber.bold, str(amber.font.color.rgb)) == (True, "000000")
    assert (red.bold, str(red.font.color.rgb)) == (True, "FFFFFF")


def test_a_very_long_word_does_not_push_the_table_off_the_page() -> None:
    word = "x" * 1200
    markdown = f"# T\n\n| Stage | Due |\n| --- | --- |\n| {word} | May 2018 |\n"
    table = open_docx(write_docx(paper(markdown))).tables[0]
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert sum(grid) == TEXT_WIDTH and min(grid) > 1000


def test_a_table_too_wide_for_its_words_is_set_in_smaller_type() -> None:
    years = " | ".join(f"20{y}/{y + 1}" for y in range(14, 21))
    amounts = " | ".join(["£1,234,567"] * 7)
    markdown = (
        f"# T\n\n| Budget | {years} |\n| --- |{' ---: |' * 7}\n| Pooled budget | {amounts} |\n"
    )
    table = open_docx(write_docx(paper(markdown))).tables[0]
    sizes = {r.font.size for row in table.rows for c in row.cells for r in c.paragraphs[0].runs}
    assert sizes in ({Pt(9)}, {Pt(8)})
    points = next(iter(sizes)).pt
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert sum(grid) == TEXT_WIDTH
    for c, width in enumerate(grid):
        words = [(w, r == 0) for r, row in enumerate(table.rows) for w in row.cells[c].text.split()]
        assert width - 216 > max(text_twips(w, points, bold) for w, bold in words)


def test_a_long_programme_gets_a_column_per_half_year_each_with_a_heading() -> None:
    months = [date(2008 + (10 + n) // 12, (10 + n) % 12 + 1, 1) for n in range(130)]
    bars = [Bar("s", "A stage", months[3], months[60], False, "green", "not-started")]
    long = Chart(months, bars, [], months[64])
    markdown = "# T\n\n```timeline\n```\n"
    data = write_docx(Paper(markdown, "T", date(2014, 3, 1), {"timeline_chart": long}))
    document = open_docx(data)
    timeline = document.tables[0]
    headings = [c.text for c in timeline.rows[1].cells[1:-1]]
    assert len(headings) == 23  # Nov-Dec 2008, then Jan-Jun and Jul-Dec to Jul-Aug 2019
    assert set(headings[1:]) in ({"J"}, {"Jan", "Jul"}) and headings[0] in ("N", "Nov")
    years = [c.text for c in timeline.rows[0].cells][1:-1]
    assert years[1] == years[2] and years[1] in ("2009", "09")  # merged over the year
    assert by_text(document, "Key: each column is a half-year")


def house_style(tmp_path: Path, *, footer: str | None) -> Path:
    house = docx.Document()
    normal = house.styles["Normal"]
    normal.font.name, normal.font.size = "Georgia", Pt(12)
    section = house.sections[0]
    section.header.paragraphs[0].text = "London Borough of Hackney"
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    house.add_paragraph("placeholder body text")
    path = tmp_path / "house.docx"
    house.save(str(path))
    return path


def test_a_house_style_keeps_its_fonts_header_and_footer(tmp_path: Path) -> None:
    style = house_style(tmp_path, footer="OFFICIAL")
    document = open_docx(write_docx(paper(), style=str(style)))
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Normal"].font.size == Pt(12)
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["London Borough of Hackney"]
    assert [p.text for p in section.footer.paragraphs] == ["OFFICIAL"]
    assert "instrText" not in section.footer._element.xml  # ours is not laid over theirs
    assert "placeholder body text" not in [p.text for p in document.paragraphs]
    assert shown_numbers(document)[2:4] == [("1.", "INTRODUCTION"), ("1.1", "The first paragraph.")]
    assert document.core_properties.language == "en-GB"


def test_a_house_style_without_a_footer_gets_the_papers_footer(tmp_path: Path) -> None:
    style = house_style(tmp_path, footer=None)
    document = open_docx(write_docx(paper(), style=str(style)))
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["London Borough of Hackney"]
    assert section.footer.paragraphs[0].text == "Integrated commissioning\tPage 1 of 1"
    assert "PAGE" in section.footer._element.xml


def test_a_house_font_wider_than_arial_gets_wider_columns(tmp_path: Path) -> None:
    style = house_style(tmp_path, footer=None)  # Georgia 12 pt
    money = open_docx(write_docx(paper(), style=str(style))).tables[1]
    grid = [int(c.get(qn("w:w"))) for c in money._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert grid[1] - 216 > text_twips("2017/18", 12 * 1.2, bold=True)


def test_a_house_style_without_title_heading_or_table_styles(tmp_path: Path) -> None:
    house = docx.Document()
    styles = house.styles.element
    for style in list(styles.iter(qn("w:style"))):
        name = style.find(qn("w:name")).get(qn("w:val")).lower()
        if name.startswith(("heading", "title", "table grid", "footer", "list", "no spacing")):
            styles.remove(style)
    path = tmp_path / "bare.docx"
    house.save(str(path))
    document = open_docx(write_docx(paper(), style=str(path)))
    assert by_text(document, "INTRODUCTION").style.name == "Heading 1"
    assert document.paragraphs[0].style.name == "Title"
    outline = document.styles["Heading 1"].element.pPr.find(qn("w:outlineLvl"))
    assert outline.get(qn("w:val")) == "0"  # listed in Word's navigation pane
    borders = document.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and len(borders) == 6
    assert document.sections[0].footer.paragraphs[0].text.endswith("Page 1 of 1")


def test_a_house_numbered_heading_style_does_not_number_an_unnumbered_heading(
    tmp_path: Path,
) -> None:
    house = docx.Document()
    numbered = copy.deepcopy(open_docx(write_docx(paper())).paragraphs[5]._p.pPr.numPr)
    house.styles["Heading 1"].element.get_or_add_pPr().append(numbered)
    path = tmp_path / "numbered.docx"
    house.save(str(path))
    document = open_docx(write_docx(paper(), style=str(path)))
    assert num_pr(by_text(document, "Recommendations")) == (0, 0)  # numId 0: no number
    assert num_pr(by_text(document, "INTRODUCTION")) is not None


def retyped(path: Path, target: Path, old: bytes, new: bytes) -> Path:
    """Copy a .docx to `target` with its main part's content type changed."""
    source = zipfile.ZipFile(path)
    with zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            out.writestr(info, data.replace(old, new) if info.filename.startswith("[") else data)
    return target


def test_a_word_template_dotx_serves_as_the_house_style(tmp_path: Path) -> None:
    main = b"wordprocessingml.document.main+xml"
    dotx = retyped(
        house_style(tmp_path, footer="OFFICIAL"),
        tmp_path / "house.dotx",
        main,
        b"wordprocessingml.template.main+xml",
    )
    data = write_docx(paper(), style=str(dotx))
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    assert main in types and b"template.main" not in types  # a document, not a template
    document = open_docx(data)
    assert document.sections[0].header.paragraphs[0].text == "London Borough of Hackney"
    assert document.styles["Normal"].font.name == "Georgia"


def test_a_macro_enabled_house_style_is_refused(tmp_path: Path) -> None:
    docm = retyped(
        house_style(tmp_path, footer=None),
        tmp_path / "house.docm",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    with pytest.raises(InputError) as raised:
        write_docx(paper(), style=str(docm))
    assert str(raised.value) == (
        f"--style {docm}: holds macros (.docm or .dotm); save the house style as a Word "
        "document (.docx) or template (.dotx)"
    )


OWN_TEMPLATE = {
    "bnes-integration": "cabinet",
    "city-and-hackney": "hwb",
    "south-kent-coast-hwbb": "hwb",
    "southend-mou": "highlight",
}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_paper_is_a4_en_gb_with_page_numbers(path: Path) -> None:
    playbook = check_file(str(path), date(2026, 11, 22)).playbook
    assert playbook is not None
    template = OWN_TEMPLATE[path.stem]
    document = open_docx(render(playbook, template, "docx", paper_id=None, as_of=None))
    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert "en-US" not in document.styles.element.xml
    assert "PAGE" in section.footer._element.xml
    shown = shown_numbers(document)
    assert shown  # lists, recommendations and sections are Word lists (w:numPr)
    numbered = [(n, text) for n, text in shown if n != "•"]
    # Word shows the numbers the Markdown (and so the HTML and PDF) shows.
    markdown = render(playbook, template, "md", paper_id=None, as_of=None).decode()
    typed = re.sub(r"\s+", " ", re.sub(r"\\(?=[.)])|\*\*", "", markdown))
    for number, text in numbered:
        assert f"{number} {text[:20]}" in typed, (number, text)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_numbers_and_page_n_of_m(tmp_path: Path) -> None:
    paragraphs = "\n\n".join(
        f"1.{n} Paragraph number {n} of the introduction." for n in range(1, 61)
    )
    markdown = f"# A long paper\n\n## 1. INTRODUCTION\n\n{paragraphs}\n\n## 2. NEXT\n\n2.1 Last.\n"
    source = tmp_path / "long.docx"
    source.write_bytes(write_docx(paper(markdown, title="A long paper")))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    reader = pypdf.PdfReader(tmp_path / "long.pdf")
    pages = len(reader.pages)
    assert pages >= 2
    texts = [page.extract_text() for page in reader.pages]
    for n, text in enumerate(texts, 1):
        assert f"Page {n} of {pages}" in text
        assert "A long paper" in text
    whole = "\n".join(texts)
    assert re.search(r"1\.60\s+Paragraph number 60 of", whole)
    assert re.search(r"2\.1\s+Last\.", whole)
    assert re.search(r"2\.\s+NEXT", whole)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_keeps_each_caption_on_its_tables_page(tmp_path: Path) -> None:
    parts = ["# Captions"]
    for k in range(1, 13):  # fillers of 1 to 4 paragraphs put captions at page ends
        parts += [f"Filler {k}-{n} " + "words " * 25 for n in range(k % 4 + 1)]
        rows = "\n".join(f"| Row {k}-{r} item | £{r},000 |" for r in range(1, 5))
        parts += [f"**Caption of table {k}**", f"| Item | Cost |\n| --- | ---: |\n{rows}"]
    source = tmp_path / "captions.docx"
    source.write_bytes(write_docx(paper("\n\n".join(parts) + "\n")))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = [page.extract_text() for page in pypdf.PdfReader(tmp_path / "captions.pdf").pages]
    assert len(pages) >= 3
    for k in range(1, 13):
        on = [n for n, text in enumerate(pages) if f"Caption of table {k}\n" in text + "\n"]
        rows = [n for n, text in enumerate(pages) if f"Row {k}-1 item" in text]
        last = [n for n, text in enumerate(pages) if f"Row {k}-4 item" in text]
        assert on == rows == last, k
