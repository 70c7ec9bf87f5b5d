"""Fixtures of the editor tests: a real main window, shown and active, at a laptop's size."""

from __future__ import annotations

import pytest

from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window
