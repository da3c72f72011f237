"""Entry script of the packaged kiosk: the same `kiosk` command as `pip install` gives.

With KIOSK_BUNDLE_CHECK=1 it instead checks what the bundle can load (packaging/bundle_check.py).
"""

import os
import sys

if __name__ == "__main__":
    if os.environ.get("KIOSK_BUNDLE_CHECK") == "1":
        from bundle_check import main
    else:
        from kiosk.cli import main
    sys.exit(main())
