"""Start the real application and report once its window is interactive (benchmarks only).

``python -m benchmarks.gui_driver [notetaker arguments]`` runs exactly what
``python -m notetaker`` runs, with one difference: right after the window is
shown and the last note reopened (``ui.app.reopen_last_note``), it schedules a
zero-delay timer; at that first turn of the event loop it prints one JSON line,
``{"shown_at": time.monotonic(), "rss_kb": VmRSS}``, and quits.

``bare`` instead of notetaker arguments runs the reference: a bare PySide6
``QMainWindow`` of the same size, reporting the same way.
"""

from __future__ import annotations

import json
import sys
import time


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


def report_when_idle() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()

    def report() -> None:
        print(json.dumps({"shown_at": time.monotonic(), "rss_kb": rss_kb()}), flush=True)
        app.quit()

    QTimer.singleShot(0, report)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 820)
    window.show()
    report_when_idle()
    return app.exec()


def notetaker(argv: list[str]) -> int:
    import ui.app as app_module

    original = app_module.reopen_last_note

    def reopen_and_report(window):  # noqa: ANN001, ANN202
        editor = original(window)
        if editor is None:
            raise SystemExit("benchmark: the last note was not reopened")
        report_when_idle()
        return editor

    app_module.reopen_last_note = reopen_and_report
    from notetaker.cli import main

    return main(argv)


if __name__ == "__main__":
    args = sys.argv[1:]
    raise SystemExit(bare() if args == ["bare"] else notetaker(args))
