"""A private X server (Xvfb) for the tests that need a real window, and why one is missing
(no tests here). Qt's offscreen platform has no window system: a tap lost between press
and release, or a window composited through OpenGL, shows only on a real one.

The display number is `KIOSK_XVFB_DISPLAY` (e.g. ":91") when set, else the first free one
(Xvfb's -displayfd)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

TOOLS = ("Xvfb", "xdotool")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@contextmanager
def xvfb(width: int, height: int) -> Iterator[str]:
    """An Xvfb with one screen of `width`×`height`; yields its DISPLAY. Raises RuntimeError
    (with the reason) when it cannot start."""
    chosen = os.environ.get("KIOSK_XVFB_DISPLAY", "")
    read, write = os.pipe()
    # -displayfd: the server writes its display number there once it takes connections
    command = ["Xvfb", *([chosen] if chosen else []), "-displayfd", str(write),
               "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp", "-noreset"]
    said = tempfile.TemporaryFile()  # not a pipe: nobody reads it while the server runs
    server = subprocess.Popen(command, pass_fds=(write,), stdout=subprocess.DEVNULL,
                              stderr=said)
    os.close(write)
    try:
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()
        if not number:
            server.wait(10)
            said.seek(0)
            raise RuntimeError("Xvfb did not start: "
                               f"{said.read().decode(errors='replace')[-500:]}")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        said.close()
