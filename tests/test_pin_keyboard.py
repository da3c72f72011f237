"""A PIN is digits: the on-screen keyboard for a PIN field (the facilitator's PIN fields
ask for digits only) shows the ten digits, erase, Enter and hide — no space, no ".", no
language key, which a PIN cannot hold. Text fields keep their whole keyboard. In a child
process (the input method is chosen before the QApplication exists)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("shell_child_pin_keys.py")
DIGITS = set("0123456789")


def test_attack_the_pin_number_pad_offers_no_space_or_point(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("QT_IM_MODULE", None)
    done = subprocess.run([sys.executable, str(CHILD), str(tmp_path / "keys")],
                          capture_output=True, text=True, env=env, timeout=180, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ready"]
    for keys in (report["pin_keys"], report["pin_keys_again"]):
        assert DIGITS <= set(keys), keys
        assert not set(keys) - DIGITS - {"BackspaceKey", "EnterKey", "HideKeyboardKey"}, keys
    assert report["typed"] and report["pin_text"] == "2468"
    # a text field keeps its whole keyboard (the keys left blank for a PIN come back)
    assert {"q", "SpaceKey", ".", ",", "en"} <= set(report["word_keys"])
