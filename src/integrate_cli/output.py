"""Where a command's output goes: a file, standard output, or a refusal before any work.

The policy is checked before anything is rendered, so a refused `-o` costs nothing and
changes nothing. Writing itself is `fsutil.atomic_write`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from integrate_cli.errors import UsageError

STDOUT = "-"
PAPER_SUFFIXES = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
BINARY_FORMATS = frozenset({"docx", "pdf"})
PLAYBOOK_SUFFIXES = frozenset({".yaml", ".yml"})
TEMPLATE_SUFFIXES = frozenset({".j2"})
ANY_PAPER = "a .md, .html, .docx or .pdf file"
FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "docx": "Word", "pdf": "PDF"}


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a paper goes: `path` is None for standard output; `format` is md|html|docx|pdf."""

    format: str
    path: str | None


def paper_destination(
    output: str | None,
    output_format: str | None,
    *,
    inputs: Sequence[tuple[str, str]] = (),
    stdout_is_terminal: bool = False,
) -> Destination:
    """Return where a paper goes and in which format, from `-o` and `--format`.

    `inputs` are (what it is, path) pairs of files the command reads, which `-o` must not
    name. The format comes from --format, else the -o suffix, else md for standard
    output. Raises UsageError when -o would write over an input or any playbook, when
    its suffix disagrees with --format or says nothing without it, when docx or pdf would
    go to standard output without -o, and when `-o -` would print them on a terminal.
    """
    if output is None or output == STDOUT:
        fmt = output_format or "md"
        if fmt in BINARY_FORMATS and output is None:
            raise UsageError(
                f"{fmt} is binary: give -o FILE.{fmt} (or -o - to send it down a pipe)"
            )
        if fmt in BINARY_FORMATS and stdout_is_terminal:
            raise UsageError(
                f"-o - would print {fmt} bytes on the terminal; send them down a pipe "
                f"or give -o FILE.{fmt}"
            )
        return Destination(fmt, None)
    wanted = f"a .{output_format} file" if output_format else ANY_PAPER
    guard_output(output, inputs=inputs, wanted=wanted)
    named = PAPER_SUFFIXES.get(PurePath(output).suffix.lower())
    if output_format and named and named != output_format:
        raise UsageError(
            f"-o {output} names a {FORMAT_NAMES[named]} file but --format is {output_format}; "
            f"name {wanted}, or leave out --format"
        )
    chosen = output_format or named
    if chosen is None:
        raise UsageError(
            f"cannot tell the format from -o {output}: name {ANY_PAPER}, "
            "or give --format md|html|docx|pdf"
        )
    return Destination(chosen, output)


def guard_output(
    output: str, *, inputs: Sequence[tuple[str, str]] = (), wanted: str = ANY_PAPER
) -> None:
    """Return None when a command may write `output`; else raise UsageError saying why.

    Refused: the same file as any of `inputs` (by name, through symlinks, or a hard link
    to it), any .yaml/.yml file (a playbook, existing or not), a .j2 file (a template),
    a directory, an empty name, and a file whose directory does not exist. `wanted`
    ends the message: what to name instead.
    """
    if not output:
        raise UsageError(f"-o needs a file name; name {wanted}, or - for standard output")
    real = os.path.realpath(output)
    via = f" (it links to {real})" if os.path.islink(output) else ""
    for what, path in inputs:
        if real == os.path.realpath(path):
            also = "" if output == path else f", {path}{via}"
        elif _same_file(output, path):
            also = f", {path} (a hard link to it)"
        else:
            continue
        raise UsageError(f"-o {output} would write over {what}{also}; name {wanted}")
    suffixes = {PurePath(output).suffix.lower(), PurePath(real).suffix.lower()}
    if suffixes & PLAYBOOK_SUFFIXES:
        raise UsageError(f"-o {output} would write over a playbook{via}; name {wanted}")
    if suffixes & TEMPLATE_SUFFIXES:
        raise UsageError(f"-o {output} would write over a template{via}; name {wanted}")
    if os.path.isdir(real):
        raise UsageError(f"-o {output} is a directory; name {wanted} in it")
    folder = os.path.dirname(real)
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise UsageError(f"-o {output}: {folder} is a file, not a directory; name {wanted}")
    if not os.path.isdir(folder):
        raise UsageError(f"-o {output}: directory {folder} does not exist; create it first")


def _same_file(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False
