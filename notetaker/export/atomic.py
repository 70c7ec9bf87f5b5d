"""Write a file so that readers see either the old bytes or the new, never a mix.

The data goes to a temporary file in the target's own folder (same file
system, so the final rename is atomic), is flushed and fsync'd, then renamed
over the target with :func:`os.replace`; the folder is fsync'd too so that the
rename itself survives a power cut. On any failure the temporary file is
removed, the previous target is left untouched and :class:`ExportError` says
why in one line.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..i18n import _
from .errors import ExportError

# Directory fsync is not supported everywhere (some network and FUSE file systems).
_DIR_FSYNC_UNSUPPORTED = {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF, errno.EISDIR, errno.EACCES, errno.EPERM}


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Atomically replace ``path`` with ``data``."""
    atomic_write(path, lambda fh: fh.write(data))


def atomic_write(path: Path | str, write: Callable[[BinaryIO], object]) -> None:
    """Atomically replace ``path`` with what ``write`` writes into the binary file it is given."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise ExportError(_("Cannot write {path}: it is a folder").format(path=target))
    if not folder.is_dir():
        raise ExportError(_("Cannot write {path}: the folder {folder} does not exist").format(path=target, folder=folder))
    tmp: Path | None = None
    try:
        tmp, fd = _create_temp(target)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        _copy_mode(target, tmp)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise ExportError(_describe(target, exc)) from exc
    finally:
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass
    _fsync_dir(folder)


def _create_temp(target: Path) -> tuple[Path, int]:
    """A new, exclusive file next to ``target``; created 0666 & ~umask like any new file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))


def _copy_mode(target: Path, tmp: Path) -> None:
    """Keep the permissions of the file being replaced."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return
    os.chmod(tmp, mode)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _DIR_FSYNC_UNSUPPORTED:
            raise ExportError(_describe(folder, exc)) from exc
    finally:
        os.close(fd)


def _describe(target: Path, exc: OSError) -> str:
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
    return _("Cannot write {path}: {reason}").format(path=target, reason=reason)
