"""The garbage collector's policy (notetaker/gcpolicy.py): pauses, and freezes that are given back."""

from __future__ import annotations

import gc
import weakref

from notetaker import gcpolicy


class Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_a_pause_ends_as_it_began():
    assert gc.isenabled()
    with gcpolicy.paused():
        assert not gc.isenabled()
        with gcpolicy.paused(promote=True):
            assert not gc.isenabled()
        assert not gc.isenabled()  # (an inner pause does not end the outer one)
    assert gc.isenabled()


def test_what_a_released_holder_froze_is_collected_and_what_lives_on_frozen_again(monkeypatch):
    monkeypatch.setattr(gcpolicy, "_holds", 0)  # (editors of other tests may still hold)
    monkeypatch.setattr(gcpolicy, "_unsettled", False)
    try:
        gcpolicy.hold()  # one that stays open
        kept, gone = Node(), Node()
        kept_ref, gone_ref = weakref.ref(kept), weakref.ref(gone)
        gcpolicy.hold()  # one that closes: both nodes are frozen with it
        del gone
        gc.collect()
        assert gone_ref() is not None  # frozen: no collection frees it
        gcpolicy.release()
        gc.collect()
        assert gone_ref() is None
        gcpolicy.settle()
        assert gc.get_freeze_count() > 0 and kept_ref() is kept  # the first holder's, frozen again
        gcpolicy.release()
        gcpolicy.settle()
        assert gc.get_freeze_count() == 0  # no holder left: nothing stays frozen
    finally:
        gc.unfreeze()
