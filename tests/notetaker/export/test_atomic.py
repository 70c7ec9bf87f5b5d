from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from notetaker.export import ExportError
from notetaker.export.atomic import atomic_write, atomic_write_bytes


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_creates_and_replaces_the_target(tmp_path: Path):
    target = tmp_path / "report.docx"
    atomic_write_bytes(target, b"first")
    assert target.read_bytes() == b"first"
    atomic_write_bytes(target, b"second")
    assert target.read_bytes() == b"second"
    assert _leftovers(tmp_path, {"report.docx"}) == []


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


def test_failing_rename_leaves_old_bytes_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "report.docx"
    target.write_bytes(b"precious")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError) as info:
        atomic_write_bytes(target, b"new content")
    assert str(info.value).startswith(f"Cannot write {target}: Permission denied")
    assert "\n" not in str(info.value)
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path, {"report.docx"}) == []


def test_disk_full_is_reported_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "report.docx"
    target.write_bytes(b"precious")
    real_fsync = os.fsync
    calls = []

    def full(fd: int) -> None:
        calls.append(fd)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match=r"^Cannot write .*report\.docx: No space left on device$"):
        atomic_write_bytes(target, b"x" * 1000)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert calls
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path, {"report.docx"}) == []


def test_error_inside_the_writer_removes_the_temp_file(tmp_path: Path):
    target = tmp_path / "report.docx"
    target.write_bytes(b"precious")

    def write(fh: object) -> None:
        fh.write(b"half")  # type: ignore[attr-defined]
        raise RuntimeError("renderer bug")

    with pytest.raises(RuntimeError):
        atomic_write(target, write)
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path, {"report.docx"}) == []


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder(tmp_path: Path):
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "report.docx"
    target.write_bytes(b"precious")
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="Permission denied"):
            atomic_write_bytes(target, b"new")
    finally:
        folder.chmod(0o755)
    assert target.read_bytes() == b"precious"
    assert _leftovers(folder, {"report.docx"}) == []


def test_missing_folder_and_folder_target(tmp_path: Path):
    with pytest.raises(ExportError, match="does not exist"):
        atomic_write_bytes(tmp_path / "nowhere" / "report.docx", b"x")
    with pytest.raises(ExportError, match="is a folder"):
        atomic_write_bytes(tmp_path, b"x")
