"""Terminal views as lines of styled text: aligned columns, written plain or in colour.

A view is a list of lines; a line is a list of (text, style) spans, the style in rich's
syntax ("bold white on red") or "" for none. The characters are the same with or without
colour, so a pipe, a file and a terminal show the same text; rich is imported only to
write colour.
"""

from __future__ import annotations

import os
import re
import sys

Span = tuple[str, str]
Line = list[Span]

GAP = "  "
PLAIN_WIDTH = 120
# C0 controls, DEL and C1 controls (U+0080-U+009F, which some terminals obey like ESC).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_SPACED = {"\t": " ", "\n": " "}


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SPACED:
        return _SPACED[char]
    code = ord(char)
    if code >= 0x80:  # a C1 control is ESC and a letter in 8 bits: U+009B is ESC [
        return "^[" + chr(code - 0x40)
    return "^" + chr(code ^ 0x40)  # caret notation: ESC is ^[, CR is ^M, DEL is ^?


def printable(text: str) -> str:
    """Return `text` safe to write to a terminal: control characters made visible.

    A tab or line break becomes a space (a view has one line per row); any other control
    character is shown in caret notation, as `cat -v` and `less` do: ESC as `^[`, CR as
    `^M`, DEL as `^?`, and a C1 control as its ESC form (U+009B as `^[[`).
    """
    return text if text.isprintable() else _CONTROL.sub(_shown, text)


def text_of(spans: Line) -> str:
    """Return the characters of some spans, without their styles."""
    return "".join(text for text, _ in spans)


def heading(names: list[str]) -> list[Line]:
    """Return a row of bold column headings, for `columns`."""
    return [[(name, "bold")] for name in names]


def columns(rows: list[list[Line]], indent: str = "") -> list[Line]:
    """Return rows of cells as lines, each column as wide as its widest cell.

    The last column is not padded, so no line ends in spaces. Cells are made printable
    first, so widths are those of what the terminal shows.
    """
    rows = [[[(printable(text), style) for text, style in cell] for cell in row] for row in rows]
    sizes = [[len(text_of(cell)) for cell in row] for row in rows]
    count = max(map(len, sizes), default=0)
    widths = [max(row[i] for row in sizes if i < len(row)) for i in range(count)]
    lines = []
    for row, row_sizes in zip(rows, sizes, strict=True):
        line: Line = [(indent, "")] if indent else []
        last = max((i for i, size in enumerate(row_sizes) if size), default=-1)
        for i, cell in enumerate(row[: last + 1]):
            line.extend(cell)
            if i < last:
                line.append((" " * (widths[i] - row_sizes[i]) + GAP, ""))
        lines.append(line)
    return lines


def colour_wanted(choice: str) -> bool:
    """Decide colour for --color auto|always|never, NO_COLOR, FORCE_COLOR and the terminal."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def width() -> int:
    """Return the terminal's width; off a terminal COLUMNS, else 120, so output is reproducible."""
    if sys.stdout.isatty():
        try:
            return os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError):
            return PLAIN_WIDTH
    try:
        return max(40, int(os.environ.get("COLUMNS", "") or PLAIN_WIDTH))
    except ValueError:
        return PLAIN_WIDTH


def write(lines: list[Line], colour: bool) -> None:
    """Write lines to stdout: plain text, or through rich with their styles."""
    lines = [[(printable(text), style) for text, style in line] for line in lines]
    if not colour:
        sys.stdout.write("".join(text_of(line).rstrip() + "\n" for line in lines))
        return
    from rich.color import ColorSystem
    from rich.style import Style

    # The decision is made: basic colours whatever TERM and NO_COLOR say (--color always).
    # Each style is rendered by rich's Style alone: the Console is not needed to colour
    # lines that are already laid out, and costs a third of start-up to import.
    styles: dict[str, Style] = {}
    out = []
    for line in lines:
        for chunk, name in line:
            if not name or not chunk:
                out.append(chunk)
                continue
            style = styles.get(name) or styles.setdefault(name, Style.parse(name))
            out.append(style.render(chunk, color_system=ColorSystem.STANDARD))
        out.append("\n")
    sys.stdout.write("".join(out))
