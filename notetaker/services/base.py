"""What every service shares: results with change-sets, and user-facing errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from ..domain import ChangeSet

T = TypeVar("T")


class ServiceError(Exception):
    """An error whose message is written for the user."""


class NotFound(ServiceError):
    pass


class ValidationError(ServiceError):
    pass


@dataclass(frozen=True, slots=True)
class Changed(Generic[T]):
    """The value a mutation produced and what it changed."""

    value: T
    changes: ChangeSet
