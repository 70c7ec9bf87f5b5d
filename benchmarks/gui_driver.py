"""Start the real application and report once its window is interactive (benchmarks only).

``python -m benchmarks.gui_driver [notetaker arguments]`` runs exactly what
``python -m notetaker`` runs, with one difference: right after the window is
shown and the last note reopened (``ui.app.reopen_last_note``), it schedules a
zero-delay timer; at that first turn of the event loop it prints one JSON line,
``{"shown_at": time.monotonic(), "rss_kb": VmRSS}``, and quits. With ``--settled`` first,
it reports RSS only once the editor has built every row (``shown_at`` stays the first turn).

``bare`` instead of notetaker arguments runs the reference: a bare PySide6
``QMainWindow`` of the same size, reporting the same way.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable


def rss_kb() -> int:
    """Resident memory of this process, from /proc (0 where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def report_when_idle(settled: Callable[[], bool] | None = None) -> None:
    """Report at the first turn of the event loop, or (``settled``) once it says the work is done."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    shown_at = time.monotonic()  # (replaced by the first turn's time below)

    def report() -> None:
        print(json.dumps({"shown_at": shown_at, "rss_kb": rss_kb()}), flush=True)
        app.quit()

    def first_turn() -> None:
        nonlocal shown_at
        shown_at = time.monotonic()
        wait()

    def wait() -> None:
        if settled is None or settled():
            report()
        else:
            QTimer.singleShot(20, wait)

    QTimer.singleShot(0, first_turn)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 820)
    window.show()
    report_when_idle()
    return app.exec()


def notetaker(argv: list[str], settled: bool = False) -> int:
    """The application; ``settled``: report once the editor has built every row (memory)."""
    import notetaker.__main__ as entry  # the ``notetaker`` command's own entry point
    from benchmarks.hooks import after_import

    def watch(app_module) -> None:  # noqa: ANN001
        original = app_module.reopen_last_note

        def reopen_and_report(window):  # noqa: ANN001, ANN202
            editor = original(window)
            if editor is None:
                raise SystemExit("benchmark: the last note was not reopened")
            report_when_idle((lambda: not editor.builder.busy) if settled else None)
            return editor

        app_module.reopen_last_note = reopen_and_report

    after_import("ui.app", watch)  # (imported by the command line itself, when it starts the GUI)
    return entry.run(argv)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["bare"]:
        raise SystemExit(bare())
    settled = args[:1] == ["--settled"]
    raise SystemExit(notetaker(args[1:] if settled else args, settled))
