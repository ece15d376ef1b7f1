"""HTML from the paper's Markdown: one self-contained file with print CSS and an SVG chart.

Nothing in it loads from elsewhere: images from the playbook's folder are embedded, an
image on the web is shown as a link to it (see images.py).
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from markdown_it.common.utils import escapeHtml

from integrate_cli.report.chart import RAG_FILL as RAG_FILL  # the Word writer shares it
from integrate_cli.report.chart import figure
from integrate_cli.report.images import Images, is_web_address
from integrate_cli.report.paper import Paper

_LONG_WORD = re.compile(r"\S{31,}")
_CAPTION = re.compile(r"<p>((?:(?!</p>).)*)</p>\n(?=<table>)", re.S)
_EMPTY_HEAD = re.compile(r"<thead>\s*<tr>\s*(?:<th(?: [^>]*)?></th>\s*)+</tr>\s*</thead>\s*")

CSS = """
body { font-family: Arial, "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.4;
       max-width: 48em; margin: 2em auto; color: #111; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.4em; text-transform: uppercase; }
h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; }
th, td { border: 1px solid #777; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
body { overflow-wrap: break-word; }
pre { white-space: pre-wrap; }
img { max-width: 100%; }
th { background: #e8e8e8; }
tr, figure { break-inside: avoid; }
td.num, th.num { text-align: right; }
.rag { font-weight: bold; padding: 0 0.3em; color: #fff; }
.rag-red { background: #c0392b; } .rag-amber { background: #e0a800; color: #000; }
.rag-green { background: #2e7d32; } .rag-grey { background: #9e9e9e; }
figure.timeline { margin: 0.8em 0; } figure.timeline svg { width: 100%; height: auto; }
figure.timeline p, figure.timeline ul { font-size: 10pt; margin: 0.3em 0; }
h1, h2, h3, h4, p.caption { break-after: avoid; }
@page { size: A4; margin: 2cm 2cm 2.4cm 2cm;
        @bottom-left { content: string(paper-title); font-size: 8pt; }
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
h1 { string-set: paper-title content(); }
@media print { body { margin: 0; max-width: none; } }
"""


def markdown_parser() -> Any:
    """Return the Markdown parser every format shares (CommonMark with tables; no raw HTML)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _text_rule(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """Return text escaped, with a break opportunity every 20 characters of a long word.

    A 1,200-character word would otherwise set its table column's narrowest width and
    push the table off the page; `<wbr>` breaks only where needed and is not copied.
    """
    text, out, last = tokens[idx].content, [], 0
    for match in _LONG_WORD.finditer(text):
        out.append(escapeHtml(text[last : match.start()]))
        word = match.group()
        out.append("<wbr>".join(escapeHtml(word[i : i + 20]) for i in range(0, len(word), 20)))
        last = match.end()
    out.append(escapeHtml(text[last:]))
    return "".join(out)


def _image_rule(images: Images) -> Any:
    """Return a render rule: local images embedded, web images as links, the rest alt text."""

    def image(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        alt = html_lib.escape(renderer.renderInlineAsText(token.children or [], options, env))
        src = str(token.attrGet("src") or "")
        data = images.data_uri(src)
        if data is not None:  # PDF/UA wants every image described: the file name at least
            return f'<img src="{data}" alt="{alt or html_lib.escape(src.rsplit("/", 1)[-1])}">'
        if is_web_address(src):
            return f'<a href="{html_lib.escape(src)}">{alt or html_lib.escape(src)}</a>'
        return alt

    return image


def to_html(paper: Paper) -> str:
    """Return the paper as one self-contained HTML document."""
    md = markdown_parser()
    chart = paper.context["timeline_chart"]
    default_fence = md.renderer.rules.get("fence")

    def fence(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        if tokens[idx].info.strip() == "timeline":
            return figure(chart)
        return str(default_fence(tokens, idx, options, env)) if default_fence else ""

    md.add_render_rule("fence", fence)
    md.add_render_rule("image", _image_rule(Images(paper.folder)))
    md.add_render_rule("text", _text_rule)
    body = _EMPTY_HEAD.sub("", md.render(paper.markdown))
    body = _CAPTION.sub(r'<p class="caption">\1</p>\n', body)  # kept with its table
    for rag in RAG_FILL:
        body = body.replace(
            f"<td>{rag.upper()}</td>", f'<td><span class="rag rag-{rag}">{rag.upper()}</span></td>'
        )
    title = html_lib.escape(paper.title)
    day = paper.day.isoformat()
    return (
        f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<meta name="dcterms.created" content="{day}">\n'
        f'<meta name="dcterms.modified" content="{day}">\n'
        f'<meta name="generator" content="integrate">\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
