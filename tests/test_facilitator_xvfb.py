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


def run_child(scenario: str, size: tuple[int, int], data: Path, home: Path,
              shots: Path) -> dict:
    missing = missing_tools()
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (a real X window to tap)")
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
    base = tmp_path_factory.mktemp(f"xvfb-facilitator-{request.param[0]}")
    (base / "home").mkdir()
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
    assert report["png_chooser_closed"] and report["png_written"], report
    assert report["png_said"].startswith("Saved ") and report["png_name"] in report["png_said"]


def test_saving_over_a_file_asks_first_then_replaces_it(kiosk_report):
    report = kiosk_report
    assert report["again_chooser"] and report["again_home"] and report["again_in_folder"]
    assert "already there" in report["overwrite_asked"], report
    assert report["open_after_ask"] and report["untouched_after_ask"]
    assert report["again_closed"] and report["replaced"]
