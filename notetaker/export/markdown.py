"""Render a :class:`~notetaker.export.model.Report` as Markdown (CommonMark + pipe tables).

Headings are ``#`` lines, lists ``-`` and ``1.``, bold ``**``, italic ``*``,
links ``[text](url)``; the highlights become a pipe table (``|`` escaped,
line breaks as ``<br>``). Every piece of text is sanitized and its Markdown
punctuation escaped, so that what was typed reads back as typed. The
table of contents is a list of the headings (Markdown has no page numbers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

from ..richtext import Run
from .model import Cover, Heading, Meta, MetaEntry, Paragraph, Report, Table
from .sanitize import sanitize_text

_SAFE_SCHEMES = {"http", "https", "mailto", "ftp", "tel"}
# Inline punctuation that could start markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# What could start a block at the beginning of a line: headings, quotes, lists, rules.
_LINE_START = re.compile(r"^(\s*)([#>+=-])")
_NUMBER_START = re.compile(r"^(\s*\d+)([.)])")
_LEADING_SPACES = re.compile(r"^ +")


def markdown_text(report: Report) -> tuple[str, list[str]]:
    writer = _Writer()
    writer.write(report)
    return "\n".join(writer.lines).rstrip("\n") + "\n", writer.warnings


def escape(text: str, line_start: bool = False) -> str:
    """``text`` as literal Markdown inline text, on one line (line breaks become ``<br>``).

    With ``line_start``, the text also cannot open a block (heading, quote, list,
    code block) at the start of a line.
    """
    text = sanitize_text(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INLINE.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("\t", "&#9;").replace("\n", "<br>")
    return _block_safe(text) if line_start else text


def _block_safe(line: str) -> str:
    """``line`` unable to start a heading, quote or list: "\\# x", "\\- x", "1\\. x"."""
    line = _NUMBER_START.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", line))
    # Leading spaces would be dropped, or (four of them) start a code block: keep them as entities.
    return _LEADING_SPACES.sub(lambda m: "&#32;" * len(m.group(0)), line)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.warnings: list[str] = []
        self._number = 0

    def write(self, report: Report) -> None:
        if report.cover is not None:
            self.cover(report.cover)
        else:
            self.block(f"# {escape(report.title, True)}")
            if report.subtitle:
                self.block(f"*{escape(report.subtitle)}*")
        if report.toc:
            self.block(f"**{escape(report.toc)}**")
            entries = [
                f"{'  ' * (h.level - 1)}- {escape(h.text, True)}" for h in report.headings(report.toc_levels)
            ]
            if entries:
                self.block("\n".join(entries))
        self.meta(report.meta)
        for block in report.blocks:
            if not (isinstance(block, Paragraph) and block.style == "numbered"):
                self._number = 0
            if isinstance(block, Heading):
                level = min(block.level + 1, 6)  # the report title is the only level-1 heading
                self.block(f"{'#' * level} {escape(block.text, True)}")
            elif isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Meta):
                self.meta(block.entries)

    def block(self, text: str) -> None:
        """A block of its own, separated from the previous one by a blank line."""
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines.append(text)
        self.lines.append("")

    def list_item(self, text: str) -> None:
        """List items stay together (a tight list)."""
        kind = _item_kind(text)
        if self.lines and self.lines[-1] == "" and len(self.lines) >= 2 and _item_kind(self.lines[-2]) == kind:
            self.lines.pop()
        elif self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines.append(text)
        self.lines.append("")

    def cover(self, cover: Cover) -> None:
        self.block(f"# {escape(cover.title, True)}")
        if cover.subtitle:
            self.block(f"*{escape(cover.subtitle)}*")
        if cover.lines:
            self.block("  \n".join(escape(line, True) for line in cover.lines))

    def meta(self, entries: Iterable[MetaEntry]) -> None:
        for entry in entries:
            if isinstance(entry.value, str) and not entry.long:
                self.block(f"**{escape(entry.label)}:** {escape(entry.value)}")
            elif isinstance(entry.value, str):
                self.block(f"**{escape(entry.label)}**")
                for line in entry.value.split("\n"):
                    if line.strip():
                        self.block(f"> {escape(line, True)}")
            else:
                self.block(f"**{escape(entry.label)}**")
                for n, value in enumerate(entry.value, start=1):
                    self.list_item(f"{n}. {escape(value, True)}")

    def paragraph(self, block: Paragraph) -> None:
        text = _block_safe(self.inline(block.runs))
        if not text.strip():
            return
        if block.style == "bullet":
            self.list_item(f"- {text}")
        elif block.style == "numbered":
            self._number += 1
            self.list_item(f"{self._number}. {text}")
        elif block.style == "quote":
            self.block(f"> {text}")
        else:
            self.block(text)

    def inline(self, runs: Iterable[Run]) -> str:
        out = []
        for run in runs:
            text = escape(run.text)
            if not text.strip():
                out.append(text)
                continue
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            core = text.strip()
            if run.bold and run.italic:
                core = f"***{core}***"
            elif run.bold:
                core = f"**{core}**"
            elif run.italic:
                core = f"*{core}*"
            target = self._link(run.href) if run.href else None
            if target:
                core = f"[{core}]({target})"
            out.append(f"{lead}{core}{trail}")
        return "".join(out)

    def _link(self, href: str) -> str | None:
        href = sanitize_text(href).strip()
        if href.lower().startswith("www."):
            href = "https://" + href
        scheme = urlsplit(href).scheme.lower() if ":" in href else ""
        if scheme in _SAFE_SCHEMES:
            return quote(href, safe=":/?#@!$&'*+,;=%~").replace("(", "%28").replace(")", "%29")
        return None

    def table(self, block: Table) -> None:
        rows = [f"| {escape(block.header[0])} | {escape(block.header[1])} |", "| --- | --- |"]
        for left, right in block.rows:
            rows.append(f"| {self._cell(left)} | {self._cell(right)} |")
        self.block("\n".join(rows))

    def _cell(self, paragraphs: Iterable[Paragraph]) -> str:
        parts = []
        for n, p in enumerate(paragraphs, start=1):
            text = self.inline(p.runs)
            if p.style == "bullet":
                text = f"• {text}"
            elif p.style == "numbered":
                text = f"{n}. {text}"
            parts.append(text)
        return "<br>".join(parts) or " "


def _item_kind(line: str) -> str:
    """"bullet", "number" or "" for a line that is no list item."""
    if line.startswith("- "):
        return "bullet"
    return "number" if re.match(r"^\d+\. ", line) else ""
