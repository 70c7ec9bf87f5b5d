"""The hand-written validator of exchange files: parsed JSON in, a :class:`NoteDocument` out.

Every failure is an :class:`ExchangeError` naming the field by its JSON path
(``items[12].spoken_at``) and what was wrong, in one line. Unknown fields are
refused (except extension fields whose name starts with ``x-``, which are
ignored), so that a typo never silently loses data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, NoReturn, TypeVar

from ..domain import (
    Delegation,
    DelegationKind,
    Event,
    EventKind,
    Item,
    Note,
    NoteStatus,
    Provenance,
)
from ..i18n import _
from ..richtext import Block, BlockStyle, RichText, Run
from ..timezones import ZoneError, canonical_zone
from .document import (
    FORMAT_ID,
    MAX_DELEGATIONS,
    MAX_ITEMS,
    MAX_LIST,
    MAX_TEXT_BYTES,
    SCHEMA_VERSION,
    ExchangeError,
    NoteDocument,
    OpenDecision,
    content_hash,
)

T = TypeVar("T")

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_SECTION = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_TEMPLATE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_LANG = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_STYLES = {s.value: s for s in BlockStyle}


def _show(value: Any) -> str:
    """A short, one-line rendering of an offending value."""
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _type_name(value: Any) -> str:
    names = {dict: _("an object"), list: _("a list"), str: _("text"), bool: _("true/false"),
             int: _("a whole number"), float: _("a number"), type(None): _("null")}
    return names.get(type(value), type(value).__name__)


class Validator:
    """Walks the parsed JSON along the schema, building domain objects."""

    def __init__(self) -> None:
        self.codes: set[str] = set()

    # -- primitives ------------------------------------------------------------------------
    @staticmethod
    def fail(path: str, message: str) -> NoReturn:
        raise ExchangeError(f"{path}: {message}" if path else message)

    def obj(self, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, _("expected an object, got {what}").format(what=_type_name(value)))
        for key in required:
            if key not in value:
                self.fail(path, _("the field '{key}' is missing").format(key=key))
        if len(value) > len(required):
            allowed = set(required) | set(optional)
            for key in value:
                if key not in allowed and not key.startswith("x-"):
                    self.fail(path, _("unknown field '{key}'").format(key=key[:40]))
        return value

    def text(self, value: Any, path: str, *, required: bool = False, one_line: bool = False, limit: int | None = None) -> str:
        if not isinstance(value, str):
            self.fail(path, _("expected text, got {what}").format(what=_type_name(value)))
        if not value.isascii():
            if len(value) * 4 > MAX_TEXT_BYTES and len(value.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
                self._too_long(path, value)
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                self.fail(path, _("contains an unpaired surrogate (\\ud800-\\udfff), which is not text"))
        elif len(value) > MAX_TEXT_BYTES:
            self._too_long(path, value)
        if limit is not None and len(value) > limit:
            self.fail(path, _("is {n} characters long; at most {limit} are allowed").format(n=len(value), limit=limit))
        if required and not value.strip():
            self.fail(path, _("must not be empty"))
        if one_line and _CONTROL.search(value):
            self.fail(path, _("must not contain control characters or line breaks"))
        return value

    def _too_long(self, path: str, value: str) -> NoReturn:
        size = len(value.encode("utf-8", "surrogatepass"))
        self.fail(path, _("is a text of {size} bytes; one text is limited to {limit} MB").format(
            size=size, limit=MAX_TEXT_BYTES // (1024 * 1024)))

    def opt_text(self, data: dict[str, Any], key: str, path: str, **kw: Any) -> str:
        return self.text(data[key], f"{path}.{key}" if path else key, **kw) if key in data else ""

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, _("expected true or false, got {what}").format(what=_show(value)))
        return value

    def integer(self, value: Any, path: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, _("expected a whole number, got {what}").format(what=_show(value)))
        if not low <= value <= high:
            self.fail(path, _("must be between {low} and {high}, got {value}").format(low=low, high=high, value=value))
        return value

    def uid(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not _UUID.match(value):
            self.fail(path, _("expected a UUID such as 3f2b…-…, got {what}").format(what=_show(value)))
        return value.lower()

    def instant(self, value: Any, path: str) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, str) or len(value) > 40:
            self.fail(path, _("expected an ISO 8601 instant such as 2022-05-19T18:30:00Z, got {what}").format(what=_show(value)))
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail(path, _("expected an ISO 8601 instant such as 2022-05-19T18:30:00Z, got {what}").format(what=_show(value)))
        if parsed.tzinfo is None:
            self.fail(path, _("the instant {what} has no time zone (add Z or an offset)").format(what=_show(value)))
        return parsed.astimezone(UTC)

    def choice(self, value: Any, path: str, enum: Callable[[str], T], allowed: list[str]) -> T:
        if not isinstance(value, str) or value not in allowed:
            self.fail(path, _("expected one of {allowed}, got {what}").format(allowed=", ".join(allowed), what=_show(value)))
        return enum(value)

    def array(self, value: Any, path: str, limit: int) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, _("expected a list, got {what}").format(what=_type_name(value)))
        if len(value) > limit:
            self.fail(path, _("has {n} entries; at most {limit} are allowed").format(n=len(value), limit=limit))
        return value

    def texts(self, data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        if key not in data:
            return ()
        where = f"{path}.{key}"
        return tuple(self.text(v, f"{where}[{i}]") for i, v in enumerate(self.array(data[key], where, MAX_LIST)))

    def lang_table(self, value: Any, path: str, required: bool) -> dict[str, str]:
        if not isinstance(value, dict):
            self.fail(path, _("expected an object of language: text, got {what}").format(what=_type_name(value)))
        if len(value) > 50:
            self.fail(path, _("has {n} entries; at most {limit} are allowed").format(n=len(value), limit=50))
        out = {}
        for lang, text in value.items():
            if not _LANG.match(lang):
                self.fail(path, _("'{lang}' is not a language code such as en or es").format(lang=lang[:20]))
            out[lang] = self.text(text, f"{path}.{lang}", one_line=True, limit=500)
        if required and not any(v.strip() for v in out.values()):
            self.fail(path, _("needs at least one name"))
        return out

    def code(self, value: Any, path: str, known: bool = True) -> str:
        if not isinstance(value, str) or not value or len(value) > 32 or value != value.strip() or _CONTROL.search(value):
            self.fail(path, _("expected a delegation code of 1 to 32 characters, got {what}").format(what=_show(value)))
        if known and value not in self.codes:
            self.fail(path, _("the code {code} is not in the file's list of delegations").format(code=value))
        return value

    # -- parts -------------------------------------------------------------------------------
    def event(self, value: Any, path: str = "event") -> Event:
        d = self.obj(value, path, ("uid", "title", "kind"), (
            "series", "starts_at", "ends_at", "timezone", "venue_city", "venue_country", "is_virtual",
            "languages", "convener", "general_objectives", "specific_objectives", "participants_profile",
            "desired_results", "comments"))
        starts = self.instant(d.get("starts_at"), f"{path}.starts_at")
        ends = self.instant(d.get("ends_at"), f"{path}.ends_at")
        if starts and ends and ends < starts:
            self.fail(f"{path}.ends_at", _("the event cannot end before it starts"))
        zone = self.text(d.get("timezone", "UTC"), f"{path}.timezone", one_line=True, limit=64)
        try:
            zone = canonical_zone(zone)
        except ZoneError as exc:
            self.fail(f"{path}.timezone", str(exc))
        country = self.opt_text(d, "venue_country", path)
        if country and (len(country) != 2 or not country.isascii() or not country.isalpha()):
            self.fail(f"{path}.venue_country", _("expected an ISO 3166 two-letter code, got {what}").format(what=_show(country)))
        languages = self.texts(d, "languages", path)
        for i, lang in enumerate(languages):
            if not _LANG.match(lang):
                self.fail(f"{path}.languages[{i}]", _("'{lang}' is not a language code such as en or es").format(lang=lang[:20]))
        return Event(
            id=None,
            uid=self.uid(d["uid"], f"{path}.uid"),
            title=self.text(d["title"], f"{path}.title", required=True, limit=2000),
            kind=self.choice(d["kind"], f"{path}.kind", EventKind, [k.value for k in EventKind]),
            series=self.opt_text(d, "series", path, limit=2000),
            starts_at=starts,
            ends_at=ends,
            timezone=zone,
            venue_city=self.opt_text(d, "venue_city", path, limit=2000),
            venue_country=country.upper(),
            is_virtual=self.boolean(d.get("is_virtual", False), f"{path}.is_virtual"),
            languages=languages,
            convener=self.opt_text(d, "convener", path),
            general_objectives=self.opt_text(d, "general_objectives", path),
            specific_objectives=self.texts(d, "specific_objectives", path),
            participants_profile=self.opt_text(d, "participants_profile", path),
            desired_results=self.opt_text(d, "desired_results", path),
            comments=self.opt_text(d, "comments", path),
        )

    def note_head(self, value: Any, path: str = "note") -> dict[str, Any]:
        d = self.obj(value, path, ("uid", "template"), ("status", "notetakers", "merged_from", "created_at", "updated_at"))
        t = self.obj(d["template"], f"{path}.template", ("id", "version"))
        template_id = self.text(t["id"], f"{path}.template.id")
        if not _TEMPLATE_ID.match(template_id):
            self.fail(f"{path}.template.id", _("expected a template id such as imrf-side-event, got {what}").format(what=_show(template_id)))
        merged_from = tuple(
            self.uid(v, f"{path}.merged_from[{i}]")
            for i, v in enumerate(self.array(d.get("merged_from", []), f"{path}.merged_from", MAX_LIST))
        )
        notetakers = self.texts(d, "notetakers", path)
        for i, name in enumerate(notetakers):
            self.text(name, f"{path}.notetakers[{i}]", one_line=True, limit=200)
        return {
            "uid": self.uid(d["uid"], f"{path}.uid"),
            "template_id": template_id,
            "template_version": self.integer(t["version"], f"{path}.template.version", 1, 1_000_000),
            "status": self.choice(d.get("status", "capturing"), f"{path}.status", NoteStatus, [s.value for s in NoteStatus]),
            "notetakers": notetakers,
            "merged_from": merged_from,
            "created_at": self.instant(d.get("created_at"), f"{path}.created_at"),
            "updated_at": self.instant(d.get("updated_at"), f"{path}.updated_at"),
        }

    def delegations(self, value: Any, path: str = "delegations") -> tuple[Delegation, ...]:
        out = []
        kinds = [k.value for k in DelegationKind]
        for i, entry in enumerate(self.array(value, path, MAX_DELEGATIONS)):
            where = f"{path}[{i}]"
            d = self.obj(entry, where, ("code", "kind", "names"), ("acronyms", "members"))
            code = self.code(d["code"], f"{where}.code", known=False)
            if code in self.codes:
                self.fail(f"{where}.code", _("the code {code} is listed twice").format(code=code))
            self.codes.add(code)
            members = tuple(
                self.code(m, f"{where}.members[{j}]", known=False)
                for j, m in enumerate(self.array(d.get("members", []), f"{where}.members", MAX_LIST))
            )
            out.append(Delegation(
                code=code,
                kind=self.choice(d["kind"], f"{where}.kind", DelegationKind, kinds),
                names=self.lang_table(d["names"], f"{where}.names", required=True),
                acronyms=self.lang_table(d.get("acronyms", {}), f"{where}.acronyms", required=False),
                members=members,
                builtin=False,
            ))
        return tuple(out)

    def rich_text(self, value: Any, path: str) -> RichText:
        blocks = []
        for i, entry in enumerate(self.array(value, path, MAX_ITEMS)):
            where = f"{path}[{i}]"
            b = self.obj(entry, where, ("r",), ("s",))
            style = BlockStyle.PARAGRAPH
            if "s" in b:
                style = self.choice(b["s"], f"{where}.s", _STYLES.__getitem__, list(_STYLES))
            runs = []
            for j, r in enumerate(self.array(b["r"], f"{where}.r", MAX_ITEMS)):
                rp = f"{where}.r[{j}]"
                r = self.obj(r, rp, ("t",), ("b", "i", "a"))
                href = r.get("a")
                if href is not None:
                    href = self.text(href, f"{rp}.a", one_line=True, limit=2000)
                    if not href.lower().startswith(_LINK_SCHEMES):
                        self.fail(f"{rp}.a", _("only http, https and mailto links are allowed, got {what}").format(what=_show(href)))
                runs.append(Run(
                    self.text(r["t"], f"{rp}.t"),
                    self.boolean(r.get("b", False), f"{rp}.b"),
                    self.boolean(r.get("i", False), f"{rp}.i"),
                    href,
                ))
            blocks.append(Block(tuple(runs), style))
        return RichText(tuple(blocks))

    def provenance(self, value: Any, path: str) -> tuple[Provenance, ...]:
        out = []
        for i, entry in enumerate(self.array(value, path, MAX_LIST)):
            where = f"{path}[{i}]"
            p = self.obj(entry, where, ("note_uid",), ("item_uid", "author", "file"))
            item_uid = p.get("item_uid", "")
            out.append(Provenance(
                note_uid=self.uid(p["note_uid"], f"{where}.note_uid"),
                item_uid=self.uid(item_uid, f"{where}.item_uid") if item_uid else "",
                author=self.opt_text(p, "author", where, one_line=True, limit=200),
                file=file_label(self.opt_text(p, "file", where, limit=1000)),
            ))
        return tuple(out)

    def item(self, value: Any, path: str) -> Item:
        d = self.obj(value, path, ("uid", "section", "body", "hash"), (
            "position", "delegations", "person", "spoken_at", "on_behalf_of", "author",
            "created_at", "modified_at", "provenance"))
        section = self.text(d["section"], f"{path}.section")
        if not _SECTION.match(section):
            self.fail(f"{path}.section", _("expected a section key such as highlights, got {what}").format(what=_show(section)))
        codes = tuple(
            self.code(c, f"{path}.delegations[{i}]")
            for i, c in enumerate(self.array(d.get("delegations", []), f"{path}.delegations", MAX_LIST))
        )
        if len(set(codes)) != len(codes):
            self.fail(f"{path}.delegations", _("names a delegation twice"))
        behalf = d.get("on_behalf_of")
        item = Item(
            id=None,
            uid=self.uid(d["uid"], f"{path}.uid"),
            section=section,
            body=self.rich_text(d["body"], f"{path}.body"),
            delegations=codes,
            person=self.opt_text(d, "person", path, limit=500),
            spoken_at=self.instant(d.get("spoken_at"), f"{path}.spoken_at"),
            author=self.opt_text(d, "author", path, one_line=True, limit=200),
            on_behalf_of=None if behalf is None else self.code(behalf, f"{path}.on_behalf_of"),
            provenance=self.provenance(d.get("provenance", []), f"{path}.provenance"),
            position=self.integer(d.get("position", 0), f"{path}.position", 0, MAX_ITEMS),
            created_at=self.instant(d.get("created_at"), f"{path}.created_at"),
            modified_at=self.instant(d.get("modified_at"), f"{path}.modified_at"),
        )
        stated = self.text(d["hash"], f"{path}.hash", limit=100)
        if stated != content_hash(item):
            self.fail(f"{path}.hash", _("does not match the item's content (the file was altered or damaged)"))
        return item

    def merge_block(self, value: Any, uids: set[str], path: str = "merge") -> tuple[OpenDecision, ...]:
        d = self.obj(value, path, (), ("open_decisions",))
        out = []
        for i, entry in enumerate(self.array(d.get("open_decisions", []), f"{path}.open_decisions", MAX_ITEMS)):
            where = f"{path}.open_decisions[{i}]"
            o = self.obj(entry, where, ("id", "kind", "section", "items"), ("reason",))
            items = tuple(self.uid(u, f"{where}.items[{j}]") for j, u in enumerate(self.array(o["items"], f"{where}.items", MAX_LIST)))
            for j, u in enumerate(items):
                if u not in uids:
                    self.fail(f"{where}.items[{j}]", _("no item of this file has the uid {uid}").format(uid=u))
            out.append(OpenDecision(
                id=self.text(o["id"], f"{where}.id", one_line=True, limit=100),
                kind=self.text(o["kind"], f"{where}.kind", one_line=True, limit=40),
                section=self.text(o["section"], f"{where}.section", one_line=True, limit=64),
                items=items,
                reason=self.opt_text(o, "reason", where, limit=500),
            ))
        return tuple(out)


def file_label(name: str) -> str:
    """Only the last component of a path-like label: a file name to show, never to open."""
    if not name:
        return ""
    last = PureWindowsPath(PurePosixPath(name).name).name
    return _CONTROL.sub("", last)[:255]


def check_header(data: Any) -> None:
    """The format and schema version, checked before anything else in the file."""
    if not isinstance(data, dict):
        raise ExchangeError(_("not an exchange file: the JSON value is {what}, not an object").format(what=_type_name(data)))
    fmt = data.get("format")
    if fmt != FORMAT_ID:
        if fmt is None:
            raise ExchangeError(_("not a Side Event Notetaker note file: it has no 'format' field"))
        raise ExchangeError(_("not a Side Event Notetaker note file: its format is {what}, expected {expected}").format(
            what=_show(fmt), expected=FORMAT_ID))
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ExchangeError(_("schema_version: expected a whole number from 1, got {what}").format(what=_show(version)))
    if version > SCHEMA_VERSION:
        raise ExchangeError(_(
            "this file uses exchange schema version {file_version}, but this version of the application "
            "reads schema versions up to {ours}; update the application to import it"
        ).format(file_version=version, ours=SCHEMA_VERSION))


def validate_document(data: Any, source: str = "") -> NoteDocument:
    """Check parsed JSON against the exchange schema; the document, or :class:`ExchangeError`."""
    check_header(data)
    v = Validator()
    top = v.obj(data, "", ("format", "schema_version", "event", "note", "items"),
                ("generator", "exported_at", "delegations", "merge"))
    event = v.event(top["event"])
    head = v.note_head(top["note"])
    delegations = v.delegations(top.get("delegations", []))
    items: list[Item] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(v.array(top["items"], "items", MAX_ITEMS)):
        item = v.item(entry, f"items[{i}]")
        first = seen.setdefault(item.uid, i)
        if first != i:
            v.fail(f"items[{i}].uid", _("the uid {uid} is already used by items[{first}]").format(uid=item.uid, first=first))
        items.append(item)
    note = Note(id=None, event_id=0, items=tuple(items), **head)
    decisions = v.merge_block(top["merge"], set(seen)) if "merge" in top else ()
    return NoteDocument(
        event=event,
        note=note,
        delegations=delegations,
        exported_at=v.instant(top.get("exported_at"), "exported_at"),
        generator=v.opt_text(top, "generator", "", one_line=True, limit=200),
        open_decisions=decisions,
        source=source,
        schema_version=top["schema_version"],
    )
