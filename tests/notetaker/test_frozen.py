"""The fast constructor of frozen dataclasses (notetaker/frozen.py) makes what the class makes."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notetaker.domain import Item, Provenance
from notetaker.frozen import constructor, record
from notetaker.merge.model import Candidate, Decision, DecisionKind, Resolution
from notetaker.richtext import RichText


def _values(instance: object) -> list[object]:
    return [getattr(instance, f.name) for f in dataclasses.fields(instance)]  # type: ignore[arg-type]


@pytest.mark.parametrize("instance", [
    Provenance("n-uid", "i-uid", "Notetaker 2", "b.sidenotes"),
    Item(7, "highlights", RichText.plain("Texto con acentos: migración"), ("GT", "MX"), "Ana Pérez",
         datetime(2022, 5, 19, 18, 30, tzinfo=UTC), "Notetaker 1", "RCM", (Provenance("n"),), 3, "uid-7",
         datetime(2022, 5, 19, tzinfo=UTC), None),
    Decision("d1", DecisionKind.DUPLICATE, "highlights",
             (Candidate(Item(None, "highlights"), (0,)),), 0, Resolution.ACCEPT, "same speaker", 0.5, True),
])
def test_made_instances_equal_hash_and_freeze_like_the_class_own(instance):
    make = constructor(type(instance))
    assert make is not type(instance)  # the fast path is taken for these classes
    made = make(*_values(instance))
    assert type(made) is type(instance)
    assert made == instance and hash(made) == hash(instance) and repr(made) == repr(instance)
    assert pickle.loads(pickle.dumps(made)) == instance
    name = dataclasses.fields(instance)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, name, None)
    assert not hasattr(made, "__dict__")


def test_a_class_without_slots_is_made_by_itself():
    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int
        b: str = ""

    assert constructor(Plain) is Plain
    assert constructor(int) is int  # not a dataclass


# -- @record: a frozen dataclass with shared __eq__, __hash__ and __repr__ --------------------------


def _pair(body: str):  # noqa: ANN202
    """The same class made by @record and by @dataclass(frozen=True, slots=True)."""
    namespace: dict[str, object] = {"dataclasses": dataclasses}
    source = (
        "class C:\n"
        "    a: int\n"
        "    b: str = ''\n"
        "    c: tuple = ()\n"
        "    d: dict = dataclasses.field(default_factory=dict, hash=False)\n"
        "    e: int = dataclasses.field(default=0, compare=False)\n"
        "    f: str = dataclasses.field(default='x', repr=False)\n" + body
    )
    exec(source, namespace)  # noqa: S102 - the test's own text
    made = record(namespace["C"])
    exec(source, namespace)  # noqa: S102
    reference = dataclasses.dataclass(frozen=True, slots=True)(namespace["C"])
    return made, reference


values = st.tuples(st.integers(-3, 3), st.sampled_from(["", "a", "ñ"]), st.tuples(st.integers(0, 2)),
                   st.dictionaries(st.sampled_from("xy"), st.integers(0, 1)), st.integers(0, 2),
                   st.sampled_from(["x", "y"]))


@given(values, values)
def test_a_record_compares_hashes_and_shows_as_the_dataclass(one, two):
    made, reference = _pair("")
    a, b, ra, rb = made(*one), made(*two), reference(*one), reference(*two)
    assert (a == b) is (ra == rb) and (a != b) is (ra != rb)
    assert repr(a) == repr(ra)
    assert a.__eq__(ra) is NotImplemented and (a == ra) is False  # other classes never equal
    assert hash(a) == hash(ra)  # the same fields hashed (the dict's, hash=False, left out)
    assert [f.name for f in dataclasses.fields(made)] == [f.name for f in dataclasses.fields(reference)]
    assert dataclasses.replace(a, a=9) == made(9, *one[1:])
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.a = 1  # type: ignore[misc]


def test_a_record_keeps_the_methods_its_class_defines():
    made, _reference = _pair("    def __repr__(self):\n        return 'mine'\n")
    assert repr(made(1)) == "mine" and made(1) == made(1) and hash(made(1)) == hash(made(1, e=5))


def test_records_of_the_application_are_records():
    """Every frozen dataclass of the core made by @record shows, compares and hashes as one."""
    item = Item(7, "highlights", RichText.plain("x"), ("GT",), uid="u")
    assert repr(item).startswith("Item(id=7, section='highlights', body=RichText(blocks=(Block(")
    assert item == dataclasses.replace(item) and hash(item) == hash(dataclasses.replace(item))
    assert item != dataclasses.replace(item, uid="v")
    assert pickle.loads(pickle.dumps(item)) == item


def test_records_of_one_field_and_of_none():
    @record
    class One:
        a: int

    @record
    class Empty:
        pass

    assert One(1) == One(1) != One(2) and hash(One(1)) == hash((1,))
    assert Empty() == Empty() and hash(Empty()) == hash(())
    assert repr(One(1)) == f"{One.__qualname__}(a=1)" and repr(Empty()) == f"{Empty.__qualname__}()"


def test_a_record_whose_class_defines_eq_alone_hashes_as_a_dataclass_does():
    """(Python sets __hash__ = None in a class that defines __eq__ alone; a dataclass hashes it.)"""
    made, reference = _pair("    def __eq__(self, other):\n        return isinstance(other, type(self)) and self.a == other.a\n")
    assert hash(made(1, "x")) == hash(reference(1, "x")) and made(1, "x") == made(1, "y")


def test_a_record_declared_unhashable_stays_so():
    made, reference = _pair("    __hash__ = None\n")
    for cls in (made, reference):
        with pytest.raises(TypeError):
            hash(cls(1))
