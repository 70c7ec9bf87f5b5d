"""The disk fills up during the first-run migration of an old database: one clear line, nothing changed.

``notetaker --db FILE list --json`` migrates a schema-0001 database in a
subprocess whose files may not grow past a limit (``RLIMIT_FSIZE``: a write
beyond it fails with EFBIG, as on a full disk; Python ignores ``SIGXFSZ``).
Below the size of the copy kept before migrating, that copy fails; above it,
the migration's own writes fail. Either way the CLI says so in one line and
exits with an error, the database holds what it held and opens afterwards,
and trying again does not add another copy.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
from pathlib import Path

import pytest

from notetaker.storage.backups import BackupStore
from notetaker.storage.db import SCHEMA_HEAD
from notetaker.storage.dbfile import content_digest
from tests.support.olddb import (
    integrity,
    item_count,
    make_rev0001_database,
    notetaker_command,
    notetaker_env,
    revision,
)

ITEMS = 3000
TIMEOUT_S = 300


def _run_limited(db: Path, data: Path, limit: int | None) -> subprocess.CompletedProcess[str]:
    def limit_file_size() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(notetaker_command(db, "list", "--json"), env=notetaker_env(data), capture_output=True,
                          text=True, timeout=TIMEOUT_S, preexec_fn=limit_file_size)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rev0001_database(tmp_path_factory.mktemp("old") / "template.sqlite3", ITEMS)


def _migration_copies(db: Path) -> list[Path]:
    return [b.path for b in BackupStore(db).list() if b.migration_target == SCHEMA_HEAD]


@pytest.mark.parametrize(("fraction", "failing"), [(0.5, "copy"), (1.3, "migration")])
def test_a_full_disk_during_the_migration_changes_nothing_and_a_retry_adds_no_copy(
        tmp_path: Path, template: Path, fraction: float, failing: str):
    db = tmp_path / "notes.sqlite3"
    shutil.copy(template, db)
    before = content_digest(db)
    limit = int(template.stat().st_size * fraction)
    where = f"files limited to {limit} bytes ({fraction} of the database: the {failing} fails)"
    copies: list[Path] | None = None
    for attempt in (1, 2):
        done = _run_limited(db, tmp_path / "data", limit)
        said = done.stderr.strip()
        assert done.returncode != 0, f"{where}, attempt {attempt}: it did not fail"
        assert len(said.splitlines()) == 1 and said.startswith("notetaker: "), f"{where}: {said!r}"
        assert "unexpected error" not in said and "Traceback" not in said, f"{where}: {said!r}"
        assert "was not changed" in said or "left as it was" in said, f"{where}: {said!r}"
        assert integrity(db) == ["ok"], where
        assert revision(db) == "0001", where
        assert content_digest(db) == before, f"{where}, attempt {attempt}: the database changed"
        if copies is None:
            copies = _migration_copies(db)
            assert len(copies) == (0 if failing == "copy" else 1), f"{where}: {copies}"
        else:
            assert _migration_copies(db) == copies, f"{where}: the retry added a copy"
        leftovers = [p.name for p in BackupStore(db).folder.glob(".*")] if BackupStore(db).folder.exists() else []
        assert leftovers == [], f"{where}: {leftovers}"
    done = _run_limited(db, tmp_path / "data", None)  # room again
    assert done.returncode == 0, done.stderr
    assert revision(db) == SCHEMA_HEAD and integrity(db) == ["ok"] and item_count(db) == ITEMS
    (copy,) = _migration_copies(db)
    assert copies in ([], [copy]), "the copy made before running out of disk was not the one kept"
    assert revision(copy) == "0001" and content_digest(copy) == before
