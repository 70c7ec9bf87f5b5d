"""A small, exact rich-text model: blocks of styled runs.

Stored as JSON, rendered by the Word exporter and edited in the GUI through a
QTextDocument bridge. The model keeps text exactly as typed; sanitizing for
Word happens only at export.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .frozen import constructor


class BlockStyle(StrEnum):
    PARAGRAPH = "p"
    BULLET = "bullet"
    NUMBERED = "numbered"


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None

    def same_format(self, other: Run) -> bool:
        return (self.bold, self.italic, self.href) == (other.bold, other.italic, other.href)


@dataclass(frozen=True, slots=True)
class Block:
    runs: tuple[Run, ...] = ()
    style: BlockStyle = BlockStyle.PARAGRAPH

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class RichText:
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    # -- construction -----------------------------------------------------
    @classmethod
    def plain(cls, text: str) -> RichText:
        """One paragraph per line of ``text``; an empty string gives an empty document."""
        if text == "":
            return cls()
        return cls(tuple(Block((Run(line),) if line else ()) for line in text.split("\n")))

    @classmethod
    def from_markdown(cls, source: str) -> RichText:
        """Parse the small Markdown subset used by sample data and the CLI.

        One block per line; ``- `` or ``* `` starts a bullet, ``1. `` a numbered
        item; inline ``**bold**``, ``*italic*`` and ``[text](url)``.
        """
        blocks: list[Block] = []
        for line in source.split("\n"):
            style = BlockStyle.PARAGRAPH
            if line.startswith(("- ", "* ", "• ")):
                style, line = BlockStyle.BULLET, line[2:]
            elif m := re.match(r"\d+\. ", line):
                style, line = BlockStyle.NUMBERED, line[m.end():]
            blocks.append(Block(_parse_inline(line), style))
        while blocks and not blocks[-1].runs and blocks[-1].style is BlockStyle.PARAGRAPH:
            blocks.pop()
        return cls(tuple(blocks))

    # -- queries -----------------------------------------------------------
    def to_plain(self) -> str:
        return "\n".join(block.text for block in self.blocks)

    def is_empty(self) -> bool:
        return all(not block.text.strip() for block in self.blocks)

    # -- (de)serialization ---------------------------------------------------
    def to_data(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for block in self.blocks:
            runs = []
            for run in block.runs:
                item: dict[str, Any] = {"t": run.text}
                if run.bold:
                    item["b"] = True
                if run.italic:
                    item["i"] = True
                if run.href:
                    item["a"] = run.href
                runs.append(item)
            entry: dict[str, Any] = {"r": runs}
            if block.style is not BlockStyle.PARAGRAPH:
                entry["s"] = block.style.value
            out.append(entry)
        return out

    @classmethod
    def from_data(cls, data: Any) -> RichText:
        if not isinstance(data, list):
            raise ValueError("rich text must be a list of blocks")
        blocks = []
        paragraph = BlockStyle.PARAGRAPH
        for entry in data:
            if not isinstance(entry, dict) or not isinstance(entry.get("r", []), list):
                raise ValueError("malformed rich-text block")
            runs = []
            for r in entry.get("r", []):
                if not isinstance(r, dict) or not isinstance(text := r.get("t"), str):
                    raise ValueError("malformed rich-text run")
                if len(r) == 1:  # most runs are plain text: {"t": ...}
                    runs.append(_run(text, False, False, None))
                    continue
                href = r.get("a")
                if href is not None and not isinstance(href, str):
                    raise ValueError("malformed link target")
                runs.append(_run(text, bool(r.get("b")), bool(r.get("i")), href))
            style = entry.get("s")  # most blocks are plain paragraphs: no enum lookup for them
            blocks.append(_block(tuple(runs), paragraph if style is None else BlockStyle(style)))
        return _rich_text(tuple(blocks))

    def to_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> RichText:
        """What ``from_data(json.loads(text))`` gives (an empty text: an empty document).

        Stored bodies are compact JSON: JSON's C scanner reads them directly, without
        ``json.loads``' wrapping (a third of the cost of reading a big note); anything
        else (blanks around the value, not JSON) goes through ``json.loads``, which
        reads or refuses it.
        """
        if not text:
            return cls()
        try:
            value, end = _scan(text, 0)
        except (StopIteration, ValueError, TypeError):
            end = -1
        if end != len(text):
            value = json.loads(text)
        return cls.from_data(value)


# Reading a note makes one of each per item: made without the frozen classes' slow ``__init__``.
_scan = json.JSONDecoder().scan_once  # the C scanner json.loads calls
_run = constructor(Run)
_block = constructor(Block)
_rich_text = constructor(RichText)

_INLINE = re.compile(r"\*\*(?P<b>.+?)\*\*|\*(?P<i>[^*]+?)\*|\[(?P<lt>[^\]]+)\]\((?P<lu>[^)\s]+)\)")


def _parse_inline(text: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos:m.start()]))
        if m.group("b") is not None:
            runs.append(Run(m.group("b"), bold=True))
        elif m.group("i") is not None:
            runs.append(Run(m.group("i"), italic=True))
        else:
            runs.append(Run(m.group("lt"), href=m.group("lu")))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return tuple(runs)
