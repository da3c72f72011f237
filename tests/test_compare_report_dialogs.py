"""The report's questions and messages on Compare are finger-sized and inside the window:
"Which workshop?" offers each workshop as a big button, and "nothing to report" or a
report that could not be written is said in the screen's own notice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk.ui.facilitator.compare import CompareScreen
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, service, store  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def screen(qtbot, service):  # noqa: F811
    widget = CompareScreen(service, Theme.for_size(1366, 768))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def test_which_workshop_is_asked_with_finger_sized_buttons(qtbot, screen):
    screen.demo_button.click()
    qtbot.waitUntil(lambda: screen.data is not None and bool(screen.data.records),
                    timeout=5000)
    seen: dict[str, object] = {}

    def look_and_cancel() -> None:
        dialog = screen.choice_dialog
        seen["dialog"] = dialog
        if dialog is not None:
            seen["choices"] = [b.text() for b in dialog.choice_buttons]
            seen["heights"] = [b.height() for b in dialog.choice_buttons]
            seen["cancel"] = dialog.cancel_button.height()
            dialog.cancel_button.click()

    QTimer.singleShot(0, look_and_cancel)
    screen.ask_for_report()
    assert seen["dialog"] is not None
    assert len(seen["choices"]) == 3 and all("(demo)" in c for c in seen["choices"])
    assert min(seen["heights"]) >= 48 and seen["cancel"] >= 48
    assert screen.choice_dialog is None


def test_no_rankings_and_a_failed_report_are_said_in_the_window(qtbot, screen, tmp_path,
                                                                 monkeypatch):
    screen.ask_for_report()
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]
    assert screen.notice.isVisible() and "no saved rankings" in screen.notice.text()
    screen.demo_button.click()
    qtbot.waitUntil(lambda: screen.data is not None and bool(screen.data.records),
                    timeout=5000)
    workshop = screen.selection()[2][0]
    import kiosk.ui.report.writer as writer

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "write_report", full_disk)
    assert screen.write_report(workshop, str(tmp_path / "r.pdf")) is None
    assert screen.notice.isVisible() and "could not be written" in screen.notice.text()


def test_a_workshop_that_only_ran_polls_can_be_reported(qtbot, screen, store, tmp_path,  # noqa: F811
                                                        monkeypatch):
    from tests.poll_data_support import run_of

    store.save_poll_runs([run_of("oslo-1", {(1, 1): "3", (1, 2): "5"}, poll="camden-comfort",
                                 workshop="Oslo", workshop_id="w-oslo")])
    out = tmp_path / "oslo.pdf"
    monkeypatch.setattr("kiosk.ui.file_chooser.choose_save_path",
                        lambda *args, **kwargs: (str(out), ""))
    with qtbot.waitSignal(screen.report_written, timeout=20000):
        screen.ask_for_report()
    assert out.stat().st_size > 0
    assert "Report saved" in screen.notice.text()


def test_the_report_progress_is_a_finger_sized_panel_over_the_screen(qtbot, screen, tmp_path,
                                                                      monkeypatch):
    """Attack: the progress was a small desktop popup over the chart (text under 18 px, a
    thin bar, a separate window the kiosk's keyboard and touch do not expect)."""
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QProgressDialog

    import kiosk.ui.report.writer as writer

    screen.demo_button.click()
    qtbot.waitUntil(lambda: screen.data is not None and bool(screen.data.records),
                    timeout=5000)
    workshop = screen.selection()[2][0]
    seen: list[dict] = []

    def slow_writer(records, deck_catalog, key, path, progress=None, poll_runs=()):
        for done in range(4):
            progress(done, 3)
            panel = screen.report_progress
            seen.append({"visible": panel.isVisible(), "size": panel.size(),
                         "bar": panel.bar.height(), "value": panel.bar.value(),
                         "text_px": QFontInfo(panel.words.font()).pixelSize(),
                         "dialogs": [w for w in QApplication.topLevelWidgets()
                                     if isinstance(w, QProgressDialog) and w.isVisible()]})
        return tmp_path / "r.pdf"

    monkeypatch.setattr(writer, "write_report", slow_writer)
    assert screen.write_report(workshop, str(tmp_path / "r.pdf")) is not None
    assert [s["value"] for s in seen] == [0, 1, 2, 3]
    for s in seen:
        assert s["visible"] and not s["dialogs"]
        assert s["size"].width() >= screen.width() * 0.5
        assert s["bar"] >= 48 and s["text_px"] >= 18
    assert not screen.report_progress.isVisible()
