"""What a merge takes and gives: sources, decisions, choices and the proposed result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from ..domain import Item, Note, OpenDecision, Provenance, SectionKind
from ..i18n import _
from ..richtext import RichText


class MergeError(ValueError):
    """Notes that cannot be merged together (another event, another template); one line."""


class DecisionKind(StrEnum):
    #: One item (same uid) whose versions differ and none is clearly the newest.
    CONFLICT = "conflict"
    #: One item whose newer version replaced older ones (resolved automatically).
    UPDATE = "update"
    #: Different items that seem to record the same point.
    DUPLICATE = "duplicate"
    #: Several bodies for one text section, which holds a single body.
    TEXT = "text"


class Resolution(StrEnum):
    ACCEPT = "accept"  # keep one candidate (the proposal unless another is chosen)
    KEEP_ALL = "keep_all"  # keep every candidate ("keep both"); a text section joins them
    DROP = "drop"  # keep none of them
    EDIT = "edit"  # keep one candidate with a new body


@dataclass(frozen=True, slots=True)
class MergeOptions:
    #: Two interventions of the same speaker closer than this are duplicate candidates.
    time_window: timedelta = timedelta(minutes=2)
    #: Dice similarity of normalized tokens from which two texts are near-duplicates.
    similarity: float = 0.6
    #: In a section of more than ``window_from`` items, near-duplicate texts are looked for
    #: among items said or written at most ``text_window`` apart (overlapping turns write the
    #: same point at about the same time), to keep very large merges fast; smaller sections
    #: (every real session) compare every pair. None: always every pair.
    text_window: timedelta | None = timedelta(minutes=60)
    window_from: int = 2000


@dataclass(frozen=True, slots=True)
class Source:
    """One input note and where it came from, for provenance: the file it was read from ("" if
    none), or ``files``, the file each of its items was imported from (item uid -> name).
    ``decisions`` are those an earlier merge left open in it (a merged note's), taken up again."""

    note: Note
    file: str = ""
    event_uid: str = ""
    decisions: tuple[OpenDecision, ...] = ()
    files: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One option of a decision: an item (a version, or a distinct item) and who has it."""

    item: Item
    sources: tuple[int, ...]  # indexes into MergeResult.sources


@dataclass(frozen=True, slots=True)
class Decision:
    id: str  # stable: the same inputs give the same id, in any order
    kind: DecisionKind
    section: str
    candidates: tuple[Candidate, ...]  # in reading order
    proposal: int  # the candidate kept by ACCEPT unless the rapporteur picks another
    default: Resolution  # what the proposed note applies
    reason: str
    score: float = 1.0
    auto: bool = False  # unambiguous: resolved without asking

    @property
    def open(self) -> bool:
        return not self.auto

    def describe(self) -> str:
        kinds = {
            DecisionKind.CONFLICT: _("conflicting versions"),
            DecisionKind.UPDATE: _("newer version"),
            DecisionKind.DUPLICATE: _("possible duplicates"),
            DecisionKind.TEXT: _("several bodies for one text"),
        }
        return _("{kind} in {section}: {reason}").format(kind=kinds[self.kind], section=self.section, reason=self.reason)


@dataclass(frozen=True, slots=True)
class Choice:
    resolution: Resolution
    keep: int | None = None  # candidate index for ACCEPT / EDIT; None = the proposal
    body: RichText | None = None  # the new body for EDIT


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the side-by-side view: an item, or the candidates of one decision."""

    section: str
    cells: tuple[tuple[Item, ...], ...]  # per source (MergeResult.sources order)
    decisions: tuple[str, ...] = ()  # ids of the decisions this row shows (group first, then conflicts)


@dataclass(frozen=True, slots=True)
class MergeResult:
    sources: tuple[Source, ...]  # canonical order (by note uid), duplicates of one note kept apart
    note: Note  # the proposed merged note: every open decision at its default
    decisions: tuple[Decision, ...]  # every decision, automatic ones included, in reading order
    #: One item per entry (same-uid occurrences reconciled), in reading order, section by
    #: section: what :func:`notetaker.merge.resolve` works from.
    slots: tuple[Item, ...] = field(default_factory=tuple)
    #: For each slot uid, the provenance of every occurrence (notetaker, note, item, file).
    provenance: dict[str, tuple[Provenance, ...]] = field(default_factory=dict)
    kinds: dict[str, SectionKind] = field(default_factory=dict)  # the template's section kinds

    @property
    def open_decisions(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.open)

    def decision(self, decision_id: str) -> Decision:
        for d in self.decisions:
            if d.id == decision_id:
                return d
        raise KeyError(decision_id)
