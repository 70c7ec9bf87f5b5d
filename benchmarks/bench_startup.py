"""Cold start to an interactive window with a 2,000-item note open (issue 7): ≤ 2.5× a bare Qt window.

Each run is a new process: ``python -m benchmarks.gui_driver --db FILE``
starts the real application (``notetaker``'s own entry point), which reopens
the last note, a 2,000-item one; the time is taken from just before the
process is launched to the first turn of the event loop after the window is
shown. The reference, measured in the same run and the same way, is a process
that shows a bare PySide6 ``QMainWindow``. Medians of several alternating runs,
after one warm-up of each (so both read their files from the page cache).
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from benchmarks.gui_process import launch
from benchmarks.harness import Figure
from benchmarks.notes_data import build

ITEMS = 2_000
TARGET_RATIO = 2.5


def run(quick: bool = False) -> list[Figure]:
    repeat = 2 if quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        dataset = build(Path(tmp) / "startup.sqlite3", ITEMS, open_note_items=ITEMS)
        data = Path(tmp) / "data"
        app_args = ["--db", str(dataset.path)]
        launch(["bare"], data)
        launch(app_args, data)
        app, bare = [], []
        for _ in range(repeat):
            bare.append(launch(["bare"], data)[0])
            app.append(launch(app_args, data)[0])
    value, reference = statistics.median(app), statistics.median(bare)
    return [
        Figure(
            f"cold start to interactive window, {ITEMS:,}-item note open", value, "s",
            "bare PySide6 QMainWindow process", reference,
            f"≤ {TARGET_RATIO:g}× reference", value <= TARGET_RATIO * reference,
        )
    ]
