"""How names sort for people: "Table 2" before "Table 10", case ignored."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[int | str, ...]:
    """A sort key that orders runs of digits by their value, other text case-blind."""
    return tuple(int(part) if part.isdigit() else part.casefold()
                 for part in _DIGITS.split(text))
