"""Compare tab measure: the first open of the facilitator's Compare tab with the demo data
loaded (89 rankings) — a tap on the tab until the chosen chart is painted: importing the
charts (pyqtgraph), building the screen, the comparison of the first selection and the first
paint, at 1920×1080. Baseline in the same process: opening the Export / Import tab the same
way (a plain tab of buttons). Run in a fresh process (run.py), where nothing of pyqtgraph has
been imported yet: the tab tapped at once after the area opened (`warm=False`, the figure),
or after the area has been open for a while and has loaded the charts' modules in idle
time (`warm=True`, the usual case, in the detail)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def first_open(warm: bool = False) -> dict:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.storage import Store
    from kiosk.ui.facilitator import open_area
    from kiosk.ui.facilitator.area import TAB_COMPARE, TAB_EXCHANGE, CompareHost
    from kiosk.ui.theme import Theme

    assert "pyqtgraph" not in sys.modules, "the charts must not be loaded before the tab"
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        data = Path(tmp) / "data"
        with Store.open(data) as store:
            catalog = load_catalog(data)
            loaded = FacilitatorService(store, catalog).demo.load()
            area = open_area(store, catalog, Theme.for_size(1920, 1080))
            area.resize(1920, 1080)
            area.show()
            app.processEvents()
            area.grab()
            if warm:
                from PySide6.QtCore import QEventLoop, QTimer

                loop = QEventLoop()
                QTimer.singleShot(CompareHost.WARM_UP_MS + 500, loop.quit)
                loop.exec()
                assert "pyqtgraph" in sys.modules, "the area did not load the charts' modules"
            else:
                area.compare_tab._warm.stop()  # the tap comes before the idle-time import

            def open_tab(index: int) -> float:
                started = time.perf_counter()
                area.show_tab(index)
                app.processEvents()
                area.tabs.currentWidget().grab()  # the first paint of what the tab shows
                return (time.perf_counter() - started) * 1000

            baseline = open_tab(TAB_EXCHANGE)
            first = open_tab(TAB_COMPARE)
            screen = area.compare_tab.compare_screen
            assert screen is not None and screen.data is not None and screen.data.records
            again = [open_tab(TAB_EXCHANGE) and open_tab(TAB_COMPARE) for _ in range(3)]
            area.close()
            area.deleteLater()
            app.processEvents()
    return {"value": first, "baseline": baseline,
            "idle_ms": CompareHost.WARM_UP_MS if warm else 0,
            "detail": f"show the Compare tab the first time with the demo data ({loaded} "
                      f"rankings) until painted, 1920×1080, {app.platformName()}: "
                      f"{first:.0f} ms vs "
                      f"the Export / Import tab's first open {baseline:.0f} ms "
                      f"(ratio {first / max(baseline, 0.1):.1f}); shown again "
                      f"{min(again):.0f} ms"}


if __name__ == "__main__":
    import json

    print(json.dumps(first_open("--warm" in sys.argv)))
