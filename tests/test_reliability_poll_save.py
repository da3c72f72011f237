"""A poll whose saves the store refuses though the disk is fine (issue 9): `kiosk.lock`
removed while the kiosk runs, so the one-writer rule refuses every write with a StoreError,
not an OSError. The poll screen used to let that escape as a traceback; it must tell the
table plainly, on screen and in the service log (stderr), and keep the poll as it is."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest

from kiosk.services.poll_session import PollSession
from kiosk.storage import Store
from kiosk.ui.shell.poll_screen import NEXT
from tests.poll_support import CONTEXT, Clock, camden_poll
from tests.test_poll_screen import SLOT, make_screen, tap


@pytest.fixture
def touch():
    return QTest.createTouchDevice()


def test_attack_a_removed_lock_during_a_poll_is_said_and_the_poll_stays(qtbot, tmp_path,
                                                                        touch, capfd):
    data = tmp_path / "data"
    with Store.open(data) as store:
        session = PollSession(store, camden_poll(), CONTEXT, 2, SLOT, clock=Clock())
        screen, _ = make_screen(qtbot, store, seats=2, session=session)
        tap(screen, touch, "seat1", "2")  # saved: the lock is still there
        assert not screen.problem
        capfd.readouterr()
        (data / "kiosk.lock").unlink()  # another program could now be writing there too
        tap(screen, touch, "seat2", "4")  # a StoreError out of the draft's save
        assert session.answer_of(1) == "2" and session.answer_of(2) == "4"  # kept here
        assert "not yet saved" in screen.problem and "Another program" in screen.problem
        assert str(data) in screen.problem and "Traceback" not in screen.problem
        assert "Another program" in capfd.readouterr().err  # and in the service log
        tap(screen, touch, "centre", NEXT)
        for seat in (1, 2):
            tap(screen, touch, f"seat{seat}", "pass", touch_id=seat)
        tap(screen, touch, "centre", NEXT)
        for seat in (1, 2):
            tap(screen, touch, f"seat{seat}", "who", touch_id=seat)
        finished = []
        screen.finished.connect(lambda: finished.append(1))
        tap(screen, touch, "centre", NEXT)  # the run cannot be stored either
        assert finished == [] and "Not saved yet" in screen.problem, screen.problem
        assert "Another program" in capfd.readouterr().err
        assert session.answer_of(1) == "who" and session.answer_of(2) == "who"
        assert store.count_poll_runs() == 0
        screen.grab().save(str(tmp_path / "poll-lock-removed.png"))
