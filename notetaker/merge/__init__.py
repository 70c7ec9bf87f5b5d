"""Merging several notetakers' notes of one event (no Qt, no database).

:func:`merge` aligns the notes and proposes one merged note plus the decisions
left to the rapporteur; :func:`resolve` applies the rapporteur's choices;
:func:`finalize` gives a real merge's items uids of their own. See
:mod:`.engine` for the rules and :mod:`.files` for merging exchange files.
"""

from .engine import MERGE_NAMESPACE, content_key, derived_uid, merge
from .model import (
    Candidate,
    Choice,
    Decision,
    DecisionKind,
    MergeError,
    MergeOptions,
    MergeResult,
    Resolution,
    Row,
    Source,
)
from .resolve import Resolved, finalize, resolve, resolve_detailed

__all__ = [
    "MERGE_NAMESPACE",
    "Candidate",
    "Choice",
    "Decision",
    "DecisionKind",
    "MergeError",
    "MergeOptions",
    "MergeResult",
    "Resolution",
    "Resolved",
    "Row",
    "Source",
    "content_key",
    "derived_uid",
    "finalize",
    "merge",
    "resolve",
    "resolve_detailed",
]
