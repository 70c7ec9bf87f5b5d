"""Fixtures for the interface tests: a real Core on a temporary SQLite file, a real window.

The data folder is isolated and ``core`` is built by tests/conftest.py.

No test may wait on a dialog: alerts are recorded instead of shown, and questions
are answered by ``RecordingAlerts.answer``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from ui.alerts import Alert, Alerts
from ui.context import AppContext


class RecordingAlerts(Alerts):
    """Alerts that log and record like the real ones, but never open a box."""

    def __init__(self) -> None:
        super().__init__(interactive=True)
        self.shown: list[Alert] = []
        self.questions: list[str] = []
        self.answer = True

    def present(self, alert, parent=None, modal=False) -> None:
        self.shown.append(alert)

    def ask(self, question, parent=None) -> bool:
        self.questions.append(question)
        return self.answer


@pytest.fixture
def db_path(tmp_path):
    """The database file of a test (``core`` from tests/conftest.py opens it)."""
    return tmp_path / "db.sqlite3"


@pytest.fixture
def alerts() -> RecordingAlerts:
    return RecordingAlerts()


@pytest.fixture
def ctx(core, alerts, qapp):
    context = AppContext(core, alerts)
    yield context
    context.shutdown()  # the background writer writes what is left and stops
