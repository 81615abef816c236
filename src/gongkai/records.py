"""``record``: :func:`dataclasses.dataclass` whose ``__repr__``, ``__eq__`` and ``__hash__`` are shared functions.

A dataclass compiles source text for each method it writes (``exec`` of ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, and a frozen class's ``__setattr__``/``__delattr__``) when its module is imported: about 0.4 ms
a class, a tenth of ``gongkai audit``'s cold start over the two dozen classes a report's audit imports
(bench/bench_cold_start.py, issue 16).  ``record`` lets dataclass write ``__init__`` (and a frozen class's
guards) and gives the class methods written once here instead, with the same results: ``repr`` the same
text (``...`` for a value that contains itself), ``==`` field by field between instances of the same class
(else ``NotImplemented``), a frozen class's ``hash`` that of the tuple of its fields, a mutable class
unhashable.  The class stays a dataclass: :func:`dataclasses.fields`, :func:`~dataclasses.replace` and
:func:`~dataclasses.asdict` work as before.  A method the class body defines itself is kept, as dataclass
keeps it.
"""

from __future__ import annotations

import _thread
from dataclasses import dataclass, fields
from operator import attrgetter, itemgetter

__all__ = ["record"]

_MISSING = object()


def record(cls=None, /, *, frozen: bool = False):
    """``@record`` / ``@record(frozen=True)``: ``@dataclass`` / ``@dataclass(frozen=True)`` with the shared
    methods (module docstring)."""
    def wrap(cls):
        own = dict(cls.__dict__)
        # an __init__ of the class's own is kept by dataclass, which would still compile the one it replaces
        cls = dataclass(cls, frozen=frozen, init="__init__" not in own, repr=False, eq=False)
        fs = fields(cls)
        shown = tuple(f.name for f in fs if f.repr)
        cls._record_repr = "(" + ", ".join(f"{name}={{!r}}" for name in shown) + ")", _getter(shown)
        if "__repr__" not in own:
            cls.__repr__ = _repr
        if "__eq__" not in own:
            cls.__eq__ = _eq_of(*_getters(cls, tuple(f.name for f in fs if f.compare)))
        # dataclass(eq=True): a hash the class sets itself stays (None too, unless it is the one Python sets for
        # a body defining __eq__); else frozen → the fields' hash, mutable → unhashable
        own_hash = own.get("__hash__", _MISSING)
        if own_hash is _MISSING or (own_hash is None and "__eq__" in own):
            hashed = tuple(f.name for f in fs if (f.compare if f.hash is None else f.hash))
            cls.__hash__ = _hash_of(*_getters(cls, hashed)) if frozen else None
        return cls
    return wrap if cls is None else wrap(cls)


def _getter(names: tuple[str, ...]):
    """The tuple of these attributes of an instance (a 1-tuple for one name, as dataclass's code builds)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


_REPR_RUNNING: set = set()


def _repr(self) -> str:
    key = id(self), _thread.get_ident()
    if key in _REPR_RUNNING:  # a value that contains this instance (dataclasses' _recursive_repr)
        return "..."
    _REPR_RUNNING.add(key)
    try:
        text, values = self._record_repr
        return self.__class__.__qualname__ + text.format(*values(self))
    finally:
        _REPR_RUNNING.discard(key)


def _getters(cls, names: tuple[str, ...]):
    """``(items, attrs)``: the fields ``names`` of an instance as a tuple, ``attrs`` by getattr (what dataclass's
    code reads) and ``items`` from the instance's dict — the same values, about twice as quick, where nothing
    but the dict can give them: two fields or more (one is a 1-tuple), attribute access not customised, no
    class attribute of the name a data descriptor (slots, properties).  ``items`` is None otherwise, and
    raises KeyError for a field missing from the dict (then ``attrs`` reads the class's default)."""
    attrs = _getter(names)
    if len(names) < 2 or cls.__getattribute__ is not object.__getattribute__:
        return None, attrs
    for name in names:
        kind = next((type(k.__dict__[name]) for k in cls.__mro__ if name in k.__dict__), None)
        if kind is not None and (hasattr(kind, "__set__") or hasattr(kind, "__delete__")):
            return None, attrs
    return itemgetter(*names), attrs


def _eq_of(items, attrs):
    """A class's ``__eq__`` (a closure: no source compiled): the compared fields as tuples."""
    def __eq__(self, other):
        if other is self:  # = the tuple compared with itself: each field is itself (even a NaN)
            return True
        if other.__class__ is self.__class__:
            if items is not None:
                try:
                    return items(self.__dict__) == items(other.__dict__)
                except KeyError:
                    pass
            return attrs(self) == attrs(other)
        return NotImplemented
    return __eq__


def _hash_of(items, attrs):
    """A frozen class's ``__hash__``: the hash of the tuple of its hashed fields."""
    def __hash__(self) -> int:
        if items is not None:
            try:
                return hash(items(self.__dict__))
            except KeyError:
                pass
        return hash(attrs(self))
    return __hash__
