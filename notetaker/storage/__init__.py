"""Persistence: the only package that speaks SQL.

Reads are plain ``sqlite3`` (:mod:`.reads`); writes use SQLAlchemy (items through
:mod:`.items`, the rest through the ORM, :mod:`.orm`), which is imported the first
time a service writes.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from .db import Database, StorageError, resolve_path

__all__ = ["Database", "StorageError", "lazy_module", "resolve_path"]


def lazy_module(name: str) -> ModuleType:
    """The storage module ``name`` (``"orm"``, ``"items"``), executed (importing SQLAlchemy)
    on its first attribute access."""
    full = f"{__name__}.{name}"
    module = sys.modules.get(full)
    if module is not None:
        return module
    spec = importlib.util.find_spec(full)
    assert spec is not None and spec.loader is not None
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    spec.loader.exec_module(module)
    return module
