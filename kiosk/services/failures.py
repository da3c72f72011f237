"""A save the store refuses: what it raises, for the screens' `except` clauses (they never
import the store), and what it means in words."""

from __future__ import annotations


def save_failures() -> tuple[type[Exception], ...]:
    """The disk's error (full, read-only: OSError) or the store's own refusal (a read-only
    folder, a lost lock: StoreError). An `except` clause evaluates it only once something is
    raised, so the store is not imported before."""
    from kiosk.storage.errors import StoreError

    return (OSError, StoreError)


def describe_store_failure(exc: BaseException) -> str:
    """A failed save in words a table and a facilitator understand ("… is full.")."""
    from kiosk.storage.errors import describe_failure

    return describe_failure(exc)
