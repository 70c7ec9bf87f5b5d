"""Digests of saved state."""

from __future__ import annotations

import hashlib
from pathlib import Path


def database_digest(db_file: Path) -> str:
    """SHA-256 of the database file and its write-ahead log: every byte of saved state."""
    h = hashlib.sha256()
    for path in (db_file, db_file.with_name(db_file.name + "-wal")):
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.exists() else b"<absent>")
    return h.hexdigest()
