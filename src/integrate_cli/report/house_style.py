"""A council's Word house style (`--style house.docx`), checked before Word opens it.

A .docx is a zip archive. python-docx reads every part of it into memory, so a file
whose entries expand to gigabytes (a "zip bomb"), or that holds very many entries, is
refused from the zip's own directory before anything is unpacked.
"""

from __future__ import annotations

import os
import stat
import zipfile

from integrate_cli.errors import InputError

MAX_STYLE_BYTES = 20 * 1024 * 1024  # the .docx file itself (a logo or two and the styles)
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all its entries, unpacked
MAX_ENTRIES = 1000  # a Word file has a few dozen
MAX_RATIO = 100  # unpacked size over packed size, for any entry over 1 MiB unpacked
_RATIO_FROM = 1024 * 1024

_HINT = "use the council's template as saved by Word"


def check_house_style(path: str) -> None:
    """Return when `path` is a regular .docx of a house style's size; else raise InputError."""
    name = f"--style {path}"
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(f"{name}: cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name}: is not a regular file; {_HINT}")
    if info.st_size > MAX_STYLE_BYTES:
        raise InputError(
            f"{name}: is {info.st_size:,} bytes (limit {MAX_STYLE_BYTES:,} for a house style); "
            f"{_HINT}"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"{name}: is not a Word .docx file (not a readable zip: {exc})") from None
    if len(entries) > MAX_ENTRIES:
        raise InputError(
            f"{name}: holds {len(entries):,} zip entries (limit {MAX_ENTRIES:,}); {_HINT}"
        )
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            f"{name}: its zip entries unpack to {unpacked:,} bytes "
            f"(limit {MAX_UNPACKED_BYTES:,}); {_HINT}"
        )
    for entry in entries:
        if entry.file_size > _RATIO_FROM and entry.file_size > MAX_RATIO * entry.compress_size:
            raise InputError(
                f"{name}: zip entry {entry.filename} unpacks {entry.file_size:,} bytes from "
                f"{entry.compress_size:,} (limit {MAX_RATIO}:1); {_HINT}"
            )
