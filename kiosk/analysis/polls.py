"""What a case-study poll's answers show (docs/polls-data.md): per stage the counts, how
many passed, and on a scale the mean and median; between scale stages whether the same
people moved, by the Wilcoxon signed-rank test (`scipy.stats.wilcoxon`, defaults).

A shift pairs one seat's answers at two stages of one run (a seat is one person for the
length of a run, never across runs); a pass at either stage leaves the pair out. Shifts are
given for each pair of consecutive scale stages and, when a poll has three or more scale
stages, for its first against its last as well (the shift over the whole story). With
fewer than 2 pairs that differ, the test has nothing to say: statistic and p are null.

`kiosk polls --json` prints `poll_summary`; `by_group` gives the same per table or per
workshop, for the screens that compare them. No Qt here.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from scipy.stats import wilcoxon

from kiosk.domain.naming import natural_key
from kiosk.domain.poll_record import PollRun
from kiosk.domain.polls import PASS, SCALE_POINTS, Poll, Stage

Group = Literal["table", "workshop"]
_POINTS = {str(n): n for n in range(1, SCALE_POINTS + 1)}


def select_runs(runs: Iterable[PollRun], poll: str,
                workshops: Iterable[str] | None = None) -> list[PollRun]:
    """The runs of `poll` from the given workshops (names or ids, as `kiosk compare` takes
    them; None = every workshop), by poll_run_id."""
    wanted = None if workshops is None else set(workshops)
    chosen = [r for r in runs if r.poll == poll
              and (wanted is None or r.workshop in wanted or r.workshop_id in wanted)]
    return sorted(chosen, key=lambda r: r.poll_run_id)


def _stage_summary(number: int, stage: Stage, runs: Sequence[PollRun]) -> dict[str, Any]:
    allowed = stage.answers()
    counts = dict.fromkeys(allowed, 0)
    for run in runs:
        for answer in run.answers:
            if answer.stage == number and answer.answer in counts:
                counts[answer.answer] += 1  # an answer the poll no longer has is left out
    passes = counts.get(PASS, 0) if stage.kind == "scale" else 0
    mean = median = None
    if stage.kind == "scale":
        values = [_POINTS[a] for a in allowed if a in _POINTS for _ in range(counts[a])]
        if values:
            mean = statistics.fmean(values)
            median = float(statistics.median(values))
    return {"stage": number, "kind": stage.kind, "n": sum(counts.values()), "passes": passes,
            "counts": counts, "mean": mean, "median": median}


def _pairs(runs: Sequence[PollRun], first: int, second: int) -> tuple[list[int], list[int]]:
    before: list[int] = []
    after: list[int] = []
    for run in runs:
        at_first: dict[int, int] = {}
        at_second: dict[int, int] = {}
        for answer in run.answers:
            point = _POINTS.get(answer.answer)  # a pass (or anything else) is left out
            if point is None:
                continue
            if answer.stage == first:
                at_first[answer.seat] = point
            elif answer.stage == second:
                at_second[answer.seat] = point
        for seat in sorted(at_first.keys() & at_second.keys()):
            before.append(at_first[seat])
            after.append(at_second[seat])
    return before, after


def paired_answers(runs: Sequence[PollRun], first: int, second: int
                   ) -> tuple[list[int], list[int]]:
    """Each pair's answer (1–5) at stage `first` and at stage `second`, in the same order:
    what `shift` tests, for saying which way the answers moved."""
    return _pairs(runs, first, second)


def shift(runs: Sequence[PollRun], first: int, second: int) -> dict[str, Any]:
    """Stage `first` against stage `second` (numbers from 1), seat by seat within runs."""
    before, after = _pairs(runs, first, second)
    differing = sum(1 for b, a in zip(before, after, strict=True) if b != a)
    statistic = p_value = None
    if differing >= 2:
        result = wilcoxon(before, after)
        statistic, p_value = float(result.statistic), float(result.pvalue)
    return {"from": first, "to": second, "pairs": len(before), "statistic": statistic,
            "p_value": p_value}


def shift_stages(poll: Poll) -> list[tuple[int, int]]:
    """The stage pairs a summary tests: consecutive scale stages, and the first scale stage
    against the last when there are three or more."""
    scale = [n for n, stage in enumerate(poll.stages, 1) if stage.kind == "scale"]
    pairs = list(zip(scale, scale[1:], strict=False))
    if len(scale) >= 3:
        pairs.append((scale[0], scale[-1]))
    return pairs


def poll_summary(poll: Poll, runs: Sequence[PollRun]) -> dict[str, Any]:
    """The `kiosk polls --json` object for the runs of `poll` among `runs`."""
    mine = [r for r in runs if r.poll == poll.id]
    return {
        "poll": poll.id,
        "runs": len(mine),
        "stages": [_stage_summary(n, stage, mine) for n, stage in enumerate(poll.stages, 1)],
        "shifts": [shift(mine, a, b) for a, b in shift_stages(poll)],
    }


def group_label(run: PollRun, key: Group) -> str:
    workshop = run.workshop or run.workshop_id or "Workshop"
    if key == "workshop":
        return workshop
    return f"{workshop} / {run.table or run.kiosk_id or 'Table'}"


def by_group(poll: Poll, runs: Sequence[PollRun], key: Group = "table"
             ) -> dict[str, dict[str, Any]]:
    """{label: poll_summary of that group's runs}, labels in natural order ("Table 2"
    before "Table 10"). A table is a workshop's kiosk and label; where two share a label
    the kiosk id is added, where two workshops share a name their id."""
    if key not in ("table", "workshop"):
        raise ValueError(f"group by 'table' or 'workshop', not {key!r}")
    mine = [r for r in runs if r.poll == poll.id]
    groups: dict[tuple[str, ...], list[PollRun]] = {}
    for run in mine:
        ident: tuple[str, ...] = (run.workshop_id or run.workshop,)
        if key == "table":
            ident += (run.kiosk_id, run.table)
        groups.setdefault(ident, []).append(run)
    labels = {ident: group_label(members[0], key) for ident, members in groups.items()}
    taken: dict[str, int] = {}
    for label in labels.values():
        taken[label] = taken.get(label, 0) + 1
    for ident, label in labels.items():
        if taken[label] > 1:
            extra = ident[1] if len(ident) > 1 and ident[1] else ident[0][:8]
            labels[ident] = f"{label} ({extra})"
    ordered = sorted(groups, key=lambda ident: natural_key(labels[ident]))
    return {labels[ident]: poll_summary(poll, groups[ident]) for ident in ordered}
