"""The near-duplicate join: every pair of token sets whose Dice similarity reaches a threshold.

:func:`similar_pairs` counts, for each item, the tokens it shares with every item
it may be paired with, all at once: pure Python spends its time per operation,
not per bit, so the items of a *cell* are the fields (a few bits each) of one
integer, every token of the cell has the integer with a 1 in the field of each
item holding it, and one ``sum`` of the integers of an item's tokens gives, in
each field, exactly how many tokens that item shares with it (``|a ∩ b|``). One
addition and one ``&`` then compare every count with the fewest shared tokens
that reach the threshold for that item's size, so only the pairs found are
looked at one by one, and their score is ``2 |a ∩ b| / (|a| + |b|)``, as
computed pair by pair.

Cells keep the number of such integers (and their width) small: items fall into
cells by group (note) and, with a time window, by time block, and of two cells
that may hold a pair the one with fewer items looks its items up in the other's
rows (see :class:`_Join`). Everything is a pure function of the inputs: the
order of the work never changes which pairs are found.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from collections.abc import Set as AbstractSet
from itertools import groupby

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


class _Index:
    """One cell's tokens as rows of counters: field ``k`` (``width`` bits) is the cell's
    ``k``-th item, numbered by size."""

    __slots__ = ("get", "ids", "units", "flags", "offsets")

    def __init__(self, ids: list[int], sets: list[AbstractSet[Hashable]], sizes: list[int], width: int) -> None:
        rows: dict[Hashable, int] = {}
        get = rows.get
        one = 1
        for i in ids:
            for t in sets[i]:
                rows[t] = get(t, 0) | one
            one <<= width
        self.get = get  # token -> a 1 in the field of each item holding it
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
    fewer items probes the rows of the other. When notetakers take turns, each period is
    mostly one notetaker's, and only the few items of the others look for their counterparts.

    A probe of size ``n`` sums the rows of its tokens: the count ``c`` in an item's field is
    the size of their intersection, and an item of size ``m`` is a pair when ``c`` reaches
    ``need(m)``, the fewest shared tokens with ``2 c / (m + n) ≥ threshold``.
    """

    def __init__(self, sets: Sequence[AbstractSet[Hashable]], threshold: float, groups: Sequence[object] | None,
                 times: Sequence[float | None] | None, window: float | None) -> None:
        given = list(map(len, sets))
        # item k here is item order[k] of the caller: numbered by size (then as given)
        self.order = order = sorted(range(len(sets)), key=given.__getitem__)
        self.sets = sets = list(map(sets.__getitem__, order))
        self.sizes = sizes = list(map(given.__getitem__, order))
        self.threshold = threshold
        self.group: Sequence[object] = list(map(groups.__getitem__, order)) if groups is not None else order
        self.top = top = sizes[-1] if sizes else 0
        self.window = window
        self.times = list(map(times.__getitem__, order)) if times is not None and window is not None else None
        self.found: dict[tuple[int, int], float] = {}
        self.tables: dict[int, list[tuple[int, int]]] = {}
        # wide enough fields: counts and needs (at most the size of a set) stay below half
        self.width = top.bit_length() + 1
        self.half = 1 << (self.width - 1)
        self.indexes: dict[Cell, _Index] = {}
        self.cells = self._cells()

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

    def _index(self, c: Cell) -> _Index:
        index = self.indexes.get(c)
        if index is None:
            index = self.indexes[c] = _Index(self.cells[c], self.sets, self.sizes, self.width)
        return index

    def _needs(self, n: int) -> list[tuple[int, int]]:
        """For a probe of size ``n``: ``(m, c)`` for every size ``m`` a pair can have, ``c`` the
        fewest shared tokens with ``2 c / (m + n) ≥ threshold`` (as that score is computed)."""
        out = self.tables.get(n)
        if out is None:
            threshold = self.threshold
            out = self.tables[n] = []
            for m in range(1, self.top + 1):
                # one below the real-number bound, then up: the score grows with c
                c = max(1, math.ceil(threshold * (m + n) / 2) - 1)
                while 2 * c / (m + n) < threshold:
                    c += 1
                if c <= min(m, n):
                    out.append((m, c))
        return out

    def _offsets(self, index: _Index, n: int) -> int:
        """Per field of ``index``, ``2^(width-1) - need`` for that item's size (0 if no pair can
        have that size): added to the counts, the field's top bit is set iff the count is
        enough, and no field carries into the next (counts and needs stay below
        ``2^(width-1)``)."""
        half, units = self.half, index.units
        out = index.offsets[n] = sum([(half - c) * units[m] for m, c in self._needs(n) if m in units])
        return out

    def _probe_cell(self, c: Cell, targets: list[Cell], itself: bool = False) -> None:
        """Every item of ``c`` against the items of ``targets`` (with ``itself``, ``c`` alone:
        each item against those before it)."""
        indexes = [self._index(d) for d in targets]
        sizes, sets, group, times = self.sizes, self.sets, self.group, self.times
        window, found, width = self.window, self.found, self.width
        field = (1 << width) - 1
        for k, j in enumerate(self.cells[c]):
            mine, n, own = sets[j], sizes[j], group[j]
            at = times[j] if times is not None else None
            for index in indexes:
                counts = sum(filter(None, map(index.get, mine)))
                if not counts:
                    continue
                chosen = (counts + (index.offsets.get(n) or self._offsets(index, n))) & index.flags
                if itself:
                    chosen &= (1 << (k * width)) - 1
                other = index.ids
                while chosen:
                    low = chosen & -chosen
                    chosen ^= low
                    slot = low.bit_length() // width - 1
                    i = other[slot]
                    if group[i] == own:
                        continue
                    if at is not None and times[i] is not None and abs(times[i] - at) > window:  # type: ignore[index,operator]
                        continue
                    shared = (counts >> (slot * width)) & field
                    found[(i, j) if i < j else (j, i)] = 2 * shared / (sizes[i] + n)
