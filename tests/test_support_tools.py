"""A test that needs a program skips without it on a developer's machine, and fails in CI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.tools import require_program

TESTS = Path(__file__).resolve().parent


def test_a_missing_program_skips_outside_ci(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"no-such-program is not installed \(apt-get install no-such-package\)"):
        require_program("no-such-program", "no-such-package")


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_a_missing_program_fails_in_ci(monkeypatch: pytest.MonkeyPatch, value: str):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        require_program("no-such-program", "no-such-package")


def test_a_program_that_is_there_is_found():
    assert require_program("sh", "dash") == shutil.which("sh")


def test_no_test_skips_by_itself_over_a_missing_module_or_program():
    """importorskip turns a moved module into a skip; a which() check, a missing program into
    one: tests go through tests/support/tools.py (or import plainly) instead."""
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        if path == Path(__file__).resolve() or path == TESTS / "support" / "tools.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("importorskip(", "shutil.which(", '"which"'):
            if needle in text:
                offenders.append(f"{path.relative_to(TESTS)}: {needle}")
    assert offenders == []
