"""The built-in delegations roster and the type-ahead over it.

The roster ships as ``resources/roster.toml`` (documented in the file itself).
Member States carry only their ISO 3166 alpha-2 code there; their names come
from CLDR through Babel, so they read right in any language. Everything else
(organisations, networks, groups, bodies of the process) carries its names and
acronyms in English and Spanish.

No Qt here: the capture widgets call :func:`match` for their type-ahead.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths
from .domain import Delegation, DelegationKind
from .i18n import _

if TYPE_CHECKING:
    from babel import Locale

#: Languages whose names and acronyms feed the search keys.
ROSTER_LANGUAGES: tuple[str, ...] = ("en", "es")

_CODE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
_ISO_ALPHA2 = re.compile(r"[A-Z]{2}")
_LANG = re.compile(r"[a-z]{2,3}")
_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits
# CLDR "territories" that are not states.
_PSEUDO_TERRITORIES = frozenset({"EU", "EZ", "QO", "UN", "ZZ"})


class RosterError(ValueError):
    """A roster file that cannot be read or is inconsistent; the message names file and code."""


def load_builtin_roster() -> list[Delegation]:
    """The delegations shipped in ``resources/roster.toml``, in file order."""
    return [replace(d, names=dict(d.names), acronyms=dict(d.acronyms)) for d in _builtin()]


def builtin_roster_digest() -> str:
    """What the shipped roster is made of: its file, and the CLDR data (Babel) and app versions.

    While the digest stays the same, so does :func:`load_builtin_roster`.
    """
    from . import __version__
    from .hashing import sha256

    text = paths.resource("roster.toml").read_bytes()
    return sha256(text + f"|{_babel_version()}|{__version__}".encode()).hexdigest()


_VERSION = re.compile(r"""^__version__\s*=\s*['"]([^'"]+)['"]""", re.MULTILINE)


def _babel_version() -> str:
    """Babel's version, read from its package without importing it (its import is slow)."""
    import importlib.util

    spec = importlib.util.find_spec("babel")
    if spec is not None and spec.origin:
        try:
            found = _VERSION.search(Path(spec.origin).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            found = None
        if found:
            return found.group(1)
    from babel import __version__

    return __version__


@cache
def _builtin() -> tuple[Delegation, ...]:
    return tuple(load_roster(paths.resource("roster.toml")))


def load_roster(path: Path | str) -> list[Delegation]:
    """Read and check one roster file; raise :class:`RosterError` on any problem."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise RosterError(_("{path}: cannot read roster: {error}").format(path=path, error=exc.strerror or exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise RosterError(_("{path}: not valid TOML: {error}").format(path=path, error=exc)) from exc
    extra = sorted(set(data) - {"delegation"})
    if extra:
        raise RosterError(_("{path}: unknown top-level key(s) {keys}").format(path=path, keys=", ".join(extra)))
    entries = data.get("delegation")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RosterError(_("{path}: expected [[delegation]] tables").format(path=path))
    delegations: list[Delegation] = []
    by_code: dict[str, Delegation] = {}
    for index, entry in enumerate(entries, 1):
        delegation = _parse_entry(path, index, entry)
        if delegation.code in by_code:
            raise RosterError(_("{path}: duplicate code {code}").format(path=path, code=repr(delegation.code)))
        by_code[delegation.code] = delegation
        delegations.append(delegation)
    for group in delegations:
        for member in group.members:
            target = by_code.get(member)
            if target is None:
                raise RosterError(_("{path}: group {group}: member {member} is not defined").format(
                    path=path, group=repr(group.code), member=repr(member)))
            if target.kind is DelegationKind.GROUP:
                raise RosterError(_("{path}: group {group}: member {member} is itself a group").format(
                    path=path, group=repr(group.code), member=repr(member)))
    return delegations


def _parse_entry(path: Path, index: int, entry: dict[str, Any]) -> Delegation:
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise RosterError(
            _("{path}: delegation #{index}: code {code} must be upper-case letters, digits and '-'").format(
                path=path, index=index, code=repr(code))
        )
    where = _("{path}: delegation {code}").format(path=path, code=repr(code))
    raw_kind = entry.get("kind")
    try:
        kind = DelegationKind(raw_kind)
    except ValueError:
        expected = " | ".join(k.value for k in DelegationKind)
        raise RosterError(_("{where}: unknown kind {kind} (expected {expected})").format(
            where=where, kind=repr(raw_kind), expected=expected)) from None
    allowed = {"code", "kind"}
    if kind is not DelegationKind.MEMBER_STATE:
        allowed |= {"name", "acronym"}
    if kind is DelegationKind.GROUP:
        allowed.add("members")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise RosterError(_("{where}: key(s) not allowed for kind {kind}: {keys}").format(
            where=where, kind=kind.value, keys=", ".join(unknown)))

    if kind is DelegationKind.MEMBER_STATE:
        if not _is_state_territory(code):
            raise RosterError(_("{where}: not an ISO 3166 alpha-2 territory known to CLDR").format(where=where))
        bare = Delegation(code, kind)
        return Delegation(code, kind, {lang: display_name(bare, lang) for lang in ROSTER_LANGUAGES})

    names = _lang_table(where, entry, "name")
    if not names.get("en"):
        raise RosterError(_("{where}: name.en is required").format(where=where))
    acronyms = _lang_table(where, entry, "acronym")
    members: tuple[str, ...] = ()
    if kind is DelegationKind.GROUP:
        raw = entry.get("members")
        if not isinstance(raw, list) or not raw or not all(isinstance(m, str) for m in raw):
            raise RosterError(_("{where}: members must be a non-empty list of codes").format(where=where))
        if len(set(raw)) != len(raw) or code in raw:
            raise RosterError(_("{where}: members repeat a code or include the group itself").format(where=where))
        members = tuple(raw)
    return Delegation(code, kind, names, acronyms, members)


def _lang_table(where: str, entry: dict[str, Any], key: str) -> dict[str, str]:
    table = entry.get(key, {})
    if not isinstance(table, dict) or not all(
        isinstance(lang, str) and _LANG.fullmatch(lang) and isinstance(text, str) and text.strip()
        for lang, text in table.items()
    ):
        raise RosterError(_('{where}: {key} must be {key}.<lang> = "non-empty text" entries').format(where=where, key=key))
    return {lang: text.strip() for lang, text in table.items()}


def _is_state_territory(code: str) -> bool:
    english = _locale("en")
    return (
        _ISO_ALPHA2.fullmatch(code) is not None
        and code not in _PSEUDO_TERRITORIES
        and english is not None
        and code in english.territories
    )


def _base_language(lang: str) -> str:
    return lang.replace("-", "_").split("_", 1)[0].lower()


@lru_cache(maxsize=64)
def _locale(lang: str) -> Locale | None:
    """Babel locale for "es", "es_GT" or "es-GT"; the base language if the region is unknown."""
    from babel import Locale, UnknownLocaleError  # its locale data: only for names not stored

    normalized = lang.strip().replace("-", "_")
    for candidate in (normalized, _base_language(normalized)):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


def display_name(d: Delegation, lang: str) -> str:
    """The delegation's name in ``lang`` (CLDR for Member States), falling back to English.

    A Member State of the roster carries its CLDR names in :data:`ROSTER_LANGUAGES`
    (stored when the roster was synced, with the Babel version in its digest), so
    those are read without loading Babel's locale data; other languages and
    regional variants ("es-GT") ask Babel.
    """
    if d.kind is DelegationKind.MEMBER_STATE:
        if lang in d.names:
            return d.names[lang]
        locale = _locale(lang)
        name = locale.territories.get(d.code) if locale is not None else None
        if name:
            return name
    return d.names.get(_base_language(lang)) or d.names.get("en") or d.code


def acronym(d: Delegation, lang: str) -> str:
    """The delegation's acronym in ``lang``, else the English one, else ""."""
    return d.acronyms.get(_base_language(lang)) or d.acronyms.get("en") or ""


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` ("México" -> "mexico")."""
    return _strip_marks(_strip_marks(text).casefold())


def search_keys(d: Delegation) -> list[str]:
    """Folded keys the type-ahead matches against: codes, names and acronyms in en/es."""
    raw = [d.code, d.iso_code or ""]
    raw += [display_name(d, lang) for lang in ROSTER_LANGUAGES]
    raw += [acronym(d, lang) for lang in ROSTER_LANGUAGES]
    keys: list[str] = []
    for text in raw:
        key = " ".join(fold(text).split())
        if key and key not in keys:
            keys.append(key)
    return keys


def _compact(text: str) -> str:
    return "".join(_WORD.findall(text))


def _rank(d: Delegation, query: str, query_words: list[str]) -> int | None:
    """0 exact code/acronym, 1 prefix of a key or of its words, 2 substring, None no match."""
    exact = {_compact(fold(k)) for k in (d.code, *d.acronyms.values())}
    if _compact(query) in exact:
        return 0
    keys = [(key, _WORD.findall(key)) for key in search_keys(d)]
    for key, words in keys:
        if key.startswith(query) or all(any(w.startswith(q) for w in words) for q in query_words):
            return 1
    for key, words in keys:
        if query in key or all(any(q in w for w in words) for q in query_words):
            return 2
    return None


def match(
    roster: Sequence[Delegation], query: str, preferred: Collection[str] = ()
) -> list[Delegation]:
    """Roster entries matching ``query``, best first.

    Exact code or acronym matches come first ("GT", "oim", "acnur"), then
    prefixes of a key or of its words, where every query word must start some
    word of the same key ("gua", "rep dom", "el sal"), then substrings. Within a
    rank, codes in ``preferred`` (e.g. the event's participants) come first,
    then the English name. Case and accents are ignored. A blank query returns
    the whole roster in that order.
    """
    preferred_codes = {code.upper() for code in preferred}

    def order(d: Delegation) -> tuple[bool, str, str]:
        return (d.code.upper() not in preferred_codes, fold(display_name(d, "en")), d.code)

    folded = " ".join(fold(query).split())
    query_words = _WORD.findall(folded)
    if not query_words:
        return sorted(roster, key=order)
    ranked: list[tuple[int, tuple[bool, str, str], int, Delegation]] = []
    for position, d in enumerate(roster):
        rank = _rank(d, folded, query_words)
        if rank is not None:
            ranked.append((rank, order(d), position, d))
    ranked.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in ranked]
