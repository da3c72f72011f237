"""The facilitator's area shows every file the store set aside as damaged, for as long as it
is in the data folder, with what it holds; "Put back" adds the rankings it can read,
"Keep" moves it into `<data>/set-aside/` (nothing deleted) and it is no longer shown.

Attack (review): a copy of a data folder with rankings.json cut short (`head -c 5000`), the
kiosk started and the facilitator's area opened: "0 saved rankings", no problem shown
anywhere; only rankings.json.corrupt-…Z sat in the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.services.shared_store import SharedStore
from kiosk.storage.glance import OpeningStore
from kiosk.ui.facilitator import open_area
from kiosk.ui.theme import Theme
from tests.csv_support import catalog_for, sample_records, store_with
from tests.shell_support import settle_layout
from tests.test_readable_controls import READABLE_PX, small_controls
from tests.test_readable_hints import clipped_buttons

SHOTS = Path("/tmp/kiosk-shots")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with store_with(folder, sample_records(catalog_for(folder), 93)) as store:
        store.save_settings({"workshop_id": "", "table": "Table 4", "kiosk_id": "k4"})
    whole = (folder / "rankings.json").read_bytes()
    (folder / "rankings.json").write_bytes(whole[:5000])  # head -c 5000
    return folder


@pytest.fixture
def area(qtbot, data):
    store = OpeningStore.begin(data)  # as the kiosk starts
    widget = open_area(SharedStore(store), catalog_for(data), Theme.for_size(1366, 768))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.exchange_tab.wait_for_tasks()
    store.close()


def shot(widget, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    settle_layout()
    widget.grab().save(str(SHOTS / f"{name}.png"))


def test_attack_a_cut_short_rankings_file_is_shown_in_the_facilitators_area(area, data):
    [kept] = sorted(data.glob("rankings.json.corrupt-*"))
    bar = area.set_aside_bar
    assert bar.isVisible()
    [note] = bar.notes
    assert kept.name in bar.text.text() and "rankings" in bar.text.text()
    assert f"{note.can_put_back} of them not in this kiosk" in bar.text.text()
    assert bar.put_back.isVisible() and bar.keep.isVisible()
    shot(area, "set-aside-1366")


def test_attack_put_back_adds_the_rankings_before_the_damage_point(area, data):
    assert "0 saved rankings" in area.subtitle.text()
    bar = area.set_aside_bar
    bar.put_back.click()
    count = area.service.rankings.count()
    assert count > 0 and f"{count} saved rankings" in area.subtitle.text()
    assert f"✓ {count} rankings put back" in bar.text.text()
    [_] = bar.notes  # still shown until it is kept
    assert "all of them that can be read are in this kiosk" in bar.text.text()
    assert not bar.put_back.isVisible() and bar.keep.isVisible()
    shot(area, "set-aside-put-back-1366")


def test_attack_keep_moves_the_file_aside_and_the_line_goes(area, data):
    [kept] = sorted(data.glob("rankings.json.corrupt-*"))
    raw = kept.read_bytes()
    asked: list[str] = []
    bar = area.set_aside_bar
    bar.ask = lambda title, question, yes: asked.append(question) or False
    bar.keep.click()  # rankings not put back yet: asked first, and "no" leaves it there
    assert asked and "not in the kiosk" in asked[0] and kept.exists()
    bar.ask = lambda *_: True
    bar.keep.click()
    assert not kept.exists()
    assert (data / "set-aside" / kept.name).read_bytes() == raw
    assert bar.notes == [] and "kept in set-aside/" in bar.text.text()
    assert not bar.keep.isVisible() and bar.done.isVisible()
    shot(area, "set-aside-kept-1366")
    bar.done.click()
    assert not bar.isVisible()


def test_the_set_aside_line_is_readable_finger_sized_and_compact(area):
    bar = area.set_aside_bar
    settle_layout()
    assert small_controls(bar) == []
    assert clipped_buttons(bar) == []
    assert bar.text.fontInfo().pixelSize() >= READABLE_PX
    for button in (bar.put_back, bar.keep):
        assert button.height() >= area._theme.touch(48)
        assert button.width() >= area._theme.touch(48)
    # as tall as its buttons: the pages below keep their room (the window is not pushed)
    assert bar.height() <= area._theme.touch(48) + area._theme.px(24)
    assert area.window().height() <= 768


def test_no_set_aside_files_no_row(qtbot, tmp_path):
    folder = tmp_path / "data"
    with store_with(folder, sample_records(catalog_for(folder), 3)):
        pass
    store = OpeningStore.begin(folder)
    widget = open_area(SharedStore(store), catalog_for(folder), Theme.for_size(1366, 768))
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.set_aside_bar.isVisible()
    store.close()


def test_the_rankings_tab_keeps_its_room_under_the_line(area):
    from kiosk.ui.facilitator.area import TAB_RANKINGS

    area.show_tab(TAB_RANKINGS)
    settle_layout()
    assert area.set_aside_bar.isVisible()
    assert area.height() <= 768 and area.minimumSizeHint().height() <= 768
    shot(area, "set-aside-rankings-1366")


def test_in_the_kiosk_the_line_sits_under_the_start_up_problems_within_the_screen(qtbot,
                                                                                  data):
    from tests.shell_support import open_kiosk

    kiosk = open_kiosk(qtbot, data, facilitator=True, size=(1366, 768),
                       problems=["A deck did not load: /x/decks/mine.toml:4: a summary is "
                                 "required."])
    window = kiosk.window
    window.open_facilitator()
    settle_layout()
    frame = window.facilitator
    assert frame is not None and frame.banner is not None  # the start-up problems line
    area = frame.area
    assert area.set_aside_bar.isVisible()
    assert "rankings.json.corrupt-" in area.set_aside_bar.text.text()
    area.service.demo.load()  # a full Rankings list
    for index in range(area.tabs.count()):
        area.show_tab(index)
        settle_layout()
        assert window.height() <= 768, index  # never pushed past the screen
    area.show_tab(1)
    shot(window, "set-aside-in-kiosk-1366")
