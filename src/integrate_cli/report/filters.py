"""Jinja's filters that can widen text or multiply items, each checked before it runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import pass_environment, pass_eval_context
from jinja2.filters import (
    do_batch,
    do_format,
    do_indent,
    do_tojson,
    do_wordwrap,
    sync_do_join,
    sync_do_slice,
)
from jinja2.utils import generate_lorem_ipsum

from integrate_cli.report.limits import TemplateLimit
from integrate_cli.report.sizes import check_printf, fits_items, fits_text, replaced_size, weight

MAX_LIPSUM_PARAGRAPHS, MAX_LIPSUM_WORDS = 100, 1000


def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Return Jinja's placeholder text, at most MAX_LIPSUM_PARAGRAPHS of MAX_LIPSUM_WORDS."""
    if n > MAX_LIPSUM_PARAGRAPHS or max > MAX_LIPSUM_WORDS or min > max:
        raise TemplateLimit(
            f"lipsum of {n:,} paragraphs of up to {max:,} words "
            f"(limit {MAX_LIPSUM_PARAGRAPHS} paragraphs of {MAX_LIPSUM_WORDS} words)"
        )
    return generate_lorem_ipsum(n=n, html=html, min=min, max=max)


def _center(value: Any, width: int = 80) -> str:
    text = str(value)
    fits_text(max(len(text), width), "centred text")
    return text.center(width)


def _indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    text = str(s)
    pad = len(width) if isinstance(width, str) else max(width, 0)
    fits_text(len(text) + (text.count("\n") + 1) * pad, "indented text")
    return do_indent(text, width, first, blank)


def _replace(s: Any, old: Any, new: Any, count: int | None = None) -> str:
    text, old, new = str(s), str(old), str(new)
    fits_text(replaced_size(text, old, new), "replaced text")
    return text.replace(old, new, -1 if count is None else count)


@pass_eval_context
def _join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    items = list(value)
    fits_items(len(items), "a joined list")
    if attribute is None:
        fits_text(sum(weight(i) for i in items) + len(str(d)) * len(items), "joined text")
    return sync_do_join(eval_ctx, items, d, attribute)


def _format(value: Any, *args: Any, **kwargs: Any) -> str:
    check_printf(str(value), kwargs or args)
    return do_format(value, *args, **kwargs)


@pass_environment
def _wordwrap(environment: Any, s: Any, width: int = 79, *args: Any, **kwargs: Any) -> str:
    wrapstring = kwargs.get("wrapstring", args[1] if len(args) > 1 else None)
    pieces = len(str(s)) // max(width, 1) + str(s).count("\n") + 1
    fits_text(len(str(s)) + pieces * len(str(wrapstring or "\n")), "wrapped text")
    return do_wordwrap(environment, s, width, *args, **kwargs)


def _batch(value: Iterable[Any], linecount: int, fill_with: Any = None) -> Iterator[list[Any]]:
    fits_items(linecount, "a batch")
    return do_batch(value, linecount, fill_with)


def _slice(value: Iterable[Any], slices: int, fill_with: Any = None) -> Iterator[list[Any]]:
    fits_items(slices, "a slice")
    return sync_do_slice(list(value), slices, fill_with)


@pass_eval_context
def _tojson(eval_ctx: Any, value: Any, indent: int | None = None) -> Any:
    if indent is not None and indent > 16:
        raise TemplateLimit(f"a JSON indent of {indent:,} (limit 16)")
    return do_tojson(eval_ctx, value, indent)


BOUNDED_FILTERS: dict[str, Callable[..., Any]] = {
    "center": _center,
    "indent": _indent,
    "replace": _replace,
    "join": _join,
    "format": _format,
    "wordwrap": _wordwrap,
    "batch": _batch,
    "slice": _slice,
    "tojson": _tojson,
}
