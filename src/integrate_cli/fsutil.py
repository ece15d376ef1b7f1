"""Reading playbooks safely and writing files without losing what the user had."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from integrate_cli.errors import InputError

MAX_PLAYBOOK_BYTES = 5 * 1024 * 1024
_NOCTTY = getattr(os, "O_NOCTTY", 0)


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


def open_regular(name: str) -> tuple[int, os.stat_result]:
    """Return a read-only descriptor of the regular file `name` (links followed) and its stat.

    Never blocks on a FIFO: anything but a regular file raises InputError saying what it is.
    """
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NOCTTY)
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a playbook file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise InputError(f"{name}: is {kind}, not a playbook file")
    return fd, info


def read_regular(path: str | Path, limit: int = MAX_PLAYBOOK_BYTES) -> bytes:
    """Return the bytes of the regular file at `path` (links followed), at most `limit`.

    Never blocks on a FIFO and never reads a device: anything but a regular file raises
    InputError saying what it is; a file over `limit` raises TooLarge before it is read
    (or as soon as reading passes the limit, if it grows).
    """
    name = str(path)
    fd, info = open_regular(name)
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > limit:
            raise TooLarge(
                f"{name}: file is {info.st_size:,} bytes; the limit is {limit:,}", info.st_size
            )
        try:
            # Ask for the size the file has (a buffer of `limit` for every file costs more
            # than parsing it); read on only when it grew, or its size was not told (0).
            want = min(info.st_size, limit) + 1
            data = handle.read(want)
            if len(data) == want <= limit:
                data += handle.read(limit + 1 - want)
        except OSError as exc:
            raise InputError(f"{name}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise TooLarge(f"{name}: file is over {limit:,} bytes, the limit", len(data))
    return data


class Unreadable(Exception):
    """Why a small text file could not be read: `reason` completes "<name>: <reason>";
    `kind` is missing, irregular, large, read or encoding, for callers that say more."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def read_text_file(path: str | Path, limit: int, encoding: str = "utf-8") -> str:
    """Return the text of the regular file at `path`, at most `limit` bytes (a template,
    a section's Markdown); never blocks on a FIFO. Raises Unreadable saying why not."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NOCTTY)
    except FileNotFoundError:
        raise Unreadable("missing", "no such file") from None
    except OSError as exc:
        raise Unreadable("read", f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise Unreadable("irregular", "is not a regular file")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise Unreadable("read", f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise Unreadable("large", f"is over {limit:,} bytes, the limit")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise Unreadable(
            "encoding", f"is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write `data` to the file at `path`; return nothing, or raise InputError naming `path`.

    What the user named is what gets written, as `sed -i --follow-symlinks` and editors do:

    - a symlink (or a chain of them) is followed: its final target is replaced and the
      link kept; a dangling link gets its target created when that target's directory
      exists;
    - a regular file is replaced whole or not at all: the data goes to a flushed
      temporary file in the file's own directory, which then takes its place
      (os.replace), with the old file's mode, owner and group (the owner only as root;
      a group the user is not in is left as it falls);
    - a regular file with other hard links is rewritten in place, so every name still
      shows it. The trade-off: the write is then not atomic. The new bytes are first
      written and flushed to a temporary file beside it (proving they fit), then over the
      old ones; if that fails the old bytes are put back and InputError raised. Until the
      write finishes, a reader may see a mix; a crash in that moment leaves the new
      content in the temporary file, whose name ends in `.tmp`;
    - a FIFO, device or other non-regular file is opened and written to, never replaced
      and its mode never changed (a FIFO waits for its reader);
    - an existing file the user could not write themselves (os.access) is refused, even
      when its directory would let it be replaced; root writes as with any editor.

    On a failed write (a full disk, an I/O error, a read-only file system) the temporary
    file is removed and the old file is intact: "P: cannot write: No space left on device;
    nothing was changed".
    """
    name = str(path)
    real = os.path.realpath(name)
    try:
        info: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(_failed(name, exc)) from None
    if info is None:
        folder = os.path.dirname(real)
        if not os.path.isdir(folder):
            where = f"links to {real}, whose directory" if os.path.islink(name) else "directory"
            raise InputError(f"{name}: {where} {folder} does not exist; create it first")
        _replace(name, real, None, data)
    elif stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name}: is a directory; name a file")
    elif not stat.S_ISREG(info.st_mode):
        _write_through(name, real, info, data)
    else:
        _check_writable(name, real)
        if info.st_nlink > 1:
            _rewrite_in_place(name, real, data)
        else:
            _replace(name, real, info, data)


def _failed(name: str, exc: OSError) -> str:
    return f"{name}: cannot write: {exc.strerror or exc}; nothing was changed"


def _check_writable(name: str, real: str) -> None:
    if os.access(real, os.W_OK):
        return
    try:
        read_only = bool(os.statvfs(real).f_flag & os.ST_RDONLY)
    except OSError:
        read_only = False
    if read_only:
        raise InputError(f"{name}: cannot write: Read-only file system; nothing was changed")
    raise InputError(
        f"{name}: you do not have permission to write this file; nothing was changed "
        "(ask its owner for write access, or write another file)"
    )


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _new_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _temporary(name: str, real: str, data: bytes) -> tuple[int, str]:
    """Return (fd, path) of a temporary file beside `real` holding `data`, flushed to disk."""
    folder = os.path.dirname(real)
    prefix = f".{os.path.basename(real)[:100]}."
    try:
        import tempfile

        fd, temp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(
            f"{name}: cannot write here (no new file can be made in {folder}): "
            f"{exc.strerror or exc}; nothing was changed"
        ) from None
    try:
        _write_all(fd, data)
        os.fsync(fd)
    except BaseException as exc:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise InputError(_failed(name, exc)) from None
        raise
    return fd, temp


def _replace(name: str, real: str, info: os.stat_result | None, data: bytes) -> None:
    fd, temp = _temporary(name, real, data)
    try:
        try:
            if info is not None:
                _keep_owner(fd, info)
            os.fchmod(fd, stat.S_IMODE(info.st_mode) if info else _new_mode())
        finally:
            os.close(fd)
        os.replace(temp, real)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise InputError(_failed(name, exc)) from None
        raise
    _sync_folder(os.path.dirname(real))


def _keep_owner(fd: int, info: os.stat_result) -> None:
    if (info.st_uid, info.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:  # not root: keep at least the group, when the user is in it
        with contextlib.suppress(PermissionError):
            os.fchown(fd, -1, info.st_gid)


def _sync_folder(folder: str) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _rewrite_in_place(name: str, real: str, data: bytes) -> None:
    try:
        with open(real, "rb") as handle:
            old = handle.read()
    except OSError as exc:
        raise InputError(_failed(name, exc)) from None
    fd, temp = _temporary(name, real, data)
    os.close(fd)
    try:
        target = os.open(real, os.O_WRONLY | _NOCTTY)
    except OSError as exc:
        os.unlink(temp)
        raise InputError(_failed(name, exc)) from None
    try:
        _overwrite(target, data)
    except OSError as exc:
        try:
            _overwrite(target, old)
        except OSError:
            raise InputError(
                f"{name}: cannot write: {exc.strerror or exc}, nor put the old bytes back; "
                f"the new content is in {temp}"
            ) from None
        os.unlink(temp)
        raise InputError(_failed(name, exc)) from None
    finally:
        os.close(target)
    os.unlink(temp)


def _overwrite(fd: int, data: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    _write_all(fd, data)
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def _write_through(name: str, real: str, info: os.stat_result, data: bytes) -> None:
    kind = _KINDS.get(stat.S_IFMT(info.st_mode), "a non-regular file")
    try:
        fd = os.open(real, os.O_WRONLY | _NOCTTY)
    except OSError as exc:
        raise InputError(f"{name}: cannot write to {kind}: {exc.strerror or exc}") from None
    try:
        _write_all(fd, data)
    except OSError as exc:
        raise InputError(f"{name}: cannot write to {kind}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
