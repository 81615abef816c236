"""``gongkai.records.record``: the same repr, equality and hash as :func:`dataclasses.dataclass` writes.

Each class is defined twice, once with ``@dataclass`` and once with ``@record``, and instances built from the
same drawn values are compared: repr text, ``==``/``!=`` in both directions and against other types, hash
(or unhashability), frozen assignment, ``fields``/``replace``/``asdict``, a repr that contains itself.
"""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import FrozenInstanceError, dataclass, field
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.records import record

VALUES = st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=3), st.sampled_from([Decimal("NaN"), float("nan"),
                                                                                         Decimal("1.0"), 1, 1.0, True]),
                   st.tuples(st.integers(0, 2), st.text(max_size=2)))


def _pair(frozen: bool, body: dict, annotations: dict):
    def make(decorate):
        ns = dict(body)
        ns["__annotations__"] = dict(annotations)
        ns["__qualname__"] = "Thing"
        ns["__module__"] = __name__
        return decorate(type("Thing", (), ns))
    plain = make(lambda c: dataclass(c, frozen=frozen))
    ours = make(record(frozen=frozen))
    return plain, ours


KINDS = {
    "plain": ({}, {"a": "object", "b": "object", "c": "object"}),
    "one field": ({}, {"a": "object"}),
    "flags": ({"b": field(default=None, repr=False), "c": field(default=0, compare=False)},
              {"a": "object", "b": "object", "c": "object"}),
    "hash flags": ({"b": field(default=None, hash=False), "c": field(default=0, compare=False, hash=True)},
                   {"a": "object", "b": "object", "c": "object"}),
    "no compared field": ({"a": field(default=None, compare=False)}, {"a": "object"}),
}


def _build(cls, values):
    names = [f.name for f in dataclasses.fields(cls)]
    return cls(**dict(zip(names, values, strict=False)))


@pytest.mark.parametrize("frozen", [False, True])
@pytest.mark.parametrize("kind", sorted(KINDS))
@given(x=st.lists(VALUES, min_size=3, max_size=3), y=st.lists(VALUES, min_size=3, max_size=3))
def test_a_record_reprs_compares_and_hashes_as_a_dataclass(frozen, kind, x, y):
    plain, ours = _pair(frozen, *KINDS[kind])
    px, py, ox, oy = _build(plain, x), _build(plain, y), _build(ours, x), _build(ours, y)
    assert repr(ox) == repr(px) and repr(oy) == repr(py)
    assert (ox == oy) == (px == py) and (ox != oy) == (px != py)
    assert (ox == ox) == (px == px)  # a NaN field: the tuple compares it to itself by identity
    assert (ox == x) is (px == x) is False and (ox != "Thing") is (px != "Thing") is True
    assert ox.__eq__(px) is NotImplemented  # another class, even of the same fields
    if frozen:
        assert hash(ox) == hash(px)
        with pytest.raises(FrozenInstanceError):
            ox.a = 1
    else:
        assert ours.__hash__ is None and plain.__hash__ is None
        with pytest.raises(TypeError):
            hash(ox)
    assert [f.name for f in dataclasses.fields(ours)] == [f.name for f in dataclasses.fields(plain)]
    assert dataclasses.asdict(ox) == dataclasses.asdict(px)
    assert repr(dataclasses.replace(ox, a=7)) == repr(dataclasses.replace(px, a=7))


def test_a_record_keeps_the_methods_and_the_init_its_class_writes():
    @record(frozen=True)
    class Own:
        a: int = 0

        def __init__(self, a: int = 0):
            self.__dict__["a"] = a * 2

        def __repr__(self):
            return "own"

        def __eq__(self, other):
            return True

        def __hash__(self):
            return 5

    assert Own(2).a == 4 and repr(Own()) == "own" and Own(1) == 3 and hash(Own()) == 5
    assert dataclasses.replace(Own(1), a=3).a == 6

    @record
    class EqOnly:  # an __eq__ of its own and no __hash__: unhashable, as with dataclass
        a: int = 0

        def __eq__(self, other):
            return True

    assert EqOnly.__hash__ is None

    @record(frozen=True)
    class FrozenEqOnly:  # frozen: dataclass writes the fields' hash over the body's None
        a: int = 0

        def __eq__(self, other):
            return True

    @dataclass(frozen=True)
    class FrozenEqOnlyPlain:
        a: int = 0

        def __eq__(self, other):
            return True

    assert hash(FrozenEqOnly(3)) == hash(FrozenEqOnlyPlain(3)) == hash((3,))


def test_a_record_that_contains_itself_reprs_as_a_dataclass():
    @record
    class Node:
        children: list = field(default_factory=list)

    @dataclass
    class NodePlain:
        children: list = field(default_factory=list)

    n, p = Node(), NodePlain()
    n.children.append(n)
    p.children.append(p)
    assert repr(n) == repr(p).replace("NodePlain", "Node") == "test_a_record_that_contains_itself_reprs_as_a_" \
        "dataclass.<locals>.Node(children=[...])"


def test_a_subclass_record_compares_its_own_fields():
    @record(frozen=True)
    class Base:
        a: int = 0

    @record(frozen=True)
    class Sub(Base):
        b: int = 0

    assert Sub(1, 2) != Sub(1, 3) and Sub(1, 2) == Sub(1, 2) and Sub(1, 2) != Base(1)
    assert hash(Sub(1, 2)) == hash((1, 2)) and repr(Sub(1, 2)).endswith("Sub(a=1, b=2)")


def test_the_report_classes_are_records_that_pickle_and_compare():
    from gongkai.audit.findings import CellEvidence, Finding, PassageEvidence
    from gongkai.report import Location
    loc = Location("a.txt", 3, "第3行")
    f = Finding("F05", "warning", "消息", [PassageEvidence("一", "国办函【2020】109号", loc)], "建议")
    again = pickle.loads(pickle.dumps(f))
    assert again == f and repr(again) == repr(f)  # (a list of evidence: unhashable, as a dataclass)
    assert repr(loc) == "Location(source='a.txt', line=3, where='第3行', page=None)"
    assert Location("a.txt", 3) != Location("a.txt", 4) and {Location("x"), Location("x")} == {Location("x")}
    assert CellEvidence.__eq__ is not object.__eq__


def test_a_record_keeps_a_hash_of_none_its_class_sets():
    @record(frozen=True)
    class Unhashable:
        a: int = 0
        __hash__ = None

    @dataclass(frozen=True)
    class UnhashablePlain:
        a: int = 0
        __hash__ = None

    assert Unhashable.__hash__ is None and UnhashablePlain.__hash__ is None


def test_a_record_reads_a_field_missing_from_the_instance_as_its_class_default():
    @record(frozen=True)
    class Partial:
        a: int = 1
        b: int = 2

        def __init__(self, a: int = 1):
            self.__dict__["a"] = a  # b: the class's default, as getattr reads it

    @dataclass(frozen=True)
    class PartialPlain:
        a: int = 1
        b: int = 2

    assert hash(Partial(5)) == hash(PartialPlain(5)) == hash((5, 2))
    assert Partial(5) == Partial(5) and Partial(5) != Partial(6) and repr(Partial(5)).endswith("Partial(a=5, b=2)")


def test_a_record_with_customised_attribute_access_compares_what_getattr_gives():
    @record(frozen=True)
    class Shouting:
        a: str = ""
        b: str = ""

        def __getattribute__(self, name):
            value = object.__getattribute__(self, name)
            return value.upper() if name in ("a", "b") else value

    assert Shouting("x", "y") == Shouting("X", "Y") and hash(Shouting("x", "y")) == hash(("X", "Y"))
