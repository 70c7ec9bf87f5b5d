"""Importing exchange files: read and validate every file, then import them in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _, ngettext
from ..services.base import ServiceError
from .document import ExchangeError, NoteDocument
from .reader import read_file

if TYPE_CHECKING:
    from ..core import Core
    from ..services.exchange import ImportPlan


@dataclass(frozen=True, slots=True)
class Loaded:
    """The outcome of reading one file: a document, or why it was refused."""

    path: Path
    document: NoteDocument | None = None
    error: str = ""
    plan: ImportPlan | None = None


def load_files(core: Core, paths: Sequence[Path | str]) -> list[Loaded]:
    """Read, validate and preview each file on its own; nothing is written."""
    out = []
    for path in paths:
        path = Path(path)
        try:
            doc = read_file(path)
            plan = core.exchange.preview([doc])[0]
        except (ExchangeError, ServiceError) as exc:
            out.append(Loaded(path, error=" ".join(str(exc).split())))
            continue
        out.append(Loaded(path, doc, plan=plan))
    return out


def import_files(core: Core, paths: Sequence[Path | str]) -> list[ImportPlan]:
    """Import every file, all in one transaction; if any file is refused, nothing is imported
    and :class:`ExchangeError` lists each refusal on its own line."""
    loaded = load_files(core, paths)
    errors = [entry.error for entry in loaded if entry.error]
    if errors:
        raise ExchangeError("\n".join(errors))
    docs = [entry.document for entry in loaded if entry.document is not None]
    return core.exchange.import_documents(docs).value


def describe_plan(plan: ImportPlan) -> str:
    """One line saying what importing (or having imported) a file does."""
    if not plan.changes_anything:
        return _("{source}: already imported; nothing to change").format(source=plan.source)
    parts = []
    if not plan.event_exists:
        parts.append(_("new event “{title}”").format(title=plan.event_title))
    parts.append(_("new note") if not plan.note_exists else _("note already here"))
    parts.append(_("{new} new, {updated} updated, {same} unchanged items").format(
        new=plan.items_new, updated=plan.items_updated, same=plan.items_unchanged))
    if plan.items_kept_local:
        parts.append(_("{count} items kept (newer here)").format(count=plan.items_kept_local))
    if plan.new_delegations:
        parts.append(_("new delegations: {codes}").format(codes=", ".join(plan.new_delegations)))
    if plan.open_decisions:
        parts.append(ngettext("{count} open decision kept for the rapporteur",
                              "{count} open decisions kept for the rapporteur",
                              plan.open_decisions).format(count=plan.open_decisions))
    parts.extend(plan.warnings)
    return f"{plan.source}: " + "; ".join(parts)
