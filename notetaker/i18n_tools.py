"""Maintaining the message catalogs: extract, update, compile, check (docs/i18n.md).

One command does the whole round trip; run it from the repository root after
changing any user-visible string::

    python -m notetaker.i18n_tools update     # extract -> update every .po -> compile every .mo
    python -m notetaker.i18n_tools missing es # what still needs translating
    python -m notetaker.i18n_tools check      # exit 1 if anything is stale or untranslated

Messages are found by :func:`extract_python`, a Babel extraction method that
reads the syntax tree, so ``_()`` calls inside f-strings are found on every
Python version (Babel's own tokenizer misses them before Python 3.12).
``babel.cfg`` names the files; :data:`KEYWORDS` the marker functions.
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import string
import sys
import tokenize
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from . import __version__, paths
from .i18n import DOMAIN, SOURCE_LANGUAGE, SUPPORTED_LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
#: The marker functions and which arguments hold messages (Babel's keyword specs).
KEYWORDS: dict[str, Any] = {"_": None, "N_": None, "ngettext": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
#: Catalogs kept up to date by ``update`` (French is welcome, not yet complete).
CATALOG_LANGUAGES: tuple[str, ...] = ("en", "es", "fr")
PROJECT = "Side Event Notetaker"
COPYRIGHT = "Side Event Notetaker developers"
_HEADER = (
    "# {what} for Side Event Notetaker.\n"
    "# Edit the msgstr lines; keep {{placeholders}} and one & shortcut where the English has them.\n"
    "# Refresh from the code with `python -m notetaker.i18n_tools update` (docs/i18n.md).\n#"
)
_VOLATILE_HEADERS = ('"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:')


# -- extraction ---------------------------------------------------------------------------


def _comment_lines(source: str) -> dict[int, str]:
    """Line number -> text of each ``#`` comment."""
    out: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                out[tok.start[0]] = tok.string.lstrip("#").strip()
    except (tokenize.TokenError, SyntaxError):
        pass
    return out


def _translator_comment(comments: Mapping[int, str], line: int, tags: Collection[str]) -> list[str]:
    """The tagged comment block just above (or on) ``line``."""
    if line in comments and any(comments[line].startswith(t) for t in tags):
        return [comments[line]]
    block: list[str] = []
    at = line - 1
    while at in comments:
        block.insert(0, comments[at])
        if any(comments[at].startswith(t) for t in tags):
            return block
        at -= 1
    return []


def extract_python(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, tuple[str | None, ...] | str | None, list[str]]]:
    """Babel extraction method over the syntax tree: every ``keyword("literal", ...)`` call."""
    source = fileobj.read().decode(str(options.get("encoding", "utf-8")))
    tree = ast.parse(source)
    comments = _comment_lines(source) if comment_tags else {}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in keywords):
            continue
        args: list[str | None] = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args
        ]
        if not args or args[0] is None:
            continue  # a variable: the literal was marked elsewhere with N_()
        messages: tuple[str | None, ...] | str | None = args[0] if len(args) == 1 else tuple(args)
        found.append((node.lineno, node.col_offset, node.func.id, messages))
    for lineno, _col, funcname, messages in sorted(found, key=lambda f: (f[0], f[1])):
        yield lineno, funcname, messages, _translator_comment(comments, lineno, comment_tags)


def method_map(root: Path = ROOT) -> list[tuple[str, str]]:
    """The (pattern, method) pairs of ``babel.cfg``."""
    with (root / "babel.cfg").open(encoding="utf-8") as fh:
        mapping, _options = parse_mapping_cfg(fh, str(root / "babel.cfg"))
    return mapping


def _source_dirs(mapping: Sequence[tuple[str, str]]) -> set[str]:
    return {pattern.split("/", 1)[0] for pattern, _m in mapping}


def extract_catalog(root: Path = ROOT) -> Catalog:
    """Every message of the code, in memory (the .pot's content)."""
    mapping = method_map(root)
    tops = _source_dirs(mapping)

    def wanted(path: str) -> bool:
        rel = Path(os.path.relpath(path, root)).parts
        return bool(rel) and rel[0] in tops and not any(p.startswith((".", "_")) for p in rel)

    catalog = Catalog(project=PROJECT, version=__version__, domain=DOMAIN, charset="utf-8", fuzzy=False,
                      copyright_holder=COPYRIGHT, header_comment=_HEADER.format(what="Messages template"))
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))  # the extraction method lives in this package
    for filename, lineno, message, comments, context in extract_from_dir(
        root, mapping, keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
        strip_comment_tags=True, directory_filter=wanted,
    ):
        catalog.add(message, None, [(filename.replace(os.sep, "/"), lineno)],
                    auto_comments=comments, context=context)
    return catalog


# -- files --------------------------------------------------------------------------------


def translations_dir() -> Path:
    return paths.resource("translations")


def po_path(lang: str) -> Path:
    return translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def pot_path() -> Path:
    return translations_dir() / f"{DOMAIN}.pot"


def read_catalog(lang: str) -> Catalog:
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    # No line numbers: they move with every edit and would churn the catalogs.
    # Obsolete entries stay (as "#~"): a message that comes back gets its translation back.
    write_po(buf, catalog, width=100, include_lineno=False, ignore_obsolete=False)
    return buf.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def _stable(data: bytes) -> bytes:
    return b"\n".join(
        line for line in data.splitlines() if not line.startswith(tuple(h.encode() for h in _VOLATILE_HEADERS))
    )


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already says the same (dates aside); True when written."""
    try:
        if _stable(path.read_bytes()) == _stable(data):
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def compiled_messages(catalog: Catalog) -> dict[Any, Any]:
    """What a .mo built from ``catalog`` holds: id -> translation, header and fuzzy aside."""
    def key(value: Any) -> Any:
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {
        key(m.id): key(m.string)
        for m in catalog
        if m.id and m.string and not m.fuzzy and (isinstance(m.string, str) or all(m.string))
    }


def mo_messages(lang: str) -> dict[Any, Any]:
    with mo_path(lang).open("rb") as fh:
        return compiled_messages(read_mo(fh))


# -- checks -------------------------------------------------------------------------------


@dataclass
class CatalogReport:
    """How one language's catalog stands against the code."""

    lang: str
    missing: list[str] = field(default_factory=list)  # in the code, not in the .po (stale)
    obsolete: list[str] = field(default_factory=list)  # in the .po, gone from the code (stale)
    untranslated: list[str] = field(default_factory=list)  # empty or fuzzy translation
    invalid: list[str] = field(default_factory=list)  # placeholders or shortcuts that differ
    mo_stale: bool = False

    @property
    def stale(self) -> bool:
        return bool(self.missing or self.obsolete or self.mo_stale)

    def lines(self) -> list[str]:
        out = [f"{self.lang}: not in the catalog (run update): {m!r}" for m in self.missing]
        out += [f"{self.lang}: no longer in the code (run update): {m!r}" for m in self.obsolete]
        out += [f"{self.lang}: untranslated or fuzzy: {m!r}" for m in self.untranslated]
        out += [f"{self.lang}: {m}" for m in self.invalid]
        if self.mo_stale:
            out.append(f"{self.lang}: {mo_path(self.lang).name} is older than the .po (run update)")
        return out


def _msgid(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _fields(text: str) -> list[str]:
    try:
        return sorted(name or "" for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None)
    except ValueError:
        return ["<unbalanced braces>"]


def _accelerators(text: str) -> int:
    return sum(1 for i, ch in enumerate(text[:-1]) if ch == "&" and text[i + 1].isalnum() and text[i - 1:i] != "&")


def message_problems(message: Message) -> list[str]:
    """Placeholders ({name}, %s) or "&" shortcuts that the translation does not keep."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    out = []
    for text in strings:
        if not text:
            continue
        if _fields(text) != _fields(ids[-1]) and _fields(text) != _fields(ids[0]):
            out.append(f"placeholders differ in {text!r} (source {ids[0]!r})")
        if _accelerators(ids[0]) and _accelerators(text) != 1:
            out.append(f"the translation {text!r} of {ids[0]!r} needs exactly one & shortcut")
    return out


def check_catalog(lang: str, template: Catalog, need_translations: bool = True) -> CatalogReport:
    """Compare ``lang``'s .po and .mo with the messages of the code (``template``)."""
    catalog = read_catalog(lang)
    report = CatalogReport(lang)
    code_ids = {m.id for m in template if m.id}
    po_ids = {m.id for m in catalog if m.id}
    report.missing = sorted(_msgid(m) for m in template if m.id and m.id not in po_ids)
    report.obsolete = sorted(_msgid(m) for m in catalog if m.id and m.id not in code_ids)
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if need_translations and (message.fuzzy or not all(strings)):
            report.untranslated.append(_msgid(message))
        if message.fuzzy:
            continue  # not compiled: only a suggestion for the translator
        report.invalid.extend(message_problems(message))
        report.invalid.extend(f"{_msgid(message)!r}: {e}" for e in message.check(catalog))
    try:
        report.mo_stale = mo_messages(lang) != compiled_messages(catalog)
    except FileNotFoundError:
        report.mo_stale = True
    return report


# -- commands -----------------------------------------------------------------------------


def languages_on_disk() -> list[str]:
    root = translations_dir()
    found = {p.name for p in root.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()} if root.is_dir() else set()
    return sorted(found)


def init_catalog(lang: str, template: Catalog) -> Catalog:
    from babel import Locale

    name = Locale.parse(lang).english_name
    catalog = Catalog(locale=lang, domain=DOMAIN, project=PROJECT, version=__version__, charset="utf-8", fuzzy=False,
                      copyright_holder=COPYRIGHT, header_comment=_HEADER.format(what=f"{name} translations"),
                      language_team=name, last_translator=COPYRIGHT)
    catalog.update(template, no_fuzzy_matching=True)
    return catalog


def update_catalog(catalog: Catalog, template: Catalog) -> Catalog:
    """``catalog`` brought in line with ``template``; translations of removed messages are kept aside.

    A message back in the code gets its old translation back (Babel alone would leave it empty).
    """
    kept = {key: m for key, m in catalog.obsolete.items() if m.string and not m.fuzzy}
    for message in template:
        old = kept.get(message.id if isinstance(message.id, str) else message.id[0])
        if message.id and message.id not in catalog and old is not None and old.id == message.id:
            catalog[message.id] = old.clone()
    catalog.update(template, update_creation_date=False)
    for key, message in kept.items():
        if message.id not in catalog:
            catalog.obsolete.setdefault(key, message)
    return catalog


def update(out: IO[str] = sys.stdout) -> int:
    """Extract from the code, bring every catalog up to date, compile them all."""
    template = extract_catalog()
    if write_if_changed(pot_path(), po_bytes(template)):
        print(f"wrote {pot_path().relative_to(ROOT)}", file=out)
    for lang in sorted({*CATALOG_LANGUAGES, *languages_on_disk()}):
        if po_path(lang).is_file():
            catalog = update_catalog(read_catalog(lang), template)
        else:
            catalog = init_catalog(lang, template)
        if write_if_changed(po_path(lang), po_bytes(catalog)):
            print(f"wrote {po_path(lang).relative_to(ROOT)}", file=out)
    compile_all(out)
    return stats(template, out)


def compile_all(out: IO[str] = sys.stdout) -> None:
    """Compile every .po whose .mo says something else."""
    for lang in languages_on_disk():
        catalog = read_catalog(lang)
        try:
            current = mo_messages(lang) == compiled_messages(catalog)
        except FileNotFoundError:
            current = False
        if not current:
            mo_path(lang).write_bytes(mo_bytes(catalog))
            print(f"wrote {mo_path(lang).relative_to(ROOT)}", file=out)


def stats(template: Catalog | None = None, out: IO[str] = sys.stdout) -> int:
    """One line per language; non-zero when a supported language needs work."""
    template = template or extract_catalog()
    status = 0
    for lang in languages_on_disk():
        if lang == SOURCE_LANGUAGE:
            continue
        report = check_catalog(lang, template)
        total = sum(1 for m in template if m.id)
        done = total - len(report.untranslated)
        need = lang in SUPPORTED_LANGUAGES
        mark = "" if not need else (" OK" if not report.lines() else " NEEDS WORK")
        print(f"{lang}: {done}/{total} translated{mark}", file=out)
        if need and report.lines():
            status = 1
            for line in report.lines()[:50]:
                print(f"  {line}", file=out)
    if status:
        print("Translate in resources/translations/<lang>/LC_MESSAGES/notetaker.po, then run update again.",
              file=out)
    return status


def missing(lang: str, out: IO[str] = sys.stdout) -> int:
    """Print the untranslated (or fuzzy) entries of ``lang`` with where they come from."""
    catalog = read_catalog(lang)
    count = 0
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and (message.fuzzy or not all(strings)):
            count += 1
            where = ", ".join(f for f, _line in message.locations)
            print(f"# {where}{'  (fuzzy)' if message.fuzzy else ''}", file=out)
            print(f"msgid {message.id!r}", file=out)
    print(f"{count} to translate in {po_path(lang).relative_to(ROOT)}", file=out)
    return 1 if count else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m notetaker.i18n_tools", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="extract, update every catalog, compile (the usual command)")
    sub.add_parser("compile", help="compile the .po files into .mo files")
    sub.add_parser("check", help="exit 1 when a catalog is stale or a supported language incomplete")
    p = sub.add_parser("missing", help="list the untranslated messages of one language")
    p.add_argument("lang")
    p = sub.add_parser("init", help="start the catalog of a new language")
    p.add_argument("lang")
    args = parser.parse_args(argv)
    if args.command == "update":
        return update()
    if args.command == "compile":
        compile_all()
        return 0
    if args.command == "check":
        return stats()
    if args.command == "missing":
        return missing(args.lang)
    template = extract_catalog()
    if po_path(args.lang).exists():
        print(f"{po_path(args.lang)} already exists; run update", file=sys.stderr)
        return 1
    write_if_changed(po_path(args.lang), po_bytes(init_catalog(args.lang, template)))
    compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
