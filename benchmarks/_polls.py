"""Polls measure: `kiosk export` of 10,000 poll answers to polls.csv and `kiosk import` of it
into an empty store, against the csv module writing and reading the very same rows."""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from kiosk.domain.poll_record import PollAnswer, PollRun
from kiosk.exchange import export_csv, import_csv
from kiosk.services.catalog import Catalog
from kiosk.storage import Store

SEATS = 6


def poll_runs(shipped: Catalog, answers: int) -> list[PollRun]:
    """Runs of the first shipped poll, six seats answering every stage."""
    poll = shipped.polls[sorted(shipped.polls)[0]]
    runs: list[PollRun] = []
    made = 0
    n = 0
    while made < answers:
        given = []
        for number, stage in enumerate(poll.stages, start=1):
            for seat in range(1, SEATS + 1):
                if stage.kind == "choice":
                    answer = stage.options[(n + seat) % len(stage.options)].id
                else:
                    answer = "pass" if (n + seat) % 11 == 0 else str((n + seat) % 5 + 1)
                given.append(PollAnswer(number, seat, answer,
                                        f"2017-03-15T10:{number:02d}:{seat:02d}+00:00"))
        runs.append(PollRun(poll_run_id=str(uuid.UUID(int=n + 1, version=4)), poll=poll.id,
                            answers=tuple(given), workshop_id="w-bench", workshop="Bench",
                            place="Town Hall", workshop_date="2017-03-15",
                            table=f"Table {n % 9 + 1}", kiosk_id=f"kiosk-{n % 9:06x}",
                            seats=SEATS, source="kiosk"))
        made += len(given)
        n += 1
    return runs


def _plain(source: Path, target: Path) -> None:
    with open(source, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def polls_round_trip(shipped: Catalog, answers: int = 10_000, repeats: int = 3) -> dict:
    runs = poll_runs(shipped, answers)
    exported, imported, plain = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for i in range(repeats):
            t = time.perf_counter()
            summary = export_csv([], shipped, out / f"export-{i}", poll_runs=runs)
            exported.append(time.perf_counter() - t)
            with Store.open(out / f"data-{i}") as store:
                t = time.perf_counter()
                result = import_csv([out / f"export-{i}"], store, shipped, poll_store=store)
                imported.append(time.perf_counter() - t)
            assert result.poll_answers_new == summary.answers, result
            t = time.perf_counter()
            _plain(out / f"export-{i}" / "polls.csv", out / f"plain-{i}.csv")
            plain.append(time.perf_counter() - t)
    both = [e + i for e, i in zip(exported, imported, strict=True)]
    return {"value": statistics.median(both),
            "detail": f"{summary.answers:,} answers in {len(runs):,} runs: export "
                      f"{statistics.median(exported):.2f} s, import into an empty store "
                      f"{statistics.median(imported):.2f} s (the csv module reading and "
                      f"writing the same polls.csv: {statistics.median(plain) * 1000:.0f} ms); "
                      f"medians of {repeats}"}
