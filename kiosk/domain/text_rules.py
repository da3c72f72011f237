"""What text a name, a label or a criterion may hold: how long it may be, and no terminal
control characters (C0, DEL, C1), which would reach a facilitator's terminal raw through
`kiosk compare` or a log. A note may hold tabs and line breaks, nothing else of the kind.

Applied where text comes in — an import (file:line), `kiosk setup`, the facilitator's Setup
fields — and, as a second line of defence, `escaped` makes any text safe to print."""

from __future__ import annotations

import re
from typing import Final

# A workshop's name, its place, a table's label, a kiosk id: one line on every screen.
NAME_MAX: Final = 200
# A criterion, suggested or in a table's own words (the criteria screen stops at 120).
CRITERION_MAX: Final = 200

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_NOTE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # all but \t \n \r
# What a terminal must not receive raw: the controls above and the bidirectional overrides
# and isolates (text that reads backwards), and the line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def control_character(text: str, *, note: bool = False) -> str | None:
    """The first control character in `text`, written as U+XXXX, or None. A note may hold
    tabs and line breaks."""
    found = (_NOTE_CONTROL if note else _CONTROL).search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def name_problem(what: str, text: str, limit: int = NAME_MAX) -> str | None:
    """What is wrong with a name, label or criterion as typed or imported, or None."""
    if len(text) > limit:
        return f"{what} is {len(text):,} characters long; at most {limit:,}"
    control = control_character(text)
    if control is not None:
        return f"{what} holds the control character {control} (no terminal or screen shows it)"
    return None


def escaped(text: str) -> str:
    """`text` safe to print to a terminal: each control character (but a tab or a line
    break) as \\uNNNN, so what came from data can never move the cursor, clear the screen
    or retitle the window. Inside a JSON string that is the same character, so JSON output
    stays valid and means the same."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
