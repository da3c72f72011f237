"""Hostile and damaged input (issue: "nothing a damaged file, a wrong clock, a full disk or a
hostile input can do stops a kiosk"): each attack named in its test, each answered with a
`file:line: reason` or a one-line message naming the file — never "unexpected error"."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.exchange import export_csv
from kiosk.storage import Store
from tests.csv_support import catalog_for, sample_records


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    catalog = catalog_for(tmp_path / "catalog")
    out = tmp_path / "export"
    export_csv(sample_records(catalog, 2), catalog, out)
    return out


def set_first_row(path: Path, column: str, value: str, whole_ranking: bool = False) -> None:
    """Set `column` on the first data row (and, with `whole_ranking`, on every row of its
    ranking, so the file stays consistent)."""
    text = path.read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    first_id = rows[1][0]
    for row in rows[1:] if whole_ranking else rows[1:2]:
        if row[0] == first_id:
            row[rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8-sig")


@pytest.mark.parametrize("column, value", [
    ("position", "9" * 4301),  # more digits than Python turns into an int
    ("duration_s", "9" * 4301),
    ("moves", "9" * 4301),
    ("moves", str(2 ** 64)),  # past what the store's JSON writer takes
    ("duration_s", str(2 ** 64)),
    ("position", str(2 ** 64)),
])
def test_attack_huge_numbers_in_an_import_are_a_file_line_reason(
        tmp_path, exported, capsys, column, value):
    set_first_row(exported / "rankings.csv", column, value)
    data = tmp_path / "data"
    Store.open(data).close()
    status = cli.main(["import", str(exported), "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert "unexpected error" not in err and "Traceback" not in err
    assert status == cli.EXIT_REJECTED == 2  # the contract: file:line, exit 2
    assert f"rankings.csv:2: {column} " in err
    with Store.open(data) as store:
        assert store.count_rankings() == 0  # rejected whole


@pytest.mark.parametrize("content", [
    b'{"meta": {"store": {"schema_version": 99}}, "rankings": {}}',  # a newer kiosk's file
])
@pytest.mark.parametrize("command", [["export", "--out", "OUT"], ["compare", "--deck",
                                     "examples-1-6", "--lens", "benefit"]])
def test_attack_a_future_rankings_file_is_one_line_naming_it(tmp_path, capsys, content, command):
    data = tmp_path / "data"
    Store.open(data).close()
    (data / "rankings.json").write_bytes(content)
    args = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    status = cli.main([*args, "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert status == cli.EXIT_USAGE
    assert "unexpected error" not in err and "rankings.json" in err
    assert len(err.strip().splitlines()) == 1
    assert (data / "rankings.json").read_bytes() == content  # left as it was


@pytest.mark.parametrize("spelling", [
    lambda u: "{" + u + "}", lambda u: "urn:uuid:" + u, str.upper, lambda u: u.replace("-", ""),
])
def test_attack_one_ranking_id_spelled_another_way_is_the_same_ranking(tmp_path, exported,
                                                                       spelling):
    from kiosk.exchange import import_csv

    catalog = catalog_for(tmp_path / "catalog")
    with Store.open(tmp_path / "data") as store:
        first = import_csv([exported], store, catalog)
        assert first.new == 2
        ids = {r.ranking_id for r in store.list_rankings()}
        for name in ("rankings.csv", "criteria.csv"):
            path = exported / name
            text = path.read_text("utf-8-sig")
            for rid in ids:
                text = text.replace(rid, spelling(rid))
            path.write_text(text, "utf-8-sig")
        again = import_csv([exported], store, catalog)
        assert (again.new, again.present, again.rejected) == (0, 2, [])
        assert {r.ranking_id for r in store.list_rankings()} == ids


def test_attack_a_different_ranking_under_a_known_id_is_reported_and_the_stored_one_kept(
        tmp_path, exported, capsys):
    data = tmp_path / "data"
    Store.open(data).close()
    assert cli.main(["import", str(exported), "--data-dir", str(data)]) == cli.EXIT_OK
    with Store.open(data) as store:
        before = {r.ranking_id: r for r in store.list_rankings()}
    set_first_row(exported / "rankings.csv", "note", "a different note, same id",
                  whole_ranking=True)
    capsys.readouterr()
    status = cli.main(["import", str(exported), "--data-dir", str(data)])
    out, err = capsys.readouterr()
    assert status == cli.EXIT_OK
    assert "rankings.csv:2: ranking " in err and "already stored" in err
    assert "kept the stored one" in err
    assert "0 new rankings; 2 already present" in out
    with Store.open(data) as store:
        assert {r.ranking_id: r for r in store.list_rankings()} == before


def test_attack_a_lock_file_planted_as_a_symlink_is_never_followed(tmp_path):
    from kiosk.storage import StoreError

    data = tmp_path / "data"
    data.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (data / "kiosk.lock").symlink_to(victim)
    with pytest.raises(StoreError, match="lock"):
        Store.open(data)
    assert victim.read_text() == "precious"  # neither truncated nor written


def test_attack_export_temp_files_are_unpredictable_and_never_follow_a_symlink(tmp_path):
    import os

    catalog = catalog_for(tmp_path / "catalog")
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for name in ("rankings.csv", "criteria.csv", "matrix-examples-1-6-benefit.csv"):
        (out / f".{name}.{os.getpid()}.part").symlink_to(victim)  # the old, guessable names
    export_csv(sample_records(catalog, 2), catalog, out)
    assert victim.read_text() == "precious"
    assert (out / "rankings.csv").read_bytes().startswith(b"\xef\xbb\xbfranking_id,")


def test_a_killed_exports_temp_files_are_gone_after_the_next_export(tmp_path):
    catalog = catalog_for(tmp_path / "catalog")
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".kiosk-export-rankings.csv.x1y2z3.part"  # what a SIGKILL mid-export leaves
    stale.write_text("half a file")
    export_csv(sample_records(catalog, 2), catalog, out)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_the_export_folder_is_synced_after_the_files_are_renamed_into_it(tmp_path, monkeypatch):
    import os

    from kiosk.exchange import export as export_module

    catalog = catalog_for(tmp_path / "catalog")
    out = tmp_path / "out"
    events: list[str] = []
    real_replace, real_fsync = os.replace, os.fsync
    monkeypatch.setattr(export_module.os, "replace",
                        lambda a, b: (events.append(f"replace {Path(b).name}"),
                                      real_replace(a, b))[1])

    def fsync(fd: int) -> None:
        if os.path.samefile(f"/proc/self/fd/{fd}", out):
            events.append("fsync folder")
        real_fsync(fd)

    monkeypatch.setattr(export_module.os, "fsync", fsync)
    export_csv(sample_records(catalog, 2), catalog, out)
    assert events[-1] == "fsync folder" and events[-2] == "replace rankings.csv"


class SteppingClocks:
    """A wall clock that a kiosk without network or clock battery steps back an hour in the
    middle of a ranking, and the monotonic clock, which only goes forward."""

    def __init__(self) -> None:
        from datetime import UTC, datetime

        self.wall = datetime(2017, 3, 14, 10, 0, tzinfo=UTC)
        self.seconds = 1000.0

    def now(self):
        return self.wall

    def monotonic(self) -> float:
        return self.seconds

    def wait(self, seconds: float, wall_jump_s: float = 0.0) -> None:
        from datetime import timedelta

        self.seconds += seconds
        self.wall += timedelta(seconds=seconds + wall_jump_s)


def test_attack_a_clock_that_steps_back_gives_a_true_duration_and_the_export_imports(tmp_path):
    from kiosk.domain.ranking import Ranking, RankingContext
    from kiosk.exchange import import_csv

    catalog = catalog_for(tmp_path / "catalog")
    cards = catalog.deck("examples-1-6").card_ids
    clocks = SteppingClocks()
    ranking = Ranking("examples-1-6", "benefit", tuple(cards),
                      RankingContext("w1", "Hall", "", "2017-03-14", "Table 1", "k1"),
                      clock=clocks.now, monotonic=clocks.monotonic)
    for slot, card in enumerate(cards):
        clocks.wait(10, wall_jump_s=-3600 if slot == 3 else 0)  # the clock is "corrected"
        ranking.drop(card, slot)
    clocks.wait(20)
    record = ranking.to_record()
    assert record.duration_s == 70  # 5 moves after the first, 10 s apart, then 20 s to save
    assert record.completed_at < record.started_at  # the wall clock says otherwise
    export_csv([record], catalog, tmp_path / "out")
    with Store.open(tmp_path / "data") as store:
        summary = import_csv([tmp_path / "out"], store, catalog)
    assert (summary.new, summary.rejected) == (1, [])


def test_attack_a_stored_negative_duration_from_an_older_kiosk_still_exports_importably(
        tmp_path):
    from kiosk.domain.record import SavedRanking
    from kiosk.exchange import import_csv

    catalog = catalog_for(tmp_path / "catalog")
    doc = sample_records(catalog, 1)[0].to_doc()
    doc["duration_s"] = -3600.0  # what a kiosk whose clock stepped back used to save
    record = SavedRanking.from_doc(doc)
    assert record.duration_s is None  # unknown, not negative
    export_csv([record], catalog, tmp_path / "out")
    cells = (tmp_path / "out" / "rankings.csv").read_text("utf-8-sig")
    assert "-3600" not in cells
    with Store.open(tmp_path / "data") as store:
        assert import_csv([tmp_path / "out"], store, catalog).rejected == []


@pytest.mark.parametrize("log", [
    [{"t": "yesterday", "op": "place", "card": "1", "to": 0}],  # a time that is no time
    ["not an object"],
    [{"t": "2017-03-14T10:00:00+00:00", "op": "place", "card": "1", "to": "top"}],
])
def test_attack_a_draft_whose_log_has_the_wrong_shape_is_a_problem_not_a_crash(tmp_path, log):
    from kiosk.services.catalog import load_catalog
    from kiosk.services.table_session import TableSession

    data = tmp_path / "data"
    catalog = load_catalog(data)
    with Store.open(data) as store:
        session = TableSession(store, catalog)
        cards = catalog.deck(session.step.deck.id).card_ids
        store.save_draft(session.slot, {
            "ranking_id": "r1", "deck": session.step.deck.id, "lens": session.step.lens.id,
            "cards": cards, "context": {}, "log": log, "step": 0, "phase": "board"})
        again = TableSession(store, catalog)
        assert again.draft_info() is None
        assert any("could not be restored" in p for p in again.problems)


def test_attack_killing_the_kiosk_does_not_give_five_fresh_pin_tries(tmp_path):
    """Wrong tries and a lock-out are written as they happen: a restart (kill, power cut)
    carries on where the pad was."""
    from kiosk.domain.pin import LOCKOUT_S, MAX_TRIES
    from kiosk.services.catalog import load_catalog
    from kiosk.services.table_session import TableSession

    data = tmp_path / "data"
    catalog = load_catalog(data)
    clock = [100.0]
    with Store.open(data) as store:
        session = TableSession(store, catalog)
        session.set_pin("2468")
        gate = session.pin_gate(lambda: clock[0])
        for _ in range(MAX_TRIES - 2):
            assert not gate.attempt("1111")
    clock[0] = 5.0  # a new boot: the monotonic clock starts again
    with Store.open(data) as store:  # "restarted"
        gate = TableSession(store, catalog).pin_gate(lambda: clock[0])
        assert not gate.attempt("1111")
        assert gate.seconds_locked() == 0
        assert not gate.attempt("1111")  # the fifth wrong try in all
        assert gate.seconds_locked() == LOCKOUT_S
    with Store.open(data) as store:  # restarted while locked out
        gate = TableSession(store, catalog).pin_gate(lambda: clock[0])
        assert gate.seconds_locked() > 0
        assert not gate.attempt("2468")  # even the right PIN waits for the lock-out
        clock[0] += LOCKOUT_S
        assert gate.attempt("2468")
    with Store.open(data) as store:
        gate = TableSession(store, catalog).pin_gate(lambda: clock[0])
        assert gate.failures == 0 and gate.seconds_locked() == 0


def test_attack_a_deleted_lock_file_never_lets_two_writers_lose_data(tmp_path):
    """`rm kiosk.lock` while a kiosk runs: a second process can lock a new file, so the first
    must notice its lock is no longer the one on disk and refuse to write."""
    from kiosk.domain.record import SavedRanking
    from kiosk.storage import StoreError

    data = tmp_path / "data"
    first = Store.open(data)
    try:
        first.save_ranking(SavedRanking("r0", "examples-1-6", "benefit", {"1": 1}))
        (data / "kiosk.lock").unlink()
        with Store.open(data) as second:  # what a second kiosk or `kiosk import` does
            second.save_rankings([SavedRanking(f"r{n}", "examples-1-6", "benefit", {"1": 1})
                                  for n in range(1, 101)])
        with pytest.raises(StoreError, match="Another program"):
            first.save_ranking(SavedRanking("late", "examples-1-6", "benefit", {"1": 1}))
        with pytest.raises(StoreError, match="Another program"):
            first.save_settings({"table": "Table 9"})
    finally:
        first.close()
    with Store.open(data) as store:
        assert store.count_rankings() == 101  # nothing the second wrote was overwritten
        assert not store.has_ranking("late")


def test_attack_a_rename_cut_short_changes_nothing_half_way(tmp_path, monkeypatch):
    """A workshop's rename corrects every ranking's copy in one atomic write, before the
    workshop itself: cut short there (a kill, a full disk), nothing is half renamed and the
    workshop does not show a name its rankings lack."""
    from kiosk.domain.workshop import Workshop
    from kiosk.services.facilitator import FacilitatorService

    catalog = catalog_for(tmp_path / "catalog")
    records = [r.with_changes(workshop_id="w1", workshop="Old")
               for r in sample_records(catalog, 6)]
    with Store.open(tmp_path / "data") as store:
        store.save_rankings(records)
        store.save_workshop({"workshop_id": "w1", "name": "Old", "place": "", "date": ""})
        service = FacilitatorService(store, catalog)
        writes = []
        table = store._rankings()

        def failing(put=None, remove=()):
            writes.append(len(put or ()))
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(table, "change", failing)
        with pytest.raises(OSError):
            service.workshops.update(Workshop("w1", "New", "", ""))
        assert writes == [6]  # one write for all six
        assert {r.workshop for r in store.list_rankings()} == {"Old"}
        assert store.get_workshop("w1")["name"] == "Old"
        monkeypatch.undo()
        assert service.workshops.update(Workshop("w1", "New", "", "")) == 6
        assert {r.workshop for r in store.list_rankings()} == {"New"}


def test_a_ranking_resumed_after_a_pause_never_counts_the_pause():
    """duration_s counts the time a table worked on the ranking (Ranking.duration_s): a
    ranking parked and resumed (or restarted after a power cut) does not count the pause,
    whatever the wall clock did meanwhile — never a negative or absurd gap either."""
    from datetime import timedelta

    from kiosk.domain.ranking import Ranking

    for jump in (timedelta(minutes=5), timedelta(hours=-1), timedelta(days=3)):
        clocks = SteppingClocks()
        ranking = Ranking("d", "benefit", ("a", "b"), clock=clocks.now,
                          monotonic=clocks.monotonic)
        ranking.drop("a", 0)
        clocks.wait(10)
        ranking.drop("b", 1)
        draft = ranking.to_draft()
        clocks.wall += jump  # parked, or the kiosk off, for a while
        clocks.seconds = 0.0  # a new process: its monotonic clock starts elsewhere
        resumed = Ranking.from_draft(draft, clock=clocks.now, monotonic=clocks.monotonic)
        clocks.wait(20)
        assert resumed.to_record().duration_s == 10 + 20, jump
