"""A case-study poll built by hand (the poll files are read elsewhere) and a dict-backed
store with what a poll session uses."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.domain.poll_record import PollRun
from kiosk.domain.polls import Option, Poll, Stage

COMFORT = ("Very uncomfortable", "Uncomfortable", "Neutral", "Comfortable",
           "Very comfortable")
CONTEXT = {"workshop_id": "w-manchester", "workshop": "Manchester", "place": "Manchester",
           "workshop_date": "2017-06-28", "table": "Table 3", "kiosk_id": "kiosk-3"}


def camden_poll() -> Poll:
    return Poll(
        id="camden-comfort", title="How comfortable are you?", deck="case-studies",
        card="camden",
        stages=(
            Stage("The index", "Camden Council joins records from 16 of its own systems "
                  "into one index of every resident.",
                  "How comfortable are you with this?", "scale", labels=COMFORT),
            Stage("Fraud", "The index is also used to find people claiming a council "
                  "tenancy or a school place they are not entitled to.",
                  "And now, knowing this?", "scale", labels=COMFORT),
            Stage("What matters most", "Think about everything you have heard.",
                  "What matters most to you?", "choice",
                  options=(Option("data", "The type of data"),
                           Option("purpose", "The purpose"),
                           Option("who", "Who it is shared with"))),
        ))


class FakePollStore:
    """Drafts and poll runs in dicts; every document copied in and out, as a file would."""

    def __init__(self) -> None:
        self.drafts: dict[str, dict[str, Any]] = {}
        self.runs: dict[str, PollRun] = {}
        self.draft_writes = 0

    def save_draft(self, slot: str, doc: dict[str, Any]) -> None:
        self.drafts[slot] = copy.deepcopy(doc)
        self.draft_writes += 1

    def get_draft(self, slot: str) -> dict[str, Any] | None:
        doc = self.drafts.get(slot)
        return None if doc is None else copy.deepcopy(doc)

    def delete_draft(self, slot: str) -> None:
        self.drafts.pop(slot, None)

    def save_poll_runs(self, runs) -> int:
        new = [run for run in runs if run.poll_run_id not in self.runs]
        for run in new:
            self.runs[run.poll_run_id] = PollRun.from_doc(run.to_doc())
        return len(new)


class Clock:
    """A clock that moves a second on every reading."""

    def __init__(self) -> None:
        self.now = datetime(2017, 6, 28, 14, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now
