"""Small immutable values: fields declared as annotations (a class-level value is the
default), equality and hash by value, a readable repr, `replace()` and `to_dict()`.

The types the kiosk makes on its way to the start screen (cards, decks, lenses, the
workshop and the kiosk's settings) are Values rather than `@dataclass(frozen=True)`: a
frozen dataclass compiles its generated methods when its class is defined, about a
millisecond per class here, and those seven classes alone came to several percent of the
start-up budget (benchmarks/startup.py). Defining a Value class costs next to nothing.
Everything made later keeps using dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, dataclass_transform

V = TypeVar("V", bound="Value")
_MISSING = object()


class Factory:
    """A default made afresh for each value, e.g. `kiosk_id: str = Factory(new_kiosk_id)`."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]):
        self.make = make


@dataclass_transform(field_specifiers=(Factory,))
class Value:
    _fields: ClassVar[tuple[str, ...]] = ()
    _compared: ClassVar[tuple[str, ...]] = ()
    _uncompared: ClassVar[tuple[str, ...]] = ()  # fields left out of == and hash

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: list[str] = []
        for klass in reversed(cls.__mro__):
            for name, kind in vars(klass).get("__annotations__", {}).items():
                if "ClassVar" not in str(kind) and name not in fields:
                    fields.append(name)
        defaulted = [name for name in fields if hasattr(cls, name)]
        if any(name not in defaulted for name in fields[len(fields) - len(defaulted):]):
            raise TypeError(f"{cls.__name__}: fields without a default must come first")
        cls._fields = tuple(fields)
        cls._compared = tuple(name for name in fields if name not in cls._uncompared)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        fields = cls._fields
        if len(args) > len(fields):
            raise TypeError(f"{cls.__name__}() takes {len(fields)} arguments "
                            f"but {len(args)} were given")
        values = dict(zip(fields, args, strict=False))
        for name, value in kwargs.items():
            if name not in fields:
                raise TypeError(f"{cls.__name__}() got an unexpected argument {name!r}")
            if name in values:
                raise TypeError(f"{cls.__name__}() got multiple values for {name!r}")
            values[name] = value
        for name in fields:
            if name not in values:
                default = getattr(cls, name, _MISSING)
                if default is _MISSING:
                    raise TypeError(f"{cls.__name__}() missing argument {name!r}")
                values[name] = default.make() if isinstance(default, Factory) else default
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use replace()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _key(self) -> tuple:
        values = self.__dict__
        return tuple(values[name] for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        values = self.__dict__
        inner = ", ".join(f"{name}={values[name]!r}" for name in self._fields)
        return f"{type(self).__name__}({inner})"

    def __reduce__(self) -> tuple:
        values = self.__dict__
        return type(self), tuple(values[name] for name in self._fields)

    def replace(self: V, **changes: Any) -> V:
        """A copy with some fields changed."""
        for name in changes:
            if name not in self._fields:
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
        return type(self)(**{**self.__dict__, **changes})

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict, Values inside turned into dicts too (as dataclasses.asdict
        does: tuples stay tuples, lists and dicts are copied)."""
        return {name: _plain(self.__dict__[name]) for name in self._fields}


def _plain(value: Any) -> Any:
    if isinstance(value, Value):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value
