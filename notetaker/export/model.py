"""The neutral report model: what a report says, before any file format.

:func:`build_report` walks a note's template and turns its sections into a
flat list of headings, paragraphs, metadata blocks and tables;
:mod:`.compendium` strings several of them together as chapters. Each
renderer (:mod:`.docx`, :mod:`.markdown`, and :mod:`.pdf` through Word) only
lays this model out; none of them looks at the template, the database or the
roster. Text is kept exactly as stored: renderers sanitize for their own
format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..domain import Delegation, DelegationKind, Event, Item, Note, SectionKind
from ..i18n import translations
from ..richtext import Block, BlockStyle, Run
from ..roster import acronym, display_name
from ..templates import SectionSpec, Template
from .meta import CONTENTS, cover_for, event_field_value, metadata

ParagraphStyle = Literal["body", "bullet", "numbered", "quote"]

_STYLE_OF_BLOCK: dict[BlockStyle, ParagraphStyle] = {
    BlockStyle.PARAGRAPH: "body",
    BlockStyle.BULLET: "bullet",
    BlockStyle.NUMBERED: "numbered",
}


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1 to 3
    text: str
    key: str = ""  # the template section it comes from, for anchors
    chapter: bool = False  # a compendium chapter: starts a new page


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


@dataclass(frozen=True, slots=True)
class MetaEntry:
    """One fact of the metadata block: "Venue: Mexico City, Mexico".

    A ``long`` value (an objective, a participants' profile) is printed under
    its label as its own paragraphs; a tuple value as a numbered list.
    """

    label: str
    value: str | tuple[str, ...]
    long: bool = False


@dataclass(frozen=True, slots=True)
class Meta:
    """A metadata block inside the body (each chapter of a compendium has one)."""

    entries: tuple[MetaEntry, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(self.entries))


@dataclass(frozen=True, slots=True)
class Cover:
    """A cover page: the title, a subtitle and a few centred lines (dates, venue...)."""

    title: str
    subtitle: str = ""
    lines: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(line for line in self.lines if line.strip()))


ReportBlock = Heading | Paragraph | Table | Meta


def _entry(value: MetaEntry | tuple[str, str]) -> MetaEntry:
    if isinstance(value, MetaEntry):
        return value
    label, text = value
    return MetaEntry(str(label), str(text))


@dataclass(frozen=True, slots=True)
class Report:
    """A whole report: title block (or cover), optional contents, then the blocks.

    ``toc`` is the title of the table of contents ("" for none), listing
    headings down to ``toc_levels``; ``header`` is the running header (the
    title when empty).
    """

    title: str
    subtitle: str = ""
    lang: str = "en"
    meta: tuple[MetaEntry, ...] = ()  # the metadata block under the title
    blocks: tuple[ReportBlock, ...] = field(default_factory=tuple)
    cover: Cover | None = None
    toc: str = ""
    header: str = ""
    toc_levels: int = 2  # heading levels the contents list

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", tuple(_entry(m) for m in self.meta))
        object.__setattr__(self, "blocks", tuple(self.blocks))

    @property
    def header_text(self) -> str:
        return self.header or self.title

    def headings(self, max_level: int = 3) -> list[Heading]:
        """The headings a table of contents lists, in order."""
        return [b for b in self.blocks if isinstance(b, Heading) and b.level <= max_level]


# -- sections -------------------------------------------------------------


def _paragraphs(blocks: Iterable[Block], style: ParagraphStyle | None = None) -> list[Paragraph]:
    """Non-empty blocks as paragraphs; ``style`` overrides the blocks' own style."""
    return [
        Paragraph(block.runs, style or _STYLE_OF_BLOCK[block.style])
        for block in blocks
        if block.text.strip()
    ]


def names(
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


def _authors(item: Item) -> list[str]:
    """Who wrote ``item``: its author, or the authors it was merged from."""
    seen: list[str] = []
    for name in (item.author, *(p.author for p in item.provenance)):
        name = name.strip()
        if name and name not in seen:
            seen.append(name)
    return seen


def _files(item: Item, authors: list[str]) -> list[str]:
    """The exchange files ``item`` was merged from, as its provenance names them, in the order
    of their authors."""
    rank = {name: k for k, name in enumerate(authors)}
    ordered = sorted(item.provenance, key=lambda p: rank.get(p.author.strip(), len(rank)))
    return list(dict.fromkeys(p.file.strip() for p in ordered if p.file.strip()))


def _credited(paragraphs: list[Paragraph], item: Item, provenance: bool) -> list[Paragraph]:
    """With ``provenance``, the last paragraph ends with the item's author in italics, and the
    files it was merged from: "[Ana, Luis] (ana.sidenotes, luis.sidenotes)"."""
    authors = _authors(item) if provenance else []
    if not authors or not paragraphs:
        return paragraphs
    tag = f" [{', '.join(authors)}]"
    files = _files(item, authors)
    if files:
        tag += f" ({', '.join(files)})"
    last = paragraphs[-1]
    return [*paragraphs[:-1], Paragraph((*last.runs, Run(tag, italic=True)), last.style)]


def _highlights(
    spec: SectionSpec, items: list[Item], roster: Mapping[str, Delegation], lang: str, provenance: bool
) -> Table:
    rows = []
    for item in items:
        if item.body.is_empty() and not item.delegations:
            continue
        credit = "; ".join(names(item.delegations, roster, lang, short=True))
        body = _credited(_paragraphs(item.body.blocks), item, provenance)
        rows.append((tuple(body), (Paragraph((Run(credit),)),) if credit else ()))
    return Table((spec.title(lang), spec.attribution_title(lang)), tuple(rows), spec.key)


def _intervention(item: Item, roster: Mapping[str, Delegation], lang: str, provenance: bool) -> list[Paragraph]:
    speaker = names(item.delegations[:1], roster, lang)
    label = speaker[0] if speaker else ""
    person = item.person.strip()
    if person:
        label = f"{label} ({person})" if label else person
    body = _paragraphs(item.body.blocks)
    lead = (Run(f"{label}: ", bold=True),) if label else ()
    if not body:
        return [Paragraph(lead)] if lead else []
    first, rest = body[0], body[1:]
    return _credited([Paragraph(lead + first.runs, "body"), *rest], item, provenance)


def _event_field(spec: SectionSpec, event: Event) -> list[Paragraph]:
    value = event_field_value(event, spec.event_field) if spec.event_field else ""
    lines = [value] if isinstance(value, str) else list(value)
    lines = [line for text in lines for line in text.split("\n") if line.strip()]
    if isinstance(value, tuple):
        style: ParagraphStyle = "bullet" if spec.kind is SectionKind.ITEMS else "numbered"
    else:
        style = "bullet" if spec.kind is SectionKind.ITEMS else "body"
    return [Paragraph((Run(line),), style) for line in lines]


def section_blocks(
    spec: SectionSpec,
    depth: int,
    event: Event,
    note: Note,
    roster: Mapping[str, Delegation],
    lang: str,
    provenance: bool = False,
) -> list[ReportBlock]:
    """The blocks of one section; ``depth`` 0 is a top-level heading (Heading 1)."""
    out: list[ReportBlock] = []
    items = note.section_items(spec.key)
    if spec.kind is SectionKind.HIGHLIGHTS:
        # The table's header row carries the section title: no separate heading.
        return [_highlights(spec, items, roster, lang, provenance)]
    from_event = _event_field(spec, event) if spec.kind in (SectionKind.TEXT, SectionKind.ITEMS) else []
    if spec.event_field and not from_event and all(item.body.is_empty() for item in items):
        return []  # an event-record section with nothing to say is left out, heading and all
    if spec.show_title:
        out.append(Heading(min(depth + 1, 3), spec.title(lang), spec.key))
    out.extend(from_event)
    if spec.kind is SectionKind.TEXT:
        for item in items:
            out.extend(_credited(_paragraphs(item.body.blocks), item, provenance))
    elif spec.kind is SectionKind.ITEMS:
        for item in items:
            paragraphs = _paragraphs(item.body.blocks)
            if paragraphs:
                paragraphs[0] = Paragraph(paragraphs[0].runs, "bullet")
            out.extend(_credited(paragraphs, item, provenance))
    elif spec.kind is SectionKind.INTERVENTIONS:
        for item in items:
            out.extend(_intervention(item, roster, lang, provenance))
    return out


def body_blocks(
    event: Event, note: Note, template: Template, roster: Mapping[str, Delegation], lang: str, shift: int = 0
) -> list[ReportBlock]:
    """Every section of ``note`` in template order; ``shift`` pushes headings down (chapters)."""
    blocks: list[ReportBlock] = []

    def add(spec: SectionSpec, depth: int) -> None:
        start = len(blocks)
        blocks.extend(section_blocks(spec, depth, event, note, roster, lang, template.provenance))
        if spec.kind is SectionKind.GROUP:
            heading_only = len(blocks) - start
            for child in spec.children:
                add(child, depth + 1)
            # A group whose sections all dropped out (empty event-record sections) goes too.
            if len(blocks) - start == heading_only and all(c.event_field for c, _d in spec.walk() if c is not spec):
                del blocks[start:]

    for spec in template.sections:
        add(spec, shift)
    return blocks


def build_report(
    event: Event, note: Note, template: Template, roster: Mapping[str, Delegation], lang: str = "en"
) -> Report:
    """The report of one note, from plain domain objects (no database access)."""
    return Report(
        title=event.title,
        subtitle=template.title(lang),
        lang=lang,
        meta=tuple(metadata(event, note, template, lang)),
        blocks=tuple(body_blocks(event, note, template, roster, lang)),
        cover=cover_for(event, template, lang) if template.cover else None,
        toc=translations(lang).gettext(CONTENTS) if template.toc else "",
    )
