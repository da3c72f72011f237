"""`kiosk polls --poll ID [--workshop W…] [--json]`: what a case-study poll's answers show,
stage by stage and between stages, as text or as the JSON object of docs/polls-data.md."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kiosk.cli.common import (
    EXIT_OK,
    CliError,
    Command,
    existing_data_dir,
    load_catalog,
    ok,
    plural,
    using_store,
    warn,
)

BAR = 20  # characters of the longest bar


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Summarise the stored answers to one case-study poll: counts, "
                          "passes, mean and median per stage, and the Wilcoxon signed-rank "
                          "test of each seat's shift between scale stages.")
    parser.add_argument("--poll", required=True, metavar="ID", help="the poll's id")
    parser.add_argument("--workshop", action="append", metavar="W",
                        help="only this workshop (name or id); repeat for several")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object (keys as in docs/polls-data.md)")


def _num(value: float | None) -> str:
    from kiosk.analysis.wording import number_text

    return number_text(value)


def _stage_lines(poll: Any, summary: dict[str, Any]) -> list[str]:
    lines = []
    for entry in summary["stages"]:
        stage = poll.stages[entry["stage"] - 1]
        head = (f"stage {entry['stage']}: {stage.title} ({entry['kind']}): n = {entry['n']}, "
                f"passes {entry['passes']}")
        if entry["kind"] == "scale":
            head += f", mean {_num(entry['mean'])}, median {_num(entry['median'])}"
        lines.append(head)
        counts = entry["counts"]
        most = max(counts.values(), default=0)
        names = {answer: f"{answer} {stage.answer_label(answer)}" if entry["kind"] == "scale"
                 and answer != "pass" else stage.answer_label(answer) for answer in counts}
        width = max((len(n) for n in names.values()), default=0)
        for answer, count in counts.items():
            bar = "#" * (round(BAR * count / most) if most else 0)
            lines.append(f"  {names[answer]:<{width}}  {bar:<{BAR}}  {count}")
    return lines


def _shift_lines(summary: dict[str, Any]) -> list[str]:
    from kiosk.analysis.wording import p_text

    if not summary["shifts"]:
        return ["shifts: none (the poll has fewer than 2 scale stages)"]
    lines = ["shifts (Wilcoxon signed-rank, each seat's two answers in one run, passes left "
             "out):"]
    for entry in summary["shifts"]:
        where = f"  stage {entry['from']} -> {entry['to']}: {plural(entry['pairs'], 'pair')}"
        if entry["statistic"] is None:
            lines.append(f"{where}, too few pairs (fewer than 2 seats changed their answer)")
        else:
            lines.append(f"{where}, W = {_num(entry['statistic'])}, {p_text(entry['p_value'])}")
    return lines


def _side_by_side(poll: Any, groups: dict[str, dict[str, Any]], what: str) -> list[str]:
    labels = list(groups)
    width = max(10, *(len(label) for label in labels))
    lines = ["", f"by {what}:", " " * 22 + "".join(f"  {label:>{width}}" for label in labels)]
    for number, stage in enumerate(poll.stages, 1):
        entries = [groups[label]["stages"][number - 1] for label in labels]
        lines.append(f"stage {number}")
        for answer in stage.answers():
            cells = "".join(f"  {e['counts'][answer]:>{width}}" for e in entries)
            lines.append(f"  {answer[:18]:<20}{cells}")
        lines.append(f"  {'n':<20}" + "".join(f"  {e['n']:>{width}}" for e in entries))
        if stage.kind == "scale":
            for key in ("mean", "median"):
                lines.append(f"  {key:<20}"
                             + "".join(f"  {_num(e[key]):>{width}}" for e in entries))
    return lines


def run(args: argparse.Namespace) -> int:
    from kiosk.analysis.polls import by_group, poll_summary, select_runs

    data = existing_data_dir(args)
    catalog = load_catalog(data)
    poll = catalog.polls.get(args.poll)
    if poll is None:
        known = ", ".join(sorted(catalog.polls)) or "none loaded"
        raise CliError(f"unknown poll '{args.poll}' (polls: {known})")
    with using_store(data) as store:
        stored = store.list_poll_runs()
    runs = select_runs(stored, poll.id, args.workshop)
    for workshop in args.workshop or ():
        if not any(workshop in (r.workshop, r.workshop_id) for r in stored if r.poll == poll.id):
            warn(f"note: no stored run of poll '{poll.id}' is from workshop '{workshop}'")
    summary = poll_summary(poll, runs)
    if args.json:
        ok(json.dumps(summary))
        return EXIT_OK
    ok(f"{poll.id} ({poll.title}): {plural(summary['runs'], 'run')}")
    for line in _stage_lines(poll, summary) + _shift_lines(summary):
        ok(line)
    workshops, tables = by_group(poll, runs, "workshop"), by_group(poll, runs, "table")
    # By table only where it says more than by workshop (a workshop with several tables).
    for what, groups in (("workshop", workshops), ("table", tables)):
        if len(groups) > 1 and (what == "workshop" or len(tables) > len(workshops)):
            for line in _side_by_side(poll, groups, what):
                ok(line)
    return EXIT_OK


COMMAND = Command("polls", "summarise the answers to a case-study poll", configure, run)
