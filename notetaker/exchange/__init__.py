"""Exchange files (``.sidenotes``): one note, its event and its delegations, as UTF-8 JSON.

The format is documented in ``docs/exchange-format.md``. :mod:`.writer` writes
files, :mod:`.reader` and :mod:`.schema` read and validate them (limits, strict
JSON, a hand-written schema check), :mod:`.importer` imports them through
:class:`notetaker.services.ExchangeService`, in one transaction.
"""

from .document import (
    EXTENSION,
    FORMAT_ID,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_TEXT_BYTES,
    SCHEMA_VERSION,
    ExchangeError,
    NoteDocument,
    OpenDecision,
    content_hash,
)
from .importer import Loaded, describe_plan, import_files, load_files
from .reader import parse_bytes, read_file
from .writer import (
    build_document,
    document_for_note,
    document_to_bytes,
    write_document,
    write_note_file,
)

__all__ = [
    "EXTENSION",
    "FORMAT_ID",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_TEXT_BYTES",
    "SCHEMA_VERSION",
    "ExchangeError",
    "Loaded",
    "NoteDocument",
    "OpenDecision",
    "build_document",
    "content_hash",
    "describe_plan",
    "document_for_note",
    "document_to_bytes",
    "import_files",
    "load_files",
    "parse_bytes",
    "read_file",
    "write_document",
    "write_note_file",
]
