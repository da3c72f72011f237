"""The table's window on the kiosk's own start path (the glance, as `kiosk` starts) over
damaged settings (issue 9): a PIN set to null or deleted in kiosk.json never makes the pad
offer to choose one (it is taken back from kiosk-copy.json), a PIN that is lost for good
says how to set it again, and an idle time Qt cannot run never stops a table starting."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession
from kiosk.storage import Store
from kiosk.storage.glance import OpeningStore
from kiosk.ui.shell import KioskWindow
from kiosk.ui.theme import Theme
from tests.shell_support import SIZE, FakeMonotonic, hold_corner, tap

PIN = "2468"


def a_kiosk_with_a_pin(data: Path) -> None:
    with Store.open(data) as store:
        session = TableSession(store, load_catalog(data))
        session.set_pin(PIN)


def edit_settings(data: Path, change: Callable[[dict], object]) -> None:
    path = data / "kiosk.json"
    doc = json.loads(path.read_bytes())
    change(doc["settings"])
    path.write_text(json.dumps(doc), "utf-8")


@pytest.fixture
def started(qtbot) -> Iterator[Callable[[Path], KioskWindow]]:
    """The window as kiosk.ui.app.launch builds it: on the OpeningStore, not opened first."""
    openings: list[OpeningStore] = []

    def start(data: Path) -> KioskWindow:
        opening = OpeningStore.begin(data)
        openings.append(opening)
        session = TableSession(opening, load_catalog(data, cache=True))
        theme = Theme.for_size(*SIZE)
        window = KioskWindow(session, theme, kiosk_mode=False, problems=list(opening.problems),
                             open_facilitator=lambda parent: None, hold_ms=60,
                             keyboard=False, monotonic=FakeMonotonic())
        qtbot.addWidget(window)
        window.resize(*SIZE)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.corner.watching, timeout=3000)
        return window

    yield start
    for opening in openings:
        opening.close()


@pytest.mark.parametrize("damage", [
    lambda settings: settings["kiosk"].update(pin=None),
    lambda settings: settings["kiosk"].pop("pin"),
    lambda settings: settings.update(kiosk={}),
], ids=["pin null", "pin deleted", "settings emptied"])
def test_attack_a_pin_taken_out_of_kiosk_json_is_never_offered_to_choose(
        qtbot, tmp_path, started, damage):
    data = tmp_path / "data"
    a_kiosk_with_a_pin(data)
    edit_settings(data, damage)
    window = started(data)
    hold_corner(qtbot, window)
    pad = window.pin_pad
    assert not pad.setting and pad.title.text() == "Facilitator", pad.title.text()
    assert any("kiosk-copy.json" in p for p in window.problems), window.problems
    window.grab().save(str(tmp_path / "pad.png"))


def test_a_pin_lost_for_good_says_how_to_set_it_again(qtbot, tmp_path, started):
    data = tmp_path / "data"
    a_kiosk_with_a_pin(data)
    edit_settings(data, lambda settings: settings["kiosk"].update(pin="1234"))
    (data / "kiosk-copy.json").write_bytes(b"{ damaged")
    window = started(data)
    hold_corner(qtbot, window)
    pad = window.pin_pad
    assert not pad.setting and "cannot be checked" in pad.title.text()
    assert "damaged" in pad.prompt.text() and "kiosk set-pin" in pad.prompt.text()


@pytest.mark.parametrize("idle", [10**10, 2**70])
def test_attack_an_idle_time_qt_cannot_run_never_stops_a_table_starting(
        qtbot, tmp_path, started, idle):
    data = tmp_path / "data"
    a_kiosk_with_a_pin(data)
    edit_settings(data, lambda settings: settings["kiosk"].update(idle_timeout_s=idle))
    window = started(data)
    tap(qtbot, window.start_screen.start_button)  # once an OverflowError out of the timer
    qtbot.waitUntil(lambda: window.screen_name == "board", timeout=3000)
    assert window.session.idle_timeout_s == 180
    assert any("'idle_timeout_s'" in p for p in window.problems), window.problems
