"""A damaged or missing kiosk.json (issue: damaged files never open the PIN): the settings,
the PIN, the kiosk's identity and its workshop come back from the copy kept beside them; with
no copy left, a kiosk that had run before never offers to choose a PIN — the pad says how to
set one again at the machine's keyboard (`kiosk set-pin`)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.domain.pin import verify_pin
from kiosk.domain.workshop import default_table_label
from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession
from kiosk.storage import Store
from tests.aside_support import only_set_aside_files_reported


def a_kiosk_that_has_worked(data: Path) -> tuple[str, str]:
    """A kiosk with a PIN, a table label and a ranking parked half-way; its id and table."""
    catalog = load_catalog(data)
    with Store.open(data) as store:
        session = TableSession(store, catalog)
        session.set_pin("2468")
        session.start_fresh()
        session.ranking.drop(session.ranking.cards[0], 0)
        session.save_draft()
        return session.settings.kiosk_id, session.workshop.workshop_id


@pytest.mark.parametrize("damage", ["truncate", "delete", "garbage"])
def test_attack_a_damaged_kiosk_json_keeps_the_pin_identity_and_parked_ranking(tmp_path, damage):
    data = tmp_path / "data"
    kiosk_id, workshop_id = a_kiosk_that_has_worked(data)
    path = data / "kiosk.json"
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    elif damage == "delete":
        path.unlink()
    else:
        path.write_bytes(b"\x00\xff not json")
    catalog = load_catalog(data)
    with Store.open(data) as store:
        assert any("kiosk.json" in p and "restored" in p for p in store.problems), store.problems
        session = TableSession(store, catalog)
        assert session.settings.kiosk_id == kiosk_id
        assert session.workshop.workshop_id == workshop_id
        assert session.pin_hash is not None and verify_pin("2468", session.pin_hash)
        assert session.draft_info() is not None  # the parked ranking is offered back


def test_attack_kiosk_json_and_its_copy_both_gone_never_offers_to_choose_a_pin(tmp_path, capsys):
    data = tmp_path / "data"
    kiosk_id, _ = a_kiosk_that_has_worked(data)
    (data / "kiosk.json").write_bytes(b"{")
    (data / "kiosk-copy.json").unlink()
    catalog = load_catalog(data)
    for _ in range(2):  # and not on the start after either
        with Store.open(data) as store:
            session = TableSession(store, catalog)
            gate = session.pin_gate(lambda: 0.0)
            assert not gate.needs_setting and gate.lost
            assert not gate.attempt("2468") and not gate.attempt("1111")
            assert session.settings.kiosk_id == kiosk_id  # read back from the draft's slot
            assert session.draft_info() is not None

    # At the machine's keyboard: the PIN typed twice.
    status = cli.main(["set-pin", "--data-dir", str(data)], stdin=io.StringIO("8642\n8642\n"))
    assert status == cli.EXIT_OK, capsys.readouterr().err
    with Store.open(data) as store:
        gate = TableSession(store, catalog).pin_gate(lambda: 0.0)
        assert not gate.lost and gate.attempt("8642")


def test_set_pin_refuses_two_different_pins_and_a_short_one(tmp_path, capsys):
    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    assert cli.main(["set-pin", "--data-dir", str(data)],
                    stdin=io.StringIO("1234\n4321\n")) == cli.EXIT_USAGE
    assert "not the same" in capsys.readouterr().err
    assert cli.main(["set-pin", "--data-dir", str(data)],
                    stdin=io.StringIO("12\n12\n")) == cli.EXIT_USAGE
    assert "4 to 12 digits" in capsys.readouterr().err


def test_a_brand_new_kiosk_still_chooses_its_pin(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        gate = TableSession(store, load_catalog(data)).pin_gate(lambda: 0.0)
        assert gate.needs_setting and not gate.lost


@pytest.mark.parametrize("pin", ["1234", 1234, ["salt", "hash"], {"salt": "zz"}])
def test_attack_a_pin_field_of_the_wrong_shape_never_offers_a_new_pin(tmp_path, pin):
    """A settings file that parses but whose PIN is not a PIN hash (a hand edit, a damaged
    copy): the kiosk had a PIN, so nobody may choose one at the pad."""
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.save_settings({"kiosk_id": "kiosk-1", "pin": pin})
    with Store.open(data) as store:
        gate = TableSession(store, load_catalog(data)).pin_gate(lambda: 0.0)
        assert not gate.needs_setting and gate.lost
        assert not gate.attempt("1234")


def _edit_settings(data: Path, edit) -> bytes:
    """Edit kiosk.json's settings document by hand (kiosk-copy.json left as it was)."""
    import json

    path = data / "kiosk.json"
    doc = json.loads(path.read_bytes())
    edit(doc["settings"])
    raw = json.dumps(doc).encode()
    path.write_bytes(raw)
    return raw


@pytest.mark.parametrize("value", [5, "kiosk", ["a"], None])
def test_attack_a_settings_document_that_is_not_an_object_is_set_aside_and_restored(
        tmp_path, capsys, value):
    data = tmp_path / "data"
    kiosk_id, workshop_id = a_kiosk_that_has_worked(data)
    raw = _edit_settings(data, lambda settings: settings.update(kiosk=value))
    for command in (["check"], ["export", "--out", str(tmp_path / "out")]):
        assert cli.main([*command, "--data-dir", str(data)]) in (cli.EXIT_OK, cli.EXIT_PROBLEMS)
        assert "Traceback" not in capsys.readouterr().err
    with Store.open(data) as store:
        session = TableSession(store, load_catalog(data))
        assert session.settings.kiosk_id == kiosk_id
        assert session.workshop.workshop_id == workshop_id
        assert session.pin_hash is not None and verify_pin("2468", session.pin_hash)
        assert session.draft_info() is not None
    kept = list(data.glob("kiosk.json.corrupt-*"))
    assert [p.read_bytes() for p in kept] == [raw]  # byte for byte


@pytest.mark.parametrize("field, value", [
    ("table", 5), ("table", {"x": 1}), ("workshop_id", []), ("kiosk_id", 7), ("kiosk_id", ""),
    ("sequence", "benefit"), ("sequence", [{"lens": 1, "deck": None}]), ("sequence", [3]),
    ("idle_timeout_s", "x"), ("idle_timeout_s", True), ("idle_timeout_s", 1.5),
    ("pin_lost", "no"), ("pin_lockout", "x"), ("pin_lockout", {"failures": "4"}),
])
def test_attack_a_settings_field_of_the_wrong_type_is_reported_and_restored_from_the_copy(
        tmp_path, capsys, field, value):
    """A hand edit or damage that leaves kiosk.json parseable but one setting of the wrong
    type: named with the file and the field, the file kept as it was, the setting taken back
    from kiosk-copy.json, everything else (the PIN, the identity, the parked ranking) kept."""
    data = tmp_path / "data"
    kiosk_id, workshop_id = a_kiosk_that_has_worked(data)
    with Store.open(data) as store:
        before = store.get_settings()
    raw = _edit_settings(data, lambda settings: settings["kiosk"].update({field: value}))
    import json

    from kiosk.storage.check import find_problems

    found = find_problems(data / "kiosk.json", json.loads(raw))  # what a read-only check says
    assert [p for p in found if repr(field) in p], found
    with Store.open(data) as store:
        told = [p for p in store.problems if "kiosk.json" in p and repr(field) in p]
        assert told and "kiosk-copy.json" in told[0], store.problems
        assert store.get_settings().get(field) == before.get(field)
        session = TableSession(store, load_catalog(data))
        assert session.settings.kiosk_id == kiosk_id
        assert session.workshop.workshop_id == workshop_id
        assert session.pin_hash is not None and verify_pin("2468", session.pin_hash)
        assert session.draft_info() is not None
    assert [p.read_bytes() for p in data.glob("kiosk.json.corrupt-*")] == [raw]
    only_set_aside_files_reported(data, capsys)  # repaired once


def test_attack_a_wrong_typed_setting_with_no_copy_falls_back_to_its_default(tmp_path):
    data = tmp_path / "data"
    kiosk_id, _ = a_kiosk_that_has_worked(data)
    _edit_settings(data, lambda settings: settings["kiosk"].update(idle_timeout_s="soon",
                                                                    table=["x"]))
    (data / "kiosk-copy.json").unlink()
    with Store.open(data) as store:
        told = [p for p in store.problems if "'idle_timeout_s'" in p]
        assert told and "default" in told[0], store.problems
        assert "idle_timeout_s" not in store.get_settings()
        session = TableSession(store, load_catalog(data))
        assert session.settings.kiosk_id == kiosk_id
        assert session.settings.table == default_table_label(kiosk_id)
        assert session.pin_hash is not None and verify_pin("2468", session.pin_hash)


def test_attack_a_damaged_pin_with_no_copy_marks_the_pin_lost(tmp_path):
    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    _edit_settings(data, lambda settings: settings["kiosk"].update(pin="1234"))
    (data / "kiosk-copy.json").unlink()
    with Store.open(data) as store:
        assert any("'pin'" in p and "set-pin" in p for p in store.problems), store.problems
        gate = TableSession(store, load_catalog(data)).pin_gate(lambda: 0.0)
        assert gate.lost and not gate.needs_setting


def test_attack_a_damaged_pin_comes_back_from_the_copy(tmp_path):
    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    _edit_settings(data, lambda settings: settings["kiosk"].update(pin={"salt": "zz"}))
    with Store.open(data) as store:
        session = TableSession(store, load_catalog(data))
        assert session.pin_hash is not None and verify_pin("2468", session.pin_hash)
