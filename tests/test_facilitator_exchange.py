"""The Export / Import tab: a round trip through a temporary folder on a worker thread, with
progress and a summary; bad files are listed as file:line: reason; demo data on and off."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QScroller

from kiosk.exchange import ImportSummary
from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store
from kiosk.ui.facilitator.exchange import ExchangeTab
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, real_ranking, service, store  # noqa: F401

THEME = Theme.for_size(1920, 1080)


@pytest.fixture
def tab(qtbot, service):  # noqa: F811
    widget = ExchangeTab(service, THEME)
    qtbot.addWidget(widget)
    yield widget
    widget.wait_for_tasks()


@pytest.fixture
def other(qtbot, tmp_path, catalog):  # noqa: F811
    """A second kiosk with its own store: where the USB stick is plugged in next."""
    with Store.open(tmp_path / "other-kiosk") as other_store:
        widget = ExchangeTab(FacilitatorService(other_store, catalog), THEME)
        qtbot.addWidget(widget)
        yield widget
        widget.wait_for_tasks()


def test_gui_export_then_import_round_trip(tab, other, service, tmp_path, qtbot):  # noqa: F811
    service.demo.load()
    real_ranking(service)
    tab.refresh()
    stick = tmp_path / "stick"
    with qtbot.waitSignal(tab.export_finished, timeout=20000) as exported:
        assert tab.export_to(stick) is not None
        assert tab.busy and not tab.export_button.isEnabled()  # no second run meanwhile
        assert tab.export_to(stick) is None
    summary = exported.args[0]
    assert summary.rankings == 90
    assert (stick / "rankings.csv").is_file() and (stick / "criteria.csv").is_file()
    assert "Exported 90 rankings" in tab.export_result.text()
    assert tab.export_progress.value() == tab.export_progress.maximum()
    assert not tab.busy and tab.export_button.isEnabled()

    with qtbot.waitSignal(other.import_finished, timeout=20000) as imported:
        other.import_from([stick])
    first = imported.args[0]
    assert (first.new, first.present, first.rejected) == (90, 0, [])
    assert "90 new rankings imported · 0 already here · 0 rejected" in \
        other.import_result.text()

    with qtbot.waitSignal(other.import_finished, timeout=20000) as again:
        other.import_from([stick / "rankings.csv"])
    assert (again.args[0].new, again.args[0].present) == (0, 90)
    assert "0 new rankings imported · 90 already here" in other.import_result.text()


def test_a_bad_file_is_rejected_whole_with_lines_to_fix(other, tmp_path, qtbot):
    folder = tmp_path / "typed"
    folder.mkdir()
    header = ("ranking_id,workshop_id,workshop,place,workshop_date,table,kiosk_id,deck,lens,"
              "card_id,card_title,position,tier,completed_at,duration_s,moves,"
              "primary_criterion,note")
    good = ",,Paper,Hall,2025-06-01,Table 1,,examples-1-6,benefit,{card},,{pos},,"\
           "2025-06-01T11:00:00+01:00,,,,"
    rows = [good.format(card=c, pos=p) for p, c in enumerate("12345", 1)]
    rows.append(good.format(card="99", pos=6))
    (folder / "rankings.csv").write_text("\n".join([header, *rows]) + "\n", "utf-8")
    with qtbot.waitSignal(other.import_finished, timeout=20000) as imported:
        other.import_from([folder])
    summary = imported.args[0]
    assert summary.new == 0 and summary.rejected
    assert other.rejected.isVisibleTo(other)
    assert "rankings.csv:7:" in other.rejected.toPlainText()
    assert "Nothing was imported" in other.import_result.text()


def test_a_missing_folder_is_a_message_not_a_crash(other, tmp_path, qtbot):
    with qtbot.waitSignal(other.import_finished, timeout=20000) as imported:
        other.import_from([tmp_path / "unplugged"])
    assert "no such file or folder" in imported.args[0].rejected[0]


def test_an_export_that_cannot_write_says_why(tab, service, tmp_path, qtbot):  # noqa: F811
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with qtbot.waitSignal(tab.task_failed, timeout=20000) as failed:
        tab.export_to(blocker / "inside")
    assert "Could not use" in failed.args[0]
    assert tab.export_result.text() == failed.args[0]
    assert not tab.busy and tab.export_button.isEnabled()


def test_demo_buttons_load_and_remove_with_confirmation(tab, service, qtbot):  # noqa: F811
    real_ranking(service)
    assert not tab.remove_demo_button.isEnabled()
    with qtbot.waitSignal(tab.demo_changed):
        tab.load_demo_button.click()
    assert service.demo.count() == 89 and "Loaded 89" in tab.demo_status.text()
    assert not tab.load_demo_button.isEnabled() and tab.remove_demo_button.isEnabled()
    tab.ask = lambda *_: False
    tab.remove_demo_button.click()
    assert service.demo.count() == 89
    tab.ask = lambda *_: True
    with qtbot.waitSignal(tab.demo_changed):
        tab.remove_demo_button.click()
    assert service.demo.count() == 0 and service.rankings.count() == 1
    assert "Removed 89" in tab.demo_status.text()


def test_the_tabs_export_writes_polls_csv_and_its_import_takes_a_run_back(
        tab, service, store, catalog, tmp_path, qtbot):  # noqa: F811
    """The tab moves the case-study poll runs as `kiosk export` / `kiosk import` do."""
    import csv

    from tests.poll_data_support import run_of

    runs = [run_of("poll-run-1", {(1, 1): "4", (1, 2): "pass", (2, 1): "2"},
                   poll="camden-comfort"),
            run_of("poll-run-2", {(1, 1): "1"}, poll="camden-comfort", table="Table 2")]
    store.save_poll_runs(runs)
    real_ranking(service)
    stick = tmp_path / "stick"
    with qtbot.waitSignal(tab.export_finished, timeout=20000) as exported:
        tab.export_to(stick)
    summary = exported.args[0]
    assert (summary.poll_runs, summary.answers) == (2, 4)
    with open(stick / "polls.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted((r["poll_run_id"], r["stage"], r["seat"], r["answer"]) for r in rows) == [
        ("poll-run-1", "1", "1", "4"), ("poll-run-1", "1", "2", "pass"),
        ("poll-run-1", "2", "1", "2"), ("poll-run-2", "1", "1", "1")]
    with Store.open(tmp_path / "other-kiosk") as other_store:
        other = ExchangeTab(FacilitatorService(other_store, catalog), THEME)
        qtbot.addWidget(other)
        with qtbot.waitSignal(other.import_finished, timeout=20000) as imported:
            other.import_from([stick])
        back = imported.args[0]
        assert (back.new, back.rejected) == (1, [])
        assert (back.poll_runs_new, back.poll_answers_new) == (2, 4)
        assert other_store.get_poll_run("poll-run-1").answers == runs[0].answers
        assert {r.poll_run_id for r in other_store.list_poll_runs()} == {"poll-run-1",
                                                                         "poll-run-2"}
        with qtbot.waitSignal(other.import_finished, timeout=20000) as again:
            other.import_from([stick / "polls.csv"])
        assert (again.args[0].poll_answers_new, again.args[0].poll_answers_present) == (0, 4)
        other.wait_for_tasks()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("rejected", [False, True])
def test_the_paper_session_paragraph_is_never_cut(
        qtbot, store, catalog, size, rejected):  # noqa: F811
    from kiosk.ui.facilitator import open_area
    from kiosk.ui.facilitator.area import TAB_EXCHANGE

    area = open_area(store, catalog, Theme.for_size(*size))
    qtbot.addWidget(area)
    area.resize(*size)
    area.show()
    area.show_tab(TAB_EXCHANGE)
    qtbot.waitExposed(area)
    tab = area.exchange_tab
    if rejected:  # a file with problems: their lines are listed under the buttons
        tab._import_done(ImportSummary(0, 0, [
            f"/media/usb/paper/rankings.csv:{line}: position 'x' is not a positive whole "
            "number" for line in range(2, 12)]))
    QApplication.processEvents()
    paragraphs = [w for w in tab.findChildren(QLabel) if w.wordWrap() and w.text()]
    paper = [w for w in paragraphs if w.text().startswith("Paper session:")]
    assert len(paper) == 1
    for text in paragraphs:  # the whole text shows: as tall as it needs for its width
        assert text.heightForWidth(text.width()) <= text.height(), text.text()[:40]
    assert not tab.page.horizontalScrollBar().isVisible()
    assert QScroller.hasScroller(tab.page.viewport())  # a taller page scrolls by dragging


def test_the_export_message_counts_only_the_matrix_files(tab, service, tmp_path,  # noqa: F811
                                                          qtbot):
    """Attack: criteria.csv and polls.csv were counted as matrices ("7 matrices" for 5)."""
    real_ranking(service)
    real_ranking(service, lens="risk", table="Table 8")
    tab.refresh()
    stick = tmp_path / "stick"
    with qtbot.waitSignal(tab.export_finished, timeout=20000):
        tab.export_to(stick)
    matrices = sorted(p.name for p in stick.glob("matrix-*.csv"))
    assert len(matrices) == 2
    text = tab.export_result.text()
    assert "2 matrices" in text, text
    for name in ("rankings.csv", "criteria.csv", "polls.csv"):
        assert name in text, (name, text)
