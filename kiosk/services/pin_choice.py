"""Choosing a facilitator PIN: one rule for the first choice at the table and for a change
in the facilitator's setup. Only the salted hash is ever stored."""

from __future__ import annotations

import sys
from typing import Any

from kiosk.services.ports import SettingsPort


class PinChoiceError(ValueError):
    """A PIN that cannot be used; the message is shown as it is."""


def store_new_pin(store: SettingsPort, pin: str, confirm: str | None = None,
                  base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Check the PIN (and its confirmation, when asked twice), store its hash in the kiosk's
    settings (`base`: the settings to keep when none are stored yet) and return the stored
    form."""
    from kiosk.domain.pin import hash_pin  # hashlib's OpenSSL load waits until needed

    pin = pin.strip()
    if confirm is not None and pin != confirm.strip():
        raise PinChoiceError("The two PINs are not the same. Type the new PIN twice.")
    try:
        stored = hash_pin(pin)
    except ValueError:
        raise PinChoiceError("A PIN is 4 to 12 digits.") from None
    doc = {**(store.get_settings() or base or {}), "pin": stored}
    doc.pop("pin_lost", None)  # a PIN lost with damaged settings is set again
    store.save_settings(doc)
    return stored


def keep_tries(store: SettingsPort, key: str, state: dict[str, Any],
               base: dict[str, Any]) -> str | None:
    """Keep the PIN pad's wrong tries and lock-out in the settings, where a restart finds
    them; on a full or read-only disk, what went wrong, in plain words (also on stderr for
    the service log) — the pad's gate counts on in memory."""
    from kiosk.storage.errors import StoreError, describe_failure

    try:
        store.save_settings({**(store.get_settings() or base), key: state})
    except (OSError, StoreError) as exc:
        told = (f"{describe_failure(exc)} The wrong PIN tries are counted, but a restart "
                "would forget them.")
        print(f"kiosk: {told}", file=sys.stderr)
        return told
    return None
