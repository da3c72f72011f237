"""What the packaged kiosk can do, checked from inside the bundle (`KIOSK_BUNDLE_CHECK=1
dist/kiosk/kiosk`): the frozen paths, the start screen on a fresh data folder, Qt Virtual
Keyboard's QML panel, and the facilitator's Compare screen with pyqtgraph over demo data.
Prints one JSON object; exit status 0 when everything loaded. Used by tests/test_bundle.py.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
from pathlib import Path


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk import paths
    from kiosk.ui.app import configure_environment, launch

    configure_environment()
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    found: dict[str, object] = {
        "frozen": paths.is_frozen(),
        "default_data_dir": str(paths.default_data_dir()),
        "assets_dir": str(paths.assets_dir()),
    }
    app = QApplication([sys.executable])
    with tempfile.TemporaryDirectory() as tmp:
        launched = launch(app, Path(tmp) / "data", windowed=True)
        try:
            window = launched.window
            app.processEvents()
            found["start_screen"] = window.screen_name == "start" and window.isVisible()
            found["decks"] = [s.deck.id for s in window.session.steps]
            keyboard = window.keyboard
            found["keyboard"] = bool(keyboard is not None and keyboard.load())
            found["keyboard_error"] = getattr(keyboard, "error", "no keyboard")
            try:
                from kiosk.ui.facilitator import FacilitatorArea, FacilitatorService
                from kiosk.ui.facilitator.area import TAB_COMPARE

                service = FacilitatorService(launched.store.store, window.session.catalog)
                found["demo_rankings"] = service.demo.load()
                area = FacilitatorArea(service, window.theme)
                area.resize(1600, 900)
                area.show()
                area.show_tab(TAB_COMPARE)
                app.processEvents()
                host = area.compare_tab
                found["compare"] = host.screen is not None and not area.grab().isNull()
                found["pyqtgraph"] = "pyqtgraph" in sys.modules
                area.close()
                area.deleteLater()  # destroyed while the application still exists
            except Exception:  # noqa: BLE001 - reported in the JSON
                found["compare"] = False
                found["compare_error"] = traceback.format_exc()[-2000:]
            window.leave()
            window.deleteLater()
            # the deferred deletions run now, before Python tears the application down
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        finally:
            launched.close()
    print(json.dumps(found), flush=True)
    ok = found["start_screen"] and found["keyboard"] and found["compare"] and found["frozen"]
    return 0 if ok else 1
