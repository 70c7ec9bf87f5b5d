"""Fixtures of the merge tests."""

from __future__ import annotations

import pytest

from tests.support.four_notetakers import seed_files


@pytest.fixture
def seed(core, tmp_path):
    """The demo note and its four notetakers' files."""
    return seed_files(core, tmp_path)
