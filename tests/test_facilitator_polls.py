"""The facilitator's Polls tab: which polls it offers, the numbers on its bars, the shifts
in words, switching poll, workshops and rows — and the service under it."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QStyle

from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store
from kiosk.ui.charts.poll_bars import _columns
from kiosk.ui.facilitator.area import TAB_POLLS, FacilitatorArea
from kiosk.ui.facilitator.polls import NO_RUNS
from kiosk.ui.theme import Theme
from tests.poll_data_support import camden_poll, catalog_with_poll, run_of

SHOTS = Path(os.environ.get("KIOSK_SHOTS", "/tmp"))


def answers(*stages: tuple[str, ...]) -> dict[tuple[int, int], str]:
    return {(stage, seat): answer for stage, row in enumerate(stages, 1)
            for seat, answer in enumerate(row, 1)}


def sample_runs() -> list:
    """Manchester (two tables) and Leeds (one): support falls from stage 1 to 2 for nine of
    twelve people paired, and nobody in Leeds changes."""
    return [
        run_of("r1", answers(("5", "5", "4", "4", "3", "pass"), ("4", "3", "2", "3", "1", "2"),
                             ("4", "4", "3", "3", "2", "2"),
                             ("council", "public", "public", "nobody", "public", "council"))),
        run_of("r2", answers(("4", "4", "5", "3"), ("2", "3", "4", "1"), ("3", "3", "4", "2"),
                             ("public", "public", "council", "public")),
               table="Table 2", kiosk_id="kiosk-def456", minute=10),
        run_of("r3", answers(("2", "1", "3"), ("2", "1", "3"), ("1", "1", "2"),
                             ("nobody", "nobody", "public")),
               workshop="Leeds", workshop_id="w-lee", kiosk_id="kiosk-leeds", minute=20),
    ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def service(store: Store, tmp_path: Path) -> FacilitatorService:
    other = camden_poll("camden-two")
    return FacilitatorService(store, catalog_with_poll(tmp_path / "data", camden_poll(), other))


def open_polls(qtbot, service: FacilitatorService, size=(1366, 768)) -> FacilitatorArea:
    area = FacilitatorArea(service, Theme.for_size(*size))
    qtbot.addWidget(area)
    area.resize(*size)
    area.show()
    area.show_tab(TAB_POLLS)
    qtbot.waitExposed(area)
    return area


def overall(tab, stage: int):
    return tab.figures.stages[stage - 1].overall


# ----- the service
def test_service_lists_only_polls_with_runs(store, service):
    assert service.polls.with_runs() == []
    store.save_poll_runs(sample_runs())
    service.reload()
    assert [(p.id, n) for p, n in service.polls.with_runs()] == [("camden", 3)]
    assert [r.poll_run_id for r in service.polls.runs("camden", ["Leeds"])] == ["r3"]
    assert [(w.key, w.name, w.runs) for w in service.polls.workshops("camden")] == \
        [("w-lee", "Leeds", 1), ("w-man", "Manchester", 2)]
    summary = service.polls.summary("camden")
    assert summary["runs"] == 3 and summary["stages"][0]["n"] == 13
    groups = service.polls.by_group("camden", "workshop", ["w-man"])
    assert list(groups) == ["Manchester"] and groups["Manchester"]["runs"] == 2


# ----- the tab
def test_no_runs_gives_the_hint(qtbot, service):
    area = open_polls(qtbot, service)
    tab = area.polls_tab
    assert tab.poll_box.count() == 0 and tab.figures is None
    assert NO_RUNS in tab.hint.text()
    qtbot.waitUntil(tab.hint.isVisible)


def test_the_tab_shows_the_numbers(qtbot, store, service):
    store.save_poll_runs(sample_runs())
    tab = open_polls(qtbot, service).polls_tab
    assert [tab.poll_box.itemData(i) for i in range(tab.poll_box.count())] == ["camden"]
    assert tab.poll_box.itemText(0) == "Camden's data store (3 runs)"
    first = overall(tab, 1)
    assert [first.count(a) for a in "12345"] == [1, 1, 3, 4, 3]
    assert (first.n, first.passes) == (13, 1)
    assert first.side == "n = 13 · 1 passed · mean 3.58"
    # Diverging: the neutral share straddles zero, the low answers left of it.
    neutral = next(s for s in first.segments if s.answer == "3")
    assert neutral.start == pytest.approx(-neutral.share / 2) and neutral.share == \
        pytest.approx(3 / 12)
    low = next(s for s in first.segments if s.answer == "2")
    assert low.start + low.share == pytest.approx(neutral.start)
    rows = [row.label for row in tab.figures.stages[0].rows]
    assert rows == ["Everyone", "Leeds / Table 1", "Manchester / Table 1",
                    "Manchester / Table 2"]
    words = tab.stage_views[0][2].text()
    assert words.startswith("On average “Support” (mean 3.58 of 1–5)")
    choice_figure, _bars, choice_words = tab.stage_views[3]
    assert choice_figure.kind == "choice"
    assert choice_words.text() == "“The public” was chosen most: 7 of 13 (54%)."
    legend = dict((s.answer, text) for s, text in choice_figure.legend())
    assert legend["public"] == "The public: 7 (54%)"
    shifts = [label.text() for label in tab.shift_labels]
    assert shifts[0].startswith("Support fell from stage 1 to 2 (12 people paired, "
                                "Wilcoxon W = 0, p = 0.0039")
    assert len(shifts) == 3  # 1→2, 2→3 and the whole story 1→3
    assert "Manchester / Table 2: Strongly oppose 0" in tab.stage_views[0][1].describe()


def test_switching_workshops_rows_and_poll(qtbot, store, service):
    store.save_poll_runs([*sample_runs(),
                          run_of("r9", answers(("1",), ("5",)), poll="camden-two")])
    tab = open_polls(qtbot, service).polls_tab
    assert tab.poll_box.count() == 2
    tab.select(poll="camden", workshops=["Leeds"])
    assert [row.label for row in tab.figures.stages[0].rows] == ["Everyone", "Table 1"]
    assert overall(tab, 1).n == 3
    assert tab.shift_labels[0].text() == ("Stage 1 to 2: too few pairs to test (3 people "
                                          "paired; fewer than 2 changed their answer).")
    tab.select(workshops=["w-man", "w-lee"], group="workshop")
    assert [row.label for row in tab.figures.stages[0].rows] == \
        ["Everyone", "Leeds", "Manchester"]
    assert overall(tab, 1).n == 13
    tab.none_button.click()
    assert tab.figures.runs == 0 and "Tick a workshop" in tab.hint.text()
    tab.all_button.click()
    assert tab.figures.runs == 3
    tab.select(poll="camden-two")
    assert tab.figures.poll.id == "camden-two" and tab.figures.runs == 1
    assert overall(tab, 1).count("1") == 1 and overall(tab, 2).count("5") == 1


def test_new_runs_show_after_a_reload(qtbot, store, service):
    tab = open_polls(qtbot, service).polls_tab
    assert tab.poll_box.count() == 0
    store.save_poll_runs(sample_runs())
    service.reload()  # what the area does when shown again, and what imports announce
    qtbot.waitUntil(lambda: tab.poll_box.count() == 1)
    assert tab.figures is not None and tab.figures.runs == 3


SHIPPED_TITLES = ("Camden Residents Index: how comfortable are you?",
                  "Community Safety Partnerships: how comfortable are you?",
                  "Troubled Families Programme: how comfortable are you?")


def _cut_rows(view, theme) -> list[str]:
    """Rows of a list whose words need more room than the row gives them: wider than the
    list shows, or taller (their words wrapped in the row, less the style sheet's padding
    and the style's text margins) than the row is."""
    pad = theme.px(12)
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    shown = view.viewport().rect()
    cut = []
    for row in range(view.count()):
        item = view.item(row)
        rect = view.visualItemRect(item)
        width = rect.intersected(shown).width() - 2 * pad - 2 * margin
        needed = QFontMetrics(view.font()).boundingRect(
            QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), item.text())
        if rect.right() > shown.right() or needed.height() > rect.height():
            cut.append(item.text())
    return cut


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_attack_the_poll_list_shows_whole_titles(qtbot, store, tmp_path, size):
    """Found: with the shipped polls' titles the Poll list's rows were wider than the list
    and a wrapped title lost its last line ("… are you? (1" with "run)" cut off)."""
    polls = [dataclasses.replace(camden_poll(f"p{i}"), title=title)
             for i, title in enumerate(SHIPPED_TITLES)]
    service = FacilitatorService(store, catalog_with_poll(tmp_path / "data", *polls))
    store.save_poll_runs([dataclasses.replace(run, poll=f"p{i}")
                          for i, run in enumerate(sample_runs())])
    service.reload()
    area = open_polls(qtbot, service, size)
    view = area.polls_tab.poll_box
    qtbot.waitUntil(lambda: view.count() == 3)
    assert _cut_rows(view, area.polls_tab._theme) == []
    tab = area.polls_tab
    view.setCurrentRow(2)  # another choice: the rows keep their room
    assert _cut_rows(view, tab._theme) == []
    qtbot.waitUntil(lambda: bool(tab.stage_views) and tab.stage_views[0][1].isVisible())
    qtbot.waitUntil(lambda: tab.content.height() >= tab.content.minimumSizeHint().height())
    area.grab().save(str(SHOTS / f"polls-list-{size[0]}x{size[1]}.png"))


def _cut_labels(widget) -> list[str]:
    """Visible labels whose text needs more room than they have."""
    cut = []
    for label in widget.findChildren(QLabel):
        if not label.isVisibleTo(widget) or not label.text():
            continue
        if label.wordWrap():
            if label.heightForWidth(label.width()) > label.height() + 1:
                cut.append(label.text())
        elif label.sizeHint().width() > label.width() + 1:
            cut.append(label.text())
    return cut


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_readable_at_both_sizes(qtbot, store, service, size):
    store.save_poll_runs(sample_runs())
    area = open_polls(qtbot, service, size)
    tab = area.polls_tab
    qtbot.waitUntil(lambda: tab.stage_views[0][1].isVisible())
    qtbot.wait(20)  # the layout settles
    assert _cut_labels(tab) == []
    for figure, bars, _words in tab.stage_views:
        label_w, bar_w, side_w = _columns(figure, bars.style_, bars.width())
        assert bar_w > bars.width() * 0.4  # the bars keep most of the room
        assert label_w + bar_w + side_w <= bars.width()
    assert tab.content.width() <= tab.scroller.viewport().width()  # nothing off the side
    area.grab().save(str(SHOTS / f"polls-{size[0]}x{size[1]}.png"))
    tab.content.grab().save(str(SHOTS / f"polls-{size[0]}x{size[1]}-all.png"))
