"""The files the store set aside as damaged, as the facilitator's area shows them until the
facilitator deals with each: what it holds, "Put back" for the rankings and poll runs it
can read and the kiosk does not hold, and "Keep", which moves it into the data folder's
`set-aside/` (nothing is ever deleted). kiosk.storage.aside reads them."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.services.facilitator.changes import Changes
from kiosk.services.failures import describe_store_failure, save_failures
from kiosk.services.ports import SetAsidePort


@dataclass(frozen=True)
class SetAsideNote:
    """One set-aside file, in words for the facilitator."""

    name: str  # the file's name in the data folder
    text: str  # what it is and what it holds
    can_put_back: int  # rankings and poll runs it can read that the kiosk does not hold
    whole: bool  # read to its end (a copy kept before a repair), not damaged on disk


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str


class SetAsideService:
    def __init__(self, store: SetAsidePort, changes: Changes) -> None:
        self._store = store
        self._changes = changes

    def notes(self) -> list[SetAsideNote]:
        """Every set-aside file still in the data folder (a damaged store file is found,
        and set aside, now). A store that cannot be read says nothing here: its own
        problem is told where the kiosk started."""
        with self._changes.lock:
            try:
                found = self._store.set_aside_files()
            except save_failures():
                return []
        notes = []
        for aside in found:
            if aside.can_put_back:
                tail = f"; {aside.can_put_back} of them not in this kiosk"
            elif aside.rankings or aside.runs:
                tail = "; all of them that can be read are in this kiosk"
            else:
                tail = ""
            text = f"{aside.name} ({aside.when}) holds {aside.held()}{tail}."
            notes.append(SetAsideNote(aside.name, text, aside.can_put_back, aside.whole))
        return notes

    def put_back(self, name: str) -> Outcome:
        """Add what the file holds that the kiosk does not (one held is never replaced)."""
        with self._changes.lock:
            try:
                rankings, runs = self._store.put_back_set_aside(name)
            except ValueError:
                return Outcome(False, f"{name} is no longer in the data folder.")
            except save_failures() as exc:
                return Outcome(False, f"Nothing was put back: {describe_store_failure(exc)}")
        if rankings:
            self._changes.changed("rankings")
        if runs:
            self._changes.changed("polls")
        done = [f"{rankings} ranking{'s' if rankings != 1 else ''}"] if rankings else []
        done += [f"{runs} poll run{'s' if runs != 1 else ''}"] if runs else []
        if not done:
            return Outcome(True, "Nothing to put back: what it holds is in the kiosk.")
        return Outcome(True, f"{' and '.join(done)} put back.")

    def keep(self, name: str) -> Outcome:
        """Move the file into `set-aside/`: kept, no longer reported."""
        with self._changes.lock:
            try:
                where = self._store.keep_set_aside(name)
            except ValueError:
                return Outcome(False, f"{name} is no longer in the data folder.")
            except save_failures() as exc:
                return Outcome(False, f"{name} stays where it is: "
                                      f"{describe_store_failure(exc)}")
        self._changes.changed("set-aside")
        return Outcome(True, f"{name} kept in {where.parent.name}/.")
