"""The facilitator's PIN: stored only as a salted scrypt hash, with a lockout after
repeated wrong tries."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_TRIES = 5
LOCKOUT_S = 60.0


def hash_pin(pin: str, salt: bytes | None = None) -> dict[str, Any]:
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise ValueError("a PIN is 4 to 12 digits")
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **SCRYPT)
    return {"salt": salt.hex(), "hash": digest.hex(), **SCRYPT}


def is_pin_hash(value: object) -> bool:
    """Whether `value` is a stored PIN as `hash_pin` writes it (hex salt and hash, scrypt's
    whole-number costs) — not just any value found where a PIN belongs."""
    if not isinstance(value, dict):
        return False
    try:
        bytes.fromhex(value["salt"])
        bytes.fromhex(value["hash"])
    except (KeyError, TypeError, ValueError):
        return False
    return all(type(value.get(cost)) is int and value[cost] > 0 for cost in ("n", "r", "p"))


def verify_pin(pin: str, stored: dict[str, Any]) -> bool:
    try:
        salt = bytes.fromhex(stored["salt"])
        expected = bytes.fromhex(stored["hash"])
        digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=len(expected),
                                n=int(stored["n"]), r=int(stored["r"]), p=int(stored["p"]))
    except (KeyError, ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


@dataclass
class PinGate:
    """Counts wrong tries; after MAX_TRIES the gate refuses every try for LOCKOUT_S seconds.
    `now` is a monotonic clock in seconds, passed in so tests need not wait. `on_change`
    gets `state()` after every try, for it to be kept where a restart finds it; it returns
    why that failed (a full disk), or None. The gate counts on in memory either way, and
    `keep_problem` says what was not kept, for the pad to tell."""

    stored: dict[str, Any] | None
    now: Callable[[], float]
    failures: int = 0
    locked_until: float = field(default=0.0)
    on_change: Callable[[dict[str, Any]], str | None] | None = field(default=None, repr=False)
    lost: bool = False  # the settings holding the PIN were damaged: no try can succeed
    keep_problem: str | None = None

    @classmethod
    def resumed(cls, stored: dict[str, Any] | None, now: Callable[[], float],
                state: object, on_change: Callable[[dict[str, Any]], str | None] | None = None,
                lost: bool = False) -> PinGate:
        """A gate carrying on from a kept `state()`: the monotonic clock restarts with the
        machine, so a lock-out that was running resumes for the time it had left (anything
        unreadable counts as no tries yet)."""
        failures, locked_s = 0, 0.0
        if isinstance(state, dict):
            raw_failures, raw_locked = state.get("failures"), state.get("locked_s")
            if type(raw_failures) is int:
                failures = min(max(raw_failures, 0), MAX_TRIES - 1)
            if isinstance(raw_locked, (int, float)) and not isinstance(raw_locked, bool):
                locked_s = min(max(float(raw_locked), 0.0), LOCKOUT_S)
        return cls(stored, now, failures, now() + locked_s if locked_s else 0.0, on_change,
                   lost and stored is None)

    def state(self) -> dict[str, Any]:
        return {"failures": self.failures, "locked_s": round(self.seconds_locked(), 1)}

    @property
    def needs_setting(self) -> bool:
        """A new kiosk chooses its PIN at the pad; one whose PIN was lost never does."""
        return self.stored is None and not self.lost

    def seconds_locked(self) -> float:
        return max(0.0, self.locked_until - self.now())

    def attempt(self, pin: str) -> bool:
        if self.seconds_locked() > 0 or self.lost:
            return False
        if self.stored is not None and verify_pin(pin, self.stored):
            self.failures = 0
            self._changed()  # also clears a lock-out kept from before a restart
            return True
        self.failures += 1
        if self.failures >= MAX_TRIES:
            self.failures = 0
            self.locked_until = self.now() + LOCKOUT_S
        self._changed()
        return False

    def _changed(self) -> None:
        if self.on_change is not None:
            self.keep_problem = self.on_change(self.state())
