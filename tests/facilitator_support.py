"""Shared set-up for the facilitator's tests: a real Store in a temporary folder, the shipped
catalog, and the service over them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.domain.ranking import Ranking, RankingContext
from kiosk.services.catalog import Catalog, load_catalog
from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return load_catalog(tmp_path / "data")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def service(store: Store, catalog: Catalog) -> FacilitatorService:
    return FacilitatorService(store, catalog)


def real_ranking(service: FacilitatorService, workshop_id: str = "", workshop: str = "Real",
                 table: str = "Table 9", lens: str = "benefit") -> dict:
    """A ranking made the kiosk's way (not demo data), saved and returned."""
    cards = service.names.deck_order("examples-1-6")
    ranking = Ranking("examples-1-6", lens, cards,
                      RankingContext(workshop_id, workshop, "Hall", "2025-06-01", table, "k1"))
    for slot, card in enumerate(reversed(cards)):
        ranking.drop(card, slot)
    ranking.add_criterion("Our own reason", "own")
    ranking.set_primary("Our own reason")
    record = ranking.to_record()
    service._store.save_ranking(record)  # what the table's session does on Save
    return record
