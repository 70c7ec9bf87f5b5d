"""Word counts per language: the cases that look language-specific count as Word counts them."""

from __future__ import annotations

import pytest

from notetaker.wordcount import LANGUAGE_RULES, count_words


@pytest.mark.parametrize(
    ("lang", "text", "words"),
    [
        # Spanish: contractions, enclitic pronouns, inverted marks, grouped numbers.
        ("es", "Se trató del tema al final", 6),
        ("es", "Dígaselo a la delegación; dámelo", 5),
        ("es", "¿ Qué opina la Conferencia Regional sobre Migración ?", 7),
        ("es", "¡Gracias!", 1),
        ("es", "más de 130.000 personas migrantes", 5),
        ("es", "Estados Miembros de la CRM – OIM, ACNUR", 7),
        # French: elisions (straight and typographic apostrophe), spaced punctuation, guillemets.
        ("fr", "l'homme et l’enfant d'aujourd'hui", 4),
        ("fr", "Bonjour ! Comment allez-vous ?", 3),
        ("fr", "« Oui », a dit la délégation", 5),
        # English: contractions and compounds.
        ("en", "Don't stop the follow-up", 4),
        ("en", "Member States' co-operation", 3),
        # East Asian writing: one word per character, whatever the note's language.
        ("ja", "移民に関する地域会議", 10),
        ("zh", "区域移民会议", 6),
        ("es", "Dijo 移民 dos veces", 5),
        (None, "移民conference", 3),
    ],
)
def test_count_words_by_language(lang, text, words):
    assert count_words(text, lang) == words


def test_languages_that_write_spaces_share_one_rule():
    sample = "Las delegaciones, l'homme, del, dígaselo, 130 000 – fin."
    counts = {lang: count_words(sample, lang) for lang in ("en", "es", "fr", None)}
    assert set(counts.values()) == {count_words(sample)}
    assert {"en", "es", "fr"} <= set(LANGUAGE_RULES)
