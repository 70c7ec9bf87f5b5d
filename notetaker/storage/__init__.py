"""Persistence: the only package that speaks SQL."""

from .db import Database, StorageError, resolve_url

__all__ = ["Database", "StorageError", "resolve_url"]
