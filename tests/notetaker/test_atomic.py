"""The one atomic write (notetaker.atomic): old bytes or new, never a mix, never a stray file."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from notetaker import atomic
from notetaker.atomic import (
    NotARegularFile,
    atomic_write,
    atomic_write_bytes,
    describe_write_error,
    leftover_temp_files,
    replacing,
)


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_creates_and_replaces_the_target(tmp_path: Path):
    target = tmp_path / "report.docx"
    atomic_write_bytes(target, b"first")
    assert target.read_bytes() == b"first"
    atomic_write_bytes(target, b"second")
    assert target.read_bytes() == b"second"
    assert _leftovers(tmp_path, {"report.docx"}) == []


def test_a_248_character_name_works(tmp_path: Path):
    """The temporary name keeps 40 characters of the target's: '.' + 248 + '.<hex>.tmp' was over 255."""
    target = tmp_path / ("n" * 243 + ".docx")
    assert len(target.name) == 248
    atomic_write_bytes(target, b"long")
    assert target.read_bytes() == b"long"
    assert _leftovers(tmp_path, {target.name}) == []


def test_a_long_accented_name_stays_under_255_bytes(tmp_path: Path):
    target = tmp_path / ("ñ" * 120 + ".md")  # 243 bytes in UTF-8
    seen: list[str] = []
    atomic_write(target, lambda fh: seen.append(Path(fh.name).name))
    assert len(seen[0].encode("utf-8")) <= 255 and seen[0].startswith(".ñ")
    assert target.read_bytes() == b""


def test_concurrent_writers_of_one_target_never_share_a_temporary_file(tmp_path: Path):
    target = tmp_path / "preferences.json"
    writers = 8
    all_open = threading.Barrier(writers, timeout=30)
    names: list[str] = []
    errors: list[BaseException] = []

    def write(n: int) -> None:
        def body(fh: object) -> None:
            names.append(fh.name)  # type: ignore[attr-defined]
            fh.write(f"writer {n}".encode())  # type: ignore[attr-defined]
            all_open.wait()  # every writer has its temporary file open at once

        try:
            atomic_write(target, body)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(set(names)) == writers
    assert target.read_text() in {f"writer {n}" for n in range(writers)}
    assert _leftovers(tmp_path, {target.name}) == []


def test_keeps_the_permissions_of_the_replaced_file(tmp_path: Path):
    target = tmp_path / "report.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write_bytes(target, b"new")
    assert (target.stat().st_mode & 0o777) == 0o640


def test_new_file_is_not_private_like_a_mkstemp_file(tmp_path: Path):
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "new.docx", b"x")
    finally:
        os.umask(old)
    assert ((tmp_path / "new.docx").stat().st_mode & 0o777) == 0o644


def test_an_error_inside_the_writer_leaves_the_original_and_no_temporary_file(tmp_path: Path):
    target = tmp_path / "report.docx"
    target.write_bytes(b"precious")

    def write(fh: object) -> None:
        fh.write(b"half")  # type: ignore[attr-defined]
        raise RuntimeError("renderer bug")

    with pytest.raises(RuntimeError, match="renderer bug"):
        atomic_write(target, write)
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path, {"report.docx"}) == []


def test_an_error_inside_a_replacing_block_leaves_the_original(tmp_path: Path):
    target = tmp_path / "notes.sqlite3"
    target.write_bytes(b"precious")
    with pytest.raises(KeyboardInterrupt):
        with replacing(target) as tmp:
            tmp.write_bytes(b"half a copy")
            raise KeyboardInterrupt
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path, {target.name}) == []


def test_a_failing_rename_names_the_target_and_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "report.docx"
    target.write_bytes(b"precious")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(src))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError) as info:
        atomic_write_bytes(target, b"new content")
    monkeypatch.undo()
    assert info.value.filename == str(target)
    assert describe_write_error(info.value) == (
        f"Cannot write {target}: Permission denied (is the file open in another program?)"
    )
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path, {"report.docx"}) == []


def test_disk_full_is_one_readable_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "report.docx"
    target.write_bytes(b"precious")
    calls = []

    def full(fd: int) -> None:
        calls.append(fd)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as info:
        atomic_write_bytes(target, b"x" * 1000)
    monkeypatch.undo()
    assert calls
    assert describe_write_error(info.value) == f"Cannot write {target}: No space left on device"
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path, {"report.docx"}) == []


def test_an_error_reading_a_source_keeps_its_own_file_name(tmp_path: Path):
    target = tmp_path / "copy.sqlite3"
    missing = tmp_path / "missing.sqlite3"
    with pytest.raises(FileNotFoundError) as info:
        with replacing(target) as tmp:
            tmp.write_bytes(missing.read_bytes())
    assert info.value.filename == str(missing)
    assert _leftovers(tmp_path, set()) == []


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_only_a_regular_file_is_ever_replaced(tmp_path: Path, kind: str):
    target = tmp_path / "target"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:  # a link to a device: were it followed, the link would be replaced, not the device
        target.symlink_to(os.devnull)
    before = os.lstat(target)
    with pytest.raises(NotARegularFile) as info:
        atomic_write_bytes(target, b"x")
    assert isinstance(info.value, OSError) and info.value.filename == str(target)
    message = describe_write_error(info.value)
    assert message.startswith(f"Cannot write {target}: it is ")
    assert ("a folder" in message) == (kind == "folder")
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert _leftovers(tmp_path, {"target"}) == []


def test_a_missing_folder_is_said_so(tmp_path: Path):
    with pytest.raises(FileNotFoundError) as info:
        atomic_write_bytes(tmp_path / "nowhere" / "report.docx", b"x")
    assert describe_write_error(info.value) == (
        f"Cannot write {tmp_path / 'nowhere' / 'report.docx'}: the folder {tmp_path / 'nowhere'} does not exist"
    )


def test_read_only_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "report.docx"
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(OSError) as info:
        atomic_write_bytes(target, b"x")
    monkeypatch.undo()
    assert describe_write_error(info.value) == f"Cannot write {target}: The disk is read-only"
    assert not target.exists()


@pytest.mark.parametrize("code", [errno.EINVAL, errno.ENOTSUP])
def test_a_folder_that_cannot_be_synced_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int):
    target = tmp_path / "report.docx"
    monkeypatch.setattr(atomic, "os", _FolderFsyncFails(code))
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_folder_sync_that_fails_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The rule for every caller: the file is in place, but the disk failed and the caller hears it."""
    target = tmp_path / "report.docx"
    monkeypatch.setattr(atomic, "os", _FolderFsyncFails(errno.EIO))
    with pytest.raises(OSError) as info:
        atomic_write_bytes(target, b"new")
    assert info.value.errno == errno.EIO and info.value.filename == str(target)
    assert target.read_bytes() == b"new"


class _FolderFsyncFails:
    """``os`` as :mod:`notetaker.atomic` sees it, except that a folder's fsync fails with ``code``."""

    def __init__(self, code: int):
        self.code = code
        self.folders: set[int] = set()

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    def open(self, path: object, flags: int, *args: object) -> int:
        fd = os.open(path, flags, *args)  # type: ignore[arg-type]
        if os.path.isdir(path):  # type: ignore[arg-type]
            self.folders.add(fd)
        return fd

    def fsync(self, fd: int) -> None:
        if fd in self.folders:
            raise OSError(self.code, os.strerror(self.code))
        os.fsync(fd)

    def close(self, fd: int) -> None:
        self.folders.discard(fd)
        os.close(fd)


def test_leftover_temporary_files_are_found_by_their_target_name(tmp_path: Path):
    target = tmp_path / "notes.20240101T000000000000Z.auto.sqlite3"
    stale = tmp_path / f".{target.name[:40]}.0123456789abcdef.tmp"
    stale.write_bytes(b"interrupted")
    other = tmp_path / ".other.sqlite3.0123456789abcdef.tmp"
    other.write_bytes(b"another database's")
    (tmp_path / ".notes.hidden").write_bytes(b"not ours")
    assert leftover_temp_files(tmp_path, "notes.") == [stale]
    assert leftover_temp_files(tmp_path / "missing", "notes.") == []
