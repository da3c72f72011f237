"""The table's sequence as the session resolves it: one `Step` per lens (its lens and
deck), a `PollStep` per case-study poll, and what the start screen says about a parked
ranking (`DraftInfo`). Plain records, no Qt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.domain.decks import Card, Deck
from kiosk.domain.lenses import Lens
from kiosk.domain.workshop import POLL_STEP

if TYPE_CHECKING:
    from datetime import datetime

    from kiosk.domain.polls import Poll


# Step and DraftInfo are plain records, not values: nothing compares or hashes them.
class Step:
    """One lens of the sequence, resolved against the catalog."""

    __slots__ = ("index", "lens", "deck")
    is_poll = False
    card: Card | None = None  # a poll step's case study card

    def __init__(self, index: int, lens: Lens, deck: Deck):
        self.index, self.lens, self.deck = index, lens, deck

    def __repr__(self) -> str:
        return f"Step({self.index}, {self.lens.id!r}, {self.deck.id!r})"


POLL_LENS_TITLE = "Case-study poll"


class PollStep:
    """A case-study poll in the sequence: the poll, its case study's deck and card. Its
    `lens` is a stand-in that names the step where a lens would (tiles, the saved screen)."""

    __slots__ = ("index", "poll", "deck", "card", "lens")
    is_poll = True

    def __init__(self, index: int, poll: Poll, deck: Deck, card: Card | None):
        self.index, self.poll, self.deck, self.card = index, poll, deck, card
        self.lens = Lens(POLL_STEP, POLL_LENS_TITLE, poll.title, "", "", ())

    def __repr__(self) -> str:
        return f"PollStep({self.index}, {self.poll.id!r})"


AnyStep = Step | PollStep


class DraftInfo:
    """What the start screen says about a parked ranking."""

    __slots__ = ("step", "lens_title", "placed", "total", "phase", "last_change")

    def __init__(self, step: int, lens_title: str, placed: int, total: int, phase: str,
                 last_change: datetime | None):
        self.step, self.lens_title, self.placed, self.total = step, lens_title, placed, total
        self.phase, self.last_change = phase, last_change
