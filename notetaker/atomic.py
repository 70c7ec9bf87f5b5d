"""Replacing a file whole, atomically: readers see the old bytes or the new, never a mix.

Every file the application writes in one go goes through :func:`replacing`
(or :func:`atomic_write`, :func:`atomic_write_bytes` on top of it): reports,
exchange files, the preferences, the recovery file, database copies and
backups, restores. The new content goes to a temporary file in the target's
own folder (same file system, so the rename is atomic), is fsync'd, renamed
over the target with :func:`os.replace`, and the folder is fsync'd so that
the rename itself survives a power cut.

- The temporary file is ``.<the target's name, cut to 40 characters>.<random>.tmp``:
  never longer than a file system allows (a 255-byte name works), unique to
  each write (two writers of the same target never share it), and removed on
  any failure (:func:`leftover_temp_files` finds those a crash left).
- Only a regular file is ever replaced: a folder, device or pipe at the target
  raises :class:`NotARegularFile` (an :class:`OSError`) and is left alone. A
  missing target is created with the usual permissions (``0666 & ~umask``); an
  existing one keeps its own.
- Failures are :class:`OSError` whose ``filename`` is the target (never the
  temporary file) and whose ``strerror`` is a readable reason (disk full,
  read-only disk, locked file...); :func:`describe_write_error` makes it one
  line for the user. The target is then left exactly as it was.
- Folder fsync, one rule for every caller (:func:`sync_folder`): where the
  platform or file system cannot sync a folder (Windows, some network and FUSE
  file systems: EINVAL, ENOTSUP...) it is skipped; any other failure is raised,
  although the new file is in place by then: the disk itself failed and the
  rename may not survive a power cut, which the caller must hear about.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .i18n import _

#: How much of the target's name the temporary file's name keeps (4 bytes a character
#: at most in UTF-8: the temporary name stays far below the usual 255-byte limit).
TEMP_NAME_CHARS = 40
_HEX = frozenset("0123456789abcdef")

# Errors of a folder's fsync that mean "not supported here", not "the disk failed".
_DIR_FSYNC_UNSUPPORTED = {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF, errno.EISDIR, errno.EACCES, errno.EPERM}


class NotARegularFile(OSError):
    """The target is a folder, a device or a pipe: it is never replaced by a file."""


@contextmanager
def replacing(path: Path | str) -> Iterator[Path]:
    """A new, empty temporary file next to ``path``, put in its place when the block ends.

    Write the new content to the path yielded (by name: e.g. SQLite's backup API
    writes there). When the block ends normally, the file is fsync'd, takes the
    target's permissions and replaces the target; the folder is then synced
    (:func:`sync_folder`). When the block raises, the temporary file is removed,
    the target is left as it was and the exception goes on (an :class:`OSError`
    as described in the module's docstring).
    """
    target = Path(path)
    check_target(target)
    try:
        tmp = _create_temp(target)
    except OSError as exc:
        raise _for_target(target, exc) from exc
    try:
        yield tmp
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        _copy_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, OSError) and exc.filename in (None, str(tmp), str(target)):
            raise _for_target(target, exc) from exc
        raise  # not an error of this write (e.g. reading the source failed): as it is
    try:
        sync_folder(target.parent)
    except OSError as exc:
        raise _for_target(target, exc) from exc


def atomic_write(path: Path | str, write: Callable[[BinaryIO], object]) -> None:
    """Replace ``path`` atomically with what ``write`` writes into the binary file it is given."""
    with replacing(path) as tmp, open(tmp, "wb") as fh:
        write(fh)


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Replace ``path`` atomically with ``data``."""
    atomic_write(path, lambda fh: fh.write(data))


def sync_folder(folder: Path) -> None:
    """fsync ``folder`` so that a rename in it survives a power cut (the rule above)."""
    if os.name == "nt":  # folders cannot be opened for fsync on Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # e.g. a folder one may write but not list: nothing to sync it with
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _DIR_FSYNC_UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def leftover_temp_files(folder: Path, name_prefix: str = "") -> list[Path]:
    """The temporary files that interrupted writes (a crash, a kill) left in ``folder``,
    of targets whose names start with ``name_prefix``."""
    start = "." + name_prefix[:TEMP_NAME_CHARS]
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    return [p for p in entries if p.name.startswith(start) and _is_temp_name(p.name)]


def describe_write_error(exc: OSError) -> str:
    """One line for the user: "Cannot write PATH: reason"."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return _("Cannot write {path}: {reason}").format(path=exc.filename, reason=reason)


def check_target(target: Path) -> None:
    """Raise (an :class:`OSError` naming ``target``) unless a write may put a file there: its
    folder exists and nothing but a regular file is at it (:class:`NotARegularFile`)."""
    folder = target.parent
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        if not folder.is_dir():
            raise FileNotFoundError(
                errno.ENOENT, _("the folder {folder} does not exist").format(folder=folder), str(target)
            ) from None
        return
    refused = not_regular(mode, target)
    if refused is not None:
        raise refused


def not_regular(mode: int, path: Path | str) -> NotARegularFile | None:
    """The error to raise for a file of ``mode`` (``st_mode``) at ``path``; ``None`` for a regular file."""
    if stat.S_ISDIR(mode):
        return NotARegularFile(errno.EISDIR, _("it is a folder"), str(path))
    if not stat.S_ISREG(mode):
        return NotARegularFile(errno.EINVAL, _("it is not a regular file (a device or a pipe)"), str(path))
    return None


# -- the parts -----------------------------------------------------------------------------------
def _create_temp(target: Path) -> Path:
    """A new, exclusive, empty file next to ``target``; created 0666 & ~umask like any new file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    stem = target.name[:TEMP_NAME_CHARS]
    for _attempt in range(100):
        tmp = target.with_name(f".{stem}.{os.urandom(8).hex()}.tmp")
        try:
            os.close(os.open(tmp, flags, 0o666))
        except FileExistsError:
            continue
        return tmp
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))


def _is_temp_name(name: str) -> bool:
    """Whether ``name`` ends as :func:`_create_temp` ends its names: ``.<16 hex digits>.tmp``."""
    tail = name[-21:]
    return len(tail) == 21 and tail[0] == "." and tail.endswith(".tmp") and _HEX.issuperset(tail[1:17])


def _copy_mode(target: Path, tmp: Path) -> None:
    """Keep the permissions of the file being replaced."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return
    os.chmod(tmp, mode)


def _remove(tmp: Path) -> None:
    try:
        tmp.unlink()
    except OSError:
        pass


def _for_target(target: Path, exc: OSError) -> OSError:
    """``exc`` about ``target`` (not the temporary file), with a readable reason."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno == errno.ENOSPC:
        reason = _("No space left on device")
    elif exc.errno == getattr(errno, "EDQUOT", None):
        reason = _("Disk quota exceeded")
    elif exc.errno == errno.EFBIG:
        reason = _("File too large for this disk or account (size limit reached)")
    elif exc.errno == errno.EROFS:
        reason = _("The disk is read-only")
    elif isinstance(exc, PermissionError):
        reason = _("Permission denied (is the file open in another program?)") if target.exists() else _("Permission denied")
    return OSError(exc.errno, reason, str(target))  # (OSError picks the subclass of the errno)
