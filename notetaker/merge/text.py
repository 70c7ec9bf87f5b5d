"""Near-duplicate text: normalized tokens and their Dice similarity (the pairs above a threshold:
:func:`similar_pairs`, from :mod:`.join`).

Normalization folds case and accents, drops English and Spanish stop words and
strips a few suffixes, so that "The Member Countries highlighted..." and
"Member countries highlight..." share their tokens. Everything here is a pure
function of its inputs: no randomness, no dependence on iteration order.

Words are split in C where the text allows (``bytes.translate`` for ASCII text), and
one cached word -> token table replaces the stop-word test and the stemmer calls.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from .join import similar_pairs as similar_pairs

_WORD = re.compile(r"[^\W_]+")

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my no
    nor not now of off on once only or other our out over own same she should so some such than
    that the their them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your
    al algo ante como con contra cual cuando de del desde donde durante e el ella ellas ellos en
    entre era es esa ese eso esta este esto estos fue ha han hay la las le les lo los mas me mi muy
    ni no nos o os para pero por que se ser si sin sobre su sus tambien te tiene todo tu un una uno
    unos y ya
    """.split()
)

_SUFFIXES = ("ations", "ation", "ions", "ion", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately small stemmer: enough to match plurals, -ing/-ed forms and -our spellings."""
    if word.isdigit() or len(word) <= 3:
        return word
    if word.endswith("our") and len(word) > 5:  # labour -> labor
        word = word[:-3] + "or"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


class _Marks(dict[int, int | None]):
    """Code point -> itself, or None for a combining mark: a ``str.translate`` table filled as
    characters are met (the same as testing ``unicodedata.combining`` on each character)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_MARKS = _Marks()
#: For ASCII text: letters and digits stay (capitals in lower case), every other byte separates
#: words, as ``_WORD`` does in folded text.
_SEPARATE = bytes(ord(chr(c).lower()) if c < 128 and chr(c).isalnum() else 32 for c in range(256))


def fold(text: str) -> str:
    """Lower case without accents: "Migración" -> "migracion".

    Decomposing can give capitals again ("𝘼" -> "A"), so such a text is case-folded
    once more after it.
    """
    text = text.casefold()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_MARKS).casefold()


def words(text: str) -> list[str]:
    """The folded words (runs of letters and digits) of ``text``, in order."""
    if not text.isascii():
        text = fold(text)
        if not text.isascii():
            return _WORD.findall(text)
    return text.encode("ascii").translate(_SEPARATE).decode("ascii").split()


class _Tokens(dict[str, str | None]):
    """word -> its token (the stem), or None for a stop word; filled as words are met."""

    def __missing__(self, word: str) -> str | None:
        value = self[word] = None if word in STOP_WORDS else stem(word)
        return value


_TOKENS = _Tokens()
_TOKENS_LIMIT = 200_000  # distinct words remembered; a real vocabulary stays far below


def token_set(found: Iterable[str]) -> set[str]:
    """The content tokens of a sequence of folded words: stop words dropped, the rest stemmed."""
    if len(_TOKENS) > _TOKENS_LIMIT:
        _TOKENS.clear()
    out = set(map(_TOKENS.__getitem__, found))
    out.discard(None)  # type: ignore[arg-type]
    return out  # type: ignore[return-value]


def content_tokens(found: Iterable[str]) -> frozenset[str]:
    return frozenset(token_set(found))


def tokens(text: str) -> frozenset[str]:
    """The set of normalized content tokens of ``text``."""
    return content_tokens(words(text))


def normalized(text: str) -> str:
    """The text reduced to its folded words, for exact-equality tests."""
    return " ".join(words(text))
