"""Qt enum-typed properties set by name, for what is built before the start screen's first
frame: `set_enum_property(label, "alignment", "AlignCenter")`.

The first use of PySide6's `Qt` namespace builds the Python enums of the whole namespace,
which would hold up the first frame (benchmarks/README.md). The start screen, the
on-screen keyboard's strip and kiosk mode's window flags are therefore given their enum
values as names; everything built after the first frame uses the typed API
(`Qt.AlignmentFlag.AlignCenter`). tests/test_shell_startup.py checks that `Qt` is not
built before the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject


def set_enum_property(obj: QObject, name: str, value: str) -> None:
    """Set Qt's own property `name` of `obj` to the enum value named `value` (flags joined
    with "|", e.g. "AlignLeft|AlignTop").

    Raises ValueError when `obj` declares no such property (setProperty would quietly add a
    dynamic one) or when `value` names nothing in the property's enum (setProperty would
    return False and leave the property as it was)."""
    if obj.metaObject().indexOfProperty(name) < 0:
        raise ValueError(f"{type(obj).__name__} has no Qt property {name!r}")
    if not obj.setProperty(name, value):
        raise ValueError(f"{value!r} is not a value of {type(obj).__name__}.{name}")
