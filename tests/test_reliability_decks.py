"""Deck files that could hang or stall a kiosk before its first frame (issue: damaged files
and hostile input): a FIFO, a symlink to an endless device, a huge file, a deck of 10,000
cards. Each runs in a child process, every wait bounded, and ends as a problem naming the
file and the reason while the other decks load."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Loads the decks of `data` as the kiosk's start does, then prints what it found.
CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kiosk.services.catalog import load_catalog
    catalog = load_catalog(Path(sys.argv[1]))
    print("DECKS", len(catalog.decks.ids()))
    for problem in catalog.problems:
        print("PROBLEM", problem)
""")


def load_in_child(data: Path, timeout: float = 60) -> list[str]:
    # A memory limit turns "reads /dev/zero until memory runs out" into a quick failure.
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
    done = subprocess.run([sys.executable, "-c", limit + CHILD, str(data)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "decks"
    folder.mkdir(parents=True)
    return folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_attack_a_fifo_named_like_a_deck_is_reported_not_waited_for(decks):
    os.mkfifo(decks / "x.toml")
    lines = load_in_child(decks.parent, timeout=30)
    assert "DECKS 3" in lines  # the shipped decks still load
    assert any("x.toml" in line and "not a regular file" in line for line in lines), lines


def test_attack_a_symlink_to_an_endless_device_is_reported(decks):
    (decks / "zero.toml").symlink_to("/dev/zero")
    lines = load_in_child(decks.parent, timeout=30)
    assert "DECKS 3" in lines
    assert any("zero.toml" in line and "not a regular file" in line for line in lines), lines


def test_attack_a_deck_file_too_large_to_be_a_deck_is_reported(decks):
    with open(decks / "huge.toml", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    lines = load_in_child(decks.parent, timeout=30)
    assert "DECKS 3" in lines
    assert any("huge.toml" in line and "larger than" in line for line in lines), lines


def test_a_deck_of_ten_thousand_cards_loads_in_bounded_time(decks):
    """Finding each field's line used to scan on to the end of the file for every optional
    field a card lacks: 10,000 cards took minutes. Linear now; the bound is a hang guard."""
    cards = "".join(f'\n[[cards]]\nid = "c{n}"\ntitle = "Card {n}"\nsummary = "About {n}."\n'
                    for n in range(10_000))
    (decks / "big.toml").write_text(f'id = "big"\ntitle = "Big"\n{cards}', "utf-8")
    lines = load_in_child(decks.parent, timeout=60)
    assert "DECKS 4" in lines, lines
