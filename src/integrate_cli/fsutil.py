"""Atomic file writes: a file is replaced whole or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from integrate_cli.errors import InputError

MAX_PLAYBOOK_BYTES = 5 * 1024 * 1024


class TooLarge(InputError):
    """A file over the size limit; `size` is what it holds (or at least holds)."""

    def __init__(self, message: str, size: int) -> None:
        super().__init__(message)
        self.size = size


_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_regular(path: str | Path, limit: int = MAX_PLAYBOOK_BYTES) -> bytes:
    """Return the bytes of the regular file at `path` (links followed), at most `limit`.

    Never blocks on a FIFO and never reads a device: anything but a regular file raises
    InputError saying what it is; a file over `limit` raises TooLarge before it is read
    (or as soon as reading passes the limit, if it grows).
    """
    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a playbook file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise InputError(f"{name}: is {kind}, not a playbook file")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > limit:
            raise TooLarge(
                f"{name}: file is {info.st_size:,} bytes; the limit is {limit:,}", info.st_size
            )
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{name}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise TooLarge(f"{name}: file is over {limit:,} bytes, the limit", len(data))
    return data


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` through a flushed temporary file in the same directory.

    Keeps the existing file's permissions. Raises InputError naming the path when the
    directory does not exist or cannot be written.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{target}: directory {folder} does not exist; create it first")
    try:
        mode = os.stat(target).st_mode & 0o7777 if target.exists() else None
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"{target}: cannot write here: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:  # a new file gets the usual permissions, not mkstemp's 0600
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise InputError(f"{target}: cannot write: {exc.strerror or exc}") from exc
        raise
