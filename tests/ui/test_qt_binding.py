"""The Qt binding itself: defects of a PySide6 release that would crash a long session."""

from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_calling_qt_methods_that_return_nothing_keeps_none_alive():
    # PySide6 6.12.0 dropped one reference to None per call of a void method; after enough
    # calls (a few hours of typing) the interpreter aborts with "none_dealloc".
    from PySide6.QtCore import QTimer

    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(1000):
        timer.stop()
    assert sys.getrefcount(None) - before > -100
