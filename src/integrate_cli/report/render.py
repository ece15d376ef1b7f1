"""Render a paper: find the template, run it in Jinja's sandbox, produce the format asked.

Templates write Markdown; HTML, Word and PDF are all produced from that one Markdown,
so the formats cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from integrate_cli.errors import InputError, UsageError
from integrate_cli.model import Playbook
from integrate_cli.report.context import build_context
from integrate_cli.rules.money import money
from integrate_cli.timeline import text_chart

FORMATS = ("md", "html", "docx", "pdf")
SUFFIX = ".md.j2"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_NOT_NUMBERED = re.compile(r"^\s*([-*+|#>]|\d+\.\s|```)")


@dataclass
class Paper:
    """A rendered paper: its Markdown and what the other formats need."""

    markdown: str
    title: str
    day: date
    context: dict[str, Any]


def builtin_names() -> list[str]:
    """Return the names of the built-in templates."""
    folder = resources.files("integrate_cli.templates")
    return sorted(p.name[: -len(SUFFIX)] for p in folder.iterdir() if p.name.endswith(SUFFIX))


def find_template(name: str, playbook_path: str) -> tuple[str, str]:
    """Return (source, file name) of a template: a path, a repo's templates/, or a built-in.

    The playbook repo's `templates/` (the nearest one above the playbook, else in the
    current directory) is searched before the built-ins, so a council can override them.
    """
    as_path = Path(name)
    if as_path.suffix or "/" in name:
        if not as_path.is_file():
            raise UsageError(f"template {name}: no such file")
        return _read(as_path), str(as_path)
    for folder in [*Path(playbook_path).resolve().parents, Path.cwd()]:
        candidate = folder / "templates" / f"{name}{SUFFIX}"
        if candidate.is_file():
            return _read(candidate), str(candidate)
    builtin = resources.files("integrate_cli.templates") / f"{name}{SUFFIX}"
    if not builtin.is_file():
        raise UsageError(
            f"no template '{name}'; built-in templates: "
            f"{', '.join(builtin_names())}, or give a path to a .md.j2 file"
        )
    return builtin.read_text(encoding="utf-8"), f"{name}{SUFFIX} (built-in)"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"template {path}: cannot be read: {exc}") from exc


def numbered(text: str, section: int | str, start: int = 1) -> str:
    """Number each paragraph of Markdown `text` as section.1, section.2, ...

    Lists, tables, headings, quotes and code blocks are left as they are.
    """
    out, number = [], start
    for block in _PARAGRAPH_BREAK.split(text.strip()):
        if not block.strip():
            continue
        if _NOT_NUMBERED.match(block):
            out.append(block)
        else:
            out.append(f"{section}.{number} {block.strip()}")
            number += 1
    return "\n\n".join(out)


def _environment(source: str, origin: str) -> Any:
    from jinja2 import FunctionLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    loader = FunctionLoader(lambda name: (source, origin, lambda: True) if name == origin else None)
    env = ImmutableSandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["numbered"] = numbered
    env.filters["money"] = money
    return env


def render_markdown(
    playbook: Playbook, template: str, *, paper_id: str | None, as_of: date | None
) -> Paper:
    """Return the paper rendered to Markdown; template errors become one-line InputErrors."""
    from jinja2 import TemplateError, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    context = build_context(playbook, paper_id, as_of)
    source, origin = find_template(template, playbook.path)
    chart = context["timeline_chart"]
    context["timeline"] = "```timeline\n" + text_chart(chart) + "\n```"
    env = _environment(source, origin)
    try:
        markdown = env.get_template(origin).render(context)
    except TemplateSyntaxError as exc:
        raise InputError(f"template {origin}:{exc.lineno}: {exc.message}") from None
    except (UndefinedError, SecurityError) as exc:
        raise InputError(f"template {origin}:{_template_line(exc, origin)}: {exc}") from None
    except TemplateError as exc:
        raise InputError(f"template {origin}: {exc}") from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        raise InputError(f"template {origin}:{_template_line(exc, origin)}: {exc}") from None
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    day = date.fromisoformat(context["as_of_iso"])
    return Paper(markdown, context["paper"]["title"], day, context)


def _template_line(exc: BaseException, origin: str) -> str:
    """Return the template line an error was raised on (Jinja maps frames to it)."""
    tb, line = exc.__traceback__, "?"
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == origin:
            line = str(tb.tb_lineno)
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
