"""What the Polls page and the report draw for a case-study poll, from `poll_summary` and
`by_group` (kiosk.analysis.polls): per stage a bar row for everyone and one per table or
workshop, the mean and median in words, and each shift between stages as a sentence.

A scale stage's bar diverges from its middle: the neutral answer (3) is centred on zero,
the two answers below it (1, 2 — the scale's uncomfortable or opposing end) to the left,
the two above it (4, 5) to the right; shares are of the answers 1–5, passes are counted
beside the bar. A choice stage's bar is each option's share of the answers. No Qt here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.analysis.polls import Group, by_group, group_label, paired_answers, poll_summary
from kiosk.analysis.wording import number_text, p_text
from kiosk.domain.poll_record import PollRun
from kiosk.domain.polls import PASS, Poll, Stage

SIGNIFICANT = 0.05  # the p below which a shift is worded as one (two-sided Wilcoxon)
ALL = "Everyone"


@dataclass(frozen=True, slots=True)
class Segment:
    """One answer's part of a bar: from `start` to `start + share` on the bar's axis
    (-1…1 for a scale, 0…1 for a choice); `index` picks its colour (the scale point from 0,
    or the option's place)."""

    answer: str
    label: str
    count: int
    share: float
    start: float
    index: int


@dataclass(frozen=True, slots=True)
class BarRow:
    label: str
    segments: tuple[Segment, ...]
    n: int  # every answer, passes included
    passes: int
    mean: float | None
    median: float | None
    overall: bool = False  # the row of everyone (the others are tables or workshops)

    @property
    def side(self) -> str:
        """What is written beside the bar: how many answered, and passed."""
        text = f"n = {self.n}"
        if self.passes:
            text += f" · {self.passes} passed"
        if self.mean is not None:
            text += f" · mean {number_text(self.mean)}"
        return text

    def count(self, answer: str) -> int:
        return next((s.count for s in self.segments if s.answer == answer), 0)


@dataclass(frozen=True, slots=True)
class StageFigure:
    number: int
    stage: Stage
    rows: tuple[BarRow, ...]  # everyone first, then each group
    words: str  # the mean and median in words (a scale), or the most chosen option

    @property
    def kind(self) -> str:
        return self.stage.kind

    @property
    def overall(self) -> BarRow:
        return self.rows[0]

    def legend(self) -> list[tuple[Segment, str]]:
        """Each answer with its overall count and share, for the key under the heading."""
        return [(s, f"{s.label}: {s.count} ({percent(s.share)})")
                for s in self.overall.segments]


@dataclass(frozen=True, slots=True)
class ShiftFigure:
    first: int
    second: int
    pairs: int
    statistic: float | None
    p_value: float | None
    change: float  # mean of (second − first) over the pairs: + = towards the scale's top
    sentence: str

    @property
    def tested(self) -> bool:
        return self.statistic is not None


@dataclass(frozen=True, slots=True)
class PollFigures:
    poll: Poll
    runs: int
    tables: int
    workshops: int
    group: Group
    stages: tuple[StageFigure, ...]
    shifts: tuple[ShiftFigure, ...]


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _segments(stage: Stage, counts: Mapping[str, int]) -> tuple[Segment, ...]:
    if stage.kind == "scale":
        points = [str(n) for n in range(1, 6)]
        base = sum(counts.get(p, 0) for p in points)
        shares = [counts.get(p, 0) / base if base else 0.0 for p in points]
        # The neutral point straddles zero; the lower points extend left, the upper right.
        starts = [0.0] * 5
        starts[2] = -shares[2] / 2
        starts[1] = starts[2] - shares[1]
        starts[0] = starts[1] - shares[0]
        starts[3] = shares[2] / 2
        starts[4] = starts[3] + shares[3]
        return tuple(Segment(p, stage.answer_label(p), counts.get(p, 0), shares[i],
                             starts[i], i) for i, p in enumerate(points))
    options = [o.id for o in stage.options]
    base = sum(counts.get(o, 0) for o in options)
    segments = []
    start = 0.0
    for i, option in enumerate(options):
        share = counts.get(option, 0) / base if base else 0.0
        segments.append(Segment(option, stage.answer_label(option), counts.get(option, 0),
                                share, start, i))
        start += share
    return tuple(segments)


def _row(stage: Stage, entry: Mapping[str, Any], label: str, overall: bool) -> BarRow:
    return BarRow(label, _segments(stage, entry["counts"]), int(entry["n"]),
                  int(entry["passes"]), entry["mean"], entry["median"], overall)


def _nearest_label(stage: Stage, value: float) -> str:
    point = min(5, max(1, int(value + 0.5)))
    return stage.labels[point - 1]


def stage_words(stage: Stage, entry: Mapping[str, Any]) -> str:
    if stage.kind == "scale":
        if entry["mean"] is None:
            return "Nobody gave an answer on the scale yet." if not entry["passes"] else (
                "Everyone passed.")
        mean, median = entry["mean"], entry["median"]
        if median.is_integer():
            middle = f"is “{_nearest_label(stage, median)}”"
        else:  # an even count whose two middle answers differ
            middle = (f"is between “{stage.labels[int(median) - 1]}” and "
                      f"“{stage.labels[int(median)]}”")
        return (f"On average “{_nearest_label(stage, mean)}” (mean {number_text(mean)} "
                f"of 1–5); the middle answer (median) {middle} ({number_text(median, 1)}).")
    counts = entry["counts"]
    total = sum(counts.values())
    if not total:
        return "Nobody answered yet."
    most = max(counts.values())
    top = [stage.answer_label(a) for a, c in counts.items() if c == most]
    share = f"{most} of {total} ({percent(most / total)})"
    if len(top) == 1:
        return f"“{top[0]}” was chosen most: {share}."
    return f"{' and '.join(f'“{t}”' for t in top)} were chosen most, {share} each."


def scale_noun(stage: Stage) -> str:
    """What a scale measures, in a word, from its top label ("Very comfortable" → comfort)."""
    top = stage.labels[-1].casefold()
    for word, noun in (("comfort", "comfort"), ("support", "support"), ("agree", "agreement"),
                       ("accept", "acceptance"), ("trust", "trust")):
        if word in top:
            return noun
    return f"the answers (towards “{stage.labels[-1]}”)"


def shift_sentence(poll: Poll, entry: Mapping[str, Any], change: float) -> str:
    first, second = entry["from"], entry["to"]
    noun = scale_noun(poll.stages[first - 1])
    people = f"{entry['pairs']} {'person' if entry['pairs'] == 1 else 'people'} paired"
    where = f"from stage {first} to {second}"
    if entry["statistic"] is None:
        return (f"Stage {first} to {second}: too few pairs to test ({people}; fewer than 2 "
                "changed their answer).")
    figures = (f"{people}, Wilcoxon W = {number_text(entry['statistic'], 1)}, "
               f"{p_text(entry['p_value'])}")
    if entry["p_value"] is not None and entry["p_value"] < SIGNIFICANT and change:
        verb = "rose" if change > 0 else "fell"
        return f"{noun[0].upper()}{noun[1:]} {verb} {where} ({figures})."
    drift = "" if not change else (
        f"; on average {'up' if change > 0 else 'down'}, but that could be chance")
    return f"No clear change in {noun} {where} ({figures}{drift})."


def poll_figures(poll: Poll, runs: Sequence[PollRun], group: Group = "table") -> PollFigures:
    """Everything drawn for `poll` from its `runs` (those of other polls are left out);
    `group` says whether the rows under everyone's are tables or workshops."""
    mine = [r for r in runs if r.poll == poll.id]
    summary = poll_summary(poll, mine)
    groups = by_group(poll, mine, group)
    workshops = len({r.workshop_id or r.workshop for r in mine})
    if group == "table" and workshops == 1:
        # One workshop: its name on every row says nothing ("Manchester / Table 1").
        prefix = f"{group_label(mine[0], 'workshop')} / "
        groups = {label.removeprefix(prefix): g for label, g in groups.items()}
    stages = []
    for number, stage in enumerate(poll.stages, 1):
        entry = summary["stages"][number - 1]
        rows = [_row(stage, entry, ALL, True)]
        rows += [_row(stage, g["stages"][number - 1], label, False)
                 for label, g in groups.items()]
        stages.append(StageFigure(number, stage, tuple(rows), stage_words(stage, entry)))
    shifts = []
    for entry in summary["shifts"]:
        before, after = paired_answers(mine, entry["from"], entry["to"])
        change = (sum(after) - sum(before)) / len(before) if before else 0.0
        shifts.append(ShiftFigure(entry["from"], entry["to"], entry["pairs"],
                                  entry["statistic"], entry["p_value"], change,
                                  shift_sentence(poll, entry, change)))
    tables = len({(r.workshop_id or r.workshop, r.kiosk_id, r.table) for r in mine})
    return PollFigures(poll, len(mine), tables, workshops, group, tuple(stages),
                       tuple(shifts))


__all__ = ["ALL", "PASS", "BarRow", "PollFigures", "Segment", "ShiftFigure", "StageFigure",
           "percent", "poll_figures", "scale_noun", "shift_sentence", "stage_words"]
