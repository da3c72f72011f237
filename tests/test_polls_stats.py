"""Poll statistics (kiosk.analysis.polls) against hand-checked counts and scipy itself, and
`kiosk polls` as text and JSON."""

from __future__ import annotations

import json
import math

import pytest
from scipy.stats import wilcoxon

from kiosk import cli
from kiosk.analysis.polls import by_group, poll_summary, select_runs, shift_stages
from kiosk.domain.polls import Poll
from kiosk.storage import Store
from tests.poll_data_support import (
    camden_poll,
    catalog_with_poll,
    run_of,
    scale,
    use_catalog_in_cli,
)

POLL = camden_poll()


def known_runs():
    """Two tables. Stage 1 -> 2: seats move 2->4, 3->5, 1->1, 4->2, 5->5 (and a pass)."""
    return [
        run_of("r1", {(1, 1): "2", (1, 2): "3", (1, 3): "1", (1, 4): "pass",
                      (2, 1): "4", (2, 2): "5", (2, 3): "1", (2, 4): "3",
                      (3, 1): "5", (3, 2): "5", (4, 1): "council", (4, 2): "public"}),
        run_of("r2", {(1, 1): "4", (1, 2): "5", (2, 1): "2", (2, 2): "5", (2, 3): "pass",
                      (4, 1): "council"}, table="Table 2", workshop="Leeds",
               workshop_id="w-leeds"),
        run_of("other", {(1, 1): "1"}, poll="brent"),  # another poll: never counted
    ]


def test_stage_counts_passes_mean_and_median_by_hand():
    summary = poll_summary(POLL, known_runs())
    assert summary["poll"] == "camden" and summary["runs"] == 2
    one, two, three, four = summary["stages"]
    assert one == {"stage": 1, "kind": "scale", "n": 6, "passes": 1,
                   "counts": {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1, "pass": 1},
                   "mean": 3.0, "median": 3.0}
    assert two["counts"] == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 2, "pass": 1}
    assert two["n"] == 7 and two["passes"] == 1
    assert two["mean"] == pytest.approx(20 / 6) and two["median"] == 3.5
    assert three["n"] == 2 and three["mean"] == 5.0
    assert four == {"stage": 4, "kind": "choice", "n": 3, "passes": 0,
                    "counts": {"council": 2, "public": 1, "nobody": 0},
                    "mean": None, "median": None}


def test_shifts_pair_seats_within_a_run_and_match_scipy():
    summary = poll_summary(POLL, known_runs())
    first = summary["shifts"][0]
    before, after = [2, 3, 1, 4, 5], [4, 5, 1, 2, 5]  # r1 seats 1-3, r2 seats 1-2
    expected = wilcoxon(before, after)
    assert first["from"] == 1 and first["to"] == 2 and first["pairs"] == 5
    assert first["statistic"] == pytest.approx(float(expected.statistic))
    assert first["p_value"] == pytest.approx(float(expected.pvalue))
    # hand check: differences -2, -2, 0, +2, 0 -> 3 nonzero, ranks 2,2,2: W = min(2, 4) = 2
    assert first["statistic"] == 2.0
    # stage 2 -> 3: only r1 seats 1 and 2 (4->5, 5->5): one pair differs, too few
    assert summary["shifts"][1] == {"from": 2, "to": 3, "pairs": 2, "statistic": None,
                                    "p_value": None}
    # three scale stages: the first against the last too
    assert [(s["from"], s["to"]) for s in summary["shifts"]] == [(1, 2), (2, 3), (1, 3)]
    assert summary["shifts"][2]["pairs"] == 2 and summary["shifts"][2]["statistic"] is not None


def test_a_larger_sample_matches_scipy_exactly():
    before = [1, 2, 2, 3, 3, 3, 4, 4, 5, 1, 2, 3]
    after = [3, 2, 4, 5, 4, 3, 5, 5, 5, 2, 4, 4]
    runs = [run_of(f"r{n}", {(1, seat): str(b), (2, seat): str(a)})
            for n, chunk in enumerate(range(0, 12, 6))
            for seat, b, a in zip(range(1, 7), before[chunk:chunk + 6], after[chunk:chunk + 6],
                                  strict=True)]
    merged = {}
    for run in runs:
        merged.setdefault(run.poll_run_id, []).extend(run.answers)
    runs = [run_of(rid, {(a.stage, a.seat): a.answer for a in answers})
            for rid, answers in merged.items()]
    shift = poll_summary(POLL, runs)["shifts"][0]
    expected = wilcoxon(before, after)
    assert shift["pairs"] == 12
    assert math.isclose(shift["statistic"], float(expected.statistic))
    assert math.isclose(shift["p_value"], float(expected.pvalue))


def test_no_runs_gives_empty_counts_and_null_figures():
    summary = poll_summary(POLL, [])
    assert summary["runs"] == 0
    assert all(s["n"] == 0 and s["mean"] is None and s["median"] is None
               for s in summary["stages"])
    assert all(s["pairs"] == 0 and s["statistic"] is None for s in summary["shifts"])
    json.dumps(summary)  # plain JSON


def test_shift_stages_only_among_scale_stages():
    two = Poll("p", "P", "case-studies", "camden", (scale("a"), POLL.stages[3], scale("b")))
    assert shift_stages(two) == [(1, 3)]
    assert shift_stages(Poll("q", "Q", "case-studies", "camden", (POLL.stages[3],))) == []


def test_by_group_and_workshop_selection():
    runs = known_runs()
    tables = by_group(POLL, runs, "table")
    assert list(tables) == ["Leeds / Table 2", "Manchester / Table 1"]
    assert tables["Leeds / Table 2"]["runs"] == 1
    assert tables["Manchester / Table 1"]["stages"][0]["n"] == 4
    assert list(by_group(POLL, runs, "workshop")) == ["Leeds", "Manchester"]
    assert [r.poll_run_id for r in select_runs(runs, "camden", ["w-leeds"])] == ["r2"]
    assert [r.poll_run_id for r in select_runs(runs, "camden", ["Manchester"])] == ["r1"]
    assert [r.poll_run_id for r in select_runs(runs, "camden")] == ["r1", "r2"]
    with pytest.raises(ValueError):
        by_group(POLL, runs, "seat")  # type: ignore[arg-type]


def test_tables_that_share_a_label_are_told_apart_by_kiosk():
    runs = [run_of("a", {(1, 1): "1"}, kiosk_id="kiosk-aaa"),
            run_of("b", {(1, 1): "2"}, kiosk_id="kiosk-bbb")]
    assert list(by_group(POLL, runs)) == ["Manchester / Table 1 (kiosk-aaa)",
                                          "Manchester / Table 1 (kiosk-bbb)"]


@pytest.fixture
def data(tmp_path, monkeypatch):
    use_catalog_in_cli(monkeypatch, catalog_with_poll(tmp_path / "catalog-data"))
    with Store.open(tmp_path / "data") as store:
        store.save_poll_runs(known_runs())
    return tmp_path / "data"


def test_cli_json_is_the_summary(data, capsys):
    assert cli.main(["polls", "--poll", "camden", "--json", "--data-dir", str(data)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(poll_summary(POLL, known_runs())))
    assert cli.main(["polls", "--poll", "camden", "--workshop", "Leeds", "--json",
                     "--data-dir", str(data)]) == 0
    assert json.loads(capsys.readouterr().out)["runs"] == 1


def test_cli_text_shows_bars_figures_shifts_and_tables_side_by_side(data, capsys):
    assert cli.main(["polls", "--poll", "camden", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "camden (Camden's data store): 2 runs" in out
    assert "stage 1: Stage 1 (scale): n = 6, passes 1, mean 3, median 3" in out
    assert "stage 4: Stage 4 (choice): n = 3, passes 0" in out
    assert "  The council  ####################  2" in out
    assert "stage 1 -> 2: 5 pairs, W = 2, p = " in out
    assert "stage 2 -> 3: 2 pairs, too few pairs (fewer than 2 seats changed their answer)" in out
    assert "by workshop:" in out and "Manchester" in out
    assert "by table:" not in out  # one table a workshop: the same columns again


def test_cli_unknown_poll_is_one_line_exit_2(data, capsys):
    assert cli.main(["polls", "--poll", "nope", "--data-dir", str(data)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown poll 'nope' (polls: camden" in err


def test_cli_unknown_workshop_is_a_note(data, capsys):
    assert cli.main(["polls", "--poll", "camden", "--workshop", "Paris", "--json",
                     "--data-dir", str(data)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["runs"] == 0
    assert "no stored run of poll 'camden' is from workshop 'Paris'" in captured.err
