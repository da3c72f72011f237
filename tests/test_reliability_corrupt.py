"""Store files damaged on disk (a USB stick pulled out, a text editor, a disk fault): the kiosk
sets each bad file aside byte for byte, says so with its path, and carries on with a fresh one.

Here through the real `kiosk` command; the store-level cases are in tests/test_store_files.py,
and the kiosk screen's report in tests/test_reliability_app.py.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession
from kiosk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
FILES = ("kiosk.json", "drafts.json", "rankings.json")


def _bad_contents(good: bytes) -> dict[str, bytes]:
    rng = random.Random(7)
    return {
        "truncated": good[: max(1, len(good) // 2)],
        "empty": b"",
        "zeros": b"\x00" * max(64, len(good)),  # what some file systems leave after a power cut
        "garbage": bytes(rng.randrange(256) for _ in range(300)),
        "text": b"this is not the kiosk's data\n",
        "json-list": b"[1, 2, 3]",
        "json-string": b'"rankings"',
        "json-null": b"null",
        "table-is-list": b'{"rankings": [], "drafts": [], "workshops": []}',
        "document-is-number": b'{"rankings": {"x": 5}, "drafts": {"x": 5}, "workshops": {"x": 5}}',
    }


def make_store(data: Path) -> None:
    """A store as a kiosk leaves it: settings, a workshop, two rankings, a draft."""
    catalog = load_catalog(data)
    with Store.open(data) as store:
        session = TableSession(store, catalog)
        for _ in range(2):
            ranking = session.start_fresh()
            for slot, card in enumerate(ranking.cards):
                ranking.drop(card, slot)
            session.save_draft()
            session.finish()
        ranking = session.ranking
        ranking.drop(ranking.cards[0], 0)
        session.save_draft()


def kiosk(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("KIOSK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("pristine") / "data"
    make_store(data)
    return data


def _copy(src: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for path in src.iterdir():
        if path.is_file():
            (dest / path.name).write_bytes(path.read_bytes())
    return dest


KINDS = list(_bad_contents(b"x"))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", FILES)
def test_kiosk_check_sets_a_bad_file_aside_and_carries_on(
        pristine: Path, tmp_path: Path, name: str, kind: str) -> None:
    data = _copy(pristine, tmp_path / "data")
    bad = _bad_contents((pristine / name).read_bytes())[kind]
    (data / name).write_bytes(bad)

    first = kiosk("check", "--data-dir", str(data))
    output = first.stdout + first.stderr
    assert "Traceback" not in output
    assert first.returncode == 1, output
    kept = sorted(data.glob(f"{name}.corrupt-*"))
    assert len(kept) == 1, sorted(p.name for p in data.iterdir())
    assert kept[0].read_bytes() == bad, "the bad file must be kept byte for byte"
    assert str(data / name) in output and str(kept[0]) in output, output

    # The other files are untouched and the kiosk goes on with a fresh file.
    for other in FILES:
        if other != name:
            assert (data / other).read_bytes() == (pristine / other).read_bytes()
    # The set-aside file is reported by every check until the facilitator keeps it.
    second = kiosk("check", "--data-dir", str(data))
    assert second.returncode == 1, second.stdout + second.stderr
    [told] = [line for line in second.stdout.splitlines() if line.startswith(str(kept[0]))]
    assert "1 problem found" in second.stdout
    assert kept[0].read_bytes() == bad, "the set-aside copy is never deleted"
    with Store.open(data) as store:
        assert store.problems == []
        store.keep_set_aside(kept[0].name)
    assert (data / "set-aside" / kept[0].name).read_bytes() == bad
    third = kiosk("check", "--data-dir", str(data))
    assert third.returncode == 0 and "all fine" in third.stdout, third.stdout + third.stderr
    with Store.open(data) as store:
        expected = 0 if name == "rankings.json" else 2
        assert store.count_rankings() == expected
        if name == "kiosk.json":  # restored from the copy kept beside it (kiosk-copy.json)
            before = json.loads((pristine / name).read_bytes())
            assert store.get_settings() == before["settings"]["kiosk"]
            assert store.list_workshops() == list(before["workshops"].values())
        store.save_workshop({"workshop_id": "w", "name": "After the fault"})
    with Store.open(data) as store:
        assert store.get_workshop("w")["name"] == "After the fault"


@pytest.mark.parametrize("command", ["export", "compare", "import"])
def test_other_commands_carry_on_after_a_bad_rankings_file(
        pristine: Path, tmp_path: Path, command: str) -> None:
    data = _copy(pristine, tmp_path / "data")
    (data / "rankings.json").write_bytes(b'{"rankings": ')
    args = {"export": ["--out", str(tmp_path / "out")],
            "compare": ["--deck", "examples-1-6", "--lens", "benefit"],
            "import": [str(tmp_path / "in")]}[command]
    if command == "import":
        assert kiosk("export", "--out", str(tmp_path / "in"), "--data-dir", str(pristine)
                     ).returncode == 0
    result = kiosk(command, *args, "--data-dir", str(data))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    kept = list(data.glob("rankings.json.corrupt-*"))
    assert len(kept) == 1
    # Said on stderr, with both paths, not only renamed in silence.
    assert str(data / "rankings.json") in result.stderr and str(kept[0]) in result.stderr
