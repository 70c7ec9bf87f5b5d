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
