"""Files the store set aside as damaged (`<name>.corrupt-<time>`) stay reported while they
are in the data folder — by every `kiosk check`, not only the run that set them aside —
with what they hold and what to do; the rankings before the damage point of a cut-short
rankings.json can be put back; "Keep" moves a file into `<data>/set-aside/`, never deletes it.

Attack (review): `head -c 5000 rankings.json > x && mv x rankings.json`; the first
`kiosk check` said so once (exit 1), the second "0 rankings … all fine" (exit 0) while the
set-aside file holding 93 rankings sat there; the kiosk's area said "0 saved rankings"."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.storage import Store
from kiosk.storage.aside import ASIDE_FOLDER, salvage
from tests.csv_support import catalog_for, sample_records, store_with

RANKINGS = 93


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with store_with(folder, sample_records(catalog_for(folder), RANKINGS)):
        pass
    return folder


def truncate(path: Path, size: int = 5000) -> bytes:
    whole = path.read_bytes()
    assert len(whole) > size
    path.write_bytes(whole[:size])
    return whole


def check(data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["check", "--data-dir", str(data)])
    return status, capsys.readouterr().out


def test_attack_a_second_kiosk_check_still_reports_the_set_aside_rankings(data, capsys):
    truncate(data / "rankings.json")
    first, _ = check(data, capsys)
    assert first == 1
    [kept] = sorted(data.glob("rankings.json.corrupt-*"))

    for _ in range(2):  # every run, not only the one that set it aside
        status, out = check(data, capsys)
        assert status == 1, out
        assert "all fine" not in out
        [line] = [line for line in out.splitlines() if str(kept) in line]
        assert "rankings" in line and "not in rankings.json now" in line
        assert "kiosk import" in line and "text editor" in line  # what to do
        assert "Keep" in line and ASIDE_FOLDER in line


def test_attack_the_report_says_how_many_rankings_it_holds_before_the_damage(data, capsys):
    whole = truncate(data / "rankings.json")
    check(data, capsys)
    [kept] = sorted(data.glob("rankings.json.corrupt-*"))
    found = salvage(kept.read_bytes())
    assert not found.whole and found.damage
    held = len(found.tables["rankings"])
    assert 0 < held < RANKINGS
    assert whole.startswith(kept.read_bytes())
    _, out = check(data, capsys)
    assert f"{held} rankings" in out


def test_attack_the_rankings_before_the_damage_point_are_put_back(data):
    truncate(data / "rankings.json")
    with Store.open(data) as store:
        assert store.count_rankings() == 0
        [aside] = store.set_aside_files()
        held = aside.missing["rankings"]
        assert held > 0
        assert store.put_back_set_aside(aside.path.name) == (held, 0)
        assert store.count_rankings() == held
        # a second time adds nothing: an id stored is never duplicated
        assert store.put_back_set_aside(aside.path.name) == (0, 0)
        [again] = store.set_aside_files()
        assert again.missing["rankings"] == 0  # still reported until it is kept
    with Store.open(data) as store:
        assert store.count_rankings() == held


def test_keep_moves_the_file_into_set_aside_and_it_is_no_longer_reported(data, capsys):
    truncate(data / "rankings.json")
    check(data, capsys)
    [kept] = sorted(data.glob("rankings.json.corrupt-*"))
    raw = kept.read_bytes()
    with Store.open(data) as store:
        moved = store.keep_set_aside(kept.name)
        assert store.set_aside_files() == []
    assert moved == data / ASIDE_FOLDER / kept.name
    assert moved.read_bytes() == raw and not kept.exists()  # never deleted
    status, out = check(data, capsys)
    assert status == 0 and "all fine" in out


def test_keep_never_overwrites_a_file_kept_before(data, capsys):
    truncate(data / "rankings.json")
    check(data, capsys)
    [kept] = sorted(data.glob("rankings.json.corrupt-*"))
    (data / ASIDE_FOLDER).mkdir()
    (data / ASIDE_FOLDER / kept.name).write_bytes(b"kept earlier")
    with Store.open(data) as store:
        moved = store.keep_set_aside(kept.name)
    assert moved != data / ASIDE_FOLDER / kept.name and moved.parent == data / ASIDE_FOLDER
    assert (data / ASIDE_FOLDER / kept.name).read_bytes() == b"kept earlier"


def test_keep_refuses_a_name_that_is_not_a_set_aside_file(data):
    with Store.open(data) as store, pytest.raises(ValueError):
        store.keep_set_aside("rankings.json")
    with Store.open(data) as store, pytest.raises(ValueError):
        store.keep_set_aside("../rankings.json.corrupt-20260101T000000Z")
    assert (data / "rankings.json").is_file()


def test_a_copy_kept_before_a_repair_says_its_rankings_are_in_the_store(data, capsys):
    # a document of the wrong shape: the store sets it aside and keeps the file as it was
    text = (data / "rankings.json").read_text("utf-8")
    (data / "rankings.json").write_text(text.replace('"ranking_id":', '"ranking_id":1,"x":', 1),
                                        "utf-8")
    check(data, capsys)
    [kept] = sorted(data.glob("rankings.json.corrupt-*"))
    status, out = check(data, capsys)
    assert status == 1
    [line] = [line for line in out.splitlines() if str(kept) in line]
    assert f"{RANKINGS} rankings" in line and "cannot be read" in line
    with Store.open(data) as store:
        [aside] = store.set_aside_files()
        assert aside.whole and aside.missing["rankings"] == 0
        assert store.put_back_set_aside(kept.name) == (0, 0)


def test_salvage_stops_at_the_damage_and_never_reads_past_it():
    raw = (b'{"meta":{"store":{"schema_version":1}},"rankings":{"a":{"n":1},'
           b'"b":{"n":2},"c":{"n":\xff3},"d":{"n":4}}}')
    found = salvage(raw)
    assert found.tables == {"meta": {"store": {"schema_version": 1}},
                            "rankings": {"a": {"n": 1}, "b": {"n": 2}}}
    assert not found.whole
    whole = salvage(b'\xef\xbb\xbf{ "rankings" : { "a" : {"n": 1} } }\n')
    assert whole.whole and whole.tables == {"rankings": {"a": {"n": 1}}}
    assert salvage(b"").tables == {} and salvage(b"[1,2]").tables == {}
    assert salvage(b'{"rankings":{"a":{"n":NaN}}}').tables == {"rankings": {}}


def test_a_kiosk_json_kept_in_set_aside_still_tells_the_kiosk_ran_before(tmp_path):
    """Its PIN is never offered to anyone at the pad because the sign moved folders."""
    from kiosk.storage.recovery import ran_before

    data = tmp_path / "data"
    (data / ASIDE_FOLDER).mkdir(parents=True)
    (data / ASIDE_FOLDER / "kiosk.json.corrupt-20260101T000000Z").write_bytes(b"{")
    assert ran_before(data, {})


def test_kiosk_set_aside_lists_puts_back_and_keeps_at_the_keyboard(data, capsys):
    truncate(data / "rankings.json")
    check(data, capsys)
    [kept] = sorted(data.glob("rankings.json.corrupt-*"))
    assert main(["set-aside", "--data-dir", str(data)]) == 1  # something is set aside
    out = capsys.readouterr().out
    assert str(kept) in out and "kiosk set-aside --put-back" in out
    assert main(["set-aside", "--data-dir", str(data), "--put-back", kept.name]) == 0
    out = capsys.readouterr().out
    assert "put back" in out and "rankings" in out
    with Store.open(data) as store:
        held = store.count_rankings()
    assert held > 0
    assert main(["set-aside", "--data-dir", str(data), "--keep", kept.name]) == 0
    assert (data / ASIDE_FOLDER / kept.name).is_file()
    capsys.readouterr()
    assert main(["set-aside", "--data-dir", str(data)]) == 0
    assert "no file is set aside" in capsys.readouterr().out
    assert main(["set-aside", "--data-dir", str(data), "--keep", "nothing.json"]) == 2
