"""Persistence: the only package that speaks SQL.

Reads are plain ``sqlite3`` (:mod:`.reads`); writes use SQLAlchemy's ORM
(:mod:`.orm`), which is imported the first time a service writes.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from .db import Database, StorageError, resolve_path

__all__ = ["Database", "StorageError", "lazy_orm", "resolve_path"]

_ORM = f"{__name__}.orm"


def lazy_orm() -> ModuleType:
    """The module :mod:`.orm`, executed (importing SQLAlchemy) on its first attribute access."""
    module = sys.modules.get(_ORM)
    if module is not None:
        return module
    spec = importlib.util.find_spec(_ORM)
    assert spec is not None and spec.loader is not None
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[_ORM] = module
    spec.loader.exec_module(module)
    return module
