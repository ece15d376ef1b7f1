"""Papers: every template in every format, read back for real; the sandbox; user templates."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from typer.testing import CliRunner

from integrate_cli.check import check_file
from integrate_cli.cli import app
from integrate_cli.errors import TemplateFailed, UsageError
from integrate_cli.model import Playbook
from integrate_cli.report.render import builtin_names, numbered, render, render_markdown

ROOT = Path(__file__).resolve().parent.parent
PAPER = ROOT / "tests" / "data" / "bnes-paper.yaml"
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = sorted((ROOT / "playbooks").glob("*.yaml"))
runner = CliRunner()


def load(path: Path) -> Playbook:
    result = check_file(str(path), __import__("datetime").date(2026, 11, 22))
    assert result.playbook is not None, result.findings
    return result.playbook


def test_builtin_templates() -> None:
    assert builtin_names() == ["cabinet", "highlight", "hwb"]


@pytest.mark.parametrize("template", ["cabinet", "hwb", "highlight"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
@pytest.mark.parametrize("path", [PAPER, *EXAMPLES], ids=lambda p: p.stem)
def test_every_template_in_every_format(path: Path, template: str, fmt: str) -> None:
    playbook = load(path)
    as_of = None if playbook.papers else __import__("datetime").date(2017, 11, 8)
    data = render(playbook, template, fmt, paper_id=None, as_of=as_of)
    assert data
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        assert document.paragraphs[0].text
    elif fmt == "pdf":
        assert data.startswith(b"%PDF-")


@pytest.mark.parametrize("template", ["cabinet", "hwb", "highlight"])
def test_golden_markdown(template: str) -> None:
    """Regenerate with: INTEGRATE_REGENERATE=1 python -m pytest tests/test_report.py"""
    markdown = render_markdown(load(PAPER), template, paper_id=None, as_of=None).markdown
    golden = GOLDEN / f"{template}.md"
    if os.environ.get("INTEGRATE_REGENERATE"):
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8")


def test_docx_has_real_headings_tables_and_the_figures() -> None:
    document = docx.Document(
        io.BytesIO(render(load(PAPER), "cabinet", "docx", paper_id=None, as_of=None))
    )
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == [  # their numbers are Word's numbering (tests/test_docx.py)
        "The issue",
        "Recommendation",
        "Resource implications (finance, property, people)",
    ]
    texts = [p.text for p in document.paragraphs]
    assert (
        "Delegate to the Strategic Director to set up shadow arrangements in January 2018." in texts
    )
    header = document.tables[0]
    assert [c.text for c in header.rows[0].cells] == ["Meeting", "Cabinet"]
    costs = document.tables[1]
    assert [c.text for c in costs.rows[0].cells] == ["Costs", "2017/18", "2018/19"]
    assert [c.text for c in costs.rows[-1].cells] == ["Total", "£20,968", "£37,964"]
    assert costs.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    assert document.core_properties.created.isoformat().startswith("2017-11-08")


def test_pdf_text_title_language_and_tags() -> None:
    reader = pypdf.PdfReader(
        io.BytesIO(render(load(PAPER), "cabinet", "pdf", paper_id=None, as_of=None))
    )
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "B&NES Council and BaNES CCG Integration" in text
    assert "2.1 Support the development of stronger integrated arrangements." in text
    assert "Page 1 of" in text
    assert reader.metadata is not None
    assert reader.metadata.title == "B&NES Council and BaNES CCG Integration"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root


def test_html_is_self_contained_with_an_svg_timeline() -> None:
    # the cabinet paper has the timeline; the one-page highlight report does not
    html = render(load(PAPER), "cabinet", "html", paper_id=None, as_of=None).decode()
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert "<svg" in html and "@page" in html
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_same_input_same_bytes() -> None:
    playbook = load(PAPER)
    for fmt in ("md", "html", "docx", "pdf"):
        first = render(playbook, "cabinet", fmt, paper_id=None, as_of=None)
        assert first == render(playbook, "cabinet", fmt, paper_id=None, as_of=None), fmt
    docx_bytes = render(playbook, "cabinet", "docx", paper_id=None, as_of=None)
    entries = zipfile.ZipFile(io.BytesIO(docx_bytes)).infolist()
    assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}


def test_paragraphs_are_numbered_per_section() -> None:
    assert numbered("One.\n\nTwo\ncontinued.\n\n- a list\n\nThree.", 5) == (
        "5.1 One.\n\n5.2 Two\ncontinued.\n\n- a list\n\n5.3 Three."
    )


def write_template(tmp_path: Path, name: str, body: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.md.j2"
    path.write_text(body)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "p.yaml").write_text(PAPER.read_text())
    return tmp_path


def test_repo_templates_override_builtins(repo: Path) -> None:
    write_template(repo, "cabinet", "# Our house style: {{ paper.title }}\n")
    playbook = load(repo / "playbooks" / "p.yaml")
    assert render(playbook, "cabinet", "md", paper_id=None, as_of=None) == (
        b"# Our house style: B&NES Council and BaNES CCG Integration\n"
    )


def test_sandbox_refuses_python_internals(repo: Path) -> None:
    write_template(repo, "evil", "{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    with pytest.raises(TemplateFailed, match=r"evil\.md\.j2, line 1: .*unsafe"):
        render(load(repo / "playbooks" / "p.yaml"), "evil", "md", paper_id=None, as_of=None)


def test_misspelt_variable_names_file_and_line(repo: Path) -> None:
    path = write_template(repo, "typo", "# Title\n\n{{ paper.titel }}\n")
    with pytest.raises(TemplateFailed) as caught:
        render(load(repo / "playbooks" / "p.yaml"), "typo", "md", paper_id=None, as_of=None)
    assert str(caught.value) == (
        f"template {path}, line 3: 'dict object' has no attribute 'titel'; fix the template"
    )


def test_broken_template_is_one_line_on_stderr(repo: Path) -> None:
    path = write_template(repo, "broken", "{% for x in %}\n")
    result = runner.invoke(
        app, ["render-report", str(repo / "playbooks" / "p.yaml"), "-t", "broken"]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines(True) if ": warning " not in line]
    assert "".join(errors) == (
        f"integrate: error: template {path}, line 1: Expected an expression, "
        "got 'end of statement block'; fix the template\n"
    )


def test_unknown_template_and_paper_are_usage_errors(repo: Path) -> None:
    playbook = load(repo / "playbooks" / "p.yaml")
    with pytest.raises(UsageError, match="built-in templates: cabinet, highlight, hwb"):
        render(playbook, "nope", "md", paper_id=None, as_of=None)
    with pytest.raises(UsageError, match="no paper 'x'; papers: cabinet-2017-11"):
        render(playbook, "cabinet", "md", paper_id="x", as_of=None)


def test_cli_writes_the_file_atomically_and_refuses_a_missing_directory(repo: Path) -> None:
    target = repo / "out" / "paper.docx"
    result = runner.invoke(
        app,
        ["render-report", str(repo / "playbooks" / "p.yaml"), "-t", "cabinet", "-o", str(target)],
    )
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    target.parent.mkdir()
    result = runner.invoke(
        app,
        ["render-report", str(repo / "playbooks" / "p.yaml"), "-t", "cabinet", "-o", str(target)],
    )
    assert result.exit_code == 0, result.stderr
    assert docx.Document(str(target)).paragraphs[0].text.startswith("B&NES")
    assert [p.name for p in target.parent.iterdir()] == ["paper.docx"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_style_docx_is_used(repo: Path, tmp_path: Path) -> None:
    house = docx.Document()
    house.sections[0].header.paragraphs[0].text = "Bath & North East Somerset Council"
    house.add_paragraph("placeholder body text")
    style = tmp_path / "house.docx"
    house.save(str(style))
    data = render(
        load(repo / "playbooks" / "p.yaml"),
        "cabinet",
        "docx",
        paper_id=None,
        as_of=None,
        style=str(style),
    )
    document = docx.Document(io.BytesIO(data))
    assert document.sections[0].header.paragraphs[0].text == "Bath & North East Somerset Council"
    assert "placeholder body text" not in [p.text for p in document.paragraphs]
