"""The one place that knows where run-time files live.

Installed from a wheel, the data folders ship inside the package as
``notetaker/_data/{resources,report_templates}``; in a source checkout they are
the top-level ``resources/`` and ``report_templates/`` folders. Nothing else in
the project builds a path to a shipped file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "SideEventNotetaker"
APP_AUTHOR = "SideEventNotetaker"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_root() -> Path:
    shipped = _PACKAGE_DIR / "_data"
    if shipped.is_dir():
        return shipped
    return _PACKAGE_DIR.parent


def resources_dir() -> Path:
    """Folder of icons, styles, translations and data tables."""
    return _data_root() / "resources"


def resource(*parts: str) -> Path:
    """Path of one shipped resource file."""
    return resources_dir().joinpath(*parts)


def report_templates_dir() -> Path:
    """Folder of the built-in report templates and their Word style references."""
    return _data_root() / "report_templates"


def migrations_dir() -> Path:
    """Folder holding the Alembic environment and its versions."""
    return _PACKAGE_DIR / "storage" / "migrations"


def user_data_dir() -> Path:
    """Per-user data folder (database, backups, logs); created on demand."""
    override = os.environ.get("NOTETAKER_DATA_DIR")
    path = Path(override) if override else platform_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def platform_data_dir() -> Path:
    """Where the platform keeps an application's per-user data (platformdirs' answer)."""
    if sys.platform.startswith("linux"):
        # platformdirs' rule on Linux (XDG_DATA_HOME when absolute, else ~/.local/share),
        # without importing it: the import alone costs the start more than the rest of this module.
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
        return base / APP_NAME
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def default_database_path() -> Path:
    return user_data_dir() / "notetaker.sqlite3"


def log_dir() -> Path:
    path = user_data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
