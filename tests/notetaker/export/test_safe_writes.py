"""A target that cannot be written gets a clear one-line error, and the old file stays intact.

Disk full is real here: a child process runs the export under RLIMIT_FSIZE,
so the kernel refuses to let any file grow past a few kilobytes (EFBIG), as
it would refuse a write on a full disk. Read-only disks and files locked by
another program (Word on Windows refuses the rename) are simulated at the
system-call boundary.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from notetaker.core import Core
from notetaker.export import ExportError, export_notes

FORMATS = ["docx", "md"]

CHILD = r"""
import json, resource, signal, sys
from pathlib import Path
from notetaker.core import Core
from notetaker.export import ExportError, export_notes

db, note_id, target, fmt, limit = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], int(sys.argv[5])
with Core.open(db) as core:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        export_notes(core, [note_id], target, fmt)
    except ExportError as exc:
        print(json.dumps({"error": str(exc)}))
    else:
        print(json.dumps({"error": None}))
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_disk_full_keeps_the_old_file(db_path: Path, core: Core, note_id: int, tmp_path: Path, fmt: str):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"report.{fmt}"
    target.write_bytes(b"previous report, intact")
    core.close()  # the child opens the database itself
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(db_path), str(note_id), str(target), fmt, "512"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode == 0, result.stderr
    error = json.loads(result.stdout.strip().splitlines()[-1])["error"]
    assert error is not None and error.startswith(f"Cannot write {target}: File too large"), error
    assert "\n" not in error
    assert target.read_bytes() == b"previous report, intact"
    assert sorted(p.name for p in folder.iterdir()) == [target.name]  # the temporary file is gone


@pytest.mark.parametrize("fmt", FORMATS)
def test_read_only_disk(core: Core, note_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str):
    target = tmp_path / f"report.{fmt}"
    target.write_bytes(b"old")
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and str(path).startswith(str(tmp_path)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(ExportError, match=r"^Cannot write .*: The disk is read-only$"):
        export_notes(core, [note_id], target, fmt)
    monkeypatch.undo()
    assert target.read_bytes() == b"old"


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_locked_by_another_program(core: Core, note_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str):
    """Word keeps the file it has open locked: the rename over it fails (Windows says EACCES)."""
    target = tmp_path / f"report.{fmt}"
    target.write_bytes(b"open in Word")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as info:
        export_notes(core, [note_id], target, fmt)
    monkeypatch.undo()
    assert str(info.value) == f"Cannot write {target}: Permission denied (is the file open in another program?)"
    assert target.read_bytes() == b"open in Word"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_is_replaced_only_with_permission(core: Core, note_id: int, tmp_path: Path):
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "report.docx"
    target.write_bytes(b"old")
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="Permission denied"):
            export_notes(core, [note_id], target)
    finally:
        folder.chmod(0o755)
    assert target.read_bytes() == b"old"
