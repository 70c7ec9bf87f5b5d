"""Services own the transactions and hand out plain domain objects."""

from .base import Changed, NotFound, ServiceError, ValidationError
from .delegations import DelegationService
from .events import EventService
from .exchange import ExchangeService, ImportPlan, ImportRefused
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
