"""What the dashboard and the report say about a small group's figures, in one place: which
p-value is shown, whether the Kemeny order is one of several, which cards swap among the
equally good orders, and how far the tag differences can be trusted. Plain text, no Qt."""

from __future__ import annotations

from kiosk.analysis.attributes import FEW_CARDS, AttributeEffect
from kiosk.analysis.permutation import PermutationTest
from kiosk.analysis.statistics import Comparison
from kiosk.analysis.wording import number_text, p_text

# Below this many tables the permutation p is the one shown first (the χ² approximation
# needs many tables to be good).
SMALL_GROUP_TABLES = 10
SWAP_MARK = "↕"  # beside a card whose place differs between equally good orders
TAG_NAMES = {"sectors": "sector", "data_kind": "kind of data", "shared_with": "shared with"}


def shows_permutation_p(comparison: Comparison) -> bool:
    """The permutation p is shown where the tables are few and W is defined."""
    return comparison.kendall_w is not None and len(comparison.tables) < SMALL_GROUP_TABLES


def permutation_text(test: PermutationTest | None) -> str:
    """"permutation p = 0.0123 (exact, over 518,400 arrangements)" or "… (Monte Carlo,
    100,000 permutations)"."""
    if test is None:
        return "permutation p = n/a"
    words = p_text(test.p).replace("p ", "permutation p ", 1)
    if test.method == "exact":
        return f"{words} (exact, over all {test.permutations:,} arrangements)"
    return f"{words} (Monte Carlo, {test.permutations:,} permutations)"


def chi2_p_text(comparison: Comparison) -> str:
    """The χ² p, named as such: "χ² p = 0.0432"."""
    return p_text(comparison.p_value).replace("p ", "χ² p ", 1)


def optima_text(comparison: Comparison) -> str:
    """"the only optimal order", "one of 3 equally good orders", or "" (no Kemeny)."""
    count = comparison.kemeny_optima
    if not comparison.kemeny or count is None:
        return ""
    if count == 1:
        return "the only order with the fewest disagreements"
    return f"one of {count:,} equally good orders"


def swapping_text(comparison: Comparison) -> str:
    """"cards 2, 5 and 6 swap places among them" or "" when no card moves."""
    cards = comparison.kemeny_swapping
    if not cards:
        return ""
    listed = cards[0] if len(cards) == 1 else f"{', '.join(cards[:-1])} and {cards[-1]}"
    return (f"card {listed} changes place among them" if len(cards) == 1
            else f"cards {listed} change places among them")


def distance_text(comparison: Comparison) -> str:
    """"52 pairwise disagreements; the next best order has 54" (or "" without Kemeny)."""
    if comparison.kemeny_distance is None:
        return ""
    distance = comparison.kemeny_distance
    text = f"{number_text(distance, 1)} pairwise disagreement{'' if distance == 1 else 's'}"
    if comparison.runner_up_distance is not None:
        text += f"; the next best order has {number_text(comparison.runner_up_distance, 1)}"
    return text


def tag_label(effect: AttributeEffect) -> str:
    """"kind of data: identifiable (3 cards)"."""
    name = TAG_NAMES.get(effect.tag, effect.tag)
    return f"{name}: {effect.value} ({effect.cards} card{'s' if effect.cards != 1 else ''})"


def tags_caution(comparison: Comparison) -> str:
    """What the tag differences rest on; a warning with few cards or one table."""
    cards, tables = len(comparison.cards), len(comparison.tables)
    if not comparison.attributes:
        return ("No card tag is held by some cards and not others, so the tags cannot "
                "tell the cards apart." if tables else "No complete rankings to describe.")
    parts = [f"Mean positions over {tables} table{'s' if tables != 1 else ''}; "
             "a negative difference means the cards with the tag sit nearer position 1."]
    if cards < FEW_CARDS:
        parts.append(f"With only {cards} cards each tag is held by a few of them, so a "
                     "difference may come from those cards rather than from the tag; "
                     "it is a description, not a test.")
    return " ".join(parts)
