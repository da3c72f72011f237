"""A poll run as it is stored: one table's answers to one poll, each seat anonymous (a
number), with the run's workshop, table and kiosk. Its CSV form is `polls.csv`, one row per
answer (docs/polls-data.md):

    poll_run_id, workshop_id, workshop, place, workshop_date, table, kiosk_id, poll, stage,
    seat, answer, answered_at

`stage` and `seat` count from 1; `answer` is "1"…"5" (1 = the scale's first label), "pass",
or a choice option's id. A seat's changed answer (before the reveal) replaces its earlier one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.domain.record import RecordError

POLL_CSV_COLUMNS = ("poll_run_id", "workshop_id", "workshop", "place", "workshop_date",
                    "table", "kiosk_id", "poll", "stage", "seat", "answer", "answered_at")


@dataclass(frozen=True, slots=True)
class PollAnswer:
    stage: int  # from 1
    seat: int  # from 1
    answer: str
    answered_at: str  # ISO 8601 with offset

    def to_doc(self) -> dict[str, Any]:
        return {"stage": self.stage, "seat": self.seat, "answer": self.answer,
                "answered_at": self.answered_at}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> PollAnswer:
        if not isinstance(doc, Mapping):
            raise RecordError("an answer is not an object")
        stage, seat, answer, when = (doc.get("stage"), doc.get("seat"), doc.get("answer"),
                                     doc.get("answered_at", ""))
        if type(stage) is not int or not 1 <= stage <= 100:
            raise RecordError(f"stage {stage!r} is not a stage number")
        if type(seat) is not int or not 1 <= seat <= 6:
            raise RecordError(f"seat {seat!r} is not a seat number (1 to 6)")
        if not isinstance(answer, str) or not answer or len(answer) > 40:
            raise RecordError("an answer is not text")
        if not isinstance(when, str):
            raise RecordError("answered_at is not text")
        return cls(stage, seat, answer, when)


@dataclass(frozen=True, slots=True)
class PollRun:
    poll_run_id: str
    poll: str
    answers: tuple[PollAnswer, ...]
    workshop_id: str = ""
    workshop: str = ""
    place: str = ""
    workshop_date: str = ""
    table: str = ""
    kiosk_id: str = ""
    seats: int = 0  # how many sat at the table for this run
    source: str = "kiosk"  # "kiosk" | "import"

    def answer(self, stage: int, seat: int) -> str | None:
        return next((a.answer for a in self.answers if a.stage == stage and a.seat == seat),
                    None)

    def to_doc(self) -> dict[str, Any]:
        return {"poll_run_id": self.poll_run_id, "poll": self.poll,
                "answers": [a.to_doc() for a in self.answers],
                "workshop_id": self.workshop_id, "workshop": self.workshop,
                "place": self.place, "workshop_date": self.workshop_date,
                "table": self.table, "kiosk_id": self.kiosk_id, "seats": self.seats,
                "source": self.source}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> PollRun:
        if not isinstance(doc, Mapping):
            raise RecordError("a poll run is not an object")
        texts = {}
        for name in ("poll_run_id", "poll", "workshop_id", "workshop", "place",
                     "workshop_date", "table", "kiosk_id", "source"):
            value = doc.get(name, "kiosk" if name == "source" else "")
            if not isinstance(value, str):
                raise RecordError(f"{name} is not text")
            texts[name] = value
        if not texts["poll_run_id"] or not texts["poll"]:
            raise RecordError("a poll run needs its poll_run_id and poll")
        answers = doc.get("answers", [])
        if not isinstance(answers, list):
            raise RecordError("answers is not a list")
        seats = doc.get("seats", 0)
        if type(seats) is not int or not 0 <= seats <= 6:
            raise RecordError("seats is not 0 to 6")
        return cls(answers=tuple(PollAnswer.from_doc(a) for a in answers), seats=seats,
                   **texts)
