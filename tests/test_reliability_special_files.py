"""Special files planted as store files (issue 9: nothing a damaged file can do stops a
kiosk): a FIFO, or a symlink to an endless device, as kiosk.json, drafts.json,
kiosk-copy.json, catalog-cache.json, rankings.json or polls.json. Reading one used to block
the kiosk before its first frame (the kiosk-copy.json case even past SIGTERM), or `kiosk
check` and `kiosk export` for ever. Each attack runs in a child process, every wait bounded;
the file is set aside or refused, named with the reason, and the rest keeps working."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.domain.record import SavedRanking
from kiosk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 60  # a hang guard, never a speed check

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")

# The kiosk's start, as kiosk.ui.app.launch does it, without the window: the lock and a
# glance, the catalog (with its cache), the table's session, then the Store proper.
START = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kiosk.services.catalog import load_catalog
    from kiosk.services.table_session import TableSession
    from kiosk.storage.glance import OpeningStore
    data = Path(sys.argv[1])
    store = OpeningStore.begin(data)
    catalog = load_catalog(data, cache=True)
    session = TableSession(store, catalog)
    store.open()
    print("STARTED", session.ready, "PIN" if session.pin_hash else "NO-PIN")
    for problem in store.problems + session.problems:
        print("PROBLEM", problem)
    store.close()
""")


def in_child(args: list[str]) -> subprocess.CompletedProcess[str]:
    # A memory limit turns "reads /dev/zero until memory runs out" into a quick failure.
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
    code = limit + (START if args[0] == "start" else
                    "import sys; from kiosk.cli import main; sys.exit(main(sys.argv[1:]))")
    return subprocess.run([sys.executable, "-c", code, *args[1:]], cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT_S,
                          stdin=subprocess.DEVNULL)


def a_kiosk(data: Path) -> None:
    """A kiosk that has run: a PIN, a workshop, a ranking and a poll-free store."""
    from kiosk.domain.pin import hash_pin

    with Store.open(data) as store:
        store.save_workshop({"workshop_id": "w1", "name": "Spring", "place": "", "date": ""})
        store.save_settings({"kiosk_id": "k1", "workshop_id": "w1", "table": "Table 1",
                             "pin": hash_pin("2468")})
        store.save_ranking(SavedRanking("r1", "examples-1-6", "benefit",
                                        {str(n): n for n in range(1, 7)},
                                        completed_at="2017-03-14T10:00:00+00:00"))


def plant(path: Path, kind: str) -> None:
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


KINDS = ["fifo", "zero-link"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["kiosk.json", "drafts.json", "kiosk-copy.json",
                                  "catalog-cache.json"])
def test_attack_a_special_file_as_a_store_file_never_hangs_the_kiosks_start(tmp_path, name,
                                                                              kind):
    data = tmp_path / "data"
    a_kiosk(data)
    in_child(["start", str(data)])  # writes the catalog cache, as a start does
    plant(data / name, kind)
    done = in_child(["start", str(data)])
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # The PIN survives (kiosk.json from its copy, or the copy from kiosk.json).
    assert "STARTED True PIN" in lines, lines
    if name in ("kiosk.json", "drafts.json"):  # the kiosk's own data: said, and kept aside
        assert any(name in line and "not a regular file" in line for line in lines), lines
        assert list(data.glob(f"{name}.corrupt-*"))
    assert (data / name).is_file() or not (data / name).exists()  # never left for next time


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["rankings.json", "polls.json"])
@pytest.mark.parametrize("command", ["check", "export"])
def test_attack_a_special_file_as_rankings_or_polls_never_hangs_check_or_export(
        tmp_path, name, kind, command):
    data = tmp_path / "data"
    a_kiosk(data)
    plant(data / name, kind)
    args = [command, "--data-dir", str(data)]
    if command == "export":
        args += ["--out", str(tmp_path / "stick")]
    done = in_child(["cli", *args])
    said = done.stdout + done.stderr
    assert name in said and "not a regular file" in said, said
    assert "unexpected error" not in said and "Traceback" not in said, said
    if command == "check":
        assert done.returncode == 1, said
    else:
        assert done.returncode == 0, said
        assert (tmp_path / "stick" / "rankings.csv").is_file()
