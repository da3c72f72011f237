"""Child process for test_store_processes: opens the store and holds it.

Usage: python store_child_holder.py DATA_DIR
Prints "open <pid>" and keeps the store open until its stdin closes (or it is killed), or
prints "locked <message>" and exits with status 3 when another process holds the store.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kiosk.storage import Store, StoreLocked


def main() -> int:
    try:
        store = Store.open(Path(sys.argv[1]))
    except StoreLocked as locked:
        print(f"locked {locked}", flush=True)
        return 3
    print(f"open {os.getpid()}", flush=True)
    sys.stdin.read()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
