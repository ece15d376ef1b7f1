"""Render a paper: find the template, run it in a bounded sandbox, produce the format asked.

Templates write Markdown; HTML, Word and PDF are all produced from that one Markdown,
so the formats cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from datetime import date
from pathlib import Path
from typing import Any, cast

from integrate_cli.errors import TemplateFailed, UsageError
from integrate_cli.model import Playbook
from integrate_cli.report import limits
from integrate_cli.report.context import build_context, choose_paper
from integrate_cli.report.limits import Deadline, TemplateLimit, bounded, memory_message
from integrate_cli.report.paper import Paper
from integrate_cli.report.paragraphs import numbered
from integrate_cli.report.structure import paper_structure
from integrate_cli.report.templates import (
    BUILTIN_MARK,
    SUFFIX,
    builtin_names,
    find_template,
    template_rules,
)
from integrate_cli.report.text import clean, safe_context
from integrate_cli.rules.money import money
from integrate_cli.timeline import text_chart

FORMATS = ("md", "html", "docx", "pdf")
_ONE_FILE = ("Include", "Import", "FromImport", "Extends")
# What a template's own mistake raises in Python (1/0, a missing key, a bad call...).
_PYTHON_ERRORS = (
    ArithmeticError,
    LookupError,
    TypeError,
    ValueError,
    AttributeError,
    AssertionError,
    RuntimeError,
)

__all__ = ["FORMATS", "SUFFIX", "Paper", "builtin_names", "find_template", "numbered", "render"]


def render_markdown(
    playbook: Playbook, template: str, *, paper_id: str | None, as_of: date | None
) -> Paper:
    """Return the paper rendered to Markdown; a template's failure is one TemplateFailed line."""
    source, origin = find_template(template, playbook.path)
    raw = build_context(playbook, paper_id, as_of)
    folder = Path(playbook.path).resolve().parent
    structure = paper_structure(
        playbook, choose_paper(playbook, paper_id), template_rules(source), folder
    )
    raw["paper"].update(structure)
    context = safe_context(raw)
    context["timeline"] = "```timeline\n" + text_chart(raw["timeline_chart"]) + "\n```"
    markdown = run_template(source, origin, context)
    markdown = clean(re.sub(r"\n{3,}", "\n\n", markdown)).strip() + "\n"
    day = date.fromisoformat(raw["as_of_iso"])
    return Paper(markdown, clean(raw["paper"]["title"]), day, context, folder)


def run_template(source: str, origin: str, context: dict[str, Any]) -> str:
    """Return the template's output, within the limits in report/limits.py.

    Raises TemplateFailed naming the template file, the line and what to fix.
    """
    from jinja2 import TemplateError, TemplateSyntaxError

    deadline = Deadline(limits.TIME_LIMIT_SECONDS)
    try:
        with bounded(deadline):
            return _compile_and_stream(source, origin, context, deadline)
    except TemplateSyntaxError as exc:
        raise _failed(origin, exc.lineno, exc.message or str(exc)) from None
    except (TemplateLimit, TemplateError) as exc:
        raise _failed(origin, _template_line(exc, origin), str(exc)) from None
    except MemoryError as exc:
        raise _failed(origin, _template_line(exc, origin), memory_message()) from None
    except RecursionError as exc:
        what = "templates nest too deeply (Python's recursion limit)"
        raise _failed(origin, _template_line(exc, origin), what) from None
    except SyntaxError as exc:  # Python refuses the compiled template (20 nested blocks)
        raise _failed(origin, None, f"blocks nest too deeply ({exc.msg})") from None
    except _PYTHON_ERRORS as exc:
        raise _failed(origin, _template_line(exc, origin), _python_error(exc)) from None


def _compile_and_stream(
    source: str, origin: str, context: dict[str, Any], deadline: Deadline
) -> str:
    from jinja2 import nodes

    from integrate_cli.report.sandbox import PaperEnvironment

    env = PaperEnvironment(deadline)
    env.filters["numbered"] = numbered
    env.filters["money"] = money
    tree = env.parse(source, origin, origin)
    for kind in _ONE_FILE:
        for node in tree.find_all(getattr(nodes, kind)):
            word = {"FromImport": "from ... import"}.get(kind, kind.lower())
            raise _failed(
                origin,
                node.lineno,
                f"{{% {word} %}} is not available: a paper template is one file",
            )
    code = env.compile(tree, origin, origin)
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    chunks: list[str] = []
    size = 0
    stream = cast(Generator[str, None, None], template.generate(context))
    for chunk in stream:
        size += len(chunk)
        if size > limits.MAX_TEXT:
            over = f"the paper's text passes the limit ({limits.MAX_TEXT:,} characters)"
            stream.throw(TemplateLimit(over))
        chunks.append(chunk)
    return "".join(chunks)


def _failed(origin: str, line: int | str | None, what: str) -> TemplateFailed:
    where = f"template {origin}, line {line}" if line else f"template {origin}"
    if origin.endswith(BUILTIN_MARK):  # only a playbook past a limit gets here
        return TemplateFailed(f"{where}: {what}; the playbook is too large for this paper")
    return TemplateFailed(f"{where}: {what}; fix the template")


def _python_error(exc: BaseException) -> str:
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return f"a number too long to print (limit {limits.MAX_DIGITS:,} digits)"
    return f"{type(exc).__name__}: {exc}"


def _template_line(exc: BaseException, origin: str) -> int | None:
    """Return the template line an error was raised on (Jinja maps frames to it)."""
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == origin:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render(
    playbook: Playbook,
    template: str,
    output_format: str,
    *,
    paper_id: str | None,
    as_of: date | None,
    style: str | None = None,
) -> bytes:
    """Return the paper in `output_format` (md, html, docx or pdf) as bytes."""
    if output_format not in FORMATS:
        raise UsageError(f"format {output_format!r}: use one of {', '.join(FORMATS)}")
    if output_format == "docx" and style:
        from integrate_cli.report.house_style import check_house_style

        check_house_style(style)
    paper = render_markdown(playbook, template, paper_id=paper_id, as_of=as_of)
    if output_format == "md":
        return paper.markdown.encode("utf-8")
    if output_format == "docx":
        from integrate_cli.report.docx_writer import write_docx

        return write_docx(paper, style=style)
    from integrate_cli.report.html import to_html

    html = to_html(paper)
    if output_format == "html":
        return html.encode("utf-8")
    from integrate_cli.report.pdf import to_pdf

    return to_pdf(html, paper.day)
