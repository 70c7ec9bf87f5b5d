"""Fixtures for the interface tests: a real Core on a temporary SQLite file, a real window.

The data folder is isolated and ``core`` is built by tests/conftest.py.

No test may wait on a dialog: alerts are recorded instead of shown, and questions
are answered by ``RecordingAlerts.answer``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from tests.support.alerts import RecordingAlerts
from ui.context import AppContext
from ui.language import apply_language, loaded_qt_catalogs


@pytest.fixture
def alerts() -> RecordingAlerts:
    return RecordingAlerts()


@pytest.fixture
def ctx(core, alerts, qapp):
    context = AppContext(core, alerts)
    yield context
    context.shutdown()  # the background writer writes what is left and stops


@pytest.fixture
def language(qapp):
    """Switch the whole interface (catalogs, Qt translations, QLocale); back to English after."""
    def switch(lang: str) -> bool:
        """True when Qt's own texts are translated too (always for English)."""
        apply_language(lang, qapp)
        return lang == "en" or bool(loaded_qt_catalogs())

    yield switch
    apply_language("en", qapp)
