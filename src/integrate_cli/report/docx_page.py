"""The Word page: A4 and margins, British English, a footer with the title and page numbers.

The rule for a council's house style (`--style house.docx`): its page size, margins,
styles, header and footer are the house's and are kept. The paper adds its own footer
("title ... Page N of M") only where the house's section has no footer text of its own,
so a house footer is never covered or doubled. Whatever the house declares, the text of a
paper is British English, so English language tags become en-GB (other languages, such as
a Welsh style, are left as they are).
"""

from __future__ import annotations

import re
from typing import Any

A4_WIDTH, A4_HEIGHT = 11906, 16838  # twentieths of a point (w:pgSz), 210 x 297 mm
MARGIN = 1134  # 2 cm
BOTTOM_MARGIN = 1361  # 2.4 cm: room for the footer, as in the PDF
FOOTER_DISTANCE = 567  # 1 cm from the page's edge
LANGUAGE = "en-GB"
_ENGLISH = re.compile(r'(w:(?:val|eastAsia))="en-[A-Za-z]+"')
FONT = "Arial"  # as the HTML and PDF; LibreOffice shows Liberation Sans, same metrics


def has_style(document: Any, name: str) -> bool:
    """Return True when the document defines a style of this name (one lookup, no objects)."""
    return bool(document.styles.element.xpath(f'w:style[w:name/@w:val="{name}"]'))


def set_up_page(document: Any, *, house: bool) -> None:
    """Give a paper written on python-docx's own template an A4 page and margins.

    A house style's page is the house's: nothing is changed there.
    """
    if house:
        return
    from docx.shared import Twips

    for section in document.sections:
        section.page_width, section.page_height = Twips(A4_WIDTH), Twips(A4_HEIGHT)
        section.left_margin = section.right_margin = Twips(MARGIN)
        section.top_margin = Twips(MARGIN)
        section.bottom_margin = Twips(BOTTOM_MARGIN)
        section.footer_distance = Twips(FOOTER_DISTANCE)
        section.header_distance = Twips(FOOTER_DISTANCE)


def text_width(document: Any) -> int:
    """Return the width between the first section's margins, in twips."""
    section = document.sections[0]
    width = section.page_width or A4_WIDTH * 635
    left = section.left_margin if section.left_margin is not None else MARGIN * 635
    right = section.right_margin if section.right_margin is not None else MARGIN * 635
    return max(1440, int((width - left - right) / 635))


def set_language(document: Any) -> None:
    """Declare British English as the default, and on every style declaring English."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    for declared in styles.iter(qn("w:lang")):
        for attribute in (qn("w:val"), qn("w:eastAsia")):
            value = declared.get(attribute)
            if value and value.lower().startswith("en"):
                declared.set(attribute, LANGUAGE)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None and (theme_lang.get(qn("w:val")) or "").lower().startswith("en"):
        theme_lang.set(qn("w:val"), LANGUAGE)
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/stylesWithEffects.xml":  # Word 2010's copy of styles
            part._blob = _ENGLISH.sub(rf'\1="{LANGUAGE}"', part.blob.decode("utf-8")).encode()
    document.core_properties.language = LANGUAGE


def set_fonts(document: Any) -> None:
    """Give the paper's own document (no house style) Arial, as its HTML and PDF have."""
    from docx.oxml.ns import qn

    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        try:
            style = document.styles[name]
        except KeyError:
            continue
        style.font.name = FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attribute), None)
        fonts.set(qn("w:cs"), FONT)


_ARIAL_LIKE = ("arial", "helvetica", "liberation sans", "arimo")
_NARROWER = ("calibri", "carlito")


def body_font(document: Any) -> tuple[float, float]:
    """Return the Normal text's size in points, and how wide its font sets compared with
    Arial (1.2 for a font not known here, so columns err on the wide side)."""
    from docx.oxml.ns import qn

    normal = document.styles["Normal"] if has_style(document, "Normal") else None
    defaults = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"
    )
    size = normal.font.size.pt if normal is not None and normal.font.size else None
    if size is None and defaults is not None and defaults.find(qn("w:sz")) is not None:
        size = int(defaults.find(qn("w:sz")).get(qn("w:val"))) / 2
    name = normal.font.name if normal is not None else None
    if name is None and defaults is not None and defaults.find(qn("w:rFonts")) is not None:
        fonts = defaults.find(qn("w:rFonts"))
        name = fonts.get(qn("w:ascii")) or ("calibri" if fonts.get(qn("w:asciiTheme")) else None)
    family = (name or "").lower()
    scale = 1.0 if family.startswith(_ARIAL_LIKE) else 0.95 if family.startswith(_NARROWER) else 1.2
    return size or 11.0, scale


_OWN_STYLES = {"Title": 16, "Heading 1": 13, "Heading 2": 12, "Heading 3": 11, "Heading 4": 11}


def ensure_styles(document: Any) -> None:
    """Add the title and heading styles a house style lacks (a template need not define
    them), as bold Normal text that Word lists in its navigation pane."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    names = {style.name for style in document.styles}
    for level, (name, size) in enumerate(_OWN_STYLES.items()):
        if name in names:
            continue
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"] if "Normal" in names else None
        style.font.bold, style.font.size = True, Pt(size)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(12 if level else 0)
        if level:  # Title has no outline level; Heading n is level n - 1
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level - 1))
            style.element.get_or_add_pPr().append(outline)


def has_footer_text(section: Any) -> bool:
    """Return True when the section shows a footer of its own (text or a field)."""
    from docx.oxml.ns import qn

    if section.footer.is_linked_to_previous:
        return False
    element = section.footer._element
    texts = "".join(t.text or "" for t in element.iter(qn("w:t")))
    fields = list(element.iter(qn("w:fldSimple"))) + list(element.iter(qn("w:instrText")))
    return bool(texts.strip() or fields)


def add_footer(document: Any, title: str) -> None:
    """Write "title <tab> Page N of M" (PAGE and NUMPAGES fields) in each bare footer."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt, Twips

    width = text_width(document)
    for section in document.sections:
        if has_footer_text(section):
            continue
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        stops = paragraph.paragraph_format.tab_stops
        style_stops = paragraph.style.paragraph_format.tab_stops if paragraph.style else []
        for stop in style_stops:  # the Footer style's centre stop would catch the tab
            stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(Twips(width), WD_TAB_ALIGNMENT.RIGHT)
        runs = [paragraph.add_run(title), paragraph.add_run("\tPage ")]
        runs += _field(paragraph, "PAGE", "1")
        runs.append(paragraph.add_run(" of "))
        runs += _field(paragraph, "NUMPAGES", "1")
        for run in runs:
            run.font.size = Pt(8)


def _field(paragraph: Any, code: str, shown: str) -> list[Any]:
    """Append a Word field (begin, instruction, separate, result, end); return its runs.

    Word and LibreOffice work out PAGE and NUMPAGES as they lay the page out; `shown`
    is only what a reader that does not lay pages out (python-docx) sees.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    runs = []
    for part in ("begin", code, "separate", shown, "end"):
        run = paragraph.add_run()
        if part in ("begin", "separate", "end"):
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), part)
            run._r.append(mark)
        elif part == code:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = f" {code} "
            run._r.append(instruction)
        else:
            run.text = shown
        runs.append(run)
    return runs
