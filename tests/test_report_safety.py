"""Papers under hostile input: bounded templates, documented lookup, no fetching, text as text.

Every case runs the command as a user would and checks the exit code, the one-line
message and what was (not) written.
"""

from __future__ import annotations

import base64
import http.server
import io
import os
import re
import shutil
import threading
import urllib.request
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pypdf
import pytest
from PIL import Image
from typer.testing import CliRunner

from integrate_cli.cli import app
from integrate_cli.errors import TemplateFailed
from integrate_cli.report import limits
from integrate_cli.report.pdf import to_pdf
from integrate_cli.report.render import run_template

ROOT = Path(__file__).resolve().parent.parent
BNES = ROOT / "playbooks" / "bnes-integration.yaml"
runner = CliRunner()


def said(stderr: str) -> str:
    """Return stderr without the playbook's warning lines (render-report prints them)."""
    return "".join(line for line in stderr.splitlines(True) if ": warning " not in line)


BUILTIN_HIGHLIGHT_START = "# B&NES Council and BaNES CCG integration: highlight report\n"


@pytest.fixture
def playbook(tmp_path: Path) -> Path:
    path = tmp_path / "p.yaml"
    shutil.copy(BNES, path)
    return path


def render_with(playbook: Path, body: str) -> tuple[Path, object]:
    template = playbook.parent / "x.md.j2"
    template.write_text(body, encoding="utf-8")
    result = runner.invoke(app, ["render-report", str(playbook), "-t", str(template), "-f", "md"])
    return template, result


def failed(template: Path, line: int | None, what: str) -> str:
    where = f"template {template}, line {line}" if line else f"template {template}"
    return f"integrate: error: {where}: {what}; fix the template\n"


# 1. A user template's error is the user's: one line, the file and line, exit 1.

CASES = [
    ("{{ 1/0 }}", 1, "ZeroDivisionError: division by zero"),
    (
        "ok\n{{ 'a' * 10**10 }}",
        2,
        "repeated text of 10,000,000,000 characters (limit 16,777,216)",
    ),
    ("{{ 'x'|center(10**9) }}", 1, "centred text of 1,000,000,000 characters (limit 16,777,216)"),
    (
        "{{ 'x'|indent(10**9, true) }}",
        1,
        "indented text of 1,000,000,001 characters (limit 16,777,216)",
    ),
    (
        "{{ 'x'.ljust(10**9) }}",
        1,
        "text from .ljust() of 1,000,000,000 characters (limit 16,777,216)",
    ),
    ("{{ '%999999999d' % 3 }}", 1, "formatted text of 1,000,000,011 characters (limit 16,777,216)"),
    (
        "{{ '{:>999999999}'.format(3) }}",
        1,
        "formatted text of 1,000,000,012 characters (limit 16,777,216)",
    ),
    ("{{ [1]|batch(10**9, 'x')|list }}", 1, "a batch of 1,000,000,000 items (limit 100,000)"),
    (
        "{% for i in range(10**9) %}{% endfor %}",
        1,
        "a range of 1,000,000,000 numbers (limit 100,000)",
    ),
    ("\n\n{{ 10**(10**9) }}", 3, "a power of about 1,000,000,000 digits (limit 4,300 digits)"),
    ("{{ 10**4000 * 10**4000 }}", 1, "a product of about 8,002 digits (limit 4,300)"),
    (
        "{{ lipsum(n=10000000) }}",
        1,
        "lipsum of 10,000,000 paragraphs of up to 100 words (limit 100 paragraphs of 1000 words)",
    ),
    (
        "{% macro m() %}\n{{ m() }}\n{% endmacro %}\n{{ m() }}",
        2,
        "macros calling macros more than 64 deep (limit 64)",
    ),
    (
        "{% set ns = namespace(s='ab') %}\n{% for i in range(60) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        2,
        "joined text of 33,554,432 characters (limit 16,777,216)",
    ),
    (
        "{% set ns = namespace(l=['x' * 1000000]) %}\n{% for i in range(60) %}"
        "{% set ns.l = ns.l + ns.l %}{% endfor %}",
        2,
        "joined text of 32,000,032 characters (limit 16,777,216)",
    ),
    (
        "Paper\n{% for i in range(200) %}{{ 'x' * 100000 }}{% endfor %}",
        2,
        "the paper's text passes the limit (16,777,216 characters)",
    ),
    ("# T\n\n{{ paper.titel }}", 3, "'dict object' has no attribute 'titel'"),
    ("# T\n{% for x in %}", 2, "Expected an expression, got 'end of statement block'"),
    ("{{ ''.__class__.__mro__ }}", 1, "access to attribute '__class__' of 'str' object is unsafe."),
    ("{{ 'x'|truncate(-1) }}", 1, "AssertionError: expected length >= 3, got -1"),
]


@pytest.mark.parametrize(("body", "line", "what"), CASES, ids=[c[0][:40] for c in CASES])
def test_a_template_error_is_one_line_naming_the_template(
    playbook: Path, body: str, line: int, what: str
) -> None:
    template, result = render_with(playbook, body)
    assert (result.exit_code, result.stdout) == (1, "")
    assert said(result.stderr) == failed(template, line, what)


def test_a_template_that_includes_itself_is_refused_at_its_line(playbook: Path) -> None:
    template, result = render_with(playbook, '# Paper\n\n{% include "x.md.j2" %}\n')
    assert result.exit_code == 1
    assert said(result.stderr) == failed(
        template, 3, "{% include %} is not available: a paper template is one file"
    )
    for tag, word in [
        ('{% extends "x.md.j2" %}', "extends"),
        ('{% import "x.md.j2" as me %}', "import"),
        ('{% from "x.md.j2" import m %}', "from ... import"),
    ]:
        template, result = render_with(playbook, tag)
        assert said(result.stderr) == failed(
            template, 1, f"{{% {word} %}} is not available: a paper template is one file"
        )


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", "templates nest too deeply"),
        (
            "".join(f"{{% for a{i} in [1] %}}" for i in range(25)) + "x" + "{% endfor %}" * 25,
            "blocks nest too deeply",
        ),
    ],
    ids=["deep-expression", "deep-blocks"],
)
def test_a_deeply_nested_template_is_refused(playbook: Path, body: str, what: str) -> None:
    template, result = render_with(playbook, body)
    assert result.exit_code == 1
    assert said(result.stderr).startswith(f"integrate: error: template {template}: {what} (")
    assert said(result.stderr).endswith("); fix the template\n")
    assert said(result.stderr).count("\n") == 1


LOOPS = {
    "nested ranges": "{% for i in range(100000) %}{% for j in range(100000) %}"
    "{% endfor %}{% endfor %}",
    "nested loops over text": "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}"
    "{% endfor %}{% endfor %}",
}


@pytest.mark.parametrize("loops", LOOPS.values(), ids=LOOPS.keys())
def test_a_render_that_runs_too_long_is_stopped(
    playbook: Path, loops: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TIME_LIMIT_SECONDS", 1.0)
    template, result = render_with(playbook, "Paper\n" + loops)
    assert (result.exit_code, result.stdout) == (1, "")
    assert said(result.stderr) == failed(
        template, 2, "rendering did not finish in time (limit 1 s)"
    )


def test_the_time_limit_holds_without_signals_in_a_worker_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "TIME_LIMIT_SECONDS", 1.0)
    caught: list[BaseException] = []

    def work() -> None:
        try:
            run_template(LOOPS["nested ranges"], "t.md.j2", {})
        except TemplateFailed as exc:
            caught.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert [str(e) for e in caught] == [
        "template t.md.j2, line 1: rendering did not finish in time (limit 1 s); fix the template"
    ]


def test_a_render_that_needs_too_much_memory_is_stopped(
    playbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    monkeypatch.setattr(limits, "MEMORY_HEADROOM", 256 * 1024 * 1024)
    body = (
        "{% set l = ['x' * 4000000, 'y' * 4000000] %}{% set m = [l, l, l, l, l, l, l, l] %}"
        "{% set n = [m, m, m, m, m, m, m, m] %}{% set o = [n, n, n, n, n, n, n, n] %}\n"
        "{{ o|string|length }}"
    )
    template, result = render_with(playbook, body)
    assert result.exit_code == 1
    assert said(result.stderr).startswith(f"integrate: error: template {template}")
    assert said(result.stderr).endswith(
        ": rendering needs more memory than a paper may use (limit 0.25 GiB); fix the template\n"
    )
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_a_builtin_template_past_a_limit_blames_the_playbooks_size(
    playbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT", 1000)
    monkeypatch.chdir(playbook.parent)  # not the source tree, whose templates/ would be found
    result = runner.invoke(app, ["render-report", str(playbook), "-t", "highlight", "-f", "md"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert said(result.stderr) == (
        "integrate: error: template highlight.md.j2 (built-in), line 47: the paper's text "
        "passes the limit (1,000 characters); the playbook is too large for this paper\n"
    )


def test_a_sound_template_still_renders_within_the_limits(playbook: Path) -> None:
    _, result = render_with(
        playbook,
        "{{ range(3)|join(',') }} {{ range(10)|reverse|first }} {{ 'a' ~ 'b' }} "
        "{{ 2 ** 10 }} {{ 'x' * 3 }} {{ [0] * 2 }} {{ '%05d' % 42 }} {{ '{:>4}'.format(7) }} "
        "{{ '-'.join(['a', 'b']|map('upper')) }}\n",
    )
    assert (result.exit_code, said(result.stderr)) == (0, "")
    assert result.stdout == "0,1,2 9 ab 1024 xxx [0, 0] 00042    7 A-B\n"


# 2. Templates are looked up only where documented.


def _repo(tmp_path: Path, *, git: bool) -> Path:
    outer = tmp_path / "outer"
    (outer / "templates").mkdir(parents=True)
    (outer / "templates" / "highlight.md.j2").write_text("PLANTED ABOVE\n")
    repo = outer / "repo"
    (repo / "playbooks").mkdir(parents=True)
    if git:
        (repo / ".git").mkdir()
    shutil.copy(BNES, repo / "playbooks" / "p.yaml")
    return repo


def _highlight(repo: Path) -> str:
    playbook = str(repo / "playbooks" / "p.yaml")
    result = runner.invoke(app, ["render-report", playbook, "-t", "highlight", "-f", "md"])
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_a_template_planted_above_the_repository_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, git=True)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert _highlight(repo).startswith(BUILTIN_HIGHLIGHT_START)
    (repo / "templates").mkdir()
    (repo / "templates" / "highlight.md.j2").write_text("REPO ROOT\n")
    assert _highlight(repo) == "REPO ROOT\n"


def test_outside_git_only_the_playbooks_own_folder_is_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, git=False)
    (repo / "templates").mkdir()
    (repo / "templates" / "highlight.md.j2").write_text("ABOVE THE PLAYBOOK\n")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert _highlight(repo).startswith(BUILTIN_HIGHLIGHT_START)
    (repo / "playbooks" / "templates").mkdir()
    (repo / "playbooks" / "templates" / "highlight.md.j2").write_text("BESIDE\n")
    assert _highlight(repo) == "BESIDE\n"


def test_the_current_directory_templates_come_after_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, git=True)
    here = tmp_path / "here"
    (here / "templates").mkdir(parents=True)
    (here / "templates" / "highlight.md.j2").write_text("CURRENT DIRECTORY\n")
    monkeypatch.chdir(here)
    assert _highlight(repo) == "CURRENT DIRECTORY\n"
    (repo / "templates").mkdir()
    (repo / "templates" / "highlight.md.j2").write_text("REPO ROOT\n")
    assert _highlight(repo) == "REPO ROOT\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_git_folder_owned_by_someone_else_does_not_make_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, git=False)
    (tmp_path / "outer" / ".git").mkdir()
    os.chown(tmp_path / "outer" / ".git", 12345, 12345)
    monkeypatch.chdir(tmp_path)
    assert _highlight(repo).startswith(BUILTIN_HIGHLIGHT_START)
    os.chown(tmp_path / "outer" / ".git", os.geteuid(), os.getegid())
    assert _highlight(repo) == "PLANTED ABOVE\n"


def test_a_template_fifo_is_refused_without_waiting(tmp_path: Path, playbook: Path) -> None:
    fifo = tmp_path / "t.md.j2"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["render-report", str(playbook), "-t", str(fifo), "-f", "md"])
    assert result.exit_code == 2
    assert said(result.stderr) == (
        f"integrate: error: template {fifo}: is not a regular file; give a .md.j2 file\n"
    )


# 3. Papers never fetch anything.


def hostile(tmp_path: Path, **replace: str) -> Path:
    """Return a copy of the B&NES playbook with the given lines' values replaced."""
    text = BNES.read_text(encoding="utf-8")
    for old, new in {**_DEFAULT_PLACES, **replace}.items():
        if old in replace:
            assert _PLACES[old] in text
            text = text.replace(_PLACES[old], new)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return path


_PLACES = {
    "stage": "title: Shadow governance arrangements in operation",
    "other_stage": "title: Full approval of the new governance arrangements",
    "section": "text: There has been no formal consultation so far.",
    "summary": "summary: >-",
}
_DEFAULT_PLACES: dict[str, str] = {}


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(_png((1, 1), "red"))

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _png(size: tuple[int, int], colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def write_paper(path: Path, out: Path) -> None:
    result = runner.invoke(app, ["render-report", str(path), "-t", "cabinet", "-o", str(out)])
    assert result.exit_code == 0, result.stderr


def test_an_image_on_the_web_is_never_fetched(
    tmp_path: Path, counting_server: tuple[str, list[str]]
) -> None:
    url, hits = counting_server
    path = hostile(
        tmp_path,
        section=f"text: 'To date ![pixel]({url}/pixel.png) none. <img src=\"{url}/raw.png\">'",
        stage=f"title: 'Shadow ![t]({url}/title.png)'",
    )
    write_paper(path, tmp_path / "paper.pdf")
    write_paper(path, tmp_path / "paper.html")
    assert hits == []
    html = (tmp_path / "paper.html").read_text(encoding="utf-8")
    assert f'To date <a href="{url}/pixel.png">pixel</a> none.' in html
    assert "none. &lt;img src=&quot;http://127.0.0.<wbr>1:" in html  # raw HTML is text
    assert "<img" not in html
    with urllib.request.urlopen(f"{url}/check", timeout=5) as response:  # the server counts
        assert response.status == 200
    assert hits == ["/check"]


def test_the_pdf_writer_itself_fetches_nothing(
    tmp_path: Path, counting_server: tuple[str, list[str]]
) -> None:
    url, hits = counting_server
    (tmp_path / "local.png").write_bytes(_png((3, 3), "red"))
    html = (
        f'<html><head><link rel="stylesheet" href="{url}/style.css"></head><body>'
        f'<img src="{url}/a.png"><img src="file://{tmp_path}/local.png">'
        f'<div style="background: url({url}/b.png)">x</div>'
        f'<img src="data:image/png;base64,{base64.b64encode(_png((2, 4), "red")).decode()}">'
        "</body></html>"
    )
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(html, date(2017, 11, 8))))
    assert hits == []
    assert {image.image.size for image in reader.pages[0].images} == {(2, 4)}


def test_only_images_inside_the_playbooks_folder_are_embedded(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    (folder / "charts").mkdir(parents=True)
    inside, secret = _png((7, 5), "blue"), _png((11, 13), "green")
    (folder / "charts" / "org.png").write_bytes(inside)
    (tmp_path / "secret.png").write_bytes(secret)
    (folder / "charts" / "link.png").symlink_to(tmp_path / "secret.png")
    text = (
        "text: 'A ![inside](charts/org.png) B ![up](../secret.png) C "
        f"![abs]({tmp_path}/secret.png) D ![file](file://{tmp_path}/secret.png) "
        "E ![link](charts/link.png)'"
    )
    path = hostile(folder, section=text)
    write_paper(path, folder / "paper.html")
    write_paper(path, folder / "paper.pdf")
    html = (folder / "paper.html").read_text(encoding="utf-8")
    embedded = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)">', html)
    assert [(base64.b64decode(d), alt) for d, alt in embedded] == [(inside, "inside")]
    assert 'alt="inside"> B up C abs D ![file](file:///' in html  # file: is no link
    assert " E link</p>" in html
    reader = pypdf.PdfReader(folder / "paper.pdf")
    sizes = {image.image.size for page in reader.pages for image in page.images}
    assert sizes == {(7, 5)}  # WeasyPrint lists the one image in every page's resources


# 4. Text from the playbook is text.

TITLE = "# Heading | a *b* [x](y) `c` <i>"


def test_markdown_in_a_stage_title_is_printed_as_written(tmp_path: Path) -> None:
    path = hostile(tmp_path, stage=f"title: '{TITLE}'")
    result = runner.invoke(app, ["render-report", str(path), "-t", "cabinet", "-f", "md"])
    assert result.exit_code == 0, result.stderr
    row = r"| \# Heading \| a \*b\* \[x\](y) \`c\` \<i\> | May 2018 | Not started | 0/3 | GREEN |"
    assert row in result.stdout.splitlines()
    write_paper(path, tmp_path / "paper.html")
    html = (tmp_path / "paper.html").read_text(encoding="utf-8")
    assert "<h1>Heading" not in html
    cells = "<td># Heading | a *b* [x](y) `c` &lt;i&gt;</td>\n<td>May 2018</td>"
    assert cells in html
    write_paper(path, tmp_path / "paper.docx")
    texts = [
        [c.text for c in row.cells]
        for table in docx.Document(str(tmp_path / "paper.docx")).tables
        for row in table.rows
    ]
    assert [TITLE, "May 2018", "Not started", "0/3", "GREEN"] in texts


CONTROLS = r"Shadow\e[2K\r\a\x00\x9b\x7f end"
CLEANED = "Shadow\ufffd[2K" + "\ufffd" * 5 + " end"
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_control_characters_never_reach_a_paper(tmp_path: Path, fmt: str) -> None:
    path = hostile(
        tmp_path,
        stage=f'title: "{CONTROLS}"',
        section=r'text: "Narrative \e]0;owned\a with \x1b[31mcolour"',
    )
    out = tmp_path / f"paper.{fmt}"
    write_paper(path, out)
    data = out.read_bytes()
    if fmt in ("md", "html"):
        text = data.decode("utf-8")
        assert not _RAW_CONTROL.search(text)
        assert CLEANED.replace("[", "\\[" if fmt == "md" else "[") in text
        assert "Narrative \ufffd]0;owned\ufffd with \ufffd[31mcolour" in text
    elif fmt == "docx":
        cells = [c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells]
        assert CLEANED in cells
    else:
        text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
        assert "Shadow" in text and "2K" in text and not _RAW_CONTROL.search(text)


def test_control_characters_a_template_writes_are_replaced_too(playbook: Path) -> None:
    _, result = render_with(playbook, "{{ '\\x1b[2K' }}ok\x07\n")
    assert (result.exit_code, said(result.stderr)) == (0, "")
    assert result.stdout == "\ufffd[2Kok\ufffd\n"


def test_a_long_unbroken_word_stays_on_the_a4_page(tmp_path: Path) -> None:
    path = hostile(tmp_path, other_stage="title: Full " + "W" * 1200 + " approval")
    write_paper(path, tmp_path / "paper.pdf")
    reader = pypdf.PdfReader(tmp_path / "paper.pdf")
    starts: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *rest: object) -> None:
        if text.strip():
            starts.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], text))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    right_margin = float(reader.pages[0].mediabox.width) - 2 / 2.54 * 72
    assert sum(len(w) for _, text in starts for w in re.findall("W{2,}", text)) == 1200
    assert [s for s in starts if s[0] > right_margin] == []
    assert any(text.strip() == "May 2018" for _, text in starts)


# 5. A zip bomb named .docx is refused before Word opens it.

HINT = "use the council's template as saved by Word"


def style_result(tmp_path: Path, style: Path) -> object:
    out = tmp_path / "paper.docx"
    playbook = tmp_path / "p.yaml"
    shutil.copy(BNES, playbook)
    result = runner.invoke(
        app, ["render-report", str(playbook), "-o", str(out), "--style", str(style)]
    )
    assert not out.exists()
    return result


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "house.docx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as entry,
    ):
        for _ in range(120):
            entry.write(bytes(1024 * 1024))
    result = style_result(tmp_path, bomb)
    assert result.exit_code == 2
    assert said(result.stderr) == (
        f"integrate: error: --style {bomb}: its zip entries unpack to 125,829,120 bytes "
        f"(limit 104,857,600); {HINT}\n"
    )


def test_a_zip_declaring_a_huge_entry_is_refused(tmp_path: Path) -> None:
    style = _zip(tmp_path / "house.docx", {"word/document.xml": b"<w:document/>"})
    data = bytearray(style.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    style.write_bytes(bytes(data))
    result = style_result(tmp_path, style)
    assert result.exit_code == 2
    assert said(result.stderr) == (
        f"integrate: error: --style {style}: its zip entries unpack to 4,294,967,280 bytes "
        f"(limit 104,857,600); {HINT}\n"
    )


def test_a_highly_compressed_entry_is_refused(tmp_path: Path) -> None:
    style = _zip(tmp_path / "house.docx", {"word/media/big.bin": bytes(2 * 1024 * 1024)})
    result = style_result(tmp_path, style)
    assert result.exit_code == 2
    assert re.fullmatch(
        rf"integrate: error: --style {re.escape(str(style))}: zip entry word/media/big.bin "
        rf"unpacks 2,097,152 bytes from [0-9,]+ \(limit 100:1\); {HINT}\n",
        said(result.stderr),
    )


def test_too_many_entries_are_refused(tmp_path: Path) -> None:
    style = _zip(tmp_path / "house.docx", {f"part{n}.xml": b"" for n in range(1001)})
    result = style_result(tmp_path, style)
    assert result.exit_code == 2
    assert said(result.stderr) == (
        f"integrate: error: --style {style}: holds 1,001 zip entries (limit 1,000); {HINT}\n"
    )


def test_a_style_that_is_not_a_zip_or_not_a_file_is_named(tmp_path: Path) -> None:
    corrupt = tmp_path / "house.docx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = style_result(tmp_path, corrupt)
    assert result.exit_code == 2
    assert said(result.stderr) == (
        f"integrate: error: --style {corrupt}: is not a Word .docx file "
        "(not a readable zip: File is not a zip file)\n"
    )
    fifo = tmp_path / "fifo.docx"
    os.mkfifo(fifo)
    result = style_result(tmp_path, fifo)
    assert result.exit_code == 2
    assert (
        said(result.stderr) == f"integrate: error: --style {fifo}: is not a regular file; {HINT}\n"
    )
    huge = tmp_path / "huge.docx"
    with huge.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    result = style_result(tmp_path, huge)
    assert said(result.stderr) == (
        f"integrate: error: --style {huge}: is 20,971,521 bytes "
        f"(limit 20,971,520 for a house style); {HINT}\n"
    )
