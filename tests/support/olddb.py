"""Old databases for migration tests: the schema-0001 fixture grown to many items, and the CLI run on one.

:func:`make_rev0001_database` copies ``tests/fixtures/rev0001.sqlite3`` (schema
0001, one event, note and item) and adds items, with delegations, spread over
a few notes: a file as a first migration meets it in the field.
:func:`notetaker_command` is ``python -m notetaker --db FILE ...`` with this
checkout importable and its own data folder.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "rev0001.sqlite3"
ITEMS_PER_NOTE = 500


def make_rev0001_database(path: Path, items: int) -> Path:
    """A schema-0001 database at ``path`` with ``items`` items in all (the fixture's one included)."""
    shutil.copy(FIXTURE, path)
    con = sqlite3.connect(path)
    try:
        with con:
            extra = range(2, items + 1)
            notes = sorted({2 + (n - 2) // ITEMS_PER_NOTE for n in extra})
            con.executemany(
                "INSERT INTO notes VALUES (?, ?, 1, 'imrf-side-event', 1, 'capturing', '[\"Marisol Aguilar\"]',"
                " '2022-05-19 18:30:00.000000', '2022-05-19 18:31:00.000000')",
                [(n, f"22222222-2222-4222-8222-{n:012d}") for n in notes],
            )
            con.executemany(
                "INSERT INTO items VALUES (?, ?, ?, 'highlights', ?, ?, 'Delegada', NULL, 'Marisol Aguilar',"
                " '2022-05-19 18:31:00.000000', '2022-05-19 18:31:00.000000')",
                [
                    (n, f"33333333-3333-4333-8333-{n:012d}", 2 + (n - 2) // ITEMS_PER_NOTE, n,
                     json.dumps([{"r": [{"t": f"Punto {n}: la migración se aborda como región."}]}],
                                ensure_ascii=False))
                    for n in extra
                ],
            )
            con.executemany(
                "INSERT INTO item_delegations VALUES (?, ?, ?)",
                [(n, k, code) for n in extra for k, code in enumerate(("RCM", "GT")[: 1 + n % 2])],
            )
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()
    return path


def notetaker_command(db: Path, *args: str) -> list[str]:
    """The command line running this checkout's CLI on ``db``."""
    return [sys.executable, "-m", "notetaker", "--db", str(db), *args]


def notetaker_env(data_dir: Path) -> dict[str, str]:
    """The environment of :func:`notetaker_command`: this checkout first, its own data folder, English."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    env["NOTETAKER_DATA_DIR"] = str(data_dir)
    env["NOTETAKER_LANG"] = "en"
    env.pop("NOTETAKER_DB", None)
    return env


def revision(path: Path) -> str | None:
    """The schema revision of the file (read-only), None when it has none."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()


def integrity(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of the file: ``["ok"]`` when sound."""
    con = sqlite3.connect(path)
    try:
        return [row[0] for row in con.execute("PRAGMA integrity_check")]
    finally:
        con.close()


def item_count(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        con.close()
