"""The Compare screen's summary lines for small groups: which p-value it shows (the
permutation p where the tables are few, the χ² p named as such) and whether the Kemeny order
is one of several equally good ones. The words are `kiosk.analysis.small_groups`'s."""

from __future__ import annotations

import html

from kiosk.analysis.small_groups import (
    SWAP_MARK,
    chi2_p_text,
    optima_text,
    permutation_text,
    shows_permutation_p,
    swapping_text,
)
from kiosk.analysis.statistics import Comparison


def p_values_html(comparison: Comparison) -> str:
    """"<b>permutation p = 0.0120 (exact, …)</b> · χ² p = 0.0061" for fewer than 10 tables,
    else "<b>χ² p = 0.0061</b>"."""
    chi2 = html.escape(chi2_p_text(comparison))
    if not shows_permutation_p(comparison):
        return f"<b>{chi2}</b>"
    return (f"<b>{html.escape(permutation_text(comparison.permutation))}</b>"
            f" &nbsp;·&nbsp; {chi2}")


def optima_html(comparison: Comparison) -> str:
    """"Kemeny order: one of 3 equally good orders — cards 2 and 5 change places among them
    (↕, Equal orders tab)", or "" when there is nothing to say."""
    if not comparison.tables or not comparison.kemeny:
        return ""
    words = optima_text(comparison)
    moving = swapping_text(comparison)
    if moving:
        words += f" — {moving} ({SWAP_MARK}, Equal orders tab)"
    return f"Kemeny order: <b>{html.escape(words)}</b>"
