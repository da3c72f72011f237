"""Run by test_facilitator_xvfb.py on an Xvfb display (Qt's xcb platform): the facilitator's
controls tapped with xdotool as a finger taps — press, the app reacting, release at the
same place — through the finger-sized file chooser, whose `exec()` runs inside the tap's
release (tests/xvfb_driver.py). Prints a JSON report.

Usage (DISPLAY and HOME set): python facilitator_child_xvfb.py kiosk|files|hub DATA_DIR
[PREFIX]

kiosk: the real kiosk window (`kiosk.ui.app.launch`, full screen), its facilitator's area
    (opened as the right PIN opens it): tabs, the Compare deck drop-down's row, a chart's
    tab and its Save PNG… through the chooser — Home, "+ New folder" named on the on-screen
    keyboard, Make folder, the name typed, Save; then the same file again, Home's list
    dragged to the folder (the "already there" ask).
files: the same kiosk's Export / Import export, twice into one folder (asked the second
    time), and its Room tab's "Join from an invitation file…".
hub: the real hub window (`kiosk.ui.app.launch_hub`; Syncthing stood in for: the hub's id
    given as if it ran): the plenary screen's Show poll / Show rankings, then the Room
    tab's invitation written (and written over) and read back through the chooser.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests import shell_child_xvfb  # noqa: F401 - sets the platform and input method first
from tests.xvfb_driver import Step, drag, shoot, tap, tap_item, tap_key, ticks, until

HUB = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD"
BACKSPACE = 0x01000003  # Qt.Key.Key_Backspace
KIOSK = "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2"


def chooser_of(window):
    from kiosk.ui.file_chooser import FileChooser

    shown = [c for c in window.findChildren(FileChooser) if c.isVisible()]
    return shown[0] if shown else None


def place_row(chooser, kind: str) -> int:
    return next(i for i, p in enumerate(chooser.places) if p.kind == kind)


def entry_row(chooser, name: str) -> int:
    return next(i for i, e in enumerate(chooser.listing.entries) if e.name == name)


def open_chooser(window, button, report: dict, key: str) -> Step:
    """`button` tapped once: the chooser must be up over the window."""
    yield from tap(button)
    report[f"{key}_chooser"] = yield until(lambda: chooser_of(window) is not None)
    yield from ticks()


def to_home(chooser, report: dict, key: str) -> Step:
    """The chooser's "Home folder" row tapped once: its folder opens."""
    home = Path.home()
    places = chooser.place_list
    yield from tap_item(places, places.item(place_row(chooser, "home")))
    report[f"{key}_home"] = yield until(lambda: chooser.folder == home, 3000)


def tab_to(area, index: int, report: dict, key: str) -> Step:
    bar = area.tabs.tabBar()
    yield from tap(bar, bar.tabRect(index).center())
    report[key] = area.tabs.currentIndex() == index


def drag_to_row(chooser, name: str, report: dict, key: str) -> Step:
    """The row of `name`, below the fold of the chooser's list, dragged into view with a
    finger (as many drags as it takes)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScroller

    entries = chooser.entry_list
    row = entries.item(entry_row(chooser, name))
    inside = entries.viewport().rect()
    report[f"{key}_below"] = not inside.contains(entries.visualItemRect(row))
    start = entries.viewport().mapToGlobal(inside.center() + QPoint(0, inside.height() * 2 // 5))
    end = entries.viewport().mapToGlobal(inside.center() - QPoint(0, inside.height() * 2 // 5))
    scroller = QScroller.scroller(entries.viewport())
    opened = chooser.folder
    for _ in range(5):
        if inside.contains(entries.visualItemRect(row)):
            break
        yield from drag(start, end)
        yield until(lambda: scroller.state() == QScroller.State.Inactive, 3000)
    report[f"{key}_dragged_into_view"] = inside.contains(entries.visualItemRect(row))
    report[f"{key}_still_at"] = chooser.folder == opened  # a drag opens nothing


def into_folder(chooser, folder: Path, report: dict, key: str) -> Step:
    """`folder`'s row dragged into view, then tapped once: the folder opens."""
    yield from drag_to_row(chooser, folder.name, report, key)
    entries = chooser.entry_list
    yield from tap_item(entries, entries.item(entry_row(chooser, folder.name)))
    report[f"{key}_in_folder"] = yield until(lambda: chooser.folder == folder, 3000)


def to_area(launched, report: dict) -> Step:
    """The kiosk up and its store open, then its facilitator's area (as the right PIN
    opens it; the pad itself: test_pin_keyboard.py)."""
    window = launched.window
    yield until(lambda: window.isVisible() and window.corner.watching, 10000)
    yield until(lambda: launched.store.is_open, 10000)
    report["size"] = [window.width(), window.height()]
    window.open_facilitator()
    yield from ticks()


def files_scenario(launched, report: dict, prefix: str | None) -> Step:
    """Export / Import's export (twice into one folder), and the Room tab's join."""
    window = launched.window
    yield from to_area(launched, report)
    area = window.facilitator.area
    yield from export_twice(window, area, Path.home() / "Stick", report)
    yield from join_from_file(window, area, report)


def kiosk_scenario(launched, report: dict, prefix: str | None) -> Step:
    from kiosk.ui.charts.panel import ChartPanel

    window = launched.window
    keyboard = window.keyboard
    yield from to_area(launched, report)
    area = window.facilitator.area
    yield from tab_to(area, 0, report, "tab_setup")
    yield from tab_to(area, 1, report, "tab_rankings")
    yield from tab_to(area, 2, report, "tab_compare")
    host = area.compare_tab
    report["compare_loaded"] = yield until(lambda: host.compare_screen is not None, 15000)
    compare = host.compare_screen
    yield from ticks()
    # the deck drop-down: one tap opens its list, one tap on a row chooses it
    box = compare.deck_box
    report["decks"] = box.count()
    was = box.currentIndex()
    yield from tap(box)
    report["dropdown_open"] = yield until(lambda: box.view().isVisible(), 3000)
    yield from ticks()
    shoot(prefix, "dropdown")
    target = (was + 1) % box.count()
    view = box.view()
    report["dropdown_row_px"] = view.visualRect(box.model().index(target, 0)).height()
    yield from tap_item(view, box.model().index(target, 0))
    report["dropdown_closed"] = yield until(lambda: not view.isVisible(), 3000)
    report["dropdown_chosen"] = box.currentIndex() == target
    report["deck_shown"] = compare.selection()[0] == box.itemData(target)
    yield from tap(box)  # and back to the deck with the most rankings, the same way
    yield until(lambda: view.isVisible(), 3000)
    yield from ticks()
    yield from tap_item(view, box.model().index(was, 0))
    yield until(lambda: not view.isVisible(), 3000)
    report["dropdown_back"] = box.currentIndex() == was
    # a chart's tab, then its Save PNG…
    charts = compare.tabs
    spread = list(compare.charts).index("Spread")
    bar = charts.tabBar()
    yield from tap(bar, bar.tabRect(spread).center())
    report["chart_tab"] = charts.currentIndex() == spread
    panel: ChartPanel = compare.charts["Spread"]
    yield from ticks()
    yield from open_chooser(window, panel.png_button, report, "png")
    chooser = chooser_of(window)
    report["png_mode"] = chooser.mode
    yield from to_home(chooser, report, "png")
    # "+ New folder", its name typed on the on-screen keyboard, Make folder
    yield from tap(chooser.new_folder_button)
    report["new_folder_row"] = chooser.new_folder.isVisible()
    yield until(lambda: keyboard.loaded, 10000)
    yield from tap(chooser.new_folder.field)
    report["keyboard_up"] = yield until(lambda: keyboard.isVisible() and keyboard.ready, 5000)
    yield from ticks()
    report["field_above_keyboard"] = chooser.new_folder.field.mapTo(
        window, chooser.new_folder.field.rect().bottomLeft()).y() <= keyboard.y()
    for letter in "stick":
        yield from tap_key(keyboard, letter)
    report["folder_typed"] = chooser.new_folder.field.text()
    shoot(prefix, "new-folder")
    yield from tap(chooser.new_folder.make_button)
    made = Path.home() / report["folder_typed"]
    report["folder_made"] = made.is_dir()
    report["in_new_folder"] = chooser.folder == made
    report["chooser_message"] = chooser.message.text() if chooser.message.isVisible() else ""
    # the name typed on the keys too (Backspace, letters), then Save with the keys up
    field = chooser.name_field
    yield from tap(field)
    report["name_keyboard_up"] = yield until(lambda: keyboard.isVisible() and field.hasFocus())
    yield from ticks()
    for _ in range(len(field.text())):
        yield from tap_key(keyboard, BACKSPACE)
    report["name_cleared"] = field.text() == ""
    for letter in "chart":
        yield from tap_key(keyboard, letter)
    report["png_name"] = name = field.text()
    shoot(prefix, "save-as")
    yield from tap(chooser.accept_button)  # the keyboard still up
    report["png_chooser_closed"] = yield until(lambda: chooser_of(window) is None, 5000)
    written = made / f"{name}.png"
    yield until(written.exists, 5000)
    report["png_written"] = written.exists() and written.read_bytes()[:4] == b"\x89PNG"
    report["png_said"] = panel.value_label.text()
    report["keyboard_after_save"] = yield until(lambda: not keyboard.isVisible(), 2000)
    # the same file again: Home's list dragged to the new folder at its bottom, the file's
    # row tapped for its name, then Save: asked first, replaced on the second Save
    written.write_bytes(b"not yet replaced")
    yield from open_chooser(window, panel.png_button, report, "again")
    chooser = chooser_of(window)
    yield from to_home(chooser, report, "again")
    yield from into_folder(chooser, made, report, "again")
    entries = chooser.entry_list
    yield from tap_item(entries, entries.item(entry_row(chooser, written.name)))
    report["again_name"] = chooser.name_field.text()
    yield from tap(chooser.accept_button)
    yield from ticks()
    report["overwrite_asked"] = chooser.message.text() if chooser.message.isVisible() else ""
    report["open_after_ask"] = chooser_of(window) is chooser
    report["untouched_after_ask"] = written.read_bytes() == b"not yet replaced"
    shoot(prefix, "overwrite")
    yield from tap(chooser.accept_button)
    report["again_closed"] = yield until(lambda: chooser_of(window) is None, 5000)
    yield until(lambda: written.read_bytes()[:4] == b"\x89PNG", 5000)
    report["replaced"] = written.read_bytes()[:4] == b"\x89PNG"
    report["keyboard_after"] = keyboard.isVisible()


def export_twice(window, area, folder: Path, report: dict) -> Step:
    """Export / Import's export into `folder` through the chooser ("Use this folder"), and
    again: the folder holding an export is asked about first, replaced on the second tap."""
    tab = area.exchange_tab
    yield from tab_to(area, area.tabs.indexOf(area.exchange_page), report, "tab_exchange")
    rankings = folder / "rankings.csv"
    for key in ("export", "export_again"):
        yield from open_chooser(window, tab.export_button, report, key)
        chooser = chooser_of(window)
        report[f"{key}_mode"] = chooser.mode
        yield from to_home(chooser, report, key)
        yield from into_folder(chooser, folder, report, key)
        yield from tap(chooser.accept_button)  # "Use this folder"
        if key == "export_again":
            yield from ticks()
            report["export_asked"] = chooser.message.text() \
                if chooser.message.isVisible() else ""
            report["export_untouched_after_ask"] = rankings.read_text() == "replace me"
            yield from tap(chooser.accept_button)
        report[f"{key}_closed"] = yield until(lambda: chooser_of(window) is None, 5000)
        yield until(lambda: not tab.busy, 15000)
        report[f"{key}_written"] = rankings.is_file() and \
            "ranking_id" in rankings.read_text(encoding="utf-8-sig").splitlines()[0]
        rankings.write_text("replace me")


def join_from_file(window, area, report: dict) -> Step:
    """The kiosk's Room tab: Join from an invitation file…, the hub's file (at the bottom
    of Home's list) tapped, Open: the kiosk joins and adds itself to the file."""
    from kiosk.services.room import invitation
    from kiosk.services.room.membership import Peer

    tab = area.room_tab
    room = tab.room
    stick = Path.home() / "room-invitation.json"
    invitation.write(stick, invitation.Invitation(Peer(HUB, "Hub · hall")))
    room._set(device_id=KIOSK)  # what Syncthing would have said
    yield from tab_to(area, area.tabs.indexOf(tab), report, "tab_room")
    yield from open_chooser(window, tab.invitation_button, report, "join")
    chooser = chooser_of(window)
    report["join_mode"] = chooser.mode
    yield from to_home(chooser, report, "join")
    yield from drag_to_row(chooser, stick.name, report, "join")
    entries = chooser.entry_list
    yield from tap_item(entries, entries.item(entry_row(chooser, stick.name)))
    report["join_picked"] = [p.name for p in chooser.picked]
    yield from tap(chooser.accept_button)
    report["join_closed"] = yield until(lambda: chooser_of(window) is None, 5000)
    report["joined_hub"] = room.config.hub.device_id if room.config.hub else None
    report["file_lists"] = [p.device_id for p in invitation.read(stick).kiosks]
    report["join_said"] = tab.result.text()


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from tests.xvfb_driver import run

    scenario, data_dir = sys.argv[1], Path(sys.argv[2])
    prefix = sys.argv[3] if len(sys.argv) > 3 else None
    app = QApplication([])
    from kiosk.ui import app as kiosk_app

    report: dict = {"platform": app.platformName()}
    if scenario in ("kiosk", "files"):
        from tests.hub_child_xvfb import stand_in_for_syncthing

        stand_in_for_syncthing()  # the kiosk's Room tab listens for hubs: no Syncthing
        launched = kiosk_app.launch(app, data_dir, windowed=False)
        made = kiosk_scenario if scenario == "kiosk" else files_scenario
        report["error"] = run(app, made(launched, report, prefix))
        launched.window.leave()
    else:
        from tests.hub_child_xvfb import hub_launch, hub_scenario

        launched = hub_launch(app, data_dir)
        report["error"] = run(app, hub_scenario(launched, report, prefix))
    launched.close()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
