"""Demo poll runs: every demo workshop's tables answer the case-study polls, seat by seat,
so that a new facilitator sees the Polls tab, the plenary's poll page and `kiosk polls`
filled before a real session. Deterministic (seeded) and marked like the demo rankings:
`source: "demo"` and the demo workshops' ids, so "Remove demo data" takes them away again.

The answers are shaped as the 2017 tables reacted (the report's "Exploring the trade-offs in
more depth"): comfort rises when the safeguards or area-level data are described and falls
when identifiable uses (fraud checks, data about people) are; tables of the privacy-first
camp start less comfortable; "the purpose" is the commonest answer to what matters most.
No Qt here."""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from kiosk.domain.poll_record import PollAnswer, PollRun
from kiosk.domain.polls import PASS, SCALE_POINTS, Poll, Stage
from kiosk.services.demo import DEMO_SEED, DEMO_SOURCE, WORKSHOPS, demo_workshops

_NAMESPACE = uuid.UUID("0b6f9b1e-3c2d-4a6e-8f27-5d1e9c4b7a20")
# How each stage moves a seat's comfort (scale points), per shipped poll; a poll of one's own
# drifts a little instead.
_SHIFTS = {
    "camden-comfort": (0.0, 0.5, -0.9),
    "csp-comfort": (0.0, 0.6, -0.8),
    "troubled-families-comfort": (0.0, -0.6, -0.3),
}
_CHOICE_WEIGHTS = {"purpose": 0.5, "data": 0.28, "recipient": 0.22}
_PASS_RATE = 0.04


def demo_poll_runs(polls: Mapping[str, Poll], seed: int = DEMO_SEED) -> list[PollRun]:
    """A run of every poll at every demo workshop's table (the ids are stable: loading twice
    adds nothing)."""
    rng = random.Random(seed + 1)
    runs: list[PollRun] = []
    for shop, workshop in zip(WORKSHOPS, demo_workshops(), strict=True):
        for table_no in range(1, shop.tables + 1):
            privacy_first = rng.random() < 0.45
            start = datetime.fromisoformat(shop.date).replace(hour=11, minute=30, tzinfo=UTC)
            for poll_id in sorted(polls):
                poll = polls[poll_id]
                seats = rng.randint(4, 6)
                comfort = [rng.gauss(2.6 if privacy_first else 3.4, 0.8)
                           for _ in range(seats)]
                answers: list[PollAnswer] = []
                moment = start + timedelta(minutes=rng.randint(0, 5))
                for stage_no, stage in enumerate(poll.stages, 1):
                    shift = _shift(rng, poll_id, stage_no)
                    for seat in range(1, seats + 1):
                        comfort[seat - 1] += shift * rng.uniform(0.0, 1.8) + rng.gauss(0, 0.45)
                        moment += timedelta(seconds=rng.randint(4, 25))
                        answers.append(PollAnswer(
                            stage_no, seat, _answer(rng, stage, comfort[seat - 1],
                                                    privacy_first),
                            moment.isoformat(timespec="seconds")))
                    moment += timedelta(minutes=rng.randint(2, 5))
                run_id = uuid.uuid5(_NAMESPACE, f"{workshop.workshop_id}/{table_no}/{poll_id}")
                runs.append(PollRun(
                    str(run_id), poll_id, tuple(answers), workshop_id=workshop.workshop_id,
                    workshop=workshop.name, place=workshop.place, workshop_date=workshop.date,
                    table=f"Table {table_no}", kiosk_id=f"demo-kiosk-{table_no}", seats=seats,
                    source=DEMO_SOURCE))
                start = moment + timedelta(minutes=rng.randint(5, 15))
    return runs


def _shift(rng: random.Random, poll_id: str, stage_no: int) -> float:
    shifts = _SHIFTS.get(poll_id)
    if shifts is None:
        return 0.0 if stage_no == 1 else rng.uniform(-0.4, 0.3)
    return shifts[stage_no - 1] if stage_no <= len(shifts) else 0.0


def _answer(rng: random.Random, stage: Stage, comfort: float, privacy_first: bool) -> str:
    if stage.kind == "scale":
        if rng.random() < _PASS_RATE:
            return PASS
        return str(max(1, min(SCALE_POINTS, round(comfort))))
    ids = [option.id for option in stage.options]
    weights = [_CHOICE_WEIGHTS.get(i, 0.2) * (1.3 if privacy_first and i == "data" else 1.0)
               for i in ids]
    return rng.choices(ids, weights=weights)[0]
