"""Where the cold start goes, in instructions (needs valgrind; not part of ``benchmarks.run``).

``python -m benchmarks.startup_stages [STAGE...]`` builds the 2,000-item note
of ``bench_startup`` and runs the start once per stage under ``valgrind
--tool=callgrind``, the process ending (``os._exit``) at that stage; it prints
the instructions to each stage and the difference from the previous one, and
the bare window's total. Instruction counts do not move with the machine's
load, unlike wall-clock times; see docs/benchmarks.md.

Stages, in order: ``cli`` (``import notetaker.cli``), ``pyside`` (PySide6's
widgets, loaded while the command line imports ``ui.app``), ``uiapp`` (``ui.app``
imported), ``app`` (QApplication), ``core`` (database open),
``actions`` (main window up to its actions), ``refresh`` (event list),
``show``, ``get`` (the note read), ``editor``, ``reopen`` (position restored),
``turn`` (the first turn of the event loop, as ``bench_startup`` measures).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.harness import REPO, process_env

STAGES = ("cli", "pyside", "uiapp", "app", "core", "actions", "refresh", "show", "get", "editor", "reopen", "turn")
_EXIT_AT = "NOTETAKER_BENCH_EXIT_AT"


def _child(argv: list[str]) -> None:
    """The application, ending the process at the stage named in the environment."""
    stage = os.environ.get(_EXIT_AT, "turn")

    def reached(name: str) -> None:
        if name == stage:
            os._exit(0)

    if argv == ["bare"]:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1280, 820)
        window.show()
        QTimer.singleShot(0, lambda: os._exit(0))
        app.exec()
        return
    import notetaker.__main__ as entry  # the ``notetaker`` command's own entry point
    from benchmarks.hooks import after_import

    # Each stage is watched as the command line reaches it, in its own order (see benchmarks.hooks).
    after_import("notetaker.cli", lambda _module: reached("cli"))
    after_import("PySide6.QtWidgets", lambda _module: reached("pyside"))

    def after(owner: Any, name: str, label: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            reached(label)
            return result

        setattr(owner, name, wrapper)

    def watch(app_module: Any) -> None:
        import notetaker.services.notes as notes
        import ui.editor.note_editor as note_editor
        import ui.main_window as main_window  # (imported by ui.app already)

        reached("uiapp")
        after(app_module, "make_application", "app")
        after(app_module, "open_or_recover", "core")
        after(main_window.MainWindow, "_make_actions", "actions")
        after(main_window.MainWindow, "refresh", "refresh")
        after(main_window.MainWindow, "show", "show")
        after(notes.NoteService, "get", "get")
        after(note_editor.NoteEditor, "__init__", "editor")
        reopen = app_module.reopen_last_note

        def reopen_and_stop(window: Any) -> Any:
            from PySide6.QtCore import QTimer

            editor = reopen(window)
            reached("reopen")
            QTimer.singleShot(0, lambda: os._exit(0))
            return editor

        app_module.reopen_last_note = reopen_and_stop

    after_import("ui.app", watch)
    entry.run(argv)
    raise SystemExit("benchmark: the start did not reach its first turn")


def instructions(args: list[str], stage: str, data: Path) -> int:
    """Instructions of one start (``args``: the application's, or ``["bare"]``) up to ``stage``."""
    env = {**process_env(data), "QT_QPA_PLATFORM": "offscreen", _EXIT_AT: stage}
    command = [sys.executable, "-m", "benchmarks.startup_stages", "--child", *args]
    subprocess.run(command, env=env, cwd=REPO, capture_output=True, check=True)  # bytecode written
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env, cwd=REPO, capture_output=True, text=True, check=True,
    )
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None:
        raise RuntimeError(out.stderr[-2000:])
    return int(found.group(1))


def main(stages: list[str]) -> int:
    from benchmarks.bench_startup import ITEMS
    from benchmarks.notes_data import build

    with tempfile.TemporaryDirectory() as tmp:
        dataset = build(Path(tmp) / "startup.sqlite3", ITEMS, open_note_items=ITEMS)
        data = Path(tmp) / "data"
        bare = instructions(["bare"], "turn", data)
        print(f"bare QMainWindow to its first turn: {bare / 1e6:,.0f} M instructions")
        previous = 0
        for stage in stages or STAGES:
            count = instructions(["--db", str(dataset.path)], stage, data)
            print(f"{stage:<8} {count / 1e6:7,.0f} M  +{(count - previous) / 1e6:5,.0f} M  ({count / bare:.2f}× bare)")
            previous = count
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2:])
    else:
        raise SystemExit(main(sys.argv[1:]))
