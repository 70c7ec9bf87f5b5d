"""Fixtures for exchange-file tests: a database with the demo note, and its hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from notetaker.demo import load_demo


@pytest.fixture
def demo_core(core):
    result = load_demo(core)
    core.demo_note_id = result.note_id
    return core


@pytest.fixture
def demo_file(demo_core, tmp_path) -> Path:
    from notetaker.exchange import write_note_file

    return write_note_file(demo_core, demo_core.demo_note_id, tmp_path / "imrf.sidenotes")
