"""Near-duplicate text: normalized tokens, their Dice similarity, and the pairs above a threshold.

Normalization folds case and accents, drops English and Spanish stop words and
strips a few suffixes, so that "The Member Countries highlighted..." and
"Member countries highlight..." share their tokens. Everything here is a pure
function of its inputs: no randomness, no dependence on iteration order.

:func:`similar_pairs` finds every pair whose Dice coefficient reaches the
threshold without comparing all pairs: it is the prefix-filtering join of
Bayardo et al. ("Scaling up all pairs similarity search", WWW 2007). Tokens are
ordered rarest first; two sets with Jaccard similarity ``j`` must share a token
among the first ``|x| - ceil(j |x|) + 1`` tokens of each, and Dice ``d`` equals Jaccard
``d / (2 - d)``. The 2-prefix variant (Wang, Li and Feng, "Can we beat the prefix filtering?",
SIGMOD 2012) keeps only candidates sharing two prefix tokens; they are counted
with the C loop behind ``Counter.update`` and verified exactly.
"""

from __future__ import annotations

import collections
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
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


def analyse(text: str) -> tuple[str, frozenset[str]]:
    """``(normalized(text), tokens(text))`` in one pass."""
    words = _WORD.findall(fold(text))
    cache = _STEMS
    out = []
    for w in set(words) - STOP_WORDS:
        s = cache.get(w)
        if s is None:
            s = cache[w] = stem(w)
        out.append(s)
    return " ".join(words), frozenset(out)


_STEMS: dict[str, str] = {}


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _prefix(size: int, jaccard: float, shared: int = 1) -> int:
    """How many of a set's rarest tokens two sets with Jaccard ≥ ``jaccard`` (and an overlap
    of at least ``shared``) must share ``shared`` of: the ℓ-prefix scheme."""
    return size - math.ceil(jaccard * size - 1e-9) + shared


def _count_into(counts: dict[int, int], ids: Iterable[int]) -> None:
    for i in ids:
        counts[i] = counts.get(i, 0) + 1


_count_elements: Callable[[dict[int, int], Iterable[int]], None] = getattr(
    collections, "_count_elements", _count_into)  # the C loop behind Counter.update


#: The ℓ of the ℓ-prefix filter: longer prefixes, far fewer candidates to verify.
SHARED = 2


def similar_pairs(
    sets: Sequence[frozenset[str]],
    threshold: float,
    groups: Sequence[object] | None = None,
    times: Sequence[float | None] | None = None,
    window: float | None = None,
) -> list[tuple[int, int, float]]:
    """Every pair ``(i, j, score)``, ``i < j``, whose Dice similarity reaches ``threshold``.

    With ``groups``, only pairs of different groups (notes); with ``times`` and
    ``window``, only pairs whose times are at most ``window`` apart (an item without
    a time is compared with every other). Sorted by ``(i, j)``; empty sets never match.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    jaccard = threshold / (2 - threshold)
    frequency = Counter(t for s in sets for t in s)
    rank = {t: k for k, t in enumerate(sorted(frequency, key=lambda t: (frequency[t], t)))}
    group = list(groups) if groups is not None else [0] * len(sets)
    when = list(times) if times is not None and window is not None else [None] * len(sets)
    timed = sorted((w, i) for i, w in enumerate(when) if w is not None and sets[i])
    timeless = [i for i, w in enumerate(when) if w is None and sets[i]]
    found: dict[tuple[int, int], float] = {}

    def join(probes: list[int], indexed: list[int] | None, expire: bool) -> None:
        """Probe with each of ``probes``, indexing them as they come (``indexed`` None), or
        against the fixed ``indexed`` items."""
        postings: defaultdict[int, list[int]] = defaultdict(list)  # token -> ids, in time order
        live: dict[int, int] = {}  # token -> index of its first id still inside the window
        # ℓ-prefixes: two sets whose overlap is at least ℓ share ℓ tokens in these. A set of
        # size n overlaps any match in at least ceil(jaccard n) tokens, so its ℓ is that, at
        # most SHARED; a pair must share min(ℓ_x, ℓ_y) prefix tokens.
        ell = {i: max(1, min(SHARED, math.ceil(jaccard * len(sets[i]) - 1e-9)))
               for i in (probes + (indexed or []))}
        heads = {i: sorted([rank[t] for t in sets[i]])[: _prefix(len(sets[i]), jaccard, ell[i])]
                 for i in ell}
        checked = groups is not None

        for i in indexed or ():
            for t in heads[i]:
                postings[t].append(i)
        for j in probes:
            counts: dict[int, int] = {}
            limit = when[j] - window if expire and window is not None and when[j] is not None else None  # type: ignore[operator]
            for t in heads[j]:
                ids = postings.get(t)
                if not ids:
                    continue
                if limit is not None:
                    start = live.get(t, 0)
                    while start < len(ids) and when[ids[start]] < limit:  # type: ignore[operator]
                        start += 1
                    live[t] = start
                    _count_elements(counts, ids[start:] if start else ids)
                else:
                    _count_elements(counts, ids)
            if counts:
                mine, size, own = sets[j], len(sets[j]), group[j]
                need = ell[j]
                if need == 1:
                    candidates = list(counts)
                else:
                    candidates = [i for i, c in counts.items() if c >= need or c >= ell[i]]
                low, high = jaccard * size - 1e-9, size / jaccard + 1e-9
                for i in candidates:
                    if checked and group[i] == own:
                        continue
                    other = sets[i]
                    n = len(other)
                    if n < low or n > high:
                        continue
                    score = 2 * len(other & mine) / (n + size)
                    if score >= threshold:
                        found[(min(i, j), max(i, j))] = score
            if indexed is None:
                for t in heads[j]:
                    postings[t].append(j)

    join([i for _w, i in timed], None, expire=True)
    if timeless:
        alone = set(timeless)
        timed_ids = [i for i, s in enumerate(sets) if s and i not in alone]
        if timed_ids:
            join(timeless, timed_ids, expire=False)
        join(timeless, None, expire=False)
    return sorted((i, j, score) for (i, j), score in found.items())
