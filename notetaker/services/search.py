"""Full-text search across events and notes, grouped by event and section.

The index lives in the database (:mod:`notetaker.storage.fulltext`) and is
kept in sync there; this service only reads it, through :mod:`notetaker.storage.search`. Results are plain objects:
events (most recent first), their sections (in template order) and the
matching entries with a snippet whose matches are given as character spans.
Entries are taken newest first up to ``limit``; ``total`` says how many match.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ..i18n import N_, _, current_language
from ..richtext import RichText
from ..roster import display_name, fold, match, search_keys
from ..storage import Database, reads
from ..storage import search as matches
from ..storage.fulltext import split_event_rowid
from ..storage.search import COUNT_CAP
from ..templates import TemplateLibrary
from ..timezones import to_local
from .base import ValidationError
from .delegations import DelegationService
from .search_query import QueryError, to_fts

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
SNIPPET_TOKENS = 16
PLAIN_SNIPPET_CHARS = 160
EVENT_SECTION_PREFIX = "event:"

#: Titles of the event fields that are searched, by field name.
EVENT_FIELD_TITLES = {
    "title": N_("Title"),
    "general_objectives": N_("General objectives"),
    "specific_objectives": N_("Specific objectives"),
    "participants_profile": N_("Participants' profile"),
    "desired_results": N_("Desired results"),
    "comments": N_("Comments"),
    "convener": N_("Convener"),
}
_EVENT_FIELD_ORDER = {name: i for i, name in enumerate(EVENT_FIELD_TITLES)}

Span = tuple[int, int]
Hit = tuple[int, str, tuple[Span, ...]]  # index rowid, snippet, highlighted spans


@dataclass(frozen=True, slots=True)
class SearchFilters:
    delegation: str | None = None  # a delegation code: items attributed to it or spoken by it
    series: str | None = None  # compared without case or accents
    date_from: date | None = None  # the event's local start date, inclusive
    date_to: date | None = None

    def __bool__(self) -> bool:
        return any((self.delegation, self.series, self.date_from, self.date_to))


@dataclass(frozen=True, slots=True)
class SearchHit:
    event_id: int
    note_id: int | None  # None for a match in the event's own fields
    item_id: int | None
    section: str  # a template section key, or "event:<field>"
    snippet: str
    highlights: tuple[Span, ...] = ()  # [start, end) character spans of ``snippet``
    delegations: tuple[str, ...] = ()
    person: str = ""
    position: int = 0


@dataclass(frozen=True, slots=True)
class SectionHits:
    note_id: int | None
    section: str
    title: str
    notetakers: tuple[str, ...]
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True, slots=True)
class EventHits:
    event_id: int
    title: str
    series: str
    starts_at: datetime | None  # aware UTC
    timezone: str
    sections: tuple[SectionHits, ...]

    @property
    def hit_count(self) -> int:
        return sum(len(s.hits) for s in self.sections)


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    filters: SearchFilters
    events: tuple[EventHits, ...] = ()
    total: int = 0  # entries matching, shown or not (counted up to COUNT_CAP + 1)
    shown: int = 0

    @property
    def truncated(self) -> bool:
        return self.shown < self.total

    @property
    def total_is_lower_bound(self) -> bool:
        """True when there are more than :data:`COUNT_CAP` matches: ``total`` is then not exact."""
        return self.total > COUNT_CAP


_MARKED = re.compile(f"{MARK_OPEN}([^{MARK_CLOSE}]*){MARK_CLOSE}")


def parse_snippet(marked: str) -> tuple[str, tuple[Span, ...]]:
    """Strip the match markers from an FTS snippet; the text and the spans they marked."""
    spans = []
    for n, m in enumerate(_MARKED.finditer(marked)):
        start = m.start() - 2 * n
        if m.end() - m.start() > 2:
            spans.append((start, start + m.end() - m.start() - 2))
    return marked.replace(MARK_OPEN, "").replace(MARK_CLOSE, ""), tuple(spans)


def _utc(value: Any) -> datetime:
    """A timestamp as stored (naive UTC text) as an aware datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC)


def _json_list(value: Any) -> list[str]:
    try:
        data = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return [str(v) for v in data] if isinstance(data, list) else []


def _plain_snippet(body: str) -> str:
    try:
        plain = " ".join(RichText.from_json(body).to_plain().split())
    except (ValueError, TypeError):
        return ""
    if len(plain) <= PLAIN_SNIPPET_CHARS:
        return plain
    return plain[:PLAIN_SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


class SearchService:
    def __init__(self, db: Database, templates: TemplateLibrary, delegations: DelegationService):
        self._db = db
        self._templates = templates
        self._delegations = delegations
        self._orders: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}

    # -- helpers for front ends --------------------------------------------------
    def resolve_delegation(self, text_: str) -> str:
        """The code of the delegation a user named ("GT", "Guatemala", "gua"...)."""
        wanted = text_.strip()
        roster = self._delegations.all()
        for d in roster:
            if d.code.casefold() == wanted.casefold():
                return d.code
        found = match(roster, wanted)
        if not wanted or not found:
            raise ValidationError(_("No delegation matches '{text}'.").format(text=wanted))
        folded = fold(wanted)
        exact = [
            d for d in found
            if folded in {fold(display_name(d, lang)) for lang in ("en", "es")}
            | {fold(a) for a in d.acronyms.values()}
        ]
        prefix = [
            d for d in found
            if any(k.startswith(folded) or any(w.startswith(folded) for w in k.split()) for k in search_keys(d))
        ]
        for candidates in (exact, prefix, found):
            if len(candidates) == 1:
                return candidates[0].code
        names = ", ".join(f"{display_name(d, current_language())} ({d.code})" for d in found[:5])
        raise ValidationError(
            _("'{text}' matches several delegations: {names}; give its code.").format(text=wanted, names=names)
        )

    def series_names(self) -> list[str]:
        with self._db.reading() as con:
            names = reads.series_names(con)
        return sorted(names, key=fold)

    # -- the search -------------------------------------------------------------------
    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        *,
        limit: int = 200,
        lang: str | None = None,
    ) -> SearchResults:
        """Entries matching ``query`` (see :mod:`.search_query`) and ``filters``.

        An empty query with at least one filter lists every entry the filters
        select (e.g. everything a delegation said). Raises :class:`QueryError`
        (a :class:`ValidationError`) for a query that cannot be understood.
        """
        filters = filters or SearchFilters()
        lang = lang or current_language()
        query = query.strip()
        if not query and not filters:
            raise QueryError(_("Type a word to search for."))
        fts = to_fts(query) if query else None
        limit = max(1, limit)
        with self._db.reading() as con:
            event_ids = self._event_ids(con, filters)
            if event_ids is not None and not event_ids:
                return SearchResults(query, filters)
            try:
                items, total = self._item_hits(con, fts, filters, event_ids, limit)
                events: list[Hit] = []
                if fts is not None and not filters.delegation:
                    events, event_total = self._event_field_hits(con, fts, event_ids, limit)
                    total += event_total
            except matches.QueryFailed as exc:  # a safety net: to_fts quotes every term
                raise QueryError(_("This search cannot be run: {error}").format(error=exc)) from exc
            grouped = self._group(con, items, events, lang)
        return SearchResults(query, filters, grouped, total, len(items) + len(events))

    @staticmethod
    def _event_ids(con: sqlite3.Connection, filters: SearchFilters) -> list[int] | None:
        """Events passing the series and date filters; None when there are none."""
        if not (filters.series or filters.date_from or filters.date_to):
            return None
        wanted = fold(filters.series.strip()) if filters.series else None
        out = []
        for event_id, series, starts_at, zone in matches.event_dates(con):
            if wanted is not None and fold((series or "").strip()) != wanted:
                continue
            if filters.date_from or filters.date_to:
                if starts_at is None:
                    continue
                day = to_local(_utc(starts_at), zone).date()
                if filters.date_from and day < filters.date_from:
                    continue
                if filters.date_to and day > filters.date_to:
                    continue
            out.append(event_id)
        return out

    @staticmethod
    def _item_hits(
        con: sqlite3.Connection, fts: str | None, filters: SearchFilters, event_ids: list[int] | None, limit: int
    ) -> tuple[list[Hit], int]:
        """(item id, snippet, spans) newest first, and how many match in all."""
        rows, total = matches.item_matches(
            con, fts, filters.delegation, event_ids, limit, (MARK_OPEN, MARK_CLOSE), SNIPPET_TOKENS
        )
        if fts is None:
            return [(rowid, _plain_snippet(body), ()) for rowid, body in rows], total
        return [(rowid, *parse_snippet(snippet)) for rowid, snippet in rows], total

    @staticmethod
    def _event_field_hits(
        con: sqlite3.Connection, fts: str, event_ids: list[int] | None, limit: int
    ) -> tuple[list[Hit], int]:
        rows, total = matches.event_field_matches(con, fts, event_ids, limit, (MARK_OPEN, MARK_CLOSE), SNIPPET_TOKENS)
        return [(rowid, *parse_snippet(snippet)) for rowid, snippet in rows], total

    # -- grouping ---------------------------------------------------------------------
    def _group(self, con: sqlite3.Connection, items: list[Hit], event_fields: list[Hit], lang: str) -> tuple[EventHits, ...]:
        ids = [i[0] for i in items]
        meta = matches.item_facts(con, ids)
        codes = matches.item_delegations(con, ids)

        sections: dict[int, dict[tuple[Any, ...], list[SearchHit]]] = defaultdict(lambda: defaultdict(list))
        info: dict[tuple[Any, ...], tuple[str, tuple[str, ...]]] = {}
        notetakers_of: dict[int, tuple[str, ...]] = {}
        for item_id, snippet, spans in items:
            m = meta.get(item_id)
            if m is None:
                continue
            _id, note_id, section, position, person, event_id, template_id, notetakers = m
            order, title = self._section_order(template_id, section, lang)
            key = (1, note_id, order, section)
            if key not in info:
                info[key] = (title, notetakers_of.get(note_id) or notetakers_of.setdefault(note_id, tuple(_json_list(notetakers))))
            sections[event_id][key].append(SearchHit(
                event_id, note_id, item_id, section, snippet, spans, tuple(codes.get(item_id, ())), person or "", position,
            ))
        for rowid, snippet, spans in event_fields:
            event_id, name = split_event_rowid(rowid)
            key = (0, 0, _EVENT_FIELD_ORDER.get(name, 99), EVENT_SECTION_PREFIX + name)
            info[key] = (_(EVENT_FIELD_TITLES.get(name, name)), ())
            sections[event_id][key].append(SearchHit(event_id, None, None, key[3], snippet, spans))
        if not sections:
            return ()
        out = []
        for event_id, title, series, starts_at, zone in matches.event_heads(con, list(sections)):
            groups = sections[event_id]
            out.append(EventHits(
                event_id, title, series or "", _utc(starts_at) if starts_at else None, zone or "UTC",
                tuple(
                    SectionHits(
                        key[1] or None, key[3], info[key][0], info[key][1],
                        tuple(sorted(groups[key], key=lambda h: (h.position, h.item_id or 0))),
                    )
                    for key in sorted(groups)
                ),
            ))
        out.sort(key=lambda e: (e.starts_at is None, -(e.starts_at.timestamp() if e.starts_at else 0), e.title.casefold(), e.event_id))
        return tuple(out)

    def _section_order(self, template_id: str, key: str, lang: str) -> tuple[int, str]:
        """A section's place in its template and its title (cached per template and language)."""
        cache_key = (template_id, lang)
        order = self._orders.get(cache_key)
        if order is None:
            try:
                template = self._templates.get(template_id)
            except KeyError:
                order = {}
            else:
                order = {spec.key: (i, spec.title(lang)) for i, (spec, _d) in enumerate(template.walk())}
            self._orders[cache_key] = order
        return order.get(key, (9999, key))


def hits_of(results: SearchResults) -> Iterable[SearchHit]:
    for event in results.events:
        for section in event.sections:
            yield from section.hits
