"""A workshop's rename at 10,000 stored rankings, every one of them under that workshop (the
worst case: every copy corrected), through the facilitator's service as the Setup tab's
worker calls it; against one durable `Store.save_ranking` at the same size (the one write of
rankings.json a rename cannot avoid), in the same process.

    python -m benchmarks._workshops [--rankings 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import _data
from kiosk.domain.record import SavedRanking
from kiosk.domain.workshop import Workshop
from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store

WORKSHOP_ID = "w-rename"


def rename_at(stored: int = 10_000, runs: int = 5,
              records: list[SavedRanking] | None = None) -> dict:
    shipped = _data.catalog()
    if records is None:
        records = _data.rankings(stored + runs + 1, shipped, seed=6)
    assert len(records) >= stored + runs + 1
    base = [r.with_changes(workshop_id=WORKSHOP_ID, workshop="Name 0", place="",
                           workshop_date="") for r in records[:stored]]
    spare = list(records[stored:stored + runs + 1])
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        data = Path(tmp) / "data"
        with Store.open(data) as store:
            store.save_rankings(base)
            store.save_workshop(Workshop(WORKSHOP_ID, "Name 0").to_doc())
        del base
        cold_store = Store.open(data)  # rankings.json not read yet, as in a fresh kiosk
        service = FacilitatorService(cold_store, shipped)
        t = time.perf_counter()
        fixed = service.workshops.update(Workshop(WORKSHOP_ID, "Name cold"))
        cold = time.perf_counter() - t
        assert fixed == stored, fixed
        cold_store.save_ranking(spare.pop())  # warm the single save too
        renames, saves = [], []
        for n in range(runs):  # interleaved, so the machine's noise hits both alike
            t = time.perf_counter()
            fixed = service.workshops.update(Workshop(WORKSHOP_ID, f"Name {n + 1}"))
            renames.append(time.perf_counter() - t)
            assert fixed == stored, fixed
            record = spare.pop()
            t = time.perf_counter()
            cold_store.save_ranking(record)
            saves.append(time.perf_counter() - t)
        size = (data / "rankings.json").stat().st_size
        cold_store.close()
    rename_s, save_s = statistics.median(renames), statistics.median(saves)
    return {
        "value": rename_s,
        "detail": f"rename of a workshop holding all {stored:,} stored rankings (every copy "
                  f"corrected, three writes) {rename_s * 1000:.0f} ms, median of {runs} "
                  f"(first after opening, rankings.json read then: {cold * 1000:.0f} ms) vs "
                  f"one durable save_ranking {save_s * 1000:.0f} ms (ratio "
                  f"{rename_s / save_s:.1f}; rankings.json {size / 1e6:.1f} MB)",
        "cold_s": cold, "save_s": save_s, "ratio": rename_s / save_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rankings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    result = rename_at(args.rankings, args.runs)
    print(result["detail"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
