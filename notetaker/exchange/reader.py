"""Reading exchange files safely: limits first, then the bytes, then JSON, then the schema.

Nothing here writes anywhere. Every refusal is an :class:`ExchangeError` whose
message starts with the file's name and fits on one line.
"""

from __future__ import annotations

import errno
import json
import math
import os
from pathlib import Path
from typing import Any

from ..atomic import NotARegularFile
from ..i18n import _
from ..userfiles import open_regular
from .document import MAX_CONTAINERS, MAX_FILE_BYTES, ExchangeError, NoteDocument
from .schema import validate_document

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_MB = 1024 * 1024


def read_file(path: Path | str) -> NoteDocument:
    """Read and validate one exchange file."""
    path = Path(path)
    name = path.name or str(path)
    try:
        data = _read_limited(path)
        return parse_bytes(data, name)
    except ExchangeError as exc:
        message = str(exc)
        raise ExchangeError(message if message.startswith(f"{name}: ") else f"{name}: {message}") from None


def _read_limited(path: Path) -> bytes:
    try:
        with open_regular(path) as fh:  # (a pipe or a device is refused before it is read: no wait)
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise ExchangeError(_too_big(size))
            data = fh.read(MAX_FILE_BYTES + 1)
    except NotARegularFile as exc:
        raise ExchangeError(_("is a folder, not a file") if exc.errno == errno.EISDIR else _("not a regular file")) from None
    except IsADirectoryError:
        raise ExchangeError(_("is a folder, not a file")) from None
    except OSError as exc:
        raise ExchangeError(_("cannot read the file: {reason}").format(reason=exc.strerror or exc)) from None
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeError(_too_big(len(data)))
    return data


def _too_big(size: int) -> str:
    return _("the file is larger than {limit} MB ({size} bytes); exchange files are limited to {limit} MB").format(
        size=size, limit=MAX_FILE_BYTES // _MB)


def parse_bytes(data: bytes, source: str = "") -> NoteDocument:
    """Validate the bytes of an exchange file."""
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeError(_too_big(len(data)))
    text = decode(data)
    return validate_document(parse_json(text), source)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (a leading byte-order mark is tolerated); anything else is refused."""
    if not data.strip():
        raise ExchangeError(_("the file is empty"))
    if data.startswith(_ZIP_MAGIC):
        raise ExchangeError(_("this is a zip archive; zip containers are not supported "
                              "(exchange files are plain JSON: export the note again)"))
    if data.startswith(b"\x1f\x8b"):
        raise ExchangeError(_("this is a gzip-compressed file; exchange files are plain UTF-8 JSON"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:4] in (b"\x00\x00\xfe\xff",):
        raise ExchangeError(_("this file is UTF-16 or UTF-32 text; exchange files are UTF-8"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:4]
    if len(head) >= 2 and b"\x00" in head:
        raise ExchangeError(_("this file contains NUL bytes (UTF-16 or binary data); exchange files are UTF-8 text"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExchangeError(_("not UTF-8 text (invalid byte at offset {offset})").format(offset=exc.start)) from None


def parse_json(text: str) -> Any:
    """Strict JSON: one object, no NaN or infinities, no repeated keys, bounded size and depth."""
    start = text.lstrip()[:1]
    if start == "<":
        head = text.lstrip()[:200].lower()
        if "<!doctype" in head or "<!entity" in head:
            raise ExchangeError(_("this is an XML or HTML document with a DOCTYPE, not an exchange file; DOCTYPEs are never read"))
        raise ExchangeError(_("this is an XML or HTML document, not an exchange file (JSON)"))
    if start != "{":
        raise ExchangeError(_("not an exchange file: it does not start with a JSON object ('{')"))
    if text.count("{") + text.count("[") > MAX_CONTAINERS:
        raise ExchangeError(_("the file holds more than {limit} JSON objects and lists; it is not a note").format(limit=MAX_CONTAINERS))
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite, object_pairs_hook=_unique_keys)
    except ExchangeError:
        raise
    except RecursionError:
        raise ExchangeError(_("the JSON nests objects or lists too deeply")) from None
    except json.JSONDecodeError as exc:
        raise ExchangeError(_("not valid JSON: {reason} (line {line}, column {column})").format(
            reason=exc.msg, line=exc.lineno, column=exc.colno)) from None
    except ValueError as exc:  # from the hooks below, or an integer too long to convert
        raise ExchangeError(_("not valid JSON: {reason}").format(reason=" ".join(str(exc).split())[:200])) from None


def _no_constant(name: str) -> Any:
    raise ExchangeError(_("not valid JSON: {name} is not a number JSON allows").format(name=name))


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ExchangeError(_("not valid JSON: the number {text} is too large").format(text=text[:30]))
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise ExchangeError(_("not valid JSON for a note: the key '{key}' appears twice in one object").format(key=key[:40]))
            seen.add(key)
    return out
