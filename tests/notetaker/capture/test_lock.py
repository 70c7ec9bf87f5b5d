"""One writer per database: the lock file."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from notetaker.capture.lock import WriterLock


def test_a_second_holder_is_refused_until_the_first_releases(tmp_path):
    db = tmp_path / "notes.sqlite3"
    first, second = WriterLock(db), WriterLock(db)
    assert first.acquire()
    assert not second.acquire()
    assert str(os.getpid()) in second.holder()
    first.release()
    assert second.acquire()
    second.release()


def test_a_killed_holder_releases_the_lock(tmp_path):
    db = tmp_path / "notes.sqlite3"
    code = textwrap.dedent(
        f"""
        import os, signal, sys
        from notetaker.capture.lock import WriterLock
        lock = WriterLock({str(db)!r})
        assert lock.acquire()
        print("held", flush=True)
        sys.stdin.readline()
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        assert not WriterLock(db).acquire()
        proc.kill()
        proc.wait(10)
        lock = WriterLock(db)
        assert lock.acquire()
        lock.release()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_the_lock_falls_back_to_the_temporary_folder_under_the_same_name_as_before(tmp_path):
    import hashlib
    import tempfile
    from pathlib import Path

    db = tmp_path / "notes.sqlite3"
    (tmp_path / "notes.sqlite3.lock").mkdir()  # the folder cannot hold the lock file
    lock = WriterLock(db)
    digest = hashlib.sha1(str(db.resolve()).encode()).hexdigest()[:16]
    expected = Path(tempfile.gettempdir()) / f"notetaker-{digest}.lock"
    assert lock.candidates() == [tmp_path / "notes.sqlite3.lock", expected]
    assert lock.acquire()
    try:
        assert lock.path == expected
        assert not WriterLock(db).acquire()
    finally:
        lock.release()
