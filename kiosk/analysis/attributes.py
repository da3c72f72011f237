"""What drives a lens: does the type of data, the purpose or who it is shared with go with a
card's position? (The 2017 method's step 8 asks this of the acceptability ranking.)

From the cards' tags (`sectors`, `data_kind`, `shared_with`): for each tag value that some
but not all cards hold, the mean position of the cards with it and of the cards without it,
over every included ranking, and the difference (with − without). A negative difference
means the cards with the value sit nearer position 1 (more beneficial / risky /
acceptable). Largest differences (in size) first.

This describes the deck as the tables ranked it; it is not a test. With few cards a value
is held by one or two of them, and a difference then says as much about those cards as
about the value (`FEW_CARDS`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from kiosk.domain.decks import TAG_FIELDS, Card

# Below this many cards the dashboard and the report say the differences rest on few cards.
FEW_CARDS = 10

CardTags = Mapping[str, Mapping[str, Sequence[str]]]  # card id -> tag -> values


@dataclass(frozen=True)
class AttributeEffect:
    tag: str  # "sectors" | "data_kind" | "shared_with"
    value: str
    cards: int  # how many cards hold the value
    mean_with: float
    mean_without: float

    @property
    def difference(self) -> float:
        return self.mean_with - self.mean_without

    def to_json(self) -> dict[str, Any]:
        return {"tag": self.tag, "value": self.value, "cards": self.cards,
                "mean_with": self.mean_with, "mean_without": self.mean_without,
                "difference": self.difference}


def card_tags(cards: Sequence[Card]) -> dict[str, dict[str, tuple[str, ...]]]:
    """{card id: {tag: values}} of a deck's cards (kiosk.domain.decks.Card)."""
    return {card.id: {tag: tuple(getattr(card, tag)) for tag in TAG_FIELDS}
            for card in cards}


def attribute_effects(ranks: npt.NDArray[np.float64], cards: Sequence[str],
                      tags: CardTags) -> list[AttributeEffect]:
    """The effects of every tag value some but not all of `cards` hold, largest first.

    `ranks` is the mid-rank matrix (rankings x cards, in the order of `cards`) of the
    included rankings; with no ranking there is nothing to describe and the list is empty.
    """
    card_list = list(cards)
    if ranks.size == 0 or not card_list:
        return []
    means = ranks.mean(axis=0)  # every included ranking places every card
    found: list[tuple[int, AttributeEffect]] = []
    for tag_index, tag in enumerate(TAG_FIELDS):
        values: dict[str, list[int]] = {}
        for index, card in enumerate(card_list):
            for value in dict.fromkeys(tags.get(card, {}).get(tag, ())):
                if value:
                    values.setdefault(value, []).append(index)
        for value, holders in values.items():
            if not 0 < len(holders) < len(card_list):
                continue
            has = np.zeros(len(card_list), dtype=bool)
            has[holders] = True
            found.append((tag_index, AttributeEffect(
                tag, value, len(holders), float(means[has].mean()),
                float(means[~has].mean()))))
    # Largest difference first (rounded, so float noise never reorders equal ones), then
    # tag order, then the value.
    found.sort(key=lambda pair: (-round(abs(pair[1].difference), 9), pair[0],
                                 pair[1].value.casefold(), pair[1].value))
    return [effect for _, effect in found]
