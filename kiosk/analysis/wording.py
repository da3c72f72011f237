"""Words and numbers as a reader sees them: the one p-value text, numbers for tables and
charts, and a plain word for the strength of agreement. Used by the command line, the
dashboard and the printed report alike, so one figure never reads two ways."""

from __future__ import annotations

import math

P_FLOOR = 0.0001  # below this a p-value reads as a bound, never as 0.0000


def number_text(value: float | None, digits: int = 2) -> str:
    """"3", "2.57", or "–" when there is no value (None, NaN, infinite)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}"


def p_text(p: float | None) -> str:
    """"p = 0.0432", "p < 0.0001", or "p = n/a" when there is no p-value."""
    if p is None or not math.isfinite(p):
        return "p = n/a"
    if p < P_FLOOR:
        return f"p < {P_FLOOR:.4f}"
    return f"p = {p:.4f}"


def agreement_word(w: float) -> str:
    """A plain word for Kendall's W, for lay readers (rules of thumb, stated in the report)."""
    if w < 0.1:
        return "very weak"
    if w < 0.3:
        return "weak"
    if w < 0.5:
        return "moderate"
    if w < 0.7:
        return "strong"
    return "very strong"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """"1 table", "2 tables", "0 tables": a count with its noun in the right number."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def w_missing_reason(tables: int, cards: int) -> str:
    """Why Kendall's W has no value for a selection of `tables` complete rankings of a deck of
    `cards` cards: too few tables, too few cards, or every table tied every card."""
    if tables < 2:
        return (f"it needs complete rankings from at least two tables; "
                f"{counted(tables, 'table')} compared")
    if cards < 2:
        return f"it needs at least two cards to order; this deck has {counted(cards, 'card')}"
    return ("every table put all the cards in one place (all tied), so there is no order "
            "to agree on")
