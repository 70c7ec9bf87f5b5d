"""The near-duplicate join: every pair of token sets whose Dice similarity reaches a threshold.

:func:`similar_pairs` compares far fewer pairs than all of them. It is the
prefix-filtering join of Bayardo et al. ("Scaling up all pairs similarity search",
WWW 2007): tokens are ordered rarest first, and two sets with Jaccard similarity
``j`` must share a token among the first ``|x| - ceil(j |x|) + 1`` tokens (the
*prefix*) of each; Dice ``d`` equals Jaccard ``d / (2 - d)``. Counting the prefix
tokens a candidate shares (``c``) bounds its overlap (the tokens past the prefix
that ends first can add at most that set's rest), so that most candidates are
dropped before the exact check.

Pure Python spends its time per operation, not per bit, so the candidates of a
probe are counted with integers used as rows of small counters: the items of a
cell are the fields (a few bits each) of one integer, each prefix token of the
cell has the integer with a 1 in the field of every item whose prefix holds it,
and one ``sum`` of the integers of a probe's prefix tokens gives, in each field,
how many of them that item shares. One addition and one ``&`` then compare every
count with what that item's size needs (see :class:`_Join`), instead of touching
every posting. Everything is a pure function of the inputs: the order only
decides how much work is done, never which pairs are found, and every pair found
is verified exactly (``2 |a ∩ b| / (|a| + |b|) ≥ threshold``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from collections.abc import Set as AbstractSet
from itertools import chain, groupby

#: The largest groups (notes) get cells of their own; the others share one.
MAX_BUCKETS = 8
Cell = tuple[int, int | None]  # (bucket, time block; None: no time)
#: Token frequencies (which only set the order of the prefixes) are counted in one set of so many.
_SAMPLE = 4


def prefix_length(size: int, jaccard: float) -> int:
    """How many of a set's rarest tokens any set with Jaccard ≥ ``jaccard`` must share one of."""
    return size - math.ceil(jaccard * size - 1e-9) + 1


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


class _Ranks(dict[Hashable, int]):
    """token -> its place in the order of the prefixes; a token not seen yet comes before all
    those seen (it is rare), and keeps the place it is given."""

    def __missing__(self, token: Hashable) -> int:
        value = self[token] = -len(self)
        return value


class _Index:
    """One cell's prefixes as rows of counters: field ``k`` (``width`` bits) is the cell's
    ``k``-th item, numbered by size."""

    __slots__ = ("get", "ids", "units", "flags", "offsets")

    def __init__(self, ids: list[int], heads: list[list[int]], sizes: list[int], width: int) -> None:
        rows: dict[int, int] = {}
        get = rows.get
        one = 1
        for i in ids:
            for t in heads[i]:
                rows[t] = get(t, 0) | one
            one <<= width
        self.get = get  # prefix token -> a 1 in the field of each item whose prefix holds it
        self.ids = ids  # field -> item
        base = (1 << width) - 1
        #: size -> a 1 in the field of each item of that size (a run of fields: ``count`` ones
        #: in base ``2^width`` are ``(2^(count width) - 1) / (2^width - 1)``)
        self.units: dict[int, int] = {}
        k = 0
        for m, run in groupby(sizes[i] for i in ids):
            count = len(list(run))
            self.units[m] = ((1 << (count * width)) - 1) // base << (k * width)
            k += count
        self.flags = (one - 1) // base << (width - 1)  # the top bit of every field
        #: probe size -> per field, what brings a count that is enough to the field's top bit
        self.offsets: dict[int, int] = {}


class _Join:
    """The items fall into cells: their group (the largest ones each a cell of their own, the
    others together) and, with a window, their time block (``window`` wide: two items within the
    window are in the same or adjacent blocks). Of two cells that may hold a pair, the one with
    fewer items probes an index of the other's prefixes. When notetakers take turns, each
    period is mostly one notetaker's, and only the few items of the others look for their
    counterparts.

    A probe of size ``n`` counts, for every item of the indexed cell at once, the prefix
    tokens they share (``c``). Past the prefix that ends at the lower rank, at most that
    set's remaining tokens can be shared, so an item of size ``m`` needs
    ``c ≥ need(m) = threshold (m + n) / 2 - max(rest(m), rest(n))`` (and ``c ≥ 1``); sizes
    the length filter excludes need never. The items left are verified exactly.
    """

    def __init__(self, sets: Sequence[AbstractSet[Hashable]], threshold: float, groups: Sequence[object] | None,
                 times: Sequence[float | None] | None, window: float | None) -> None:
        given = list(map(len, sets))
        # item k here is item order[k] of the caller: numbered by size (then as given)
        self.order = order = sorted(range(len(sets)), key=given.__getitem__)
        self.sets = sets = list(map(sets.__getitem__, order))
        self.sizes = sizes = list(map(given.__getitem__, order))
        self.threshold = threshold
        self.jaccard = jaccard = threshold / (2 - threshold)
        self.group: Sequence[object] = list(map(groups.__getitem__, order)) if groups is not None else order
        self.top = top = sizes[-1] if sizes else 0
        self.keep = [prefix_length(n, jaccard) for n in range(top + 1)]
        self.heads: list[list[int] | None] = [None] * len(sets)
        self.window = window
        self.times = list(map(times.__getitem__, order)) if times is not None and window is not None else None
        self.found: dict[tuple[int, int], float] = {}
        self.tables: dict[int, list[tuple[int, int]]] = {}
        # wide enough fields: counts (at most a prefix's length) and needs stay below half
        self.width = max(2, max(self.keep, default=0).bit_length() + 1)
        self.half = 1 << (self.width - 1)
        self.indexes: dict[Cell, _Index] = {}
        self.cells = self._cells()
        # rarest first, as counted in every fourth set (tokens none of those hold come first, in
        # the order met); ties in any order: the order decides how much work the join does,
        # never which pairs it finds
        frequency = Counter(chain.from_iterable(sets[::_SAMPLE]))
        self.rank = _Ranks({t: k for k, t in enumerate(sorted(frequency, key=frequency.__getitem__))})

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
                self._probe_cell(c, [c], itself=True)  # the shared bucket also holds pairs within one cell
        order = self.order
        pairs = ((order[i], order[j], score) for (i, j), score in self.found.items())
        return sorted((i, j, score) if i < j else (j, i, score) for i, j, score in pairs)

    def _prepare(self, ids: list[int]) -> None:
        """The prefixes (token ranks, rarest first) of ``ids``, once."""
        heads, sets, sizes, keep, rank = self.heads, self.sets, self.sizes, self.keep, self.rank.__getitem__
        for i in ids:
            if heads[i] is None:
                heads[i] = sorted(map(rank, sets[i]))[: keep[sizes[i]]]

    def _index(self, c: Cell) -> _Index:
        index = self.indexes.get(c)
        if index is None:
            ids = self.cells[c]
            self._prepare(ids)
            index = self.indexes[c] = _Index(ids, self.heads, self.sizes, self.width)  # type: ignore[arg-type]
        return index

    def _needs(self, n: int) -> list[tuple[int, int]]:
        """For a probe of size ``n``: ``(m, c)`` for every size ``m`` that can reach the threshold,
        ``c`` the fewest shared prefix tokens that may be enough for it (at least 1)."""
        out = self.tables.get(n)
        if out is None:
            threshold, jaccard = self.threshold, self.jaccard
            rest_n = n - prefix_length(n, jaccard)
            out = self.tables[n] = []
            for m in range(max(1, math.floor(jaccard * n) - 1), min(math.ceil(n / jaccard) + 2, self.top + 1)):
                if 2 * min(m, n) >= threshold * (m + n) - 1e-6:
                    need = threshold * (m + n) / 2 - max(m - prefix_length(m, jaccard), rest_n) - 1e-6
                    out.append((m, max(1, math.ceil(need))))
        return out

    def _offsets(self, index: _Index, n: int) -> int:
        """Per field of ``index``, ``2^(width-1) - c`` with ``c`` what that item's size needs (0 if
        it can never be enough): added to the counts, the field's top bit is set iff the count
        is enough, and no field carries into the next (counts and needs stay below
        ``2^(width-1)``)."""
        half, units = self.half, index.units
        out = index.offsets[n] = sum([(half - c) * units[m] for m, c in self._needs(n) if m in units and c < half])
        return out
    def _probe_cell(self, c: Cell, targets: list[Cell], itself: bool = False) -> None:
        """Every item of ``c`` against the items of ``targets`` (with ``itself``, ``c`` alone:
        each item against those before it)."""
        indexes = [self._index(d) for d in targets]
        ids = self.cells[c]
        self._prepare(ids)
        heads, sizes, sets, group, times = self.heads, self.sizes, self.sets, self.group, self.times
        window, threshold, found, width = self.window, self.threshold, self.found, self.width
        for k, j in enumerate(ids):
            head, n, mine, own = heads[j], sizes[j], sets[j], group[j]
            at = times[j] if times is not None else None
            for index in indexes:
                counts = sum(filter(None, map(index.get, head)))  # type: ignore[arg-type]
                if not counts:
                    continue
                chosen = (counts + (index.offsets.get(n) or self._offsets(index, n))) & index.flags
                if itself:
                    chosen &= (1 << (k * width)) - 1
                other = index.ids
                while chosen:
                    low = chosen & -chosen
                    chosen ^= low
                    i = other[low.bit_length() // width - 1]
                    if group[i] == own:
                        continue
                    if at is not None and times[i] is not None and abs(times[i] - at) > window:  # type: ignore[index,operator]
                        continue
                    score = 2 * len(sets[i] & mine) / (sizes[i] + n)
                    if score >= threshold:
                        found[(i, j) if i < j else (j, i)] = score
