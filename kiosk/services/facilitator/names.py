"""Titles for display: decks, cards and lenses by id, with a readable stand-in for an id
the catalog does not know (a ranking imported from a kiosk with other decks)."""

from __future__ import annotations

from kiosk.services.catalog import Catalog


class Names:
    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def deck_title(self, deck_id: str) -> str:
        deck = self._catalog.deck(deck_id)
        return deck.title if deck else deck_id

    def deck_order(self, deck_id: str) -> list[str]:
        deck = self._catalog.deck(deck_id)
        return list(deck.card_ids) if deck else []

    def card_title(self, deck_id: str, card_id: str) -> str:
        deck = self._catalog.deck(deck_id)
        if deck and deck.has_card(card_id):
            return deck.card(card_id).title
        return f"card {card_id}"

    def lens_title(self, lens_id: str) -> str:
        lens = self._catalog.lenses.get(lens_id)
        return lens.title if lens else lens_id.capitalize()

    def deck_ids(self) -> list[str]:
        return list(self._catalog.decks.ids())
