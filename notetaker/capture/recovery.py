"""The recovery file: unsaved edits spilled where the database is not, while saving fails.

When the database cannot be written (disk full, read-only), the writer keeps
every pending edit in memory and also writes it here, preferably on another
device than the database's, so that a crash or a flat battery during the
failure loses nothing. The file is removed once the edits reach the database.
At the next start, a file left behind is offered and applied through the
writer (its edits are whole snapshots addressed by uid: applying twice is harmless).
"""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from .. import paths
from ..atomic import atomic_write_bytes
from ..hashing import sha1
from .batch import Batch

log = logging.getLogger(__name__)

ENV_DIR = "NOTETAKER_RECOVERY_DIR"


class RecoveryFile:
    """The recovery file of one database."""

    def __init__(self, database: Path | str):
        self.database = str(Path(database).resolve()) if database else ""
        digest = sha1(self.database.encode("utf-8")).hexdigest()[:16]
        self.name = f"pending-edits-{digest}.json"
        self.written: Path | None = None  # where the last spill went

    # -- where --------------------------------------------------------------------------
    def folders(self) -> list[Path]:
        """Candidate folders, those on another device than the database first."""
        folders: list[Path] = []
        override = os.environ.get(ENV_DIR)
        if override:
            folders.append(Path(override))
        try:
            folders.append(paths.user_data_dir() / "recovery")
        except OSError:
            pass
        folders.append(Path(tempfile.gettempdir()) / "notetaker-recovery")
        folders.append(Path.home() / ".notetaker-recovery")
        db_device = _device(Path(self.database).parent) if self.database else None
        unique = list(dict.fromkeys(folders))
        return sorted(unique, key=lambda f: db_device is not None and _device(f) == db_device)

    def existing(self) -> list[Path]:
        found = []
        for folder in self.folders():
            candidate = folder / self.name
            if candidate.is_file():
                found.append(candidate)
        return found

    # -- writing --------------------------------------------------------------------------
    def write(self, batch: Batch) -> Path | None:
        """Spill ``batch``; the file written, or ``None`` when no folder could take it."""
        text = batch.to_json(database=self.database, written_at=datetime.now(UTC).isoformat())
        data = text.encode("utf-8")
        for folder in self.folders():
            target = folder / self.name
            try:
                folder.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(target, data)
            except OSError as exc:
                log.warning("cannot write the recovery file in %s: %s", folder, exc)
                continue
            if self.written is not None and self.written != target:
                _unlink(self.written)
            self.written = target
            return target
        return None

    def remove(self) -> None:
        """Forget every copy (the edits are in the database now)."""
        for path in self.existing():
            _unlink(path)
        self.written = None

    # -- reading ----------------------------------------------------------------------------
    def load(self) -> tuple[Batch, list[Path]]:
        """Every edit left in recovery files of this database (newest file last wins)."""
        files = sorted(self.existing(), key=lambda p: _mtime(p))
        merged = Batch()
        used: list[Path] = []
        for path in files:
            try:
                batch, meta = Batch.from_json(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                log.warning("ignoring the unreadable recovery file %s: %s", path, exc)
                continue
            if meta.get("database") and meta["database"] != self.database:
                continue
            newer = batch
            newer.absorb_older(merged)
            merged = newer
            used.append(path)
        return merged, used

    def set_aside(self, path: Path) -> Path | None:
        """Keep a file the user declined to apply, under a name that is not looked for again."""
        target = path.with_name(path.stem + datetime.now(UTC).strftime(".declined-%Y%m%dT%H%M%S") + path.suffix)
        try:
            os.replace(path, target)
        except OSError:
            return None
        return target


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _device(folder: Path) -> int | None:
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    try:
        return probe.stat().st_dev
    except OSError:
        return None
