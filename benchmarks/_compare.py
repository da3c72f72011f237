"""Compare tab measure: the first open of the facilitator's Compare tab with the demo data
loaded (89 rankings) — a tap on the tab until the chosen chart is painted: importing the
charts (pyqtgraph), building the screen, the comparison of the first selection and the first
paint, at 1920×1080. Baseline in the same process: opening the Export / Import tab the same
way (a plain tab of buttons). Run in a fresh process (run.py), where nothing of pyqtgraph has
been imported yet, as in a kiosk that has just opened its facilitator's area."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def first_open() -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.storage import Store
    from kiosk.ui.facilitator import open_area
    from kiosk.ui.facilitator.area import TAB_COMPARE, TAB_EXCHANGE
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
    return {"value": first,
            "detail": f"show the Compare tab the first time with the demo data ({loaded} "
                      f"rankings) until painted, 1920×1080, offscreen: {first:.0f} ms vs "
                      f"the Export / Import tab's first open {baseline:.0f} ms "
                      f"(ratio {first / max(baseline, 0.1):.1f}); shown again "
                      f"{min(again):.0f} ms"}


if __name__ == "__main__":
    import json

    print(json.dumps(first_open()))
