"""Resident memory with a 10,000-item note open (issue 7): ≤ 200 MB.

The real application is started in a new process on a database whose last
note (reopened at start) has 10,000 items; its resident set size (VmRSS from
/proc) is read once the editor has built every row (the editor builds the rows
off screen in idle turns after the first paint: the memory is that of the whole
note on screen, not of the first paint).
The reference, read the same way in the same run, is a process showing a bare
PySide6 ``QMainWindow``: the floor that Python and Qt alone cost.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.gui_process import launch
from benchmarks.harness import Figure
from benchmarks.notes_data import build

ITEMS = 10_000
TARGET_MB = 200.0


def run(quick: bool = False) -> list[Figure]:
    items = 2_000 if quick else ITEMS
    with tempfile.TemporaryDirectory() as tmp:
        dataset = build(Path(tmp) / "memory.sqlite3", items, open_note_items=items)
        data = Path(tmp) / "data"
        _seconds, reference = launch(["bare"], data)
        _seconds, value = launch(["--settled", "--db", str(dataset.path)], data, timeout=900)
    return [
        Figure(
            f"resident memory, {items:,}-item note open", value, "MB",
            "bare PySide6 QMainWindow process", reference, f"≤ {TARGET_MB:g} MB", value <= TARGET_MB,
        )
    ]
