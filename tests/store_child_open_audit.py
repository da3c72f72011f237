"""Child process for test_store_files: which files does `Store.open` open?

Usage: python store_child_open_audit.py DATA_DIR
Prints one JSON object: the paths opened by Store.open, the ranking count, and the paths
opened while counting. An audit hook sees every open() and os.open() in this process.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.storage import Store

opened: list[str] = []


def record(event: str, args: tuple) -> None:
    if event == "open" and isinstance(args[0], (str, bytes, Path)):
        opened.append(str(args[0]))


def main() -> None:
    sys.addaudithook(record)
    store = Store.open(Path(sys.argv[1]))
    at_open = list(opened)
    opened.clear()
    count = store.count_rankings()
    print(json.dumps({"at_open": at_open, "count": count, "after_count": list(opened)}))
    store.close()


if __name__ == "__main__":
    main()
