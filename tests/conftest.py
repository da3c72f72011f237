"""What every test runs in, whatever the environment already holds (CI systems and
pytest-qt's docs often set QT_QPA_PLATFORM=offscreen; a developer may have KIOSK_DATA_DIR
pointing at real rankings):

- Qt offscreen with one 3840×2160 screen (offscreen_screen.json). The offscreen platform's
  default screen is 800×800 and Qt drops a touch that begins outside every screen, so the
  board's and the charts' tests need the big one. Unset or plain `offscreen` (with or without
  other options) gets the screen; a `configfile=` already given is kept, and so is another
  platform (e.g. xcb, to watch the tests), whose screens must then hold the tests' windows
  (up to 3840×2160 at the origin). Window frames stay as they were.
- KIOSK_DATA_DIR names an empty folder of the session's own, for the tests and for every
  process they start: a data folder set beforehand is neither read nor written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

DATA_DIR_ENV = "KIOSK_DATA_DIR"  # kiosk.paths.DATA_DIR_ENV

# The helpers' own asserts report like the tests' (they no longer match test_*.py).
pytest.register_assert_rewrite("tests.board_support", "tests.csv_support",
                               "tests.environment_support", "tests.facilitator_support",
                               "tests.shell_support")

from tests.environment_support import SCREEN, qt_platform  # noqa: E402

INHERITED = {name: os.environ.get(name) for name in ("QT_QPA_PLATFORM", DATA_DIR_ENV)}
os.environ["QT_QPA_PLATFORM"] = qt_platform(INHERITED["QT_QPA_PLATFORM"])
SESSION_DATA = Path(tempfile.mkdtemp(prefix="kiosk-tests-data-"))
os.environ[DATA_DIR_ENV] = str(SESSION_DATA)


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = [f"QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}",
             f"{DATA_DIR_ENV}={SESSION_DATA} (the session's own)"]
    platform = os.environ["QT_QPA_PLATFORM"]
    if not platform.lower().startswith("offscreen") or str(SCREEN) not in platform:
        lines.append("the board's and the charts' tests need a screen of 3840×2160 at the "
                     "origin; unset QT_QPA_PLATFORM (or set it to offscreen) to get one")
    return lines


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(SESSION_DATA, ignore_errors=True)


@pytest.fixture(scope="session")
def inherited_environment() -> dict[str, str | None]:
    """QT_QPA_PLATFORM and KIOSK_DATA_DIR as the environment held them before the session."""
    return dict(INHERITED)


@pytest.fixture(scope="session")
def session_data_dir() -> Path:
    """The folder KIOSK_DATA_DIR names during the session (tests still use tmp_path)."""
    return SESSION_DATA
