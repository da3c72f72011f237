"""What a table's kiosk tells the hub about where it is (its outbox's `progress.json`):

    {"kiosk_id", "table", "workshop_id", "phase": "start"|"board"|"criteria"|"saved"|"done",
     "step": <0-based lens index>, "steps": <lenses in the sequence>, "lens", "deck",
     "placed": <cards on the ladder>, "cards": <cards in the deck>, "updated_at": <ISO 8601>}

`updated_at` is set by the caller when the content changes, not on every call, so an
unchanged table does not make Syncthing send anything.
"""

from __future__ import annotations

from typing import Any, Protocol


class _Step(Protocol):
    @property
    def lens(self) -> Any: ...
    @property
    def deck(self) -> Any: ...


class ProgressSession(Protocol):
    """The part of kiosk.services.table_session.TableSession read here."""

    steps: list[Any]
    step_index: int
    ranking: Any
    settings: Any


def table_progress(session: ProgressSession, screen: str) -> dict[str, Any]:
    steps = session.steps
    index = session.step_index if 0 <= session.step_index < len(steps) else 0
    step = steps[index] if steps else None
    ranking = session.ranking
    phase = screen if screen in ("start", "board", "criteria", "saved") else "start"
    placed = int(getattr(ranking, "placed_count", 0)) if ranking is not None else 0
    cards = len(step.deck.cards) if step is not None else 0
    if phase == "saved" and index == len(steps) - 1:
        phase = "done"
    return {
        "kiosk_id": session.settings.kiosk_id, "table": session.settings.table,
        "workshop_id": session.settings.workshop_id, "phase": phase, "step": index,
        "steps": len(steps), "lens": step.lens.id if step is not None else "",
        "deck": step.deck.id if step is not None else "",
        "placed": placed if phase in ("board", "criteria") else (cards if phase in (
            "saved", "done") else 0),
        "cards": cards,
    }
