"""A guard for the methods Qt calls on a model (`data()`, `headerData()`): an exception
raised inside one is not Python's to handle — it reaches Qt's C++ and can end the process.
The guarded method logs the exception in one line on stderr (the service log; each kind
once, as Qt asks again at every repaint) and gives Qt None, so one value that cannot be
shown leaves its cell empty instead of closing the app."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_told: set[tuple[str, str]] = set()


def never_raises(method: F) -> F:
    @functools.wraps(method)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - Qt must never see it (see above)
            kind = (method.__qualname__, type(exc).__name__)
            if kind in _told:
                return None
            _told.add(kind)
            print(f"kiosk: {method.__qualname__} could not show a value: "
                  f"{type(exc).__name__}: {str(exc)[:200]!r}", file=sys.stderr)
            return None

    return guarded  # type: ignore[return-value]
