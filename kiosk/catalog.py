"""What a kiosk offers: the decks (shipped and the facilitator's own) and the lenses."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk import paths
from kiosk.domain.decks import Deck, DeckLibrary, load_decks
from kiosk.domain.lenses import Lens, LensError, load_lenses


@dataclass
class Catalog:
    decks: DeckLibrary
    lenses: dict[str, Lens]
    problems: list[str] = field(default_factory=list)

    def deck(self, deck_id: str) -> Deck | None:
        return self.decks.get(deck_id)


def load_catalog(data_dir: Path, assets: Path | None = None) -> Catalog:
    """Load decks and lenses; problems are collected as `file:line: field: reason` lines
    so one broken file never stops the kiosk."""
    assets = assets or paths.assets_dir()
    decks = load_decks([assets / "cards", paths.own_decks_dir(data_dir)])
    problems = [str(p) for p in decks.problems]
    try:
        lenses = load_lenses(assets / "lenses.toml")
    except LensError as exc:
        problems.append(str(exc))
        lenses = {}
    return Catalog(decks, lenses, problems)
