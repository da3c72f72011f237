"""What the facilitator is told about the kiosk's start: a kiosk not set up yet is a calm
hint, not a "problem", and not the table's business; the banner follows what it reports (a
workshop set in Setup clears it) and stays one compact line above the facilitator's area."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel

from tests.shell_support import hold_corner, open_kiosk, tap
from tests.test_pin_pad import type_pin


def _open_area(qtbot, kiosk):
    kiosk.session.set_pin("2468")
    hold_corner(qtbot, kiosk.window)
    type_pin(qtbot, kiosk.window.pin_pad, "2468")
    return kiosk.window.facilitator


def _texts(widget) -> str:
    return " ".join(w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget))


def test_a_kiosk_not_set_up_yet_is_no_problem_and_no_table_is_told(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", facilitator=True)
    window = kiosk.window
    assert window.start_screen.notice.text() == ""  # nothing for the table to worry about
    assert not any("no workshop set yet" in p for p in window.all_problems())
    frame = _open_area(qtbot, kiosk)
    assert frame.findChild(QFrame, "ProblemsBanner") is None
    hint = frame.findChild(QFrame, "SetupHint")
    assert hint is not None and hint.isVisible()
    assert "problem" not in _texts(hint) and "No workshop set yet" in _texts(hint)
    kiosk.close()


def test_the_setup_hint_goes_once_a_workshop_is_used_at_this_kiosk(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", facilitator=True)
    frame = _open_area(qtbot, kiosk)
    setup = frame.area.setup_tab
    setup.new_workshop()
    setup.name_edit.setText("Leeds citizens' panel")
    assert setup.save_workshop()
    tap(qtbot, setup.use_button)
    hint = frame.findChild(QFrame, "SetupHint")
    assert hint is None or not hint.isVisible()
    kiosk.close()


def test_problems_banner_is_one_compact_line_and_can_be_hidden(qtbot, tmp_path):
    problems = [f"decks/mine{i}.toml:3: cards[1].title: is required" for i in range(3)]
    kiosk = open_kiosk(qtbot, tmp_path / "data", facilitator=True, size=(1366, 768),
                       problems=problems)
    frame = _open_area(qtbot, kiosk)
    banner = frame.findChild(QFrame, "ProblemsBanner")
    assert banner is not None and banner.isVisible()
    assert banner.height() <= 64, banner.height()
    assert min(frame.problems_details.height(), frame.problems_hide.height()) >= 48
    assert "3 problems found when the kiosk started" in _texts(banner)
    tap(qtbot, frame.problems_details)
    assert "mine2.toml:3" in _texts(frame)
    tap(qtbot, frame.problems_hide)
    assert not banner.isVisible()
    kiosk.close()
