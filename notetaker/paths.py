"""The one place that knows where run-time files live.

Installed from a wheel, the data folders ship inside the package as
``notetaker/_data/{resources,report_templates}``; in a source checkout they are
the top-level ``resources/`` and ``report_templates/`` folders. Nothing else in
the project builds a path to a shipped file.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

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
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return user_data_dir() / "notetaker.sqlite3"


def log_dir() -> Path:
    path = user_data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
