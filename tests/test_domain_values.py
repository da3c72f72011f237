"""kiosk.domain.values.Value: the immutable value type of cards, decks, lenses, workshops and
the kiosk's settings."""

from __future__ import annotations

import copy
import pickle
from typing import ClassVar

import pytest

from kiosk.domain.values import Factory, Value

made: list[int] = []


def next_number() -> int:
    made.append(len(made) + 1)
    return made[-1]


class Point(Value):
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    label: str = "p"
    serial: int = Factory(next_number)
    _uncompared: ClassVar[tuple[str, ...]] = ("label", "serial")


class Line(Value):
    start: Point
    end: Point
    extra: dict | None = None


def test_fields_defaults_and_factories():
    a = Point(1)
    b = Point(1, 0, (), "p")
    assert (a.x, a.y, a.tags, a.label) == (1, 0, (), "p")
    assert a.serial != b.serial  # a fresh default for each value
    assert Point(x=2, y=3).y == 3
    assert Point._fields == ("x", "y", "tags", "label", "serial")


@pytest.mark.parametrize("make, message", [
    (lambda: Point(), "missing argument 'x'"),
    (lambda: Point(1, z=2), "unexpected argument 'z'"),
    (lambda: Point(1, x=2), "multiple values for 'x'"),
    (lambda: Point(1, 2, (), "p", 5, 6), "takes 5 arguments but 6 were given"),
])
def test_wrong_arguments_are_type_errors(make, message):
    with pytest.raises(TypeError, match=message):
        make()


def test_values_cannot_be_changed():
    p = Point(1)
    with pytest.raises(AttributeError, match="immutable"):
        p.x = 2
    with pytest.raises(AttributeError, match="immutable"):
        del p.x
    assert p.x == 1


def test_equality_and_hash_by_value_leaving_out_uncompared_fields():
    assert Point(1, 2, label="a") == Point(1, 2, label="b")
    assert hash(Point(1, 2, label="a")) == hash(Point(1, 2, label="b"))
    assert Point(1, 2) != Point(2, 1)
    assert Point(1) != Line(Point(1), Point(2))
    assert len({Point(1), Point(1), Point(3)}) == 2


def test_replace_and_repr():
    p = Point(1, 2, ("a",), "start", 7)
    q = p.replace(y=5)
    assert (q.x, q.y, q.tags, q.label, q.serial) == (1, 5, ("a",), "start", 7)
    assert p.y == 2
    assert repr(p) == "Point(x=1, y=2, tags=('a',), label='start', serial=7)"
    with pytest.raises(TypeError, match="no field 'z'"):
        p.replace(z=1)


def test_to_dict_turns_nested_values_into_dicts_and_copies_containers():
    extra = {"where": [Point(0, 0, serial=1)]}
    line = Line(Point(1, serial=2), Point(2, tags=("t",), serial=3), extra)
    doc = line.to_dict()
    assert doc == {
        "start": {"x": 1, "y": 0, "tags": (), "label": "p", "serial": 2},
        "end": {"x": 2, "y": 0, "tags": ("t",), "label": "p", "serial": 3},
        "extra": {"where": [{"x": 0, "y": 0, "tags": (), "label": "p", "serial": 1}]},
    }
    doc["extra"]["where"].clear()
    assert line.extra["where"]  # a copy, not the value's own list


def test_pickle_and_copies_keep_every_field():
    p = Point(4, 5, ("x",), "kept", 9)
    for other in (pickle.loads(pickle.dumps(p)), copy.deepcopy(p), copy.copy(p)):
        assert other == p and (other.label, other.serial) == ("kept", 9)


def test_a_field_without_default_after_one_with_is_refused():
    with pytest.raises(TypeError, match="without a default must come first"):
        class Broken(Value):
            a: int = 0
            b: int
