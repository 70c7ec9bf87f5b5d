"""The layout is the architecture: modules small enough to read, the core apart from Qt."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAX_LINES = 600


def test_no_module_is_over_600_lines():
    long = {
        str(path.relative_to(REPO)): n
        for package in ("notetaker", "ui")
        for path in (REPO / package).rglob("*.py")
        if "migrations/versions" not in path.as_posix()
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"modules over {MAX_LINES} lines: {long}"


def test_every_ui_module_lives_in_its_capability_or_at_the_top():
    """``ui/`` has the sub-packages of docs/architecture.md and no others."""
    packages = {p.name for p in (REPO / "ui").iterdir() if (p / "__init__.py").is_file()}
    assert packages == {"editor", "merge", "search", "widgets"}
