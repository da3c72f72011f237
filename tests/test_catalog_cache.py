"""The kiosk's catalog cache: the same catalog as parsing, used only while no source file
has changed, rebuilt when damaged, and never written unless asked for."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kiosk import paths
from kiosk.services.catalog import CACHE_FILE, load_catalog

BROKEN = 'id = "broken"\ntitle = "Broken"\n[[cards]]\nid = "a"\n'


def assets_copy(tmp_path: Path) -> Path:
    assets = tmp_path / "assets"
    shutil.copytree(paths.assets_dir(), assets)
    return assets


def same(a, b) -> None:
    assert a.lenses == b.lenses
    assert a.decks.decks == b.decks.decks
    assert [d.path for d in a.decks.decks.values()] == [d.path for d in b.decks.decks.values()]
    assert a.decks.problems == b.decks.problems
    assert a.problems == b.problems


def test_without_cache_nothing_is_written(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    load_catalog(data)
    assert list(data.iterdir()) == []


def test_the_cache_gives_the_parsed_catalog_problems_included(tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "decks").mkdir(parents=True)
    (data / "decks" / "broken.toml").write_text(BROKEN, "utf-8")
    parsed = load_catalog(data)
    assert parsed.problems  # the broken own deck is reported
    same(load_catalog(data, cache=True), parsed)  # written
    assert (data / CACHE_FILE).is_file()

    import kiosk.services.catalog as catalog_module

    def no_parsing(*args):
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(catalog_module, "_parse", no_parsing)
    same(load_catalog(data, cache=True), parsed)


def test_a_changed_added_or_removed_file_is_parsed_afresh(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    assets = assets_copy(tmp_path)
    first = load_catalog(data, assets, cache=True)
    deck = assets / "cards" / "examples-1-6.toml"
    stat = deck.stat()
    text = deck.read_text("utf-8").replace(first.decks["examples-1-6"].title, "Renamed", 1)
    deck.write_text(text, "utf-8")
    os.utime(deck, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # a copy keeping its old time
    assert load_catalog(data, assets, cache=True).decks["examples-1-6"].title == "Renamed"

    own = data / "decks"
    own.mkdir()
    (own / "broken.toml").write_text(BROKEN, "utf-8")
    assert any("broken.toml" in p for p in load_catalog(data, assets, cache=True).problems)
    (own / "broken.toml").unlink()
    assert load_catalog(data, assets, cache=True).problems == []


def test_a_damaged_cache_is_parsed_afresh_and_rewritten(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    parsed = load_catalog(data)
    for damage in (b"", b"{ not json", b'{"stamp": 1}', b"[1, 2]"):
        (data / CACHE_FILE).write_bytes(damage)
        same(load_catalog(data, cache=True), parsed)
        assert (data / CACHE_FILE).read_bytes() != damage
    assert sorted(p.name for p in data.iterdir()) == [CACHE_FILE]  # no temp files left
