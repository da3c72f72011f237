"""Starting the kiosk: `run()` full screen or windowed, a second kiosk on the same data
refused with a clear message, and nothing on the way to the start screen imports pyqtgraph
or reads the stored rankings. Each runs in a child process (a fresh interpreter and
QApplication)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from kiosk.storage import Store

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6 import QtCore
    from PySide6.QtWidgets import QApplication
    from kiosk.ui.app import configure_environment, run
    configure_environment()
    app = QApplication([])
    seen = {}

    def first_frame():
        # PySide6 builds every Python enum of its Qt namespace on first use, which would
        # hold up the first frame (benchmarks/README.md): the start screen comes first
        seen.update(qt_enums_before_first_frame="Qt" in QtCore.__dict__)

    def look(window):
        Qt = QtCore.Qt
        on_top = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        seen.update(
            screen=window.screen_name, visible=window.isVisible(),
            full_screen=window.isFullScreen(), kiosk_mode=window.kiosk_mode,
            frameless=bool(window.windowFlags() & Qt.WindowType.FramelessWindowHint),
            native_frameless_on_top=(window.windowHandle().flags() & on_top) == on_top,
            pointer=window.start_screen.start_button.cursor().shape().name,
            heading=window.start_screen.heading.text(),
            pyqtgraph="pyqtgraph" in sys.modules,
            facilitator=any(m.startswith("kiosk.ui.facilitator") for m in sys.modules),
            closed_by_request=window.close())
        window.leave()

    def hook():
        from kiosk.ui.shell import KioskWindow
        window = next(w for w in app.topLevelWidgets() if isinstance(w, KioskWindow))
        window.first_frame_shown.connect(first_frame)
        window.started.connect(lambda: look(window))

    QtCore.QTimer.singleShot(0, hook)
    status = run(Path(sys.argv[1]), windowed=sys.argv[2] == "windowed")
    print(json.dumps({"status": status, **seen}))
""")


def child(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True,
                          text=True, env=env, timeout=120, cwd=ROOT)


def test_kiosk_starts_full_screen_frameless_and_reaches_the_start_screen(tmp_path):
    data = tmp_path / "data"
    with Store.open(data):
        pass
    (data / "rankings.json").write_text("{ not read at start", "utf-8")
    done = child(str(data), "kiosk")
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["status"] == 0
    assert seen["screen"] == "start" and seen["visible"]
    assert seen["full_screen"] and seen["frameless"] and seen["kiosk_mode"]
    assert seen["native_frameless_on_top"]  # what the window system is told
    assert seen["qt_enums_before_first_frame"] is False
    assert seen["pointer"] == "PointingHandCursor"
    assert seen["closed_by_request"] is False  # kiosk mode ignores a plain close
    assert re.search(r"· Table [0-9A-F]{4}$", seen["heading"])  # the kiosk's own label
    assert not seen["pyqtgraph"], "the start screen must not import pyqtgraph"
    assert not seen["facilitator"], "the facilitator's area loads only after the PIN"
    assert (data / "rankings.json").read_text("utf-8") == "{ not read at start"


def test_windowed_is_a_normal_window(tmp_path):
    done = child(str(tmp_path / "data"), "windowed")
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert not seen["full_screen"] and not seen["frameless"] and not seen["kiosk_mode"]
    assert seen["closed_by_request"] is True


def test_a_second_kiosk_on_the_same_data_gets_a_clear_message(tmp_path):
    data = tmp_path / "data"
    with Store.open(data):
        done = child(str(data), "windowed")
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["status"] == 2
    assert "already in use" in done.stderr
    assert "Traceback" not in done.stderr
