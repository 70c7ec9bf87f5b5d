"""Report templates: plain TOML files describing a note's sections.

The format is documented in ``docs/templates.md``. Templates are data only:
nothing in a template file is ever executed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .domain import SectionKind
from .i18n import _
from .userfiles import open_regular

# Event facts a template may print in the report's metadata block, in its order.
HEADER_FIELDS = (
    "starts_at",
    "ends_at",
    "dates",
    "notetakers",
    "venue",
    "series",
    "kind",
    "convener",
    "languages",
    "general_objectives",
    "specific_objectives",
    "participants_profile",
    "desired_results",
    "comments",
)
# Fields of the event record that a text or items section may print before its items.
EVENT_FIELDS = (
    "general_objectives",
    "specific_objectives",
    "participants_profile",
    "desired_results",
    "comments",
)
_TOP_LEVEL = frozenset({
    "id", "version", "title", "description", "header_fields", "style_reference",
    "cover", "toc", "provenance", "sections",
})
_SECTION_FIELDS = frozenset({
    "key", "kind", "title", "prompt", "attribution_title", "word_limit", "required",
    "show_title", "event_field", "sections",
})
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class TemplateError(ValueError):
    """A template file that cannot be used, with where and why."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, field: str = ""):
        self.path = Path(path)
        self.line = line
        self.field = field
        self.message = message
        where = f"{self.path.name}:{line}" if line else self.path.name
        what = f" [{field}]" if field else ""
        super().__init__(f"{where}{what}: {message}")


def _localized(values: dict[str, str], lang: str) -> str:
    base = lang.replace("-", "_").split("_")[0]
    return values.get(base) or values.get("en") or next(iter(values.values()), "")


@dataclass(frozen=True, slots=True)
class SectionSpec:
    key: str
    kind: SectionKind
    titles: dict[str, str]
    prompts: dict[str, str] = field(default_factory=dict)
    attribution_titles: dict[str, str] = field(default_factory=dict)
    word_limit: int | None = None
    required: bool = False
    show_title: bool = True
    children: tuple[SectionSpec, ...] = ()
    event_field: str | None = None  # an EVENT_FIELDS name printed before the items

    def title(self, lang: str = "en") -> str:
        return _localized(self.titles, lang)

    def prompt(self, lang: str = "en") -> str:
        return _localized(self.prompts, lang)

    def attribution_title(self, lang: str = "en") -> str:
        return _localized(self.attribution_titles, lang)

    def walk(self) -> Iterator[tuple[SectionSpec, int]]:
        """This section and its descendants, depth first, with their depth (0 = self)."""
        yield self, 0
        for child in self.children:
            for spec, depth in child.walk():
                yield spec, depth + 1


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    version: int
    titles: dict[str, str]
    sections: tuple[SectionSpec, ...]
    header_fields: tuple[str, ...] = ("starts_at", "notetakers")
    style_reference: str | None = None
    description: dict[str, str] = field(default_factory=dict)
    source: Path | None = None
    cover: bool = False  # a cover page (title, series, dates, venue) before the report
    toc: bool = False  # a table of contents field after the cover
    provenance: bool = False  # each point ends with who wrote it

    def title(self, lang: str = "en") -> str:
        return _localized(self.titles, lang)

    def walk(self) -> Iterator[tuple[SectionSpec, int]]:
        """Every section, depth first, with its depth (0 = top level)."""
        for section in self.sections:
            yield from section.walk()

    def section(self, key: str) -> SectionSpec:
        for spec, _depth in self.walk():
            if spec.key == key:
                return spec
        raise KeyError(key)

    def content_sections(self) -> list[SectionSpec]:
        """Sections that hold items (every kind but group), in reading order."""
        return [spec for spec, _d in self.walk() if spec.kind is not SectionKind.GROUP]

    def style_reference_path(self) -> Path | None:
        if not self.style_reference:
            return None
        base = self.source.parent if self.source else paths.report_templates_dir()
        return base / self.style_reference


# -- loading -----------------------------------------------------------------


def _line_of(text: str, *needles: str) -> int | None:
    """1-based line of the first line mentioning every needle, for error messages.

    Comment lines are skipped: a ``# cover page`` comment is not the ``cover`` field.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        if all(n in line for n in needles):
            return number
    return None


class _Reader:
    def __init__(self, path: Path, text: str):
        self.path = path
        self.text = text

    def fail(self, field: str, message: str, *needles: str) -> TemplateError:
        line = _line_of(self.text, *needles) if needles else None
        if line is None and field:
            line = _line_of(self.text, field.rsplit(".", 1)[-1])
        return TemplateError(self.path, message, line, field)

    def localized(self, data: dict[str, Any], name: str, where: str, required: bool) -> dict[str, str]:
        value = data.get(name)
        if value is None:
            if required:
                raise self.fail(f"{where}.{name}", _("missing localized text (e.g. {name}.en)").format(name=name), where.rsplit(".", 1)[-1])
            return {}
        if isinstance(value, str):
            return {"en": value}
        if not isinstance(value, dict) or not value or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise self.fail(f"{where}.{name}", _("must be text or a table of language = text"))
        return dict(value)

    def section(self, data: Any, where: str, seen: set[str], depth: int) -> SectionSpec:
        if not isinstance(data, dict):
            raise self.fail(where, _("a section must be a table"))
        key = data.get("key")
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise self.fail(f"{where}.key", _("section key must be lower-case letters, digits and _"), f"{key}" if key else "key")
        here = f"sections.{key}"
        if key in seen:
            raise self.fail(f"{here}.key", _("duplicate section key '{key}'").format(key=key), f'"{key}"')
        seen.add(key)
        try:
            kind = SectionKind(data.get("kind", ""))
        except ValueError:
            kinds = ", ".join(k.value for k in SectionKind)
            raise self.fail(f"{here}.kind", _("unknown kind '{kind}' (expected one of: {kinds})").format(kind=data.get("kind"), kinds=kinds), "kind", str(data.get("kind"))) from None
        limit = data.get("word_limit")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0):
            raise self.fail(f"{here}.word_limit", _("word_limit must be a positive whole number"), "word_limit")
        children_data = data.get("sections", [])
        if kind is SectionKind.GROUP:
            if not isinstance(children_data, list) or not children_data:
                raise self.fail(f"{here}.sections", _("a group needs at least one section"), f'"{key}"')
            if depth >= 2:
                raise self.fail(here, _("groups nest at most two levels deep"), f'"{key}"')
        elif children_data:
            raise self.fail(f"{here}.sections", _("only a group can contain sections"), f'"{key}"')
        unknown = set(data) - _SECTION_FIELDS
        if unknown:
            name = sorted(unknown)[0]
            raise self.fail(f"{here}.{name}", _("unknown field '{name}'").format(name=name), name)
        for flag in ("required", "show_title"):
            if flag in data and not isinstance(data[flag], bool):
                raise self.fail(f"{here}.{flag}", _("must be true or false"), flag)
        event_field = data.get("event_field")
        if event_field is not None:
            if event_field not in EVENT_FIELDS:
                raise self.fail(f"{here}.event_field", _("event_field must be one of: {fields}").format(fields=", ".join(EVENT_FIELDS)), "event_field")
            if kind not in (SectionKind.TEXT, SectionKind.ITEMS):
                raise self.fail(f"{here}.event_field", _("only a text or items section can show an event field"), "event_field")
        children = tuple(
            self.section(child, f"{here}.sections[{i}]", seen, depth + 1)
            for i, child in enumerate(children_data)
        )
        return SectionSpec(
            key=key,
            kind=kind,
            titles=self.localized(data, "title", here, required=True),
            prompts=self.localized(data, "prompt", here, required=False),
            attribution_titles=self.localized(data, "attribution_title", here, required=False),
            word_limit=limit,
            required=bool(data.get("required", False)),
            show_title=bool(data.get("show_title", True)),
            children=children,
            event_field=event_field,
        )


def parse_template(text: str, path: Path | str = "<template>") -> Template:
    """Parse and validate a template's TOML text."""
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise TemplateError(path, _("not valid TOML: {error}").format(error=exc), int(match.group(1)) if match else None) from None
    reader = _Reader(path, text)
    template_id = data.get("id")
    if not isinstance(template_id, str) or not re.match(r"^[a-z0-9][a-z0-9_.-]{0,63}$", template_id):
        raise reader.fail("id", _("id must be lower-case letters, digits, '.', '_' or '-'"), "id")
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise reader.fail("version", _("version must be a whole number ≥ 1"), "version")
    unknown = set(data) - _TOP_LEVEL
    if unknown:
        name = sorted(unknown)[0]
        raise reader.fail(name, _("unknown field '{name}'").format(name=name), name)
    header = data.get("header_fields", ["starts_at", "notetakers"])
    if not isinstance(header, list) or any(h not in HEADER_FIELDS for h in header):
        bad = next((h for h in header if h not in HEADER_FIELDS), "") if isinstance(header, list) else ""
        line = _line_of(text, "header_fields")
        if isinstance(bad, str) and bad and line:  # point at the wrong name, even in a multi-line list
            lines = text.splitlines()
            line = next((n for n in range(line, len(lines) + 1) if f'"{bad}"' in lines[n - 1]), line)
        message = _("header_fields may only list: {fields}").format(fields=", ".join(HEADER_FIELDS))
        raise TemplateError(path, message, line, "header_fields")
    if len(set(header)) != len(header):
        raise reader.fail("header_fields", _("header_fields lists a field twice"), "header_fields")
    for flag in ("cover", "toc", "provenance"):
        if flag in data and not isinstance(data[flag], bool):
            raise reader.fail(flag, _("must be true or false"), flag)
    style = data.get("style_reference")
    if style is not None and (not isinstance(style, str) or Path(style).is_absolute() or ".." in Path(style).parts):
        raise reader.fail("style_reference", _("style_reference must be a relative path inside the templates folder"), "style_reference")
    sections_data = data.get("sections")
    if not isinstance(sections_data, list) or not sections_data:
        raise reader.fail("sections", _("a template needs at least one [[sections]] table"))
    seen: set[str] = set()
    sections = tuple(reader.section(s, f"sections[{i}]", seen, 0) for i, s in enumerate(sections_data))
    return Template(
        id=template_id,
        version=version,
        titles=reader.localized(data, "title", "template", required=True),
        sections=sections,
        header_fields=tuple(header),
        style_reference=style,
        description=reader.localized(data, "description", "template", required=False),
        source=path,
        cover=bool(data.get("cover", False)),
        toc=bool(data.get("toc", False)),
        provenance=bool(data.get("provenance", False)),
    )


def load_template(path: Path) -> Template:
    try:
        with open_regular(path) as fh:  # (a pipe left in the folder is refused, not waited on)
            text = fh.read().decode("utf-8")
    except OSError as exc:
        raise TemplateError(path, _("cannot read the file: {error}").format(error=exc.strerror or exc)) from None
    except UnicodeDecodeError as exc:
        raise TemplateError(path, _("cannot read the file: {error}").format(error=exc)) from None
    return parse_template(text, path)


class TemplateLibrary:
    """The templates available to the application, and the files that failed to load.

    Files are read when first needed (parsing one is most of a millisecond, and opening a
    note needs one): :meth:`get` reads the files that may hold the id asked for (every file
    of the folders given to :meth:`load`, which override the built-in ones, then the built-in
    file named after the id, ``imrf_side_event.toml`` for ``imrf-side-event``, else every
    built-in one); ``templates``, ``errors`` and :meth:`all` read them all. What they give is
    what reading every file at once, in order, gives (later wins). A test keeps each built-in
    file named after its template.
    """

    def __init__(self, files: Sequence[Path] = (), builtin: int = 0):
        self._files = list(files)  # in load order; the first ``builtin`` are the built-in files
        self._builtin = builtin
        self._read: dict[Path, Template | TemplateError] = {}

    @classmethod
    def load(cls, *folders: Path) -> TemplateLibrary:
        """The ``*.toml`` of the built-in folder, then of ``folders`` (later wins)."""
        builtin = sorted(paths.report_templates_dir().glob("*.toml"))
        others = [path for folder in folders for path in sorted(folder.glob("*.toml"))]
        return cls([*builtin, *others], len(builtin))

    def _read_files(self, files: Iterable[Path]) -> None:
        for path in files:
            if path not in self._read:
                try:
                    self._read[path] = load_template(path)
                except TemplateError as exc:
                    self._read[path] = exc

    def _winner(self, template_id: str) -> Template | None:
        """The last file read so far that holds ``template_id``."""
        found = None
        for path in self._files:
            result = self._read.get(path)
            if isinstance(result, Template) and result.id == template_id:
                found = result
        return found

    @property
    def templates(self) -> dict[str, Template]:
        self._read_files(self._files)
        return {t.id: t for t in (self._read[p] for p in self._files) if isinstance(t, Template)}

    @property
    def errors(self) -> list[TemplateError]:
        self._read_files(self._files)
        return [e for e in (self._read[p] for p in self._files) if isinstance(e, TemplateError)]

    def get(self, template_id: str) -> Template:
        self._read_files(self._files[self._builtin :])
        found = self._winner(template_id)
        if found is None:
            stem = template_id.replace("-", "_")
            self._read_files(p for p in self._files[: self._builtin] if p.stem == stem)
            found = self._winner(template_id)
        if found is None:
            self._read_files(self._files)
            found = self._winner(template_id)
        if found is None:
            raise KeyError(_("unknown template '{id}'").format(id=template_id))
        return found

    def all(self) -> list[Template]:
        return sorted(self.templates.values(), key=lambda t: t.title())


DEFAULT_TEMPLATE_ID = "imrf-side-event"
