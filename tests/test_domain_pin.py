import pytest

from kiosk.domain.pin import LOCKOUT_S, MAX_TRIES, PinGate, hash_pin, verify_pin


def test_pin_is_stored_salted_and_verified():
    stored = hash_pin("2468")
    assert "2468" not in repr(stored)
    assert verify_pin("2468", stored) and not verify_pin("2469", stored)
    assert hash_pin("2468")["hash"] != stored["hash"]  # a fresh salt each time
    assert not verify_pin("2468", {"salt": "zz"})
    with pytest.raises(ValueError):
        hash_pin("12a4")


def test_gate_locks_after_five_wrong_tries_and_opens_after_a_minute():
    now = [1000.0]
    gate = PinGate(hash_pin("1357"), lambda: now[0])
    for _ in range(MAX_TRIES - 1):
        assert not gate.attempt("0000")
    assert gate.seconds_locked() == 0
    assert not gate.attempt("0000")
    assert gate.seconds_locked() == LOCKOUT_S
    assert not gate.attempt("1357")  # even the right PIN is refused while locked
    now[0] += LOCKOUT_S - 1
    assert not gate.attempt("1357")
    now[0] += 1
    assert gate.attempt("1357")
