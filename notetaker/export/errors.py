"""The error types of the exporters (messages written for the user), and how they write a file."""

from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_write_bytes, describe_write_error
from ..services.base import ServiceError


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


def write_output(path: Path | str, data: bytes) -> None:
    """Put an export's bytes at ``path`` atomically (:mod:`notetaker.atomic`).

    A failure is an :class:`ExportError` in one line ("Cannot write PATH: reason");
    the file that was at ``path`` is then left as it was.
    """
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise ExportError(describe_write_error(exc)) from exc
