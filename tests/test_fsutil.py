"""atomic_write: what the user named is written, their links and permissions kept, or nothing."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

import integrate_cli.fsutil as fsutil
from integrate_cli.errors import InputError
from integrate_cli.fsutil import atomic_write

OLD = b"version: 1\nprogramme: {id: p, title: Old}\n"
NEW = b"version: 1\nprogramme: {id: p, title: New and longer than the old one}\n"
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to chown and mknod")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "paper.md"
    atomic_write(target, NEW)
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask()
    assert leftovers(tmp_path) == []


def test_regular_file_is_replaced_whole_with_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_bytes(OLD)
    target.chmod(0o640)
    before = target.stat().st_ino
    atomic_write(str(target), NEW)
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.stat().st_ino != before  # a new file took its place: readers never see a mix
    assert leftovers(tmp_path) == []


def test_symlink_chain_is_followed_and_every_link_kept(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "p.yaml"
    real.write_bytes(OLD)
    middle = tmp_path / "middle.yaml"
    middle.symlink_to(Path("real") / "p.yaml")
    link = tmp_path / "p.yaml"
    link.symlink_to("middle.yaml")
    atomic_write(link, NEW)
    assert real.read_bytes() == NEW
    assert os.readlink(link) == "middle.yaml"
    assert os.readlink(middle) == str(Path("real") / "p.yaml")
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "real") == []


def test_dangling_symlink_gets_its_target_created(tmp_path: Path) -> None:
    link = tmp_path / "paper.md"
    link.symlink_to("papers-paper.md")
    atomic_write(link, NEW)
    assert link.is_symlink()
    assert (tmp_path / "papers-paper.md").read_bytes() == NEW


def test_dangling_symlink_into_a_missing_directory_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "paper.md"
    link.symlink_to(tmp_path / "gone" / "paper.md")
    with pytest.raises(InputError) as caught:
        atomic_write(link, NEW)
    assert str(caught.value) == (
        f"{link}: links to {tmp_path / 'gone' / 'paper.md'}, whose directory "
        f"{tmp_path / 'gone'} does not exist; create it first"
    )
    assert link.is_symlink() and not (tmp_path / "gone").exists()


def test_missing_directory_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "out" / "paper.md"
    with pytest.raises(InputError) as caught:
        atomic_write(target, NEW)
    assert str(caught.value) == (
        f"{target}: directory {tmp_path / 'out'} does not exist; create it first"
    )


def test_symlink_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("a.md")
    with pytest.raises(InputError) as caught:
        atomic_write(tmp_path / "a.md", NEW)
    assert str(caught.value) == (
        f"{tmp_path / 'a.md'}: cannot write: Too many levels of symbolic links; nothing was changed"
    )


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        atomic_write(tmp_path, NEW)
    assert str(caught.value) == f"{tmp_path}: is a directory; name a file"


def test_hard_linked_file_keeps_its_links(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_bytes(OLD)
    other = tmp_path / "copy.yaml"
    os.link(target, other)
    inode = target.stat().st_ino
    atomic_write(target, NEW)
    assert target.read_bytes() == NEW and other.read_bytes() == NEW
    assert target.stat().st_ino == inode == other.stat().st_ino
    assert target.stat().st_nlink == 2
    atomic_write(target, OLD)  # shorter: the tail is cut off
    assert other.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_hard_linked_file_gets_its_old_bytes_back_when_the_disk_fills(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "p.yaml"
    target.write_bytes(OLD)
    os.link(target, tmp_path / "copy.yaml")
    inode = target.stat().st_ino
    real_write = os.write

    def write(fd: int, data: bytes) -> int:
        if os.fstat(fd).st_ino == inode and bytes(data) == NEW:
            real_write(fd, bytes(data)[:20])  # part of it lands, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(fsutil.os, "write", write)
    with pytest.raises(InputError) as caught:
        atomic_write(target, NEW)
    monkeypatch.undo()
    assert (
        str(caught.value) == f"{target}: cannot write: No space left on device; nothing was changed"
    )
    assert target.read_bytes() == OLD and (tmp_path / "copy.yaml").read_bytes() == OLD
    assert target.stat().st_ino == inode
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EROFS])
def test_failed_write_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    target = tmp_path / "p.yaml"
    target.write_bytes(OLD)

    def fsync(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(fsutil.os, "fsync", fsync)
    with pytest.raises(InputError) as caught:
        atomic_write(target, NEW)
    monkeypatch.undo()
    assert str(caught.value) == (
        f"{target}: cannot write: {os.strerror(code)}; nothing was changed"
    )
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "p.yaml"
    target.write_bytes(OLD)

    def replace(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


@ROOT_ONLY
def test_owner_group_and_special_bits_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_bytes(OLD)
    os.chown(target, 1234, 1234)
    target.chmod(0o2640)
    atomic_write(target, NEW)
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (1234, 1234)
    assert stat.S_IMODE(info.st_mode) == 0o2640
    assert target.read_bytes() == NEW


@ROOT_ONLY
def test_root_writes_a_read_only_file_as_an_editor_would(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_bytes(OLD)
    target.chmod(0o444)
    atomic_write(target, NEW)
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_fifo_is_written_through_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    atomic_write(fifo, NEW)
    reader.join(timeout=60)
    assert got == [NEW]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert leftovers(tmp_path) == []


@ROOT_ONLY
def test_device_is_written_through_and_stays_a_device(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o620, os.makedev(1, 3))
    null.chmod(0o620)
    atomic_write(null, NEW)
    info = null.lstat()
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert stat.S_IMODE(info.st_mode) == 0o620
    assert leftovers(tmp_path) == []


@ROOT_ONLY
def test_full_device_says_the_disk_is_full(tmp_path: Path) -> None:
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # like /dev/full
    with pytest.raises(InputError) as caught:
        atomic_write(full, NEW)
    assert str(caught.value) == (
        f"{full}: cannot write to a character device: No space left on device"
    )
    assert stat.S_ISCHR(full.lstat().st_mode)
