"""The hub's part of facilitator_child_xvfb.py (run there, on an Xvfb display): the real hub
window, its plenary screen's page button and the Room tab's invitation file, tapped with
xdotool, and the file's name typed on the hub's on-screen keyboard. Syncthing is stood in
for (the hub's id given as if it ran): the link's own tests run the real one. (No tests
here.)"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint

from tests.facilitator_child_xvfb import (
    HUB,
    KIOSK,
    chooser_of,
    entry_row,
    open_chooser,
    tab_to,
    to_home,
)
from tests.xvfb_driver import Step, shoot, tap, tap_item, tap_key, ticks, until

BACKSPACE = 0x01000003  # Qt.Key.Key_Backspace


def no_syncthing(*_args):
    from kiosk.sync.rest import SyncthingError

    raise SyncthingError("Syncthing is not installed: install the Debian package syncthing.")


def stand_in_for_syncthing() -> None:
    """Every RoomService made from now on starts no Syncthing (as where it is missing)."""
    from kiosk.services.room import service

    real = service.RoomService

    class NoEngineRoom(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs) -> None:
            kwargs["engine_start"] = no_syncthing
            super().__init__(*args, **kwargs)

    service.RoomService = NoEngineRoom


def hub_launch(app, data_dir: Path):
    """`kiosk hub` (kiosk.ui.app.launch_hub, full screen) with no Syncthing started."""
    from kiosk.ui import app as kiosk_app

    stand_in_for_syncthing()
    return kiosk_app.launch_hub(app, data_dir, windowed=False, sync_port=22999)


def hub_scenario(launched, report: dict, prefix: str | None) -> Step:
    from kiosk.services.room import invitation
    from kiosk.services.room.membership import Peer

    window = launched.window
    plenary = window.plenary
    yield until(lambda: window.isVisible() and window.gate.corner.watching, 10000)
    yield from ticks()
    report["size"] = [window.width(), window.height()]
    # the plenary screen: twelve tables, three lenses and a poll are two pages
    report["tables"] = len(plenary.tiles)
    report["paged"] = yield until(lambda: plenary.paged, 3000)
    report["pager_text"] = plenary.page_button.text()
    shoot(prefix, "plenary")
    yield from tap(plenary.page_button)
    report["on_poll_page"] = plenary.on_poll_page()
    report["poll_shown"] = any(p.isVisible() for p in plenary.poll_panels.values())
    report["tiles_hidden"] = not any(t.isVisible() for t in plenary.tiles.values())
    report["pager_text_on_poll"] = plenary.page_button.text()
    shoot(prefix, "poll-page")
    yield from tap(plenary.page_button)
    report["back_on_lenses"] = not plenary.on_poll_page()
    report["tiles_back"] = all(t.isVisible() for t in plenary.tiles.values())
    report["pager_text_back"] = plenary.page_button.text()
    # Show results, the pages turned while they show, Hide results: one tap each
    yield from tap(plenary.toggle)
    report["revealed"] = window.revealed and plenary.toggle.text() == "Hide results"
    report["paged_revealed"] = plenary.paged
    shoot(prefix, "revealed")
    yield from tap(plenary.page_button)
    report["revealed_poll_page"] = plenary.on_poll_page()
    yield from tap(plenary.page_button)
    report["revealed_back"] = not plenary.on_poll_page()
    yield from tap(plenary.toggle)
    report["hidden_again"] = not window.revealed and plenary.toggle.text() == "Show results"
    # the facilitator's area (as the right PIN opens it), its Room tab tapped
    room = window.room
    room._set(device_id=HUB, name="Hub · hall")  # what Syncthing would have said
    window.open_facilitator()
    yield from ticks()
    area = window.frame.area
    tab = area.room_tab
    yield from tab_to(area, area.tabs.indexOf(tab), report, "tab_room")
    yield from ticks()
    shoot(prefix, "room")
    # Write an invitation file…: into Home through the chooser
    target = Path.home() / invitation_name()
    yield from open_chooser(window, tab.invite_button, report, "invite")
    chooser = chooser_of(window)
    report["invite_mode"] = chooser.mode
    yield from to_home(chooser, report, "invite")
    report["invite_name"] = chooser.name_field.text()
    yield from tap(chooser.accept_button)
    report["invite_closed"] = yield until(lambda: chooser_of(window) is None, 5000)
    report["invite_written"] = target.exists() and \
        invitation.read(target).hub.device_id == HUB
    report["invite_said"] = tab.result.text()
    # written again over the same file: asked first
    target.write_text("{}")
    yield from open_chooser(window, tab.invite_button, report, "again")
    chooser = chooser_of(window)
    yield from to_home(chooser, report, "again")
    yield from tap(chooser.accept_button)
    report["overwrite_asked"] = chooser.message.text() if chooser.message.isVisible() else ""
    report["untouched_after_ask"] = target.read_text() == "{}"
    yield from tap(chooser.accept_button)
    report["again_closed"] = yield until(lambda: chooser_of(window) is None, 5000)
    report["rewritten"] = invitation.read(target).hub.device_id == HUB
    # a kiosk joined from the stick (it adds itself); Accept the kiosks in the file
    invited = invitation.read(target)
    invitation.write(target, invited.with_kiosk(
        Peer(KIOSK, "Table 3 · kiosk kiosk-3", "kiosk-3", "Table 3")))
    yield from open_chooser(window, tab.accept_file_button, report, "accept")
    chooser = chooser_of(window)
    report["accept_mode"] = chooser.mode
    yield from to_home(chooser, report, "accept")
    entries = chooser.entry_list
    yield from tap_item(entries, entries.item(entry_row(chooser, target.name)))
    report["accept_picked"] = [p.name for p in chooser.picked]
    # tapped again at once (to leave it), and again (to choose it): each tap counts, also
    # the second of two quick ones at one place (the window system's double-click)
    row = entries.item(entry_row(chooser, target.name))
    yield from tap_item(entries, row)
    report["picked_after_second_tap"] = [p.name for p in chooser.picked]
    yield from tap_item(entries, row)
    report["picked_after_third_tap"] = [p.name for p in chooser.picked]
    report["accept_button"] = chooser.accept_button.text()
    shoot(prefix, "accept")
    yield from tap(chooser.accept_button)
    report["accept_closed"] = yield until(lambda: chooser_of(window) is None, 5000)
    report["accepted"] = [(p.device_id, p.kiosk_id) for p in room.config.kiosks]
    report["accept_said"] = tab.result.text()
    yield from ticks()
    shoot(prefix, "accepted")
    yield from name_on_keys(window, tab, report, prefix)
    yield from label_on_keys(window, tab, report, prefix)
    yield from setup_on_keys(window, report, prefix)


def name_on_keys(window, tab, report: dict, prefix: str | None) -> Step:
    """Write an invitation file… again, its name typed with taps on the hub's on-screen
    keyboard: the name field tapped (the keys come up, the field above them), the name
    taken back with ⌫, "hall" tapped, Save."""
    from kiosk.services.room import invitation

    keyboard = window.keyboard
    report["hub_keyboard"] = keyboard is not None
    if keyboard is None:
        return
    report["keys_loaded"] = yield until(lambda: keyboard.loaded, 10000)
    report["surface_before_keys"] = window.windowHandle().surfaceType().name
    yield from open_chooser(window, tab.invite_button, report, "keys")
    chooser = chooser_of(window)
    yield from to_home(chooser, report, "keys")
    field = chooser.name_field
    report["keys_hidden_before_tap"] = not keyboard.isVisible()
    yield from tap(field, QPoint(field.width() - 12, field.height() // 2))  # after the name
    report["keys_up"] = yield until(lambda: keyboard.isVisible() and keyboard.ready
                                    and field.hasFocus(), 5000)
    yield from ticks()
    report["keys_in_window"] = keyboard.window() is window
    report["keys_top"] = keyboard.mapTo(window, QPoint(0, 0)).y()
    report["keys_bottom"] = report["keys_top"] + keyboard.height()
    report["name_field_bottom"] = field.mapTo(window, field.rect().bottomLeft()).y()
    report["chooser_bottom"] = chooser.mapTo(window, chooser.rect().bottomLeft()).y()
    report["cursor_at_end"] = field.cursorPosition() == len(field.text())
    for _ in range(len(field.text())):
        yield from tap_key(keyboard, BACKSPACE)
    report["keys_cleared"] = field.text()
    for letter in "hall":
        yield from tap_key(keyboard, letter)
    report["keys_typed"] = field.text()
    report["surface_with_keys"] = window.windowHandle().surfaceType().name
    shoot(prefix, "keyboard")
    yield from tap(chooser.accept_button)  # the keys still up
    report["keys_closed"] = yield until(lambda: chooser_of(window) is None, 5000)
    target = Path.home() / report["keys_typed"]
    yield until(target.exists, 5000)
    report["keys_written"] = target.is_file() and \
        invitation.read(target).hub.device_id == HUB
    report["keys_gone_with_chooser"] = yield until(lambda: not keyboard.isVisible(), 2000)
    report["surface_after_keys"] = window.windowHandle().surfaceType().name


def invitation_name() -> str:
    from kiosk.services.room.invite_files import NAME

    return NAME


def keys_over(window, widget) -> dict:
    """Where `widget` is beside the keyboard: its bottom edge, the keys' top, and whether
    any of it shows."""
    keyboard = window.keyboard
    return {"bottom": widget.mapTo(window, widget.rect().bottomLeft()).y(),
            "keys_top": keyboard.mapTo(window, QPoint(0, 0)).y(),
            "shown": not widget.visibleRegion().isEmpty()}


def label_on_keys(window, tab, report: dict, prefix: str | None) -> Step:
    """The Room tab's label of the accepted kiosk (connected, as Syncthing would say),
    tapped at its end: the keys come up, "b" is tapped on them, then Set label."""
    from PySide6.QtWidgets import QLineEdit

    from kiosk.services.room.state import PeerState

    keyboard = window.keyboard
    if keyboard is None:
        return
    room = window.room
    room._set(peers=(PeerState(KIOSK, "Table 3 · kiosk kiosk-3", "kiosk-3", "Table 3",
                               True, "127.0.0.1:22000", 0, 4, None, 0),))
    tab.refresh(force=True)
    yield from ticks()
    edits = [e for e in tab.list_host.findChildren(QLineEdit)
             if e.isVisible() and e.placeholderText() == "Table label"]
    report["label_field"] = len(edits) == 1
    if not edits:
        return
    edit = edits[0]
    report["label_keys_hidden_before_tap"] = not keyboard.isVisible()
    yield from tap(edit, QPoint(edit.width() - 12, edit.height() // 2))
    report["label_keys_up"] = yield until(lambda: keyboard.isVisible() and keyboard.ready
                                          and edit.hasFocus(), 5000)
    yield from ticks()
    report["label_beside_keys"] = keys_over(window, edit)
    yield from tap_key(keyboard, "b")
    report["label_typed"] = edit.text()
    shoot(prefix, "label-keyboard")
    rename = next(b for b in edit.parentWidget().findChildren(type(tab.invite_button))
                  if b.text() == "Set label")
    yield from tap(rename)
    peer = yield until(lambda: room.config.kiosk(KIOSK).label != "Table 3", 3000)
    report["label_set"] = room.config.kiosk(KIOSK).label if peer else ""


def setup_on_keys(window, report: dict, prefix: str | None) -> Step:
    """Setup's lowest text field on screen, tapped: scrolled above the keys."""
    keyboard = window.keyboard
    if keyboard is None:
        return
    area = window.frame.area
    yield from tab_to(area, area.tabs.indexOf(area.setup_tab), report, "tab_setup")
    report["setup_keys_after_tab"] = yield until(lambda: not keyboard.isVisible(), 2000)
    yield from ticks()
    tab = area.setup_tab
    fields = [tab.name_edit, tab.place_edit, tab.table_edit, tab.kiosk_edit, tab.pin_edit,
              tab.confirm_edit]
    shown = [f for f in fields if not f.visibleRegion().isEmpty()]
    lowest = max(shown, key=lambda f: f.mapTo(window, f.rect().bottomLeft()).y())
    report["setup_lowest"] = lowest.placeholderText()
    report["setup_lowest_before"] = keys_over(window, lowest)["bottom"]
    yield from tap(lowest)
    report["setup_keys_up"] = yield until(lambda: keyboard.isVisible() and keyboard.ready
                                          and lowest.hasFocus(), 5000)
    yield from ticks()
    report["setup_beside_keys"] = keys_over(window, lowest)
    shoot(prefix, "setup-keyboard")
