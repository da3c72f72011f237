"""Where things live: read-only assets (frozen or not) and the writable data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "KIOSK_DATA_DIR"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def project_root() -> Path:
    """The folder holding `assets/` (the source tree, or the PyInstaller bundle)."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    return project_root() / "assets"


def shipped_decks_dir() -> Path:
    return assets_dir() / "cards"


def lenses_file() -> Path:
    return assets_dir() / "lenses.toml"


def default_data_dir() -> Path:
    """`data/` beside the executable when packaged, at the project root otherwise."""
    if is_frozen():
        return Path(sys.executable).resolve().parent / "data"
    return project_root() / "data"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override)
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    return default_data_dir()


def own_decks_dir(data: Path) -> Path:
    return data / "decks"


def shipped_polls_dir() -> Path:
    return assets_dir() / "polls"


def own_polls_dir(data: Path) -> Path:
    """The facilitator's own case-study polls (docs/polls.md)."""
    return data / "polls"
