"""The Qt platform the tests run on (used by conftest; no tests here)."""

from __future__ import annotations

import os
from pathlib import Path

# One 3840×2160 screen at the origin: the offscreen platform's default is 800×800, and Qt
# drops a touch that begins outside every screen.
SCREEN = Path(__file__).with_name("offscreen_screen.json")


def qt_platform(value: str | None, screen: Path = SCREEN, windows: bool = os.name == "nt") -> str:
    """QT_QPA_PLATFORM for the tests, from the one the environment holds (None: unset).

    Unset or offscreen without a `configfile=` gets `screen`; a configfile already given, or
    another platform (xcb, to watch the tests), is kept. Qt reads `name:option:option`, and
    `a;b` as "a, else b". On Windows a path's drive colon would split the option, so there
    offscreen keeps its default screen."""
    entries = []
    for entry in (value or "offscreen").split(";"):
        name, *options = entry.split(":")
        if (name.strip().lower() == "offscreen" and not windows
                and not any(o.startswith("configfile=") for o in options)):
            entry = ":".join([name, *[o for o in options if o], f"configfile={screen}"])
        entries.append(entry)
    return ";".join(entries)
