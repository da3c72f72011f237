"""The facilitator's controls and the file chooser on a real window: the kiosk (and the hub)
full screen on Xvfb (Qt's xcb platform), tapped with xdotool as a finger taps — press, the
app reacting, release at the same place — at 1366×768 and 1920×1080. A tap lost between
its press and its release (focus, the keyboard or a layout changing on the press) passes
every programmatic test; it shows only on a real window system. Skips, saying why, where
Xvfb or xdotool is missing (.ci/run installs them).

Screenshots: facilitator-xvfb-<scenario>-<w>x<h>-<step>.png in XVFB_SHOTS (when set) or
the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.xvfb_support import missing_tools, xvfb

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("facilitator_child_xvfb.py")
SIZES = [(1366, 768), (1920, 1080)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]
HUB = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD"
KIOSK = "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2"


def need_tools() -> None:
    """Skip, saying why, before any data is made."""
    missing = missing_tools()
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (a real X window to tap)")


def run_child(scenario: str, size: tuple[int, int], data: Path, home: Path,
              shots: Path) -> dict:
    need_tools()
    width, height = size
    try:
        with xvfb(width, height) as display:
            env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                   "HOME": str(home),
                   "PYTHONPATH": os.pathsep.join([str(ROOT),
                                                  os.environ.get("PYTHONPATH", "")])}
            for name in ("QT_IM_MODULE", "WAYLAND_DISPLAY", "KIOSK_DATA_DIR"):
                env.pop(name, None)
            prefix = shots / f"facilitator-xvfb-{scenario}-{width}x{height}"
            done = subprocess.run([sys.executable, str(CHILD), scenario, str(data),
                                   str(prefix)], capture_output=True, text=True, env=env,
                                  timeout=180, cwd=ROOT)
    except RuntimeError as exc:
        pytest.skip(str(exc))
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["error"] == "", report["error"] + done.stderr[-2000:]
    assert report["platform"] == "xcb" and report["size"] == [width, height], report
    return report


def shots_folder(tmp_path: Path) -> Path:
    return Path(os.environ.get("XVFB_SHOTS", "") or tmp_path)


def kiosk_data(folder: Path) -> Path:
    """A kiosk's data folder with the demo workshops' rankings (Compare has charts)."""
    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.storage import Store

    store = Store.open(folder)
    try:
        FacilitatorService(store, load_catalog(folder)).demo.load()
    finally:
        store.close()
    return folder


@pytest.fixture(scope="module", params=SIZES, ids=SIZE_IDS)
def kiosk_report(request, tmp_path_factory) -> dict:
    need_tools()
    base = tmp_path_factory.mktemp(f"xvfb-facilitator-{request.param[0]}")
    for number in range(1, 15):  # more than the chooser's list shows: it is dragged
        (base / "home" / f"f{number:02d}").mkdir(parents=True)
    return run_child("kiosk", request.param, kiosk_data(base / "data"), base / "home",
                     shots_folder(base))


def test_one_tap_each_on_the_facilitators_tabs_and_the_compare_drop_down(kiosk_report):
    report = kiosk_report
    assert report["tab_setup"] and report["tab_rankings"] and report["tab_compare"]
    assert report["compare_loaded"]
    assert report["decks"] >= 2
    assert report["dropdown_open"]  # one tap opens the list
    assert report["dropdown_row_px"] >= 48  # finger-sized rows
    assert report["dropdown_closed"] and report["dropdown_chosen"], report
    assert report["deck_shown"] and report["dropdown_back"]
    assert report["chart_tab"]  # one tap on a chart's tab


def test_save_png_into_a_new_folder_named_on_the_on_screen_keyboard(kiosk_report):
    report = kiosk_report
    assert report["png_chooser"] and report["png_mode"] == "save"
    assert report["png_home"]  # one tap on "Home folder"
    assert report["new_folder_row"]  # one tap on "+ New folder"
    assert report["keyboard_up"] and report["field_above_keyboard"]
    assert report["folder_typed"] == "Stick", report  # the keys type what they show
    assert report["folder_made"] and report["in_new_folder"], report
    assert report["name_keyboard_up"] and report["name_cleared"]  # ⌫ on the keys
    assert report["png_name"] == "Chart", report
    assert report["png_chooser_closed"] and report["png_written"], report  # Save, keys up
    assert report["png_said"].endswith("Chart.png")
    assert report["keyboard_after_save"]  # the keyboard goes with the chooser


def test_a_dragged_list_then_a_tap_opens_the_folder_tapped(kiosk_report):
    report = kiosk_report
    assert report["again_chooser"] and report["again_home"]
    assert report["again_below"] and report["again_dragged_into_view"], report
    assert report["again_still_at"]  # the drag opened nothing
    assert report["again_in_folder"]  # the first tap after the drag is not lost


def test_saving_over_a_file_asks_first_then_replaces_it(kiosk_report):
    report = kiosk_report
    assert report["again_name"] == "Chart.png"  # one tap on the file takes its name
    assert "already there" in report["overwrite_asked"], report
    assert report["open_after_ask"] and report["untouched_after_ask"]
    assert report["again_closed"] and report["replaced"]


@pytest.fixture(scope="module", params=SIZES, ids=SIZE_IDS)
def files_report(request, tmp_path_factory) -> dict:
    need_tools()
    base = tmp_path_factory.mktemp(f"xvfb-files-{request.param[0]}")
    for name in [f"f{number:02d}" for number in range(1, 15)] + ["Stick"]:
        (base / "home" / name).mkdir(parents=True)
    return run_child("files", request.param, kiosk_data(base / "data"), base / "home",
                     shots_folder(base))


def test_an_export_into_a_folder_holding_one_asks_first_then_replaces_it(files_report):
    report = files_report
    assert report["tab_exchange"]
    assert report["export_chooser"] and report["export_mode"] == "folder"
    assert report["export_in_folder"] and report["export_closed"]
    assert report["export_written"], report  # one tap on "Use this folder"
    assert report["export_again_in_folder"]
    assert "already holds an export" in report["export_asked"], report
    assert report["export_untouched_after_ask"]
    assert report["export_again_closed"] and report["export_again_written"], report


def test_a_kiosk_joins_from_the_hubs_invitation_file_by_taps(files_report):
    report = files_report
    assert report["tab_room"] and report["join_chooser"] and report["join_mode"] == "open"
    assert report["join_home"] and report["join_dragged_into_view"]
    assert report["join_picked"] == ["room-invitation.json"]  # one tap on the file
    assert report["join_closed"] and report["joined_hub"] == HUB, report
    assert report["file_lists"] == [KIOSK]  # the kiosk added itself for the hub to accept
    assert "take the file back to the hub" in report["join_said"].lower()


def hub_data(folder: Path) -> Path:
    """A hub's data folder for its workshop: twelve tables' rankings and progress, and a
    case-study poll's runs (the plenary screen turns pages: tests/test_plenary_crowded.py)."""
    import dataclasses

    from kiosk.services.catalog import load_catalog
    from kiosk.storage import Store
    from tests.plenary_support import big_room, big_room_kiosks, demo_poll_runs

    catalog = load_catalog(folder)
    store = Store.open(folder)
    try:
        store.save_workshop({"workshop_id": "w-1", "name": "Bristol", "place": "Hall",
                             "date": "2025-05-21"})
        store.save_settings({**store.get_settings(), "workshop_id": "w-1"})
        records, _notes = big_room(catalog, 12)
        store.save_rankings([r.with_changes(workshop_id="w-1") for r in records])
        runs = demo_poll_runs(catalog, "camden-comfort", kiosks=big_room_kiosks(12))
        store.save_poll_runs([dataclasses.replace(r, workshop_id="w-1") for r in runs])
    finally:
        store.close()
    for index, (kiosk, label) in enumerate(big_room_kiosks(12)):  # as big_room's notes
        saved = 1 + index % 3
        kiosk_folder = folder / "sync" / "tables" / kiosk
        kiosk_folder.mkdir(parents=True, exist_ok=True)
        (kiosk_folder / "progress.json").write_text(json.dumps({
            "kiosk_id": kiosk, "table": label, "workshop_id": "w-1", "phase": "board",
            "step": saved % 3, "steps": 3, "lens": ("benefit", "risk", "acceptability")[
                saved % 3], "deck": "examples-1-6", "placed": 3, "cards": 6,
            "updated_at": "2025-05-21T11:02:00+00:00"}), encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=SIZES, ids=SIZE_IDS)
def hub_report(request, tmp_path_factory) -> dict:
    need_tools()
    base = tmp_path_factory.mktemp(f"xvfb-hub-{request.param[0]}")
    (base / "home").mkdir()
    return run_child("hub", request.param, hub_data(base / "data"), base / "home",
                     shots_folder(base))


def test_the_plenary_screens_page_button_turns_its_pages_with_one_tap_each(hub_report):
    report = hub_report
    assert report["tables"] == 12 and report["paged"], report
    assert report["pager_text"] == "Show poll"
    assert report["on_poll_page"] and report["poll_shown"] and report["tiles_hidden"]
    assert report["pager_text_on_poll"] == "Show rankings"
    assert report["back_on_lenses"] and report["tiles_back"]
    assert report["pager_text_back"] == "Show poll"
    assert report["revealed"] and report["paged_revealed"]  # one tap on Show results
    assert report["revealed_poll_page"] and report["revealed_back"]
    assert report["hidden_again"]  # one tap on Hide results


def test_the_hub_writes_an_invitation_file_by_taps_through_the_chooser(hub_report):
    report = hub_report
    assert report["tab_room"]  # one tap on the Room tab
    assert report["invite_chooser"] and report["invite_mode"] == "save"
    assert report["invite_home"] and report["invite_name"] == "room-invitation.json"
    assert report["invite_closed"] and report["invite_written"], report
    assert report["invite_said"].startswith("Invitation written to room-invitation.json")
    assert "already there" in report["overwrite_asked"] and report["untouched_after_ask"]
    assert report["again_closed"] and report["rewritten"]


def test_the_hub_accepts_the_kiosks_an_invitation_file_lists_by_taps(hub_report):
    report = hub_report
    assert report["accept_chooser"] and report["accept_mode"] == "open"
    assert report["accept_home"]
    assert report["accept_picked"] == ["room-invitation.json"]  # one tap on the file
    assert report["picked_after_second_tap"] == []  # tapped again at once: left
    assert report["picked_after_third_tap"] == ["room-invitation.json"]
    assert report["accept_button"] == "Open 1 file"
    assert report["accept_closed"], report
    assert report["accepted"] == [[KIOSK, "kiosk-3"]]
    assert report["accept_said"].startswith("Accepted 1 kiosk: Table 3"), report



def test_the_hubs_file_name_is_typed_on_its_own_on_screen_keyboard(hub_report):
    """A hub may be a kiosk set as hub, touch only: a tap on the chooser's name field calls
    up the keyboard docked in the hub's window (not the desktop's panel), above it the
    field stays in view, and the keys tapped type the name the file is written under."""
    report = hub_report
    width, height = report["size"]
    assert report["hub_keyboard"] and report["keys_loaded"]
    assert report["keys_chooser"] and report["keys_home"]
    assert report["keys_hidden_before_tap"]  # only a tap calls it up
    assert report["keys_up"] and report["keys_in_window"], report  # one tap on the field
    assert report["keys_bottom"] == height and report["keys_top"] > height // 2, report
    assert report["chooser_bottom"] <= report["keys_top"]  # the chooser above the keys
    assert report["name_field_bottom"] <= report["keys_top"], report
    assert report["cursor_at_end"] and report["keys_cleared"] == "", report  # ⌫ on the keys
    assert report["keys_typed"] == "Hall", report  # a capital to start, as the keys show
    assert report["keys_closed"] and report["keys_written"], report  # Save, keys up
    assert report["keys_gone_with_chooser"]
    # drawn in software: the hub's window stays a raster one (issue 12 item 13)
    assert report["surface_before_keys"] == "RasterSurface"
    assert report["surface_with_keys"] == "RasterSurface"
    assert report["surface_after_keys"] == "RasterSurface"


def test_the_hubs_room_label_and_setup_fields_are_typed_above_its_keyboard(hub_report):
    """The Room tab's label of a kiosk and Setup's lowest field, each tapped on the hub:
    the keys come up and the field is kept in view above them (Setup's page scrolled)."""
    report = hub_report
    assert report["label_field"] and report["label_keys_hidden_before_tap"]
    assert report["label_keys_up"], report  # one tap on the label
    beside = report["label_beside_keys"]
    assert beside["shown"] and beside["bottom"] <= beside["keys_top"], beside
    assert report["label_typed"] == "Table 3b", report
    assert report["label_set"] == "Table 3b", report  # one tap on Set label, keys up
    assert report["tab_setup"] and report["setup_keys_after_tab"]
    assert report["setup_keys_up"], report  # one tap on the field
    beside = report["setup_beside_keys"]
    assert report["setup_lowest_before"] > beside["keys_top"], report  # it was under them
    assert beside["shown"] and beside["bottom"] <= beside["keys_top"], report
