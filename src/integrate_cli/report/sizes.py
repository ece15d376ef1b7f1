"""Size checks made before an operation runs: what it would build, against the limits.

Each returns quietly or raises TemplateLimit saying what was asked for and the limit.
"""

from __future__ import annotations

import math
import re
import string
from typing import Any

from integrate_cli.report.limits import MAX_DIGITS, MAX_ITEMS, MAX_TEXT, TemplateLimit

_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_LOG2_10 = math.log2(10)


def fits_text(size: int, what: str) -> None:
    """Return when a text of `size` characters is within MAX_TEXT, else raise TemplateLimit."""
    if size > MAX_TEXT:
        raise TemplateLimit(f"{what} of {size:,} characters (limit {MAX_TEXT:,})")


def fits_items(count: int, what: str) -> None:
    """Return when `count` items are within MAX_ITEMS, else raise TemplateLimit."""
    if count > MAX_ITEMS:
        raise TemplateLimit(f"{what} of {count:,} items (limit {MAX_ITEMS:,})")


def weight(value: Any) -> int:
    """Return the characters a value holds, shallowly (strings count their length)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        return len(value) + sum(len(v) for v in value if isinstance(v, str))
    return 1


def digits(number: int) -> int:
    """Return the number of decimal digits of `number` (at least; computed from its bits)."""
    return int(number.bit_length() / _LOG2_10) + 1


def check_printf(fmt: str, args: Any) -> None:
    """Return when `fmt % args` stays within MAX_TEXT, counting every width and precision."""
    total = len(fmt) + weight(args)
    for width, precision in _PRINTF.findall(fmt):
        if "*" in (width, precision):
            raise TemplateLimit("a '*' width in a % format is not available; write the width")
        total += int(width or 0) + int(precision or 0)
    fits_text(total, "formatted text")


def check_format(fmt: str) -> None:
    """Return when `fmt.format(...)` stays within MAX_TEXT, counting the numbers in its specs."""
    total = len(fmt)
    for _, field, spec, _ in string.Formatter().parse(fmt):
        if field is not None and spec:
            if "{" in spec:
                raise TemplateLimit("a nested {} inside a format spec is not available")
            total += sum(int(d) for d in re.findall(r"\d+", spec))
    fits_text(total, "formatted text")


def estimate_str_method(text: str, name: str, args: tuple[Any, ...]) -> int:
    """Return the most characters str.`name`(*args) can return (0 when it cannot grow)."""
    if name in ("ljust", "rjust", "center", "zfill") and args and isinstance(args[0], int):
        return max(len(text), args[0])
    if name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else 8
        return len(text) + text.count("\t") * max(size, 0)
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str):
        return replaced_size(text, args[0], str(args[1]))
    if name == "join" and args:
        parts = list(args[0])
        fits_items(len(parts), "a joined list")
        return sum(weight(p) for p in parts) + len(text) * max(len(parts) - 1, 0)
    if name == "translate" and args and isinstance(args[0], dict):
        widest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        return len(text) * max(widest, 1)
    return 0


def replaced_size(text: str, old: str, new: str) -> int:
    """Return the most characters `text.replace(old, new)` can return."""
    count = text.count(old) if old else len(text) + 1
    return len(text) + count * max(len(new) - len(old), 0)


def check_product(left: Any, right: Any) -> None:
    """Return when `left * right` (numbers, text or lists) stays within the limits."""
    if isinstance(left, int) and not isinstance(left, bool):
        left, right = right, left
    if not isinstance(right, int) or isinstance(right, bool):
        return
    if isinstance(left, int) and not isinstance(left, bool):
        size = digits(abs(left)) + digits(abs(right))
        if size > MAX_DIGITS:
            raise TemplateLimit(f"a product of about {size:,} digits (limit {MAX_DIGITS:,})")
    elif isinstance(left, str):
        fits_text(len(left) * right, "repeated text")
    elif isinstance(left, list | tuple):
        fits_items(len(left) * right, "a repeated list")
        fits_text(weight(left) * right, "a repeated list")
