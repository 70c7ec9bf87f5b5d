"""The user's preferences: a small JSON file in the user data folder, shared by GUI and CLI.

They belong to the person, not to a notes database, so they are not in the
database's state table. A missing, unreadable or damaged file means "all
defaults"; writes are atomic.

``language``: the interface language ("" follows the system);
``report_language``: the default language of reports exported from the
interface ("" uses the interface language). Each export can still choose.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from . import paths
from .atomic import atomic_write_bytes

log = logging.getLogger(__name__)

FILE_NAME = "preferences.json"


@dataclass(frozen=True, slots=True)
class Preferences:
    language: str = ""
    report_language: str = ""


def preferences_path() -> Path:
    return paths.user_data_dir() / FILE_NAME


def load_preferences(path: Path | None = None) -> Preferences:
    """The saved preferences; defaults for anything missing or malformed."""
    path = path or preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable preferences %s: %s", path, exc)
        return Preferences()
    if not isinstance(data, dict):
        return Preferences()
    known = {f.name for f in fields(Preferences)}
    return Preferences(**{k: v for k, v in data.items() if k in known and isinstance(v, str)})


def save_preferences(prefs: Preferences, path: Path | None = None) -> None:
    """Write ``prefs`` atomically (a crash leaves the old file or the new one, never half)."""
    path = path or preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, json.dumps(asdict(prefs), ensure_ascii=False, indent=2).encode("utf-8"))
