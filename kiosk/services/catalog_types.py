"""Whether values made from the catalog cache (kiosk.services.catalog) are what their classes
declare, all the way down: the cache is a file in the data folder, and a damaged or edited one
must be parsed afresh, never handed to the screens with a title that is a number.

Each class's fields are read from its annotations once — as written (the domain's modules
postpone them), so no annotation is evaluated on the way to the first frame; a check is then
a walk over the values, far cheaper than parsing the TOML files again."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Fits = Callable[[Any], bool]


def _exactly(kind: type) -> Fits:
    return lambda value: type(value) is kind


def _tuple_of(item: Fits) -> Fits:
    return lambda value: type(value) is tuple and all(item(each) for each in value)


def _one_of(options: tuple[Fits, ...]) -> Fits:
    return lambda value: any(option(value) for option in options)


def _nested(kind: type) -> Fits:
    return lambda value: type(value) is kind and fits(value)


_PLAIN: dict[str, Fits] = {
    "str": _exactly(str),
    "int": _exactly(int),
    "bool": _exactly(bool),
    "float": lambda value: type(value) in (int, float),
    "None": lambda value: value is None,
    "Path": lambda value: isinstance(value, Path),
}


def _checker(annotation: str, names: dict[str, Any]) -> Fits:
    """A check for an annotation as written: `str`, `int | None`, `tuple[Card, ...]`,
    `Path | None`, or a dataclass of the same module."""
    text = annotation.strip()
    if " | " in text:
        return _one_of(tuple(_checker(part, names) for part in text.split(" | ")))
    if text.startswith("tuple[") and text.endswith(", ...]"):
        return _tuple_of(_checker(text[len("tuple["):-len(", ...]")], names))
    if text in _PLAIN:
        return _PLAIN[text]
    kind = names.get(text)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _nested(kind)
    raise TypeError(f"a cached value of type {annotation!r} cannot be checked")


_FIELDS: dict[type, tuple[tuple[str, Fits], ...]] = {}


def _fields(kind: type) -> tuple[tuple[str, Fits], ...]:
    found = _FIELDS.get(kind)
    if found is None:
        names = vars(sys.modules[kind.__module__])
        found = _FIELDS[kind] = tuple((field.name, _checker(str(field.type), names))
                                      for field in dataclasses.fields(kind))
    return found


def fits(value: Any) -> bool:
    """Whether a dataclass instance's every field holds what its annotation says."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return False
    return all(check(getattr(value, name)) for name, check in _fields(type(value)))
