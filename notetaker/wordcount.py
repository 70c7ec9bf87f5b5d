"""Counting words the way a word processor does, and checking word budgets.

A word is a run of characters between white space that holds at least one
letter or digit: "follow-up" is one word, "130,000" is one word, a lone "–"
or "•" is none. Headings never count; a budget counts the body text of the
sections under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .domain import Note, SectionKind
from .richtext import RichText
from .templates import SectionSpec, Template


def count_words(text: str) -> int:
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def count_rich(body: RichText) -> int:
    return sum(count_words(block.text) for block in body.blocks)


@dataclass(frozen=True, slots=True)
class WordBudget:
    section: str
    words: int
    limit: int | None

    @property
    def over(self) -> bool:
        return self.limit is not None and self.words > self.limit


def section_words(
    note: Note, spec: SectionSpec, speaker_label: dict[str, str] | None = None
) -> int:
    """Words of the body text of ``spec`` and of every section under it.

    Interventions count their speaker label too ("Guatemala:") when
    ``speaker_label`` maps delegation codes to the names printed in the report.
    """
    total = 0
    for child, _depth in spec.walk():
        if child.kind is SectionKind.GROUP:
            continue
        for item in note.section_items(child.key):
            total += count_rich(item.body)
            if child.kind is SectionKind.INTERVENTIONS and item.speaker and speaker_label:
                total += count_words(speaker_label.get(item.speaker, item.speaker))
    return total


def budgets(note: Note, template: Template, speaker_label: dict[str, str] | None = None) -> list[WordBudget]:
    """Every section of the template that carries a word limit, with its count."""
    return [
        WordBudget(spec.key, section_words(note, spec, speaker_label), spec.word_limit)
        for spec, _depth in template.walk()
        if spec.word_limit is not None
    ]
