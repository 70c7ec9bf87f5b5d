"""One writer per database: an exclusive lock held by the window that writes.

The lock is an ``flock`` (``msvcrt.locking`` on Windows) on a small file next
to the database, so the operating system releases it when the holder dies,
even by SIGKILL or a power cut: a crashed instance never locks the next one out.
When the folder of the database cannot hold the lock file, the lock lives in the
temporary folder under a name derived from the database path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..hashing import sha1

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


class WriterLock:
    def __init__(self, database: Path):
        self.database = Path(database)
        self._fd: int | None = None
        self.path: Path | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def candidates(self) -> list[Path]:
        return list(self._candidates())

    def _candidates(self) -> Iterator[Path]:
        """Next to the database, else in the temporary folder (worked out only when needed)."""
        yield self.database.with_name(self.database.name + ".lock")
        import tempfile

        digest = sha1(str(self.database.resolve()).encode()).hexdigest()[:16]
        yield Path(tempfile.gettempdir()) / f"notetaker-{digest}.lock"

    def acquire(self) -> bool:
        """Take the lock without waiting; ``False`` when another process holds it."""
        if self._fd is not None:
            return True
        for path in self._candidates():
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                continue  # a read-only folder: try the next place
            if not _try_lock(fd):
                os.close(fd)
                self.path = path
                return False
            self._fd, self.path = fd, path
            try:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()} {_host()}\n".encode())
            except OSError:
                pass  # the lock is what counts, not the note about its holder
            return True
        return True  # nowhere to hold a lock: nothing else can hold one either

    def holder(self) -> str:
        """"pid host" of the process holding the lock, as it wrote it ("" if unknown)."""
        if self.path is None:
            return ""
        try:
            return self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:  # pragma: no cover - Windows
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    except OSError:
        pass


def _host() -> str:
    """This computer's name, for the note about the lock's holder (without loading ``socket``)."""
    return os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
