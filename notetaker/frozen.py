"""Frozen dataclasses: declared with less work (:func:`record`), made quickly (:func:`constructor`).

The core's immutable records are declared with ``@record``: a frozen dataclass with
slots whose comparison, hash and repr are shared functions (see :func:`record`).
Opening a note makes thousands of instances, and so does a merge:

A frozen dataclass's ``__init__`` cannot assign its fields: it looks
``object.__setattr__`` up and calls it for each one, which costs several times
what an ordinary assignment does. :func:`constructor` gives a function that makes
the same instance another way: a *draft* class, not frozen, with the same slots
in the same order, is filled by its own ``__init__`` (ordinary assignments), and
the instance then takes the frozen class (assigning ``__class__`` is allowed
between classes of the same layout). What comes out is an ordinary instance of
the frozen class: equal to, hashing like and as immutable as one made by its
constructor.

The draft is a bare class with one generated ``__init__``, not a dataclass:
making it costs a fraction of what a dataclass costs, so that modules read at
the application's start can have their constructors made at import.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


def record(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True, slots=True)``: the same class, made with less compiling.

    A dataclass compiles the source of six methods for each frozen class, and the application's
    start makes some thirty such classes: a tenth of a second of compiling on a slow machine.
    ``__eq__``, ``__hash__`` and ``__repr__`` are half of that work; here they are three shared
    functions, over the class's fields read with one :func:`operator.attrgetter`, which behave
    as the compiled ones do: an instance equals one of the same class with equal fields (other
    classes: ``NotImplemented``), leaving out fields with ``compare=False``; the hash is that of
    the fields compared (or those with ``hash=True``), and the repr ``Name(field=value, ...)`` of
    those with ``repr=True``. Methods the class defines itself are kept. (Its
    ``__dataclass_params__`` say ``eq=False, repr=False``: the methods are not the dataclass's.)
    """
    made: type[T] = dataclass(frozen=True, slots=True, eq=False, repr=False)(cls)
    own = dict(vars(made))  # (as the class defines it, before the methods below are added)
    listed = fields(made)  # type: ignore[arg-type]
    made._record_eq = _getter([f.name for f in listed if f.compare])  # type: ignore[attr-defined]
    made._record_hash = _getter(  # type: ignore[attr-defined]
        [f.name for f in listed if (f.compare if f.hash is None else f.hash)]
    )
    made._record_repr = tuple(f.name for f in listed if f.repr)  # type: ignore[attr-defined]
    if "__eq__" not in own:
        made.__eq__ = _eq  # type: ignore[method-assign,assignment]
    # (A class that defines __eq__ alone gets __hash__ = None from Python: as for a dataclass,
    # that is not a hash of its own; ``__hash__ = None`` written without ``__eq__`` is.)
    if "__hash__" not in own or (own["__hash__"] is None and "__eq__" in own):
        made.__hash__ = _hash  # type: ignore[method-assign,assignment]
    if "__repr__" not in own:
        made.__repr__ = _repr  # type: ignore[method-assign,assignment]
    return made


def _getter(names: list[str]) -> staticmethod[[Any], tuple[Any, ...]]:
    """The values of the fields ``names`` of an instance, as a tuple (a class attribute)."""
    if len(names) > 1:
        return staticmethod(attrgetter(*names))
    if names:
        one = attrgetter(names[0])
        return staticmethod(lambda instance: (one(instance),))
    return staticmethod(lambda _instance: ())


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        values = self._record_eq
        return values(self) == values(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self._record_hash(self))


_repr_running = threading.local()  # (instance ids whose repr is being made, per thread)


def _repr(self: Any) -> str:
    running = _repr_running.__dict__.setdefault("ids", set())
    key = id(self)
    if key in running:  # a record holding itself, as dataclasses' repr guards against
        return "..."
    running.add(key)
    try:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_repr)
        return f"{self.__class__.__qualname__}({shown})"
    finally:
        running.discard(key)


def constructor(cls: type[T]) -> Callable[..., T]:
    """A function taking every field of ``cls`` (a frozen dataclass with slots) positionally,
    in order, and giving what ``cls(*values)`` gives, faster. When the classes cannot share
    a layout (``cls`` has no slots, say), it is ``cls`` itself."""
    if not is_dataclass(cls) or "__slots__" not in cls.__dict__:
        return cls
    names = [f.name for f in fields(cls)]
    if tuple(cls.__slots__) != tuple(names) or not all(name.isidentifier() for name in names):  # type: ignore[attr-defined]
        return cls
    source = f"def __init__(self, {', '.join(names)}):\n" + "".join(f"    self.{n} = {n}\n" for n in names)
    namespace: dict[str, object] = {}
    exec(source, {}, namespace)  # noqa: S102 - our own text: field names checked above
    draft = type(f"_{cls.__name__}Draft", (), {"__slots__": tuple(names), "__init__": namespace["__init__"]})
    try:
        probe = draft(*(None for _name in names))
        probe.__class__ = cls
    except TypeError:  # not the same layout after all
        return cls

    def make(*values: object) -> T:
        made = draft(*values)
        made.__class__ = cls
        return made  # type: ignore[no-any-return]

    make.__doc__ = f"``{cls.__name__}(*values)``, every field given in order (see :func:`constructor`)."
    return make
