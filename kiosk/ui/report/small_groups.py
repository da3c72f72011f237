"""The report's pieces for small groups: the permutation p beside the χ² p, whether the
Kemeny order is one of several equally good orders (and which cards change place among
them), and a short table of what card tags go with the lens's positions. HTML for the
report's QTextDocument; the words are `kiosk.analysis.small_groups`'s, as on the screen."""

from __future__ import annotations

import html

from kiosk.analysis.figures import CompareData
from kiosk.analysis.small_groups import (
    SWAP_MARK,
    distance_text,
    optima_text,
    permutation_text,
    shows_permutation_p,
    swapping_text,
    tag_label,
    tags_caution,
)
from kiosk.analysis.wording import counted

# The report's compact table style (as its other tables): a lens's section, tags included,
# fits its page.
TABLE = ("<table border='1' cellspacing='0' cellpadding='3' width='100%' "
         "style='border-collapse: collapse; border-color: #8A8276; font-size: 8.5pt'>")
MAX_TAG_ROWS = 8

HOW_TO_READ = (
    "<p>With fewer than 10 tables the χ² p is a poor approximation, so the report gives "
    "first the <b>permutation p</b>: the share of all ways of shuffling each table's own "
    "ranks (its ties kept) that agree at least as well as the tables did — counted exactly "
    "where there are at most a million such arrangements, else estimated from 100,000 "
    "random ones with a fixed seed. Several orders can disagree with the tables equally "
    f"little: the report then says the Kemeny order is <b>one of N equally good orders</b> "
    f"and marks with {SWAP_MARK} the cards whose place differs between them; a page per "
    "deck lists those orders and the card tags lens by lens. <b>Card "
    "tags</b> (sector, kind of data, who it is shared with) compare the mean position of "
    "the cards with a tag and without it; with a deck of a few cards this describes those "
    "cards more than the tag.</p>")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def swap_mark(data: CompareData, card: str) -> str:
    """" ↕" after a card that changes place among the optimal Kemeny orders, else ""."""
    return f" {SWAP_MARK}" if card in data.comparison.kemeny_swapping else ""


def p_sentence(data: CompareData) -> str:
    """" Permutation p = 0.0120 (exact, …), the one to read with 4 tables." or ""."""
    c = data.comparison
    if not shows_permutation_p(c):
        return ""
    words = permutation_text(c.permutation)
    return (f" <b>{_e(words[:1].upper() + words[1:])}</b>: with {counted(len(c.tables), 'table')} "
            "read this p rather than the χ² p.")


def optima_header(data: CompareData) -> str:
    """After "Kemeny consensus" in a lens's orders table: ": one of 2 equally good orders
    (↕ changes place)" or ": the only order with the fewest disagreements" (the orders
    themselves are on the deck's page of equally good orders)."""
    c = data.comparison
    words = optima_text(c) if c.tables else ""
    if not words:
        return ""
    moving = f" ({SWAP_MARK} changes place)" if swapping_text(c) else ""
    return f": {_e(words)}{moving}"


def optima_paragraph(data: CompareData) -> str:
    """"The Kemeny order is one of 3 equally good orders (…); cards 2 and 5 (↕) change
    places among them: …" with the other optimal orders listed."""
    c = data.comparison
    if not c.tables or not c.kemeny:
        return ""
    text = f"The Kemeny order is {_e(optima_text(c))} ({_e(distance_text(c))})."
    moving = swapping_text(c)
    if moving:
        text += f" {_e(moving[0].upper() + moving[1:])} (marked {SWAP_MARK})."
        others = c.kemeny_orders[1:]
        if others:
            listed = "; ".join(" > ".join(_e(card) for card in order) for order in others)
            rest = (c.kemeny_optima or 0) - 1  # the orders besides the one shown
            more = f" ({len(others)} of the {rest:,})" if rest > len(others) else ""
            text += f" The other equally good orders{more}: {listed}."
    return f"<p>{text}</p>"


def tags_section(data: CompareData) -> str:
    """A bold lead-in and a short table: the tag values with the largest differences."""
    c = data.comparison
    if not c.tables:
        return ""
    hidden = len(c.attributes) - MAX_TAG_ROWS
    more = f" {hidden} smaller differences are not listed." if hidden > 0 else ""
    head = ("<p><b>What goes with the positions: card tags.</b> "
            f"<span class='soft'>{_e(tags_caution(c))}{more}</span></p>")
    if not c.attributes:
        return head
    rows = "".join(
        f"<tr><td>{_e(tag_label(e))}</td><td align='center'>{e.mean_with:.2f}</td>"
        f"<td align='center'>{e.mean_without:.2f}</td>"
        f"<td align='center'>{e.difference:+.2f}</td></tr>"
        for e in c.attributes[:MAX_TAG_ROWS])
    return (f"{head}{TABLE}<thead><tr><th width='46%'>Tag (cards holding it)</th>"
            "<th width='18%'>Mean position with it</th><th width='18%'>Mean position "
            "without it</th><th width='18%'>Difference</th></tr></thead>"
            f"{rows}</table>")
