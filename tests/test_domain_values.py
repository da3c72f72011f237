"""The kiosk's values — cards, decks, deck problems, lenses, workshops, lens steps, the
kiosk's settings, the CLI's commands and the theme — are frozen, slotted dataclasses:
immutable, equal and hashed by value, their defaults never shared between values."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from pathlib import Path

import pytest

from kiosk.cli import Command
from kiosk.domain.decks import Card, Deck, DeckProblem
from kiosk.domain.lenses import Lens
from kiosk.domain.workshop import KioskSettings, LensStep, Workshop, default_table_label
from kiosk.ui.theme import Theme

VALUES = (Card, Deck, DeckProblem, Lens, Workshop, LensStep, KioskSettings, Command, Theme)


def card(card_id: str = "1", **changes: object) -> Card:
    return dataclasses.replace(Card(card_id, f"Card {card_id}", "A summary"), **changes)


@pytest.mark.parametrize("kind", VALUES, ids=lambda kind: kind.__name__)
def test_every_value_type_is_a_frozen_slotted_dataclass(kind):
    assert dataclasses.is_dataclass(kind)
    assert kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert "__slots__" in vars(kind)


def test_values_cannot_be_changed():
    c = card()
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.title = "Other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del c.title  # type: ignore[misc]
    # no new attributes either (Python 3.11's frozen slotted dataclasses refuse them with a
    # TypeError rather than FrozenInstanceError: CPython gh-105936)
    with pytest.raises((AttributeError, TypeError)):
        c.extra = 1  # type: ignore[attr-defined]
    assert c.title == "Card 1"


def test_equality_and_hash_by_value_leaving_out_a_decks_path():
    a = Deck("d", "Deck", (card("1"), card("2")), path=Path("one/d.toml"))
    b = Deck("d", "Deck", (card("1"), card("2")), path=Path("two/d.toml"))
    assert a == b and hash(a) == hash(b)
    assert a != dataclasses.replace(a, cards=(card("2"), card("1")))
    assert card("1") != card("2")
    assert len({card("1"), card("1"), card("3")}) == 2
    assert LensStep("risk", "d") != Workshop("risk", "d")  # another type is never equal
    assert Theme(1.0, 96.0) == Theme() and Theme().with_scale(0.8) == Theme(0.8)


def test_defaults_are_not_shared_and_a_factory_default_is_made_per_value():
    one, two = KioskSettings(), KioskSettings()
    assert one.kiosk_id != two.kiosk_id and one.kiosk_id.startswith("kiosk-")
    assert one.sequence == two.sequence and isinstance(one.sequence, tuple)  # immutable
    assert (one.idle_timeout_s, one.pin) == (180, None)
    assert one.table == default_table_label(one.kiosk_id) != "Table 1"  # each kiosk's own
    assert KioskSettings(kiosk_id="k").kiosk_id == "k"


def test_wrong_arguments_are_type_errors():
    with pytest.raises(TypeError):
        LensStep("risk")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        LensStep("risk", "d", lens="benefit")  # type: ignore[misc]
    with pytest.raises(TypeError):
        dataclasses.replace(LensStep("risk", "d"), colour="red")


def test_replace_copies_with_changes_and_repr_names_every_field():
    step = LensStep("risk", "d")
    assert dataclasses.replace(step, deck="e") == LensStep("risk", "e")
    assert step.deck == "d"
    assert repr(step) == "LensStep(lens='risk', deck='d')"


def test_settings_and_workshop_documents_round_trip():
    pin = {"salt": "00ff", "hash": "abcd", "n": 16384, "r": 8, "p": 1}  # a PIN hash's shape
    settings = KioskSettings(workshop_id="w", kiosk_id="kiosk-abc123", pin=dict(pin))
    doc = settings.to_doc()
    assert doc["sequence"] == [{"lens": "benefit", "deck": "examples-1-6"},
                               {"lens": "risk", "deck": "examples-1-6"},
                               {"lens": "acceptability", "deck": "examples-1-6"}]
    doc["pin"]["salt"] = "changed"
    assert settings.pin == pin  # the document is a copy
    assert KioskSettings.from_doc(settings.to_doc()) == settings
    shop = Workshop("w", "Name", "Place", "2026-01-02")
    assert Workshop.from_doc(shop.to_doc()) == shop


def test_pickle_and_copies_keep_every_field():
    deck = Deck("d", "Deck", (card("1", sectors=("health",)),), path=Path("d.toml"))
    for other in (pickle.loads(pickle.dumps(deck)), copy.deepcopy(deck), copy.copy(deck)):
        assert other == deck and other.path == Path("d.toml")
        assert other.cards[0].sectors == ("health",)
