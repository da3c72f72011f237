"""The facilitator's setup hint says what to do in plain words, and each step it names can
be done: it used to send the facilitator to "Use at this kiosk", which Setup shows disabled
for the made-up workshop the kiosk is using (nothing happens on a tap)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame

from tests.shell_support import open_kiosk, tap
from tests.test_startup_banner import _open_area, _texts


def test_attack_the_setup_hint_names_no_control_that_is_disabled(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", facilitator=True)
    frame = _open_area(qtbot, kiosk)
    hint = frame.findChild(QFrame, "SetupHint")
    words = _texts(hint)
    setup = frame.area.setup_tab
    # Setup opens on the workshop in use: its form is what the hint asks to fill in
    assert setup.name_edit.text() and setup.save_workshop_button.isEnabled()
    for control in (setup.use_button, setup.delete_workshop_button):
        if not control.isEnabled():
            assert control.text() not in words, words
    assert "disabled" not in words.lower()
    assert "Setup" in words and "name" in words and "save" in words.lower()
    # ... and doing what it says clears it
    setup.name_edit.setText("Leeds citizens' panel")
    setup.place_edit.setText("Leeds")
    with qtbot.waitSignal(setup.workshop_saved, timeout=10000):  # saved on a worker
        tap(qtbot, setup.save_workshop_button)
    qtbot.waitUntil(lambda: (found := frame.findChild(QFrame, "SetupHint")) is None
                    or not found.isVisible(), timeout=5000)
    kiosk.close()
