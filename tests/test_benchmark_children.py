"""The benchmarks' start-up children still start the kiosk: a change to the kiosk's launch
(a new argument, say) must not leave `benchmarks/run.py`'s first figure unmeasurable."""

from __future__ import annotations

from pathlib import Path

from benchmarks import startup


def test_the_start_up_benchmarks_kiosk_child_shows_the_start_screen(tmp_path: Path) -> None:
    screen = tmp_path / "screen.json"
    screen.write_text(startup.SCREEN, encoding="utf-8")
    elapsed, line = startup.sample(startup.KIOSK, str(tmp_path / "data"), screen=screen)
    # "<MARK> <start screen visible> <pyqtgraph imported>"
    assert line.split()[1:] == ["True", "False"], line
    assert elapsed > 0


def test_the_polls_and_chooser_figures_still_measure(qtbot) -> None:
    """benchmarks/_polls.py and _chooser.py assert what they measure (every answer imported,
    every file listed): run small, they must still get through."""
    from benchmarks import _chooser, _data, _polls

    polls = _polls.polls_round_trip(_data.catalog(), answers=100, repeats=1)
    assert polls["value"] > 0 and "answers" in polls["detail"]
    chooser = _chooser.open_big_folder(repeats=1)
    assert chooser["value"] > 0 and "5,000 files" in chooser["detail"]
