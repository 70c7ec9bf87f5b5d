"""Counting words the way a word processor does, and checking word budgets.

A word is a run of characters between white space that holds at least one
letter or digit: "follow-up" is one word, "130,000" is one word, a lone "–"
or "•" is none. Headings never count; a budget counts the body text of the
sections under it.

Languages (``lang``, the note's or the report's language). Word splits words
at white space whatever the proofing language, so in English, Spanish and
French the cases that look language-specific all count one word, as in Word:
elisions ("l'homme", "d’un", "aujourd'hui"), contractions ("del", "al",
"don't"), enclitic pronouns ("dígaselo", "dámelo"), compounds ("follow-up",
"franco-mexicano"); spaced punctuation ("Bonjour !", "« Oui »", "¿ Qué ?") adds
nothing. What does differ by writing system: Word counts each Chinese or
Japanese character (ideographs, kana) as one word, since those languages do
not put spaces between words. The rules per language are in
:data:`LANGUAGE_RULES` and documented in docs/i18n.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .domain import Note, SectionKind
from .richtext import RichText
from .templates import SectionSpec, Template

# Han ideographs, Hiragana, Katakana (and their extensions): one word each in Word.
# (Compiled on first use: the ranges take as long to compile as the rest of the module to load.)
_EAST_ASIAN_RANGES = (
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0002fa1f]"
)
_EAST_ASIAN_FIRST = "\u3040"  # (no character below it is one)


@cache
def _east_asian() -> re.Pattern[str]:
    return re.compile(_EAST_ASIAN_RANGES)


def has_east_asian(text: str) -> bool:
    """Whether ``text`` holds a character Word counts as a word by itself (ideograph, kana)."""
    return max(text, default="") >= _EAST_ASIAN_FIRST and _east_asian().search(text) is not None


#: How each language's text differs from the common rule (split at white space).
#: Only writing systems without spaces between words differ; the rest share the default.
LANGUAGE_RULES: dict[str, str] = {
    "en": "white space",
    "es": "white space",
    "fr": "white space",
    "zh": "each ideograph is a word",
    "ja": "each ideograph or kana is a word",
}


def _count_token(token: str) -> int:
    if not has_east_asian(token):
        return 1 if any(ch.isalnum() for ch in token) else 0
    east_asian = _east_asian()
    ideographs = len(east_asian.findall(token))
    rest = east_asian.split(token)
    return ideographs + sum(1 for part in rest if any(ch.isalnum() for ch in part))


def count_words(text: str, lang: str | None = None) -> int:
    """The words of ``text`` as Word counts them in ``lang`` (see the module's notes).

    ``lang`` None (unknown) and every language of :data:`LANGUAGE_RULES` apply
    the same function: the East Asian rule depends on the characters, so a
    Japanese quotation in a Spanish note counts as Word would count it.
    """
    return sum(_count_token(token) for token in text.split())


def count_rich(body: RichText, lang: str | None = None) -> int:
    return sum(count_words(block.text, lang) for block in body.blocks)


@dataclass(frozen=True, slots=True)
class WordBudget:
    section: str
    words: int
    limit: int | None

    @property
    def over(self) -> bool:
        return self.limit is not None and self.words > self.limit


def section_words(
    note: Note, spec: SectionSpec, speaker_label: dict[str, str] | None = None, lang: str | None = None
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
            total += count_rich(item.body, lang)
            if child.kind is SectionKind.INTERVENTIONS and item.speaker and speaker_label:
                total += count_words(speaker_label.get(item.speaker, item.speaker), lang)
    return total


def budgets(
    note: Note, template: Template, speaker_label: dict[str, str] | None = None, lang: str | None = None
) -> list[WordBudget]:
    """Every section of the template that carries a word limit, with its count in ``lang``."""
    return [
        WordBudget(spec.key, section_words(note, spec, speaker_label, lang), spec.word_limit)
        for spec, _depth in template.walk()
        if spec.word_limit is not None
    ]
