"""The one error type of the exporters: a message written for the user."""

from __future__ import annotations

from ..services.base import ServiceError


class ExportError(ServiceError):
    """An export that could not be produced; ``str(exc)`` is a one-line user message.

    Whatever raised it, the file that was at the target path before (if any) is
    left exactly as it was.
    """
