"""Reports out of notes: one neutral report model, one renderer per format.

:func:`export_note` (one event) and :func:`export_notes` (one note, or a
compendium of several) are the entry points for the CLI and the GUI; both
are Qt-free and take an optional ``progress(done, total)`` callback and a
``cancel`` event (a :class:`threading.Event`: set it from another thread and
the export stops with :class:`ExportCancelled`, writing nothing). The model
(:mod:`.model`, :mod:`.compendium`) knows the template and the roster;
renderers (:mod:`.docx`, :mod:`.pdf`, :mod:`.markdown`) know only the model
and their file format. Every write is atomic: on any error the file that was
at the target is left as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from .errors import (
    ExportCancelled,
    ExportError,
    WordLimitExceeded,
    check_export_target,
    write_output,
)
from .formats import FORMATS, format_for_path, format_named

if TYPE_CHECKING:
    from ..core import Core
    from ..templates import Template
    from .compendium import Chapter
    from .model import Report

Progress = Callable[[int, int], None]

__all__ = [
    "FORMATS", "ExportCancelled", "ExportError", "Progress", "WordLimitExceeded",
    "export_note", "export_notes", "format_for_path", "series_note_ids",
]


def export_note(
    core: Core,
    note_id: int,
    path: Path | str,
    fmt: str | None = None,
    lang: str = "en",
    *,
    force: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    provenance: bool | None = None,
) -> list[str]:
    """Write note ``note_id`` as a ``fmt`` report in ``lang`` to ``path``; return warnings.

    ``fmt`` is "docx", "pdf" or "md"; None takes it from the file's suffix.

    Raises :class:`ExportError` (a one-line message for the user) when the
    format is unknown, the note's template is missing, a word limit is
    exceeded (:class:`WordLimitExceeded`, unless ``force``), the export is
    cancelled (:class:`ExportCancelled`) or the file cannot be written; a
    file already at ``path`` is then left as it was.
    """
    return export_notes(core, [note_id], path, fmt, lang, force=force, progress=progress, cancel=cancel,
                        provenance=provenance)


def export_notes(
    core: Core,
    note_ids: Sequence[int],
    path: Path | str,
    fmt: str | None = None,
    lang: str = "en",
    *,
    title: str = "",
    force: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    provenance: bool | None = None,
) -> list[str]:
    """One note's report, or the compendium of several (one chapter per event, in date order).

    ``provenance`` overrides the template's option: each point ends with who wrote it."""
    fmt = format_for_path(path, fmt)
    chosen = format_named(fmt)
    if chosen is None:
        raise ExportError(
            _("Unsupported export format “{fmt}” (supported: {formats}).").format(fmt=fmt, formats=", ".join(FORMATS))
        )
    ids = list(dict.fromkeys(note_ids))  # each note once, first mention first
    if not ids:
        raise ExportError(_("Nothing to export: no notes were given."))
    soffice = None
    if chosen.needs_libreoffice:
        from .pdf import require_soffice

        soffice = require_soffice()  # before any work: a clear error when LibreOffice is missing
    steps = _Steps(len(ids) + 3, progress, cancel)
    steps.start()

    chapters = [_load(core, note_id, steps, provenance) for note_id in ids]
    warnings = _check_budgets(core, chapters, lang, force, multiple=len(chapters) > 1)
    report = _build(core, chapters, lang, title)
    template = min(chapters, key=_chapter_key).template
    reference = template.style_reference_path()
    if reference is not None and not reference.is_file():
        warnings.append(_("The style reference {path} is missing; used the default styles.").format(path=reference))
        reference = None
    check_export_target(core, Path(path), [reference] if reference is not None else [])
    steps.step()
    warnings += _render(report, Path(path), fmt, reference, steps, cancel, soffice)
    return warnings


def series_note_ids(core: Core, series: str) -> list[int]:
    """One note per event of ``series`` (the most advanced, then the latest), in date order.

    Series names match without regard to case or surrounding spaces.
    """
    from .compendium import best_note, date_order

    wanted = series.strip().casefold()
    found = []
    for entry in core.events.list():
        if entry.event.series.strip().casefold() != wanted:
            continue
        note = best_note(entry.notes)
        if note is not None:
            found.append(date_order(entry.event, note.id))
    if not found:
        raise ExportError(_("No notes to export in the series “{series}”.").format(series=series))
    return [note_id for *_key, note_id in sorted(found)]  # the note id is the key's last part


# -- the steps -------------------------------------------------------------------------


class _Steps:
    """Progress reports and cancellation checks between the steps of an export."""

    def __init__(self, total: int, progress: Progress | None, cancel: threading.Event | None):
        self.total, self.done = total, 0
        self.progress, self.cancel = progress, cancel

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise ExportCancelled(_("The export was cancelled."))

    def start(self) -> None:
        self.check()
        if self.progress is not None:
            self.progress(0, self.total)

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)
        self.check()


def _load(core: Core, note_id: int, steps: _Steps, provenance: bool | None = None) -> Chapter:
    from .compendium import Chapter

    note = core.notes.get(note_id)
    try:
        template = core.templates.get(note.template_id)
    except KeyError as exc:
        raise ExportError(exc.args[0] if exc.args else str(exc)) from None
    if provenance is not None and provenance != template.provenance:
        template = replace(template, provenance=provenance)
    chapter = Chapter(core.events.get(note.event_id), note, template)
    steps.step()
    return chapter


def _chapter_key(chapter: Chapter) -> tuple[object, ...]:
    from .compendium import chapter_order

    return chapter_order(chapter)


def _check_budgets(core: Core, chapters: list[Chapter], lang: str, force: bool, multiple: bool) -> list[str]:
    """Refuse (unless ``force``) a note whose sections are over their word limits."""
    from ..roster import display_name
    from ..wordcount import budgets

    labels = {code: display_name(d, lang) for code, d in core.delegations.by_code().items()}
    over: list[tuple[str, str, int, int]] = []
    for chapter in chapters:
        for budget in budgets(chapter.note, chapter.template, labels, lang):
            if budget.over and budget.limit is not None:
                title = _section_title(chapter.template, budget.section, lang)
                over.append((chapter.event.title, title, budget.words, budget.limit))
    if not over:
        return []
    lines = [
        (f"{event}: " if multiple else "")
        + _("“{section}” has {words} words, over its limit of {limit}").format(section=section, words=words, limit=limit)
        for event, section, words, limit in over
    ]
    if not force:
        raise WordLimitExceeded(_("{problems}. Shorten it, or force the export.").format(problems="; ".join(lines)), over)
    return [_("{problem}; exported anyway.").format(problem=line) for line in lines]


def _section_title(template: Template, key: str, lang: str) -> str:
    try:
        return template.section(key).title(lang)
    except KeyError:
        return key


def _build(core: Core, chapters: list[Chapter], lang: str, title: str) -> Report:
    roster = core.delegations.by_code()
    if len(chapters) == 1 and not title:
        from .model import build_report

        only = chapters[0]
        return build_report(only.event, only.note, only.template, roster, lang)
    from .compendium import build_compendium

    return build_compendium(chapters, roster, lang, title)


def _render(
    report: Report,
    path: Path,
    fmt: str,
    reference: Path | None,
    steps: _Steps,
    cancel: threading.Event | None,
    soffice: str | None,
) -> list[str]:
    """Render (one step), then write (one step; for PDF, convert and write)."""
    if fmt == "md":
        from .markdown import markdown_text

        text, warnings = markdown_text(report)
        data = text.encode("utf-8")
    else:
        from .docx import build_docx

        data, warnings = build_docx(report, reference, static_toc=fmt == "pdf")
    steps.step()
    if fmt == "pdf":
        from .pdf import write_pdf

        assert soffice is not None
        write_pdf(data, path, soffice, cancel=cancel)
    else:
        write_output(path, data)
    steps.step()
    return warnings

