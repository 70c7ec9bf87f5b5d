"""The export formats in one table, and where an export goes by default.

Everything that names a format, reads one from a file's suffix or offers the
choice (the command line's ``--format``, the save dialog's file types, the
exporters) reads :data:`EXPORT_FORMATS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..i18n import N_


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str  # as the command line and export_notes() name it
    suffix: str  # of the files written
    label: str  # the save dialog's file type, marked for translation: show _(label)
    needs_libreoffice: bool  # PDF is converted from the Word rendering by LibreOffice
    other_suffixes: tuple[str, ...] = ()  # also read as this format


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("docx", ".docx", N_("Word documents (*.docx)"), needs_libreoffice=False),
    ExportFormat("pdf", ".pdf", N_("PDF documents (*.pdf)"), needs_libreoffice=True),
    ExportFormat("md", ".md", N_("Markdown (*.md)"), needs_libreoffice=False, other_suffixes=(".markdown",)),
)
#: The format of a file whose suffix names none.
DEFAULT_FORMAT = EXPORT_FORMATS[0]
FORMATS = tuple(f.name for f in EXPORT_FORMATS)

_BY_NAME = {f.name: f for f in EXPORT_FORMATS}
_BY_SUFFIX = {suffix: f for f in EXPORT_FORMATS for suffix in (f.suffix, *f.other_suffixes)}
_UNSAFE = re.compile(r"[^\w\- ]+")
_STEM_CHARS = 80


def format_named(name: str) -> ExportFormat | None:
    """The format called ``name`` (any case, a leading dot allowed); ``None`` for no known one."""
    return _BY_NAME.get(name.lower().lstrip("."))


def format_of_suffix(path: Path | str) -> ExportFormat | None:
    """The format that ``path``'s suffix names (any case); ``None`` when it names none."""
    return _BY_SUFFIX.get(Path(path).suffix.lower())


def format_for_path(path: Path | str, fmt: str | None = None) -> str:
    """``fmt`` normalised, or the format of the file's suffix (Word when it names none)."""
    if fmt:
        return fmt.lower().lstrip(".")
    return (format_of_suffix(path) or DEFAULT_FORMAT).name


def default_export_path(title: str, fmt: str = DEFAULT_FORMAT.name, fallback: str = "report") -> Path:
    """``<Documents>/<title>.<suffix>``: the user's Documents folder (the home folder when
    there is none), the title reduced to letters, digits, spaces and dashes (``fallback``
    when none are left)."""
    from platformdirs import user_documents_dir  # (loaded when first needed)

    folder = Path(user_documents_dir())
    if not folder.is_dir():
        folder = Path.home()
    stem = " ".join(_UNSAFE.sub(" ", title).split())[:_STEM_CHARS].strip() or fallback
    chosen = format_named(fmt) or DEFAULT_FORMAT
    return folder / f"{stem}{chosen.suffix}"
