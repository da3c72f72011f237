"""The packaged kiosk (build.spec): where it looks for its files when frozen, and — once
built — that the folder really runs on its own, from wherever it is copied to.

The bundle tests run when KIOSK_BUNDLE names the built executable (`.ci/run` sets it after
building); otherwise they are skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import APP_NAME, __version__, paths

ROOT = Path(__file__).resolve().parent.parent


# -- kiosk/paths.py when frozen (no build needed) --------------------------------------------

@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A PyInstaller one-folder layout: <folder>/kiosk and <folder>/_internal."""
    folder = tmp_path / "usb" / "kiosk"
    (folder / "_internal").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(folder / "_internal"), raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / APP_NAME))
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    return folder


def test_frozen_data_lives_beside_the_executable(frozen: Path) -> None:
    assert paths.is_frozen()
    assert paths.default_data_dir() == frozen / "data"
    assert paths.data_dir() == frozen / "data"
    assert paths.assets_dir() == frozen / "_internal" / "assets"
    assert paths.shipped_decks_dir() == frozen / "_internal" / "assets" / "cards"
    assert paths.lenses_file() == frozen / "_internal" / "assets" / "lenses.toml"


def test_frozen_data_dir_can_still_be_chosen(frozen: Path, monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "elsewhere"))
    assert paths.data_dir() == tmp_path / "elsewhere"
    assert paths.data_dir(tmp_path / "given") == tmp_path / "given"


def test_a_symlinked_executable_keeps_its_data_with_the_folder(
        frozen: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (frozen / APP_NAME).write_text("")
    link = tmp_path / "bin" / APP_NAME
    link.parent.mkdir()
    link.symlink_to(frozen / APP_NAME)
    monkeypatch.setattr(sys, "executable", str(link))
    assert paths.default_data_dir() == frozen / "data"


# -- the built folder ------------------------------------------------------------------------

def _bundle() -> Path:
    named = os.environ.get("KIOSK_BUNDLE")
    if not named:  # an old dist/ lying around must not be mistaken for this build
        pytest.skip("set KIOSK_BUNDLE=dist/kiosk/kiosk after building; .ci/run does")
    path = Path(named).resolve()
    assert path.is_file(), f"KIOSK_BUNDLE={named} does not exist: build it first"
    return path


@pytest.fixture(scope="module")
def bundle_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built folder copied elsewhere, as onto a USB stick: it must not need the tree."""
    source = _bundle().parent
    dest = tmp_path_factory.mktemp("usb") / "KIOSK" / APP_NAME
    shutil.copytree(source, dest, symlinks=True)
    shutil.rmtree(dest / "data", ignore_errors=True)
    (dest / "data").mkdir()
    return dest / APP_NAME


def run(executable: Path, *args: str, extra: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in (paths.DATA_DIR_ENV, "PYTHONPATH", "KIOSK_DEBUG", "VIRTUAL_ENV")}
    env.update({"QT_QPA_PLATFORM": "offscreen", **(extra or {})})
    return subprocess.run([str(executable), *args], capture_output=True, text=True, env=env,
                          cwd=cwd or executable.parent.parent, timeout=300)


def test_bundle_version(bundle_copy: Path) -> None:
    done = run(bundle_copy, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{APP_NAME} {__version__}"


def test_bundle_check_uses_its_own_decks_and_the_data_folder_beside_it(
        bundle_copy: Path) -> None:
    done = run(bundle_copy, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    folder = bundle_copy.parent
    assert "decks: 3 loaded (15 cards)" in done.stdout
    assert str(folder / "_internal" / "assets" / "cards") in done.stdout
    assert f"polls: 3 loaded from {folder / '_internal' / 'assets' / 'polls'}" in done.stdout
    assert f"store: {folder / 'data'}:" in done.stdout
    assert "all fine" in done.stdout


def test_bundle_commands_round_trip(bundle_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    checked = run(bundle_copy, "check", "--data-dir", str(data))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    bad = run(bundle_copy, "compare", "--deck", "nope", "--lens", "benefit",
              "--data-dir", str(data))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_bundle_loads_the_screens_keyboard_and_charts(bundle_copy: Path) -> None:
    """Inside the frozen app: start screen, Qt Virtual Keyboard's QML, pyqtgraph charts."""
    done = run(bundle_copy, extra={"KIOSK_BUNDLE_CHECK": "1"})
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["frozen"] is True
    assert found["default_data_dir"] == str(bundle_copy.parent / "data")
    assert found["start_screen"] and found["decks"]
    assert found["keyboard"], found["keyboard_error"]
    assert found["compare"] and found["pyqtgraph"], found.get("compare_error")
