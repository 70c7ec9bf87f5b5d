"""Reports out of notes: one neutral report model, one renderer per format.

:func:`export_note` is the single entry point for the CLI and the GUI. The
model (:mod:`.model`) knows the template and the roster; renderers (today
only :mod:`.docx`) know only the model and their file format.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from .errors import ExportError

if TYPE_CHECKING:
    from ..core import Core

FORMATS = ("docx",)

__all__ = ["FORMATS", "ExportError", "export_note"]


def export_note(
    core: Core, note_id: int, path: Path | str, fmt: str = "docx", lang: str = "en"
) -> list[str]:
    """Write note ``note_id`` as a ``fmt`` report in ``lang`` to ``path``; return warnings.

    Raises :class:`ExportError` (a one-line message for the user) when the
    format is unknown, the note's template is missing or the file cannot be
    written; a file already at ``path`` is then left as it was.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(
            _("Unsupported export format “{fmt}” (supported: {formats}).").format(
                fmt=fmt, formats=", ".join(FORMATS)
            )
        )
    from .docx import render_docx
    from .model import build_report

    note = core.notes.get(note_id)
    try:
        template = core.templates.get(note.template_id)
    except KeyError as exc:
        raise ExportError(exc.args[0] if exc.args else str(exc)) from None
    event = core.events.get(note.event_id)
    report = build_report(event, note, template, core.delegations.by_code(), lang)
    reference = template.style_reference_path()
    if reference is not None and not reference.is_file():
        warnings = [_("The style reference {path} is missing; used the default styles.").format(path=reference)]
        return warnings + render_docx(report, Path(path), None)
    return render_docx(report, Path(path), reference)
