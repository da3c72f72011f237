"""The hub's part of facilitator_child_xvfb.py (run there, on an Xvfb display): the real hub
window, its plenary screen's page button and the Room tab's invitation file, tapped with
xdotool. Syncthing is stood in for (the hub's id given as if it ran): the link's own tests
run the real one. (No tests here.)"""

from __future__ import annotations

from pathlib import Path

from tests.facilitator_child_xvfb import (
    HUB,
    KIOSK,
    chooser_of,
    entry_row,
    open_chooser,
    tab_to,
    to_home,
)
from tests.xvfb_driver import Step, shoot, tap, tap_item, ticks, until


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


def invitation_name() -> str:
    from kiosk.services.room.invite_files import NAME

    return NAME
