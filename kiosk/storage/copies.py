"""Documents go into the store and come out as copies, so a caller can never change what is
cached or stored by mutating a dict it passed or got back; a copy is also proof that a value
is plain JSON. Records (rankings, poll runs) are turned into documents here, checked as they
would be on reading them back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import SavedRanking, completion_time
from kiosk.storage.documents import read_poll_run
from kiosk.storage.tables import Doc

# A datetime or dataclass would come back as something else; make the caller convert it.
_STRICT = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_NEVER = datetime.min.replace(tzinfo=UTC)


def copy_doc(value: Any) -> Any:
    """A deep copy that is also proof the value is plain JSON (raises TypeError if not)."""
    return orjson.loads(orjson.dumps(value, option=_STRICT))


def doc_key(doc: Mapping[str, Any], field: str) -> str:
    if not isinstance(doc, Mapping):
        raise TypeError(f"a document must be a dict, not {type(doc).__name__}")
    key = doc.get(field)
    if not isinstance(key, str) or not key:
        raise ValueError(f"the document needs a non-empty string {field!r}, not {key!r}")
    return key


def completion_order(record: SavedRanking) -> tuple[bool, datetime, str]:
    when = completion_time(record.completed_at)
    return (when is not None, when or _NEVER, record.ranking_id)


def ranking_doc(record: SavedRanking) -> tuple[str, Doc]:
    if not isinstance(record, SavedRanking):
        raise TypeError(f"a ranking must be a SavedRanking, not {type(record).__name__}")
    if not record.ranking_id:
        raise ValueError("a ranking needs a non-empty ranking_id")
    return record.ranking_id, copy_doc(record.to_doc())


def poll_run_doc(run: PollRun) -> tuple[str, Doc]:
    """The run's document, checked as it would be on reading it back: a run the store would
    set aside on its next open is refused now (ValueError) instead."""
    if not isinstance(run, PollRun):
        raise TypeError(f"a poll run must be a PollRun, not {type(run).__name__}")
    doc = copy_doc(run.to_doc())
    _, reason = read_poll_run(run.poll_run_id, doc)
    if reason is not None:
        raise ValueError(f"poll run {run.poll_run_id!r} {reason}")
    return run.poll_run_id, doc
