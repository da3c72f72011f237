"""The kiosk's catalog cache: the same catalog as parsing, used only while no source file
has changed, rebuilt when damaged, and never written unless asked for."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import cli, paths
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


def a_cache(data: Path) -> dict:
    data.mkdir(parents=True, exist_ok=True)
    load_catalog(data, cache=True)
    return json.loads((data / CACHE_FILE).read_bytes())


def polls_of(catalog) -> dict:
    return dict(catalog.polls)


def test_attack_a_deeply_nested_cache_is_parsed_afresh_not_a_crash(tmp_path):
    """'[' * 200000 once raised RecursionError out of the kiosk's start."""
    data = tmp_path / "data"
    data.mkdir()
    parsed = load_catalog(data)
    (data / CACHE_FILE).write_bytes(b"[" * 200_000)
    same(load_catalog(data, cache=True), parsed)
    assert json.loads((data / CACHE_FILE).read_bytes())["stamp"]  # rebuilt


DAMAGE = {
    "a deck title that is a number": lambda doc: doc["decks"][0].update(title=5),
    "a card title that is a list": lambda doc: doc["decks"][0]["cards"][0].update(title=["x"]),
    "a card's tags that are text": lambda doc: doc["decks"][0]["cards"][0].update(
        sectors="health"),
    "a deck path that is a number": lambda doc: doc["decks"][0].update(path=7),
    "a lens whose criteria are text": lambda doc: doc["lenses"][0].update(criteria="all"),
    "a lens without its title": lambda doc: doc["lenses"][0].pop("title"),
    "a deck problem's line that is text": lambda doc: doc["deck_problems"].append(
        {"path": "x.toml", "line": "one", "field": "", "reason": "r"}),
    "an other problem that is an object": lambda doc: doc["other_problems"].append({}),
    "cards that are an object": lambda doc: doc["decks"][0].update(cards={}),
    "a deck that is a number": lambda doc: doc["decks"].append(5),
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_attack_a_cache_with_wrong_typed_values_is_parsed_afresh(tmp_path, kind):
    data = tmp_path / "data"
    doc = a_cache(data)
    parsed = load_catalog(data)
    DAMAGE[kind](doc)
    (data / CACHE_FILE).write_text(json.dumps(doc), "utf-8")
    loaded = load_catalog(data, cache=True)
    same(loaded, parsed)
    assert all(isinstance(deck.title, str) for deck in loaded.decks.decks.values())
    assert json.loads((data / CACHE_FILE).read_bytes()) != doc  # rebuilt


@pytest.mark.parametrize("damage", [
    lambda poll: poll.update(title=5),
    lambda poll: poll["stages"][0].update(labels="1 to 5"),
    lambda poll: poll.update(stages=[7]),
])
def test_attack_a_cache_with_a_wrong_typed_poll_gives_the_parsed_polls(tmp_path, damage):
    data = tmp_path / "data"
    doc = a_cache(data)
    assert doc["polls"], "the shipped polls are cached"
    damage(doc["polls"][0])
    (data / CACHE_FILE).write_text(json.dumps(doc), "utf-8")
    assert polls_of(load_catalog(data, cache=True)) == polls_of(load_catalog(data))


def test_attack_a_cache_that_is_a_fifo_is_never_waited_for(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / CACHE_FILE)
    code = ("import sys; from pathlib import Path; from kiosk.services.catalog import "
            "load_catalog; c = load_catalog(Path(sys.argv[1]), cache=True); "
            "print(len(c.decks.ids()))")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True,
                          text=True, cwd=root, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0


@pytest.mark.parametrize("content", [b"[" * 200_000, b"{ not json", None])
def test_attack_kiosk_check_reports_a_damaged_cache_and_it_is_rebuilt(tmp_path, capsys,
                                                                        content):
    data = tmp_path / "data"
    doc = a_cache(data)
    if content is None:
        DAMAGE["a deck title that is a number"](doc)
        content = json.dumps(doc).encode()
    (data / CACHE_FILE).write_bytes(content)
    assert cli.main(["check", "--data-dir", str(data)]) == cli.EXIT_PROBLEMS
    out = capsys.readouterr().out
    assert str(data / CACHE_FILE) in out and "Traceback" not in out
    assert cli.main(["check", "--data-dir", str(data)]) == cli.EXIT_OK  # rebuilt by check


def test_check_is_quiet_about_a_cache_that_is_only_out_of_date(tmp_path, capsys):
    data = tmp_path / "data"
    doc = a_cache(data)
    doc["stamp"] = ["an older kiosk"]
    (data / CACHE_FILE).write_text(json.dumps(doc), "utf-8")
    assert cli.main(["check", "--data-dir", str(data)]) == cli.EXIT_OK
