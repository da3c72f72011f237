"""A value read from a file, as a facilitator's message shows it: in plain words, never as a
Python repr (`None`, `True`, `{'x': 1}`)."""

from __future__ import annotations

from typing import Any

_LONGEST = 40


def shown(value: Any) -> str:
    """`“text”` for text (shortened), the number itself, true/false, and in words for
    nothing, a list or a group of fields."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = str(value)
        return text if len(text) <= _LONGEST else f"a number of {len(text)} digits"
    if isinstance(value, str):
        text = value if len(value) <= _LONGEST else value[:_LONGEST - 3] + "..."
        return f"“{text}”"
    if isinstance(value, (list, tuple)):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "a value of another kind"
