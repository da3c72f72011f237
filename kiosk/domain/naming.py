"""How names sort for people: "Table 2" before "Table 10", case ignored."""

from __future__ import annotations

import re
from functools import lru_cache

_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=4096)  # names repeat: a workshop or table per ranking
def natural_key(text: str) -> tuple[int | str, ...]:
    """A sort key that orders runs of digits by their value, other text case-blind."""
    return tuple(int(part) if part.isdigit() else part.casefold()
                 for part in _DIGITS.split(text))
