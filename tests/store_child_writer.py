"""Child process for the crash test: saves drafts, rankings and batches until it is killed.

Usage: python store_child_writer.py DATA_DIR SEED
Prints "started" once its imports are done, then one line right after each save returns:
  D <slot> <ranking_id> <moves>   a draft was saved
  R <ranking_id>                  a completed ranking was saved (complete() or save_ranking())
  B <batch_id> <size>             a batch went in through save_rankings() (each of its
                                  rankings has place <batch_id> and table <size>)
Drafts left by an earlier run are resumed, so each slot's history is one sequence.
"""

from __future__ import annotations

import random
import sys
import uuid
from pathlib import Path

from kiosk.domain.record import SavedRanking
from kiosk.storage import Store

SLOTS = ("kiosk-1", "kiosk-2", "kiosk-3")


def ranking(rng: random.Random, ranking_id: str, **fields: object) -> SavedRanking:
    cards = ["1", "2", "3", "4", "5", "6"]
    rng.shuffle(cards)
    return SavedRanking.from_doc({
        "ranking_id": ranking_id,
        "lens": rng.choice(["benefit", "risk", "acceptability"]),
        "positions": {card: n + 1 for n, card in enumerate(cards)},
        "note": "x" * rng.randrange(0, 2000),
        "completed_at": "2017-03-14T10:00:00+00:00",
        **fields,
    })


def main() -> int:
    data_dir, rng = Path(sys.argv[1]), random.Random(int(sys.argv[2]))
    print("started", flush=True)
    store = Store.open(data_dir)
    if store.problems:
        print("problems", store.problems, file=sys.stderr, flush=True)
        return 1
    current: dict[str, dict] = {}
    for slot in SLOTS:
        draft = store.get_draft(slot)
        if draft is not None:
            current[slot] = draft
    while True:
        roll = rng.random()
        slot = rng.choice(SLOTS)
        if roll < 0.55:
            draft = current.get(slot) or {"ranking_id": str(uuid.uuid4()), "moves": -1, "log": []}
            draft = {**draft, "moves": draft["moves"] + 1,
                     "log": [*draft["log"], {"op": "move", "card": rng.choice("123456")}]}
            store.save_draft(slot, draft)
            current[slot] = draft
            print(f"D {slot} {draft['ranking_id']} {draft['moves']}", flush=True)
        elif roll < 0.75 and slot in current:
            ranking_id = current.pop(slot)["ranking_id"]
            store.complete(ranking(rng, ranking_id), slot)
            print(f"R {ranking_id}", flush=True)
        elif roll < 0.9:
            ranking_id = str(uuid.uuid4())
            store.save_ranking(ranking(rng, ranking_id))
            print(f"R {ranking_id}", flush=True)
        else:
            batch_id, size = str(uuid.uuid4()), rng.randint(2, 30)
            batch = [ranking(rng, str(uuid.uuid4()), place=batch_id, table=str(size))
                     for _ in range(size)]
            store.save_rankings(batch)
            print(f"B {batch_id} {size}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
