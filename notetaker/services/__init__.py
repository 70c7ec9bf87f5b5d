"""Services own the transactions and hand out plain domain objects.

The exchange service (and with it SQLAlchemy) is imported when first asked for.
"""

from typing import Any

from .base import Changed, NotFound, ServiceError, ValidationError
from .delegations import DelegationService
from .events import EventService
from .notes import UNSET, NoteService
from .state import StateService

__all__ = [
    "UNSET",
    "Changed",
    "DelegationService",
    "EventService",
    "ExchangeService",
    "ImportPlan",
    "ImportRefused",
    "NotFound",
    "NoteService",
    "ServiceError",
    "StateService",
    "ValidationError",
]

_LAZY = {"ExchangeService", "ImportPlan", "ImportRefused"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import exchange

        return getattr(exchange, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
