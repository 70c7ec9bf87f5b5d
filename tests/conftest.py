"""Shared fixtures: every test gets its own data folder and database file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests check behaviour, not speed (speed lives in benchmarks/): no per-example
# deadline, so a loaded CI machine cannot turn them flaky.
settings.register_profile(
    "notetaker", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.load_profile("notetaker")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "fixtures" / "seeds"  # copies of ../shared/seeds


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the real user data folder or a NOTETAKER_DB from the environment."""
    monkeypatch.setenv("NOTETAKER_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.delenv("NOTETAKER_DB", raising=False)


@pytest.fixture(autouse=True)
def _english_interface(monkeypatch: pytest.MonkeyPatch):
    """Messages in English whatever the machine's locale; a test that switches language is undone."""
    from notetaker import i18n

    monkeypatch.setenv("NOTETAKER_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "notes.sqlite3"


@pytest.fixture
def core(db_path: Path):
    from notetaker.core import Core

    c = Core.open(db_path)
    yield c
    c.close()
