"""The neutral report model: what a report says, before any file format.

:func:`build_note_report` walks a note's template and turns its sections into
a flat list of headings, paragraphs and tables. Each renderer (Word today,
PDF and Markdown later) only lays this model out; none of them looks at the
template, the database or the roster. Text is kept exactly as stored:
renderers sanitize for their own format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format

from ..domain import Delegation, DelegationKind, Event, Item, Note, SectionKind
from ..i18n import N_, translations
from ..richtext import Block, BlockStyle, Run
from ..roster import acronym, display_name
from ..templates import SectionSpec, Template
from ..timezones import offset_label, to_local

if TYPE_CHECKING:
    from ..core import Core

ParagraphStyle = Literal["body", "bullet", "numbered"]

_STYLE_OF_BLOCK: dict[BlockStyle, ParagraphStyle] = {
    BlockStyle.PARAGRAPH: "body",
    BlockStyle.BULLET: "bullet",
    BlockStyle.NUMBERED: "numbered",
}


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1 or 2
    text: str
    key: str = ""  # the template section it comes from, for anchors


@dataclass(frozen=True, slots=True)
class Paragraph:
    runs: tuple[Run, ...]
    style: ParagraphStyle = "body"

    def __post_init__(self) -> None:
        object.__setattr__(self, "runs", tuple(self.runs))

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


Cell = tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A two-column table (the highlights): a header row, then body rows."""

    header: tuple[str, str]
    rows: tuple[tuple[Cell, Cell], ...] = ()
    key: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "header", tuple(self.header))
        object.__setattr__(self, "rows", tuple((tuple(a), tuple(b)) for a, b in self.rows))


ReportBlock = Heading | Paragraph | Table


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    subtitle: str = ""
    lang: str = "en"
    meta: tuple[tuple[str, str], ...] = ()  # (label, value) lines under the title
    blocks: tuple[ReportBlock, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", tuple((str(k), str(v)) for k, v in self.meta))
        object.__setattr__(self, "blocks", tuple(self.blocks))


# -- labels (marked for extraction, translated in the report's language) ------

LABELS = {
    "starts_at": N_("Date and time"),
    "ends_at": N_("End"),
    "notetakers": N_("Notetakers"),
    "venue": N_("Venue"),
    "series": N_("Series"),
    "kind": N_("Type of event"),
    "convener": N_("Convener"),
    "languages": N_("Languages"),
}
VIRTUAL = N_("Virtual")
KIND_LABELS = {
    "side_event": N_("Side event"),
    "webinar": N_("Webinar"),
    "workshop": N_("Workshop"),
    "training_workshop": N_("Training workshop"),
    "virtual_meeting": N_("Virtual meeting"),
    "plenary_meeting": N_("Plenary meeting"),
    "working_group_meeting": N_("Working-group meeting"),
    "vice_ministerial_meeting": N_("Vice-ministerial meeting"),
    "dialogue_forum": N_("Dialogue forum"),
    "meeting": N_("Meeting"),
}


def _locale(lang: str) -> Locale:
    for candidate in (lang.replace("-", "_"), lang.replace("-", "_").split("_")[0], "en"):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return Locale("en")


def format_instant(instant: datetime, zone: str, lang: str) -> str:
    """'May 19, 2022, 12:30 PM (GMT-6)' in ``lang``, shown in the event's zone."""
    locale = _locale(lang)
    local = to_local(instant, zone)
    date = format_date(local, "long", locale=locale)
    time = format_time(local, "short", locale=locale)
    text = get_datetime_format("long", locale=locale).replace("'", "").format(time, date)
    # CLDR puts a narrow no-break space before AM/PM; plain spaces read the same everywhere.
    return f"{text} ({offset_label(instant, zone)})".replace("\u202f", " ")


def _meta(event: Event, note: Note, template: Template, lang: str) -> list[tuple[str, str]]:
    gettext = translations(lang).gettext
    locale = _locale(lang)
    out: list[tuple[str, str]] = []
    for name in template.header_fields:
        value = ""
        if name in ("starts_at", "ends_at"):
            instant = getattr(event, name)
            value = format_instant(instant, event.timezone, lang) if instant else ""
        elif name == "notetakers":
            value = ", ".join(note.notetakers)
        elif name == "venue":
            country = locale.territories.get(event.venue_country, event.venue_country) if event.venue_country else ""
            value = ", ".join(p for p in (event.venue_city, country) if p)
            if event.is_virtual:
                value = ", ".join(p for p in (value, gettext(VIRTUAL)) if p)
        elif name == "series":
            value = event.series
        elif name == "kind":
            value = gettext(KIND_LABELS.get(event.kind.value, event.kind.value))
        elif name == "convener":
            value = event.convener
        elif name == "languages":
            value = ", ".join(locale.languages.get(code, code) for code in event.languages)
        if value.strip():
            out.append((gettext(LABELS[name]), value))
    return out


# -- sections -------------------------------------------------------------


def _paragraphs(blocks: Iterable[Block], style: ParagraphStyle | None = None) -> list[Paragraph]:
    """Non-empty blocks as paragraphs; ``style`` overrides the blocks' own style."""
    return [
        Paragraph(block.runs, style or _STYLE_OF_BLOCK[block.style])
        for block in blocks
        if block.text.strip()
    ]


def _names(
    codes: Iterable[str], roster: Mapping[str, Delegation], lang: str, short: bool = False
) -> list[str]:
    """Display names; with ``short``, organisations go by their acronym (IOM, ACNUR)."""
    out = []
    for code in codes:
        d = roster.get(code)
        if d is None:
            out.append(code)
        elif short and d.kind in (DelegationKind.ORGANIZATION, DelegationKind.CIVIL_SOCIETY) and acronym(d, lang):
            out.append(acronym(d, lang))
        else:
            out.append(display_name(d, lang))
    return out


def _highlights(spec: SectionSpec, items: list[Item], roster: Mapping[str, Delegation], lang: str) -> Table:
    rows = []
    for item in items:
        if item.body.is_empty() and not item.delegations:
            continue
        credit = "; ".join(_names(item.delegations, roster, lang, short=True))
        rows.append((tuple(_paragraphs(item.body.blocks)), (Paragraph((Run(credit),)),) if credit else ()))
    return Table((spec.title(lang), spec.attribution_title(lang)), tuple(rows), spec.key)


def _intervention(item: Item, roster: Mapping[str, Delegation], lang: str) -> list[Paragraph]:
    speaker = _names(item.delegations[:1], roster, lang)
    label = speaker[0] if speaker else ""
    person = item.person.strip()
    if person:
        label = f"{label} ({person})" if label else person
    body = _paragraphs(item.body.blocks)
    lead = (Run(f"{label}: ", bold=True),) if label else ()
    if not body:
        return [Paragraph(lead)] if lead else []
    first, rest = body[0], body[1:]
    return [Paragraph(lead + first.runs, "body"), *rest]


def _section_blocks(
    spec: SectionSpec, depth: int, note: Note, roster: Mapping[str, Delegation], lang: str
) -> list[ReportBlock]:
    out: list[ReportBlock] = []
    items = note.section_items(spec.key)
    if spec.kind is SectionKind.HIGHLIGHTS:
        # The table's header row carries the section title: no separate heading.
        return [_highlights(spec, items, roster, lang)]
    if spec.show_title:
        out.append(Heading(min(depth + 1, 2), spec.title(lang), spec.key))
    if spec.kind is SectionKind.TEXT:
        for item in items:
            out.extend(_paragraphs(item.body.blocks))
    elif spec.kind is SectionKind.ITEMS:
        for item in items:
            paragraphs = _paragraphs(item.body.blocks)
            if paragraphs:
                out.append(Paragraph(paragraphs[0].runs, "bullet"))
                out.extend(paragraphs[1:])
    elif spec.kind is SectionKind.INTERVENTIONS:
        for item in items:
            out.extend(_intervention(item, roster, lang))
    return out


def build_report(
    event: Event, note: Note, template: Template, roster: Mapping[str, Delegation], lang: str = "en"
) -> Report:
    """The report of one note, from plain domain objects (no database access)."""
    blocks: list[ReportBlock] = []
    for spec, depth in template.walk():
        blocks.extend(_section_blocks(spec, depth, note, roster, lang))
    return Report(
        title=event.title,
        subtitle=template.title(lang),
        lang=lang,
        meta=tuple(_meta(event, note, template, lang)),
        blocks=tuple(blocks),
    )


def build_note_report(core: Core, note_id: int, lang: str = "en") -> Report:
    """The report of note ``note_id`` in ``lang``."""
    note = core.notes.get(note_id)
    event = core.events.get(note.event_id)
    template = core.templates.get(note.template_id)
    return build_report(event, note, template, core.delegations.by_code(), lang)

