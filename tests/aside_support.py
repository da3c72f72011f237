"""What `kiosk check` says after the store repaired a damaged file: only the copy it kept
aside (reported by every check until the facilitator keeps it), and once kept, all fine."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import cli
from kiosk.storage import Store


def only_set_aside_files_reported(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    status = cli.main(["check", "--data-dir", str(data)])
    out = capsys.readouterr().out
    aside = [line for line in out.splitlines() if ": set aside from " in line]
    assert aside and status == cli.EXIT_PROBLEMS, out
    count = len(aside)
    assert f"{count} problem{'s' if count != 1 else ''} found" in out, out
    with Store.open(data) as store:
        for found in store.set_aside_files():
            store.keep_set_aside(found.name)
    assert cli.main(["check", "--data-dir", str(data)]) == cli.EXIT_OK, capsys.readouterr().out
