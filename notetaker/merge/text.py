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
``d / (2 - d)``. Counting the prefix tokens a candidate shares (``c``) bounds its
overlap (the tokens past the prefix that ends first can add at most that set's
rest), so most candidates are dropped before the exact check; see :class:`_Join`.

Speed comes from doing per-token work in C (sorting and compressing the postings,
``bytes.translate`` to split ASCII text) and from probing from the smaller side:
items are grouped by note and time block, and a few items of one notetaker look for
their counterparts among the many of another, never among their own.
"""

from __future__ import annotations

import collections
import math
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from itertools import chain, compress, filterfalse, islice
from operator import eq

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
    """Lower case without accents: "Migración" -> "migracion"."""
    text = text.casefold()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_MARKS)


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


def analyse(text: str) -> tuple[str, frozenset[str]]:
    """``(normalized(text), tokens(text))`` in one pass."""
    found = words(text)
    return " ".join(found), content_tokens(found)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _prefix(size: int, jaccard: float) -> int:
    """How many of a set's rarest tokens any set with Jaccard ≥ ``jaccard`` must share one of."""
    return size - math.ceil(jaccard * size - 1e-9) + 1


def _count_into(counts: dict[int, int], ids: Iterable[int]) -> None:
    for i in ids:
        counts[i] = counts.get(i, 0) + 1


_count_elements: Callable[[dict[int, int], Iterable[int]], None] = getattr(
    collections, "_count_elements", _count_into)  # the C loop behind Counter.update

#: The largest groups (notes) get cells of their own; the others share one.
MAX_BUCKETS = 8
Cell = tuple[int, int | None]  # (bucket, time block; None: no time)


def similar_pairs(
    sets: Sequence[AbstractSet[Hashable]],
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
    return _Join(sets, threshold, groups, times, window).run()


class _Join:
    """The items fall into cells: their group (the largest ones each a cell of their own, the
    others together) and, with a window, their time block (``window`` wide: two items within the
    window are in the same or adjacent blocks). Of two cells that may hold a pair, the one with
    fewer items probes an index of the other's prefixes. When notetakers take turns, each
    period is mostly one notetaker's, and only the few items of the others look for their
    counterparts.

    A probe counts, for each indexed item, the prefix tokens they share (``c``). Past the
    prefix that ends at the lower rank, at most that set's remaining tokens can be shared, so
    the overlap is at most ``c + max(rest)``: few candidates survive that bound, and they
    are verified exactly. Sorting the probe's postings finds the items listed twice or more
    (``c ≥ 2``) in C; ``c = 1`` can only be enough between sets of very different sizes.
    Inside, items are numbered by size, so that those are the two ends of the sorted postings.
    """

    def __init__(self, sets: Sequence[AbstractSet[Hashable]], threshold: float, groups: Sequence[object] | None,
                 times: Sequence[float | None] | None, window: float | None) -> None:
        # item k here is item order[k] of the caller: numbered by size (then as given)
        self.order = order = sorted(range(len(sets)), key=lambda i: len(sets[i]))
        self.sets = sets = [sets[i] for i in order]
        self.threshold = threshold
        self.jaccard = jaccard = threshold / (2 - threshold)
        count = len(sets)
        self.group: Sequence[object] = [groups[i] for i in order] if groups is not None else order
        self.sizes = sizes = [len(s) for s in sets]
        top = max(sizes, default=0)
        self.keep = [_prefix(n, jaccard) for n in range(top + 1)]
        self.first_of_size = [bisect_left(sizes, m) for m in range(top + 2)]  # first item of each size
        self.heads: list[list[int] | None] = [None] * count
        self.window = window
        self.times = [times[i] for i in order] if times is not None and window is not None else None
        self.found: dict[tuple[int, int], float] = {}
        self.tables: dict[int, tuple[Callable[[int, float], float], int, int]] = {}
        self.indexes: dict[Cell, defaultdict[int, list[int]]] = {}
        self.cells = self._cells()
        frequency = Counter(chain.from_iterable(sets))
        # rarest first; ties in any order: the order decides how much work the join does, never
        # which pairs it finds
        self.rank = {t: k for k, t in enumerate(sorted(frequency, key=frequency.__getitem__))}

    def _cells(self) -> dict[Cell, list[int]]:
        sets, group, times = self.sets, self.group, self.times
        members = Counter(group[i] for i in range(len(sets)) if sets[i])
        largest = sorted((-n, k) for k, n in enumerate(members.values()) if n > 1)[:MAX_BUCKETS]
        keys = list(members)
        bucket_of = {keys[k]: b for b, (_n, k) in enumerate(largest)}
        self.shared = shared = len(bucket_of)  # the bucket of every other group
        width = max(self.window or 0.0, 1e-6) * (1 + 1e-9)  # a little wider: rounding never splits a pair by two blocks
        cells: dict[Cell, list[int]] = {}
        for i, s in enumerate(sets):
            if s:
                at = times[i] if times is not None else None
                key = (bucket_of.get(group[i], shared), None if at is None else math.floor(at / width))
                found = cells.get(key)
                if found is None:
                    cells[key] = [i]
                else:
                    found.append(i)
        return cells

    def run(self) -> list[tuple[int, int, float]]:
        cells, shared = self.cells, self.shared

        def order(c: Cell) -> tuple[int, bool, int]:
            return (c[0], c[1] is not None, c[1] or 0)

        ordered = sorted(cells, key=order)
        by_block: dict[int | None, list[Cell]] = {}
        for c in ordered:
            by_block.setdefault(c[1], []).append(c)
        timeless = by_block.get(None, [])
        for c in ordered:
            if c[1] is None:
                near = [d for d in ordered if d != c]
            else:
                near = [d for k in (c[1] - 1, c[1], c[1] + 1) for d in by_block.get(k, ()) if d != c] + timeless
            # of two near cells (not of one group), the one with fewer items (then the first) probes
            targets = [d for d in near if (d[0] != c[0] or c[0] == shared)
                       and (len(cells[c]), order(c)) < (len(cells[d]), order(d))]
            if targets:
                self._probe_cell(c, targets)
            if c[0] == shared and len(cells[c]) > 1:
                self._self_join(cells[c])  # the shared bucket also holds pairs within one cell
        order = self.order
        pairs = ((order[i], order[j], score) for (i, j), score in self.found.items())
        return sorted((i, j, score) if i < j else (j, i, score) for i, j, score in pairs)

    def _prepare(self, ids: list[int]) -> None:
        heads, sets, sizes, keep, rank = self.heads, self.sets, self.sizes, self.keep, self.rank.__getitem__
        for i in ids:
            if heads[i] is None:
                heads[i] = sorted(map(rank, sets[i]))[: keep[sizes[i]]]

    def _index(self, c: Cell) -> defaultdict[int, list[int]]:
        index = self.indexes.get(c)
        if index is None:
            index = self.indexes[c] = defaultdict(list)
            ids = self.cells[c]
            self._prepare(ids)
            heads = self.heads
            for i in ids:
                for t in heads[i]:  # type: ignore[union-attr]
                    index[t].append(i)
        return index

    def _table(self, n: int) -> tuple[Callable[[int, float], float], tuple[tuple[int, int], ...]]:
        """For a probe of size n: ``need`` (size -> the fewest shared prefix tokens, ``c``, a set
        of that size needs; absent sizes cannot reach the threshold), and the ranges of items
        ``[a, b)`` whose size one shared token (``c = 1``) is enough for."""
        out = self.tables.get(n)
        if out is None:
            threshold, jaccard, first = self.threshold, self.jaccard, self.first_of_size
            rest_n = n - _prefix(n, jaccard)
            need: dict[int, float] = {}
            for m in range(max(1, math.floor(jaccard * n) - 1), math.ceil(n / jaccard) + 2):
                if 2 * min(m, n) >= threshold * (m + n) - 1e-6:
                    need[m] = threshold * (m + n) / 2 - max(m - _prefix(m, jaccard), rest_n) - 1e-6
            ranges: list[tuple[int, int]] = []
            for m in sorted(need):
                if need[m] <= 1 and m < len(first) - 1:
                    a, b = first[m], first[m + 1]  # the items of size m
                    if a == b:
                        continue
                    if ranges and ranges[-1][1] == a:
                        ranges[-1] = (ranges[-1][0], b)
                    else:
                        ranges.append((a, b))
            out = self.tables[n] = (need.get, tuple(ranges))
        return out

    def _probe_cell(self, c: Cell, targets: list[Cell]) -> None:
        reads = [self._index(d).get for d in targets]
        ids = self.cells[c]
        self._prepare(ids)
        heads = self.heads
        for j in ids:
            head = heads[j]
            lists: list[list[int]] = []
            for get in reads:
                lists.extend(filter(None, map(get, head)))  # type: ignore[arg-type]
            if lists:
                self._probe(j, lists)

    def _self_join(self, ids: list[int]) -> None:
        """Pairs within ``ids``: each probes the ones before it."""
        self._prepare(ids)
        index: defaultdict[int, list[int]] = defaultdict(list)
        get, heads = index.get, self.heads
        for j in ids:
            head = heads[j]
            lists = list(filter(None, map(get, head)))  # type: ignore[arg-type]
            if lists:
                self._probe(j, lists)
            for t in head:  # type: ignore[union-attr]
                index[t].append(j)

    def _probe(self, j: int, lists: list[list[int]]) -> None:
        """Verify ``j`` against the items of ``lists`` (postings of its prefix tokens, each sorted)
        that may be similar enough."""
        flat = sorted(chain.from_iterable(lists)) if len(lists) > 1 else lists[0]
        twice: dict[int, int] = {}  # item -> shared prefix tokens - 1, for items listed twice or more
        _count_elements(twice, compress(flat, map(eq, flat, islice(flat, 1, None))))
        sizes = self.sizes
        need, ranges = self._table(sizes[j])
        chosen = [i for i, c in twice.items() if c + 1 >= need(sizes[i], _INF)]
        for a, b in ranges:  # listed once, but of a size that one shared token is enough for
            start = bisect_left(flat, a)
            chosen.extend(filterfalse(twice.__contains__, islice(flat, start, bisect_left(flat, b, start))))
        if not chosen:
            return
        sets, group, times = self.sets, self.group, self.times
        size, mine, own = sizes[j], sets[j], group[j]
        at = times[j] if times is not None else None
        window, threshold, found = self.window, self.threshold, self.found
        for i in chosen:
            if group[i] == own:
                continue
            if at is not None and times[i] is not None and abs(times[i] - at) > window:  # type: ignore[index,operator]
                continue
            score = 2 * len(sets[i] & mine) / (sizes[i] + size)
            if score >= threshold:
                found[(i, j) if i < j else (j, i)] = score


_INF = math.inf
