"""Importing exchange files from the GUI: a preview of what each file does, then one transaction.

Each file is read, validated and previewed (nothing is written); the list says
what importing it would do, or why it is refused. "Import" imports every
accepted file together, all or nothing; refused files are left out and named.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from notetaker.exchange import EXTENSION, Loaded, describe_plan, load_files
from notetaker.i18n import _, ngettext

from ..context import AppContext

if TYPE_CHECKING:
    from notetaker.services.exchange import ImportPlan

REFUSED_COLOR = QColor("#b00020")


def file_filter() -> str:
    return _("Side Event notes (*{ext});;All files (*)").format(ext=EXTENSION)


def exchange_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The ``.sidenotes`` files among ``paths`` (dropped or chosen), in order, each once."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.suffix.lower() == EXTENSION and path not in out:
            out.append(path)
    return out


class ImportDialog(QDialog):
    """The preview of an import; :meth:`import_files` (the Import button) commits it."""

    def __init__(self, ctx: AppContext, paths: Sequence[str | Path], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Import notes"))
        self.setAccessibleName(_("Import notes"))
        self.resize(720, 360)
        self.loaded: list[Loaded] = load_files(ctx.core, [Path(p) for p in paths])
        self.imported: list[ImportPlan] | None = None

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Import summary"))
        self.files = QListWidget()
        self.files.setAccessibleName(_("Files to import"))
        self.files.setWordWrap(True)
        for entry in self.loaded:
            item = QListWidgetItem(self._line(entry))
            if entry.error:
                item.setForeground(QBrush(REFUSED_COLOR))
                item.setToolTip(entry.error)
            self.files.addItem(item)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(_("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.import_files)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.files, 1)
        layout.addWidget(self.buttons)
        self._update()

    @property
    def accepted_documents(self) -> list[Loaded]:
        return [e for e in self.loaded if e.document is not None]

    @property
    def refused(self) -> list[Loaded]:
        return [e for e in self.loaded if e.error]

    def _line(self, entry: Loaded) -> str:
        if entry.error:
            return _("Refused — {message}").format(message=entry.error)
        assert entry.plan is not None
        return describe_plan(entry.plan)

    def _update(self) -> None:
        good, bad = len(self.accepted_documents), len(self.refused)
        changes = any(e.plan is not None and e.plan.changes_anything for e in self.loaded)
        text = ngettext("{count} file can be imported.", "{count} files can be imported.", good).format(count=good)
        if bad:
            text += " " + ngettext("{count} file is refused and will be left out; nothing of it is read into the database.",
                                   "{count} files are refused and will be left out; nothing of them is read into the database.",
                                   bad).format(count=bad)
        if good and not changes:
            text += " " + _("Everything in them is already here: importing changes nothing.")
        self.summary.setText(text)
        self.import_button.setEnabled(good > 0)

    def import_files(self) -> list[ImportPlan] | None:
        """Import every accepted file in one transaction; close on success."""
        docs = [e.document for e in self.accepted_documents if e.document is not None]
        if not docs:
            return None
        plans = self.ctx.run(self.ctx.core.exchange.import_documents, docs)
        if plans is None:  # refused after all (the database changed since the preview): alerted
            return None
        self.imported = plans
        self.accept()
        return plans


def imported_note_ids(dialog: ImportDialog) -> list[int]:
    return [p.note_id for p in dialog.imported or [] if p.note_id is not None]


def source_names(dialog: ImportDialog) -> dict[str, str]:
    """Note uid -> the name of the file it was imported from (for provenance)."""
    return {e.document.note.uid: e.path.name for e in dialog.accepted_documents if e.document is not None}

