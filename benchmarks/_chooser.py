"""File chooser measure: a folder of 5,000 files opened in the finger-sized chooser until its
list is shown, against listing the folder alone (kiosk.services.drives.list_folder)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

FILES = 5000


def open_big_folder(repeats: int = 5) -> dict:
    from PySide6.QtWidgets import QApplication, QWidget

    from kiosk.services.drives import list_folder
    from kiosk.ui.file_chooser import OPEN_FILES, FileChooser

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big = root / "big"
        big.mkdir()
        for i in range(FILES):
            (big / f"sheet-{i}.csv").touch()
        mounts = root / "mounts"
        mounts.write_text("proc /proc proc rw 0 0\n")
        (root / "home").mkdir()
        host = QWidget()
        host.resize(1366, 768)
        host.show()
        shown, listed = [], []
        for _ in range(repeats):
            chooser = FileChooser(host, OPEN_FILES, "Choose", [".csv"], "",
                                  exports=root / "exports", home=root / "home", mounts=mounts,
                                  roots=())
            chooser.open()
            t = time.perf_counter()
            assert chooser.open_folder(big)
            app.processEvents()
            shown.append(time.perf_counter() - t)
            assert chooser.entry_list.count() == FILES
            chooser.close()
            chooser.deleteLater()
            app.processEvents()
            t = time.perf_counter()
            assert len(list_folder(big, [".csv"]).entries) == FILES
            listed.append(time.perf_counter() - t)
        host.close()
    return {"value": statistics.median(shown) * 1000,
            "detail": f"{FILES:,} files shown in the chooser at 1366×768 "
                      f"(listing the folder alone {statistics.median(listed) * 1000:.0f} ms); "
                      f"medians of {repeats}"}


if __name__ == "__main__":
    import json

    print(json.dumps(open_big_folder()))
