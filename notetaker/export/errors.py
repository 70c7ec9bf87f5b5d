"""The error types of the exporters (messages written for the user), and how they write a file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import atomic_write_bytes, describe_write_error
from ..services.base import ServiceError
from ..userfiles import check_output

if TYPE_CHECKING:
    from ..core import Core


class ExportError(ServiceError):
    """An export that could not be produced; ``str(exc)`` is a one-line user message.

    Whatever raised it, the file that was at the target path before (if any) is
    left exactly as it was.
    """


class ExportCancelled(ExportError):
    """The user cancelled the export; nothing was written."""


class WordLimitExceeded(ExportError):
    """A section is over its word limit and the export was not forced.

    ``over`` lists (report title, section title, words, limit) for each section over.
    """

    def __init__(self, message: str, over: list[tuple[str, str, int, int]]):
        super().__init__(message)
        self.over = over


def check_export_target(core: Core, path: Path, inputs: Sequence[Path]) -> None:
    """Refuse, before any work, a target that is not to be written (:func:`notetaker.userfiles.check_output`:
    the database and its files, a backup, ``inputs``, a read-only file, a non-regular file):
    an :class:`ExportError` in one line ("Cannot write PATH: reason")."""
    try:
        check_output(path, database=core.db.path, inputs=inputs)
    except OSError as exc:
        raise ExportError(describe_write_error(exc)) from exc


def write_output(path: Path | str, data: bytes) -> None:
    """Put an export's bytes at ``path`` atomically (:mod:`notetaker.atomic`).

    A failure is an :class:`ExportError` in one line ("Cannot write PATH: reason");
    the file that was at ``path`` is then left as it was.
    """
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise ExportError(describe_write_error(exc)) from exc
