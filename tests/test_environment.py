"""The README's test command passes whatever the environment already holds: Qt's platform is
completed with the tests' screen, and a data folder set beforehand is never used (conftest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import paths
from tests.environment_support import SCREEN, qt_platform

ROOT = Path(__file__).resolve().parent.parent
# Needs the 3840×2160 screen: on offscreen's default 800×800 its touches are dropped.
SCREEN_SIZED_TEST = "tests/test_board.py::test_up_and_down_buttons_move_the_chosen_card"


@pytest.mark.parametrize(("given", "wanted"), [
    pytest.param(None, "offscreen:configfile={screen}", id="unset"),
    pytest.param("", "offscreen:configfile={screen}", id="empty"),
    pytest.param("offscreen", "offscreen:configfile={screen}", id="offscreen"),
    pytest.param("offscreen:", "offscreen:configfile={screen}", id="offscreen-colon"),
    pytest.param("Offscreen:fontengine=freetype",
                 "Offscreen:fontengine=freetype:configfile={screen}", id="other-option"),
    pytest.param("offscreen:configfile=/my/screens.json", "offscreen:configfile=/my/screens.json",
                 id="own-configfile"),
    pytest.param("xcb", "xcb", id="xcb"),
    pytest.param("wayland;offscreen", "wayland;offscreen:configfile={screen}", id="fallback"),
])
def test_the_qt_platform_gets_the_tests_screen_where_it_is_offscreen_without_one(given, wanted):
    assert qt_platform(given, windows=False) == wanted.format(screen=SCREEN)


def test_on_windows_plain_offscreen_is_kept_a_drive_colon_would_split_the_option():
    assert qt_platform("offscreen", windows=True) == "offscreen"


def test_the_session_data_folder_replaces_one_set_beforehand(inherited_environment,
                                                            session_data_dir):
    assert os.environ[paths.DATA_DIR_ENV] == str(session_data_dir)
    assert paths.data_dir() == session_data_dir
    inherited = inherited_environment[paths.DATA_DIR_ENV]
    if inherited:
        assert Path(inherited).resolve() != session_data_dir.resolve()
    child = subprocess.run(
        [sys.executable, "-c", "from kiosk import paths; print(paths.data_dir())"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        timeout=60)
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == str(session_data_dir)  # a process the tests start, too


def _snapshot(folder: Path) -> list[tuple]:
    return [(str(p.relative_to(folder)), p.stat().st_mtime_ns, p.is_file() and p.read_bytes())
            for p in sorted([folder, *folder.rglob("*")])]


def test_a_ci_environment_changes_neither_the_screen_nor_anyones_data(tmp_path):
    """A session started with QT_QPA_PLATFORM=offscreen and KIOSK_DATA_DIR at someone's
    data: a test that needs the big screen passes and that folder stays exactly as it was."""
    sentinel = tmp_path / "someones-data"
    (sentinel / "decks").mkdir(parents=True)
    (sentinel / "kiosk.json").write_text('{"sentinel": true}', "utf-8")
    (sentinel / "decks" / "mine.toml").write_text("# sentinel\n", "utf-8")
    before = _snapshot(sentinel)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST")}
    env.update({"QT_QPA_PLATFORM": "offscreen", paths.DATA_DIR_ENV: str(sentinel)})
    session = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
         SCREEN_SIZED_TEST,
         "tests/test_environment.py::test_the_session_data_folder_replaces_one_set_beforehand"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert session.returncode == 0, session.stdout[-4000:] + session.stderr[-2000:]
    assert "2 passed" in session.stdout
    assert f"configfile={SCREEN}" in session.stdout  # the report header
    assert _snapshot(sentinel) == before
