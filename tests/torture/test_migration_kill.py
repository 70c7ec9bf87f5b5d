"""SIGKILL during the first-run migration of an old database: it is left as it was, or fully migrated.

Each round copies one schema-0001 database, starts ``notetaker --db FILE list
--json`` on it (which migrates it), kills the process (SIGKILL) after a random
delay drawn from ``random.Random(seed)``, then checks the file: it passes
``PRAGMA integrity_check``, its revision is 0001 or :data:`SCHEMA_HEAD` (never
one between), and the CLI opens and lists it afterwards with every item. The
seeds are fixed and printed; every assertion message names its seed.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from notetaker.storage.db import SCHEMA_HEAD
from tests.support.olddb import (
    integrity,
    item_count,
    make_rev0001_database,
    notetaker_command,
    notetaker_env,
    revision,
)

DEFAULT_ITEMS = 10_000
DEFAULT_SEEDS = range(1, 9)
SLOW_ITEMS = 60_000
SLOW_SEEDS = range(100, 120)
TIMEOUT_S = 600
MARGIN = 0.1  # of the migrating time: how long after the commit kills are still drawn


def _migration_window(template: Path, work: Path) -> tuple[float, float]:
    """When, in a whole migrating run here, the migration starts and when it is committed (seconds).

    It starts when a writing connection first opens the file (its ``-wal``
    appears; the checks before only read): the copy kept before migrating, the
    migrations and the commit follow. It is committed when a reader first sees
    :data:`SCHEMA_HEAD`. The kills are drawn from that window and a little after,
    so none is spent on the interpreter's start.
    """
    db = work / "calibration.sqlite3"
    shutil.copy(template, db)
    wal = Path(f"{db}-wal")
    started = time.monotonic()
    proc = subprocess.Popen(notetaker_command(db, "list", "--json"), env=notetaker_env(work / "data"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    first_write = committed = None
    while proc.poll() is None and committed is None:
        now = time.monotonic() - started
        if first_write is None and wal.exists():
            first_write = now
        if first_write is not None and _revision_or_none(db) == SCHEMA_HEAD:
            committed = now
        time.sleep(0.002)
    _out, err = proc.communicate(timeout=TIMEOUT_S)
    assert proc.returncode == 0, err
    assert revision(db) == SCHEMA_HEAD
    assert first_write is not None and committed is not None, "the run was too quick to watch"
    return first_write, committed


def _revision_or_none(db: Path) -> str | None:
    try:
        return revision(db)
    except sqlite3.Error:  # caught between two states of the file: looked at again
        return None


def _kill_rounds(tmp_path: Path, items: int, seeds: range) -> None:
    template = make_rev0001_database(tmp_path / "template.sqlite3", items)
    start, end = _migration_window(template, tmp_path)
    print(f"a migrating run of {items} items migrates from {start:.3f} s and has committed at {end:.3f} s")
    outcomes: dict[int, str] = {}  # seed -> the schema the kill left
    broken: list[str] = []
    for seed in seeds:
        rng = random.Random(seed)
        margin = MARGIN * (end - start)
        delay = rng.uniform(start, end + margin)
        work = tmp_path / f"seed{seed}"
        work.mkdir()
        db = work / "notes.sqlite3"
        shutil.copy(template, db)
        env = notetaker_env(work / "data")
        print(f"seed={seed}: SIGKILL after {delay:.3f} s")
        proc = subprocess.Popen(notetaker_command(db, "list", "--json"), env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=TIMEOUT_S)
        where = f"seed={seed}, killed after {delay:.3f} s (migrating {start:.3f}-{end:.3f} s)"
        outcome, problem = _after_kill(db, env, items)
        outcomes[seed] = outcome
        if problem:
            broken.append(f"{where}: {problem}")
    print("outcomes:", outcomes)
    assert broken == [], f"{len(broken)} of {len(seeds)} killed migrations broke the database:\n" + "\n".join(broken)


def _after_kill(db: Path, env: dict[str, str], items: int) -> tuple[str, str | None]:
    """The schema ``db`` was left at by a killed run, and what is wrong with it then or after a whole run."""
    check = integrity(db)
    if check != ["ok"]:
        return "damaged", f"integrity_check: {check[:3]}"
    rev = revision(db) or "none"
    return rev, _problem_after(db, env, items, rev)


def _problem_after(db: Path, env: dict[str, str], items: int, rev: str) -> str | None:
    if rev not in {"0001", SCHEMA_HEAD}:
        return f"left at schema {rev}"
    again = subprocess.run(notetaker_command(db, "list", "--json"), env=env,
                           capture_output=True, text=True, timeout=TIMEOUT_S)
    if again.returncode != 0:
        return f"left at schema {rev}, it no longer opens: {again.stderr.strip()}"
    if revision(db) != SCHEMA_HEAD or integrity(db) != ["ok"]:
        return f"opened again, it is at schema {revision(db)}, integrity {integrity(db)[:3]}"
    if item_count(db) != items:
        return f"opened again, it has {item_count(db)} items of {items}"
    return None


def test_a_migration_killed_at_any_moment_leaves_the_database_old_or_migrated(tmp_path):
    _kill_rounds(tmp_path, DEFAULT_ITEMS, DEFAULT_SEEDS)


@pytest.mark.slow
def test_a_migration_of_60000_items_killed_at_any_moment_leaves_the_database_old_or_migrated(tmp_path):
    _kill_rounds(tmp_path, SLOW_ITEMS, SLOW_SEEDS)
