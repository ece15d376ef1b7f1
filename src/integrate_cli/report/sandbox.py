"""Jinja's immutable sandbox, bounded: no operator, filter or call may build more than a paper.

Each operation that can make a value much larger than its inputs is checked *before* it
runs (a string repeated 10**10 times is refused, never attempted: see sizes.py and
filters.py); the rest is caught by the time and memory limits of `limits.bounded`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import StrictUndefined
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.runtime import markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

from integrate_cli.report.filters import BOUNDED_FILTERS, lipsum
from integrate_cli.report.limits import MAX_DEPTH, MAX_DIGITS, MAX_ITEMS, Deadline, TemplateLimit
from integrate_cli.report.sizes import (
    check_format,
    check_printf,
    check_product,
    estimate_str_method,
    fits_items,
    fits_text,
    weight,
)


class _BoundedRange:
    """range() that checks the render's deadline as it is iterated."""

    def __init__(self, numbers: range, deadline: Deadline) -> None:
        self.numbers, self.deadline = numbers, deadline

    def __iter__(self) -> Iterator[int]:
        for n in self.numbers:
            self.deadline.check()
            yield n

    def __reversed__(self) -> Iterator[int]:
        return iter(_BoundedRange(self.numbers[::-1], self.deadline))

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: Any) -> Any:
        return self.numbers[index]

    def __contains__(self, item: object) -> bool:
        return item in self.numbers

    def __repr__(self) -> str:
        return repr(self.numbers)


class _PaperCodeGenerator(CodeGenerator):
    """Compiles `a ~ b` through the environment, so concatenation is bounded too."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class PaperEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox papers render in: strict, immutable, and bounded by `deadline`."""

    code_generator_class = _PaperCodeGenerator
    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def __init__(self, deadline: Deadline) -> None:
        super().__init__(
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.deadline = deadline
        self.depth = 0
        self.globals["range"] = self._range
        self.globals["lipsum"] = lipsum
        self.filters.update(BOUNDED_FILTERS)

    def concat(self, parts: Iterable[Any]) -> str:
        """Return the parts joined, when the result fits in MAX_TEXT."""
        self.deadline.check()
        texts = [p if isinstance(p, str) else str(p) for p in parts]
        fits_text(sum(len(t) for t in texts), "joined text")
        return str(markup_join(texts))  # escapes the rest when a part is Markup, as Jinja does

    def _range(self, *args: int) -> _BoundedRange:
        numbers = range(*args)
        if len(numbers) > MAX_ITEMS:
            raise TemplateLimit(f"a range of {len(numbers):,} numbers (limit {MAX_ITEMS:,})")
        return _BoundedRange(numbers, self.deadline)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Return `left operator right`, refusing results over the limits before computing."""
        self.deadline.check()
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and abs(left) > 1:
                digits = right * math.log10(abs(left))
                if digits > MAX_DIGITS:
                    raise TemplateLimit(
                        f"a power of about {digits:,.0f} digits (limit {MAX_DIGITS:,} digits)"
                    )
        elif operator == "*":
            check_product(left, right)
        elif operator == "+" and isinstance(left, str | list | tuple):
            if isinstance(right, str | list | tuple):
                if not isinstance(left, str):
                    fits_items(len(left) + len(right), "a joined list")
                fits_text(weight(left) + weight(right), "joined text")
        elif operator == "%" and isinstance(left, str):
            check_printf(left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Return the call's result: counted for depth, str methods checked for size first."""
        __self.deadline.check()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name == "join" and args and not isinstance(args[0], str | list | tuple):
                args = (list(args[0]), *args[1:])  # one pass serves the size check and the join
            fits_text(estimate_str_method(owner, name, args), f"text from .{name}()")
        if __self.depth >= MAX_DEPTH:
            raise TemplateLimit(
                f"macros calling macros more than {MAX_DEPTH} deep (limit {MAX_DEPTH})"
            )
        __self.depth += 1
        try:
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            __self.depth -= 1

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Return str.format / format_map sandboxed and checked for width before it runs."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = str(value.__self__)

        def checked(*args: Any, **kwargs: Any) -> str:
            check_format(fmt)
            fits_text(len(fmt) + sum(weight(a) for a in (*args, *kwargs.values())), "text")
            return wrapped(*args, **kwargs)

        return checked
