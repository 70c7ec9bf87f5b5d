"""Near-duplicate text: normalized tokens, their Dice similarity, and the pairs above a threshold.

Normalization folds case and accents, drops English and Spanish stop words and
strips a few suffixes, so that "The Member Countries highlighted..." and
"Member countries highlight..." share their tokens. Everything here is a pure
function of its inputs: no randomness, no dependence on iteration order.

:func:`similar_pairs` finds every pair whose Dice coefficient reaches the
threshold without comparing all pairs: it is the prefix-filtering join of
Bayardo et al. ("Scaling up all pairs similarity search", WWW 2007). Tokens are
ordered rarest first; two sets with Jaccard similarity ``j`` must share a token
among the first ``|x| - ceil(j |x|) + 1`` tokens of each, and Dice ``d`` equals
Jaccard ``d / (2 - d)``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

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


def fold(text: str) -> str:
    """Lower case without accents: "Migración" -> "migracion"."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> frozenset[str]:
    """The set of normalized content tokens of ``text``."""
    return frozenset(stem(w) for w in _WORD.findall(fold(text)) if w not in STOP_WORDS)


def normalized(text: str) -> str:
    """The text reduced to its folded words, for exact-equality tests."""
    return " ".join(_WORD.findall(fold(text)))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def similar_pairs(
    sets: Sequence[frozenset[str]],
    threshold: float,
    allowed: Callable[[int, int], bool] = lambda i, j: True,
) -> list[tuple[int, int, float]]:
    """Every pair ``(i, j, score)`` with ``i < j``, ``allowed(i, j)`` and Dice ≥ ``threshold``.

    Sorted by ``(i, j)``. Empty sets never match.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    jaccard = threshold / (2 - threshold)
    frequency: dict[str, int] = {}
    for s in sets:
        for token in s:
            frequency[token] = frequency.get(token, 0) + 1
    postings: dict[str, list[int]] = {}
    found: list[tuple[int, int, float]] = []
    for j, s in enumerate(sets):
        if not s:
            continue
        ordered = sorted(s, key=lambda t: (frequency[t], t))
        size = len(ordered)
        prefix = size - math.ceil(jaccard * size - 1e-9) + 1
        seen: set[int] = set()
        for token in ordered[:prefix]:
            bucket = postings.setdefault(token, [])
            for i in bucket:
                if i in seen:
                    continue
                seen.add(i)
                other = sets[i]
                small, large = sorted((len(other), size))
                if small < jaccard * large or not allowed(i, j):
                    continue
                score = dice(other, s)
                if score >= threshold:
                    found.append((i, j, score))
            bucket.append(j)
    found.sort(key=lambda t: (t[0], t[1]))
    return found
