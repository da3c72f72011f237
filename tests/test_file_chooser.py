"""The finger-sized file chooser of a kiosk: drives found from a (fake) /proc/mounts, large
rows, tap navigation, drag scrolling, a name to save as — and the attacks on it: an
unreadable folder, a symlink loop, a folder of 5,000 files, a drive pulled out while the
chooser is open. The desktop's QFileDialog is only for a normal window (`--windowed`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QScroller, QWidget

from kiosk.services import drives
from kiosk.services.drives import list_folder, places, removable_drives
from kiosk.ui.file_chooser import (
    FOLDER,
    OPEN_FILES,
    SAVE,
    FileChooser,
    desktop_dialogs,
    host_for,
    suffixes,
)


@pytest.fixture
def media(tmp_path: Path):
    """A fake /proc/mounts and its mount points under a temporary /media and /mnt."""
    root = tmp_path / "root"
    stick = root / "media" / "anna" / "KINGSTON 16GB"
    card = root / "mnt" / "sdcard"
    deep = root / "mnt" / "sandbox" / "tools" / "python"
    for folder in (stick, card, deep, root / "media" / "tmp"):
        folder.mkdir(parents=True)
    (stick / "workshop-2017").mkdir()
    (stick / "workshop-2017" / "rankings.csv").write_text("x")
    mounts = tmp_path / "mounts"

    def write(*lines: str) -> None:
        mounts.write_text("".join(line + "\n" for line in lines))

    write("proc /proc proc rw 0 0",
          f"/dev/vda {root} ext4 rw,relatime 0 0",
          # a space in a label is written \040 in /proc/mounts
          f"/dev/sdb1 {root}/media/anna/KINGSTON\\04016GB vfat rw,nosuid 0 0",
          f"/dev/mmcblk0p1 {card} exfat ro,relatime 0 0",
          f"tools {deep} tmpfs ro 0 0",  # too deep and in memory: no drive
          f"tmpfs {root}/media/tmp tmpfs rw 0 0",  # in memory: no drive
          f"/dev/sdc1 {root}/media/anna/GONE vfat rw 0 0")  # its folder is already gone
    roots = ((str(root / "media"), (1, 2)), (str(root / "run" / "media"), (2,)),
             (str(root / "mnt"), (1,)))
    return {"root": root, "stick": stick, "card": card, "mounts": mounts, "roots": roots,
            "write": write, "exports": tmp_path / "data" / "exports", "home": tmp_path / "home"}


def chooser(qtbot, media, mode=FOLDER, patterns=None, name="", size=(1366, 768), **kw):
    host = QWidget()
    host.resize(*size)
    qtbot.addWidget(host)
    host.show()
    media["home"].mkdir(exist_ok=True)
    widget = FileChooser(host, mode, "Choose", patterns, name, exports=media["exports"],
                         home=media["home"], mounts=media["mounts"], roots=media["roots"],
                         **kw)
    widget.host = host  # pytest-qt holds widgets weakly; the test holds the host
    widget.open()
    return widget


def texts(view) -> list[str]:
    return [view.item(i).text() for i in range(view.count())]


# ----- finding drives (no Qt)
def test_drives_come_from_the_mounts_file_first_then_exports_and_home(media):
    found = places(media["exports"], media["home"], media["mounts"], media["roots"])
    assert [(p.label, p.kind) for p in found] == [
        ("KINGSTON 16GB", "drive"), ("sdcard", "drive"),
        ("Exports folder (on this kiosk)", "exports"), ("Home folder", "home")]
    assert found[0].path == media["stick"]
    assert found[1].read_only and found[1].detail == "read-only"
    assert "free" in found[0].detail


def test_no_mounts_file_means_no_drives_not_an_error(tmp_path, media):
    assert removable_drives(tmp_path / "no-such-mounts", media["roots"]) == []
    assert [p.kind for p in places(media["exports"], None, tmp_path / "none")] == ["exports"]


def test_the_real_machine_lists_no_sandbox_or_memory_mount_as_a_drive():
    for place in removable_drives():
        assert place.path.is_dir()
        assert len(place.path.parts) <= 5  # /run/media/USER/LABEL at most


# ----- listing folders: the attacks
def test_attack_5000_files_listed_folders_first_in_natural_order(qtbot, tmp_path, media):
    big = tmp_path / "big"
    big.mkdir()
    for i in range(5000):
        (big / f"sheet-{i}.csv").touch()
    (big / "z-folder").mkdir()
    (big / ".hidden").touch()
    listing = list_folder(big, [".csv"])
    assert len(listing.entries) == 5001
    assert listing.entries[0].name == "z-folder" and listing.entries[0].is_dir
    assert [e.name for e in listing.entries[1:4]] == ["sheet-0.csv", "sheet-1.csv",
                                                      "sheet-2.csv"]
    assert listing.entries[11].name == "sheet-10.csv"  # "10" after "9"

    widget = chooser(qtbot, media, OPEN_FILES, [".csv"])
    assert widget.open_folder(big)  # how long it takes: benchmarks/run.py, chooser_5000_files_ms
    QApplication.processEvents()
    assert widget.entry_list.count() == 5001
    widget.tap_entry(widget.listing.entries[5000])
    assert widget.accept_button.text() == "Open 1 file"


def test_attack_symlink_loops_are_skipped_or_stop_with_a_message(qtbot, tmp_path, media):
    folder = tmp_path / "loops"
    folder.mkdir()
    (folder / "again").symlink_to(".")  # a folder that holds itself
    (folder / "knot").symlink_to(folder / "knot")  # a link to itself: ELOOP
    (folder / "nowhere").symlink_to(tmp_path / "missing")
    listing = list_folder(folder)
    assert [(e.name, e.is_dir) for e in listing.entries] == [("again", True)]
    assert listing.skipped == 1  # the knot; a link to nothing is no entry at all

    widget = chooser(qtbot, media)
    widget.open_folder(folder)
    for _ in range(60):  # tapping "again" over and over ends in a message, not a hang
        again = [e for e in widget.listing.entries if e.name == "again"]
        if not again or not widget.open_folder(again[0].path):
            break
    # at the kernel's limit of links in one path the loop cannot be followed further: it
    # is left out (or, opened as it was listed, the folder says why)
    assert "again" not in [e.name for e in widget.listing.entries] or \
        widget.message.text() == ("This folder cannot be opened: Too many levels of "
                                  "symbolic links.")
    assert 30 < len(widget.folder.parts) - len(folder.parts) <= 60
    assert widget.folder.is_dir()
    assert widget.folder.is_dir()  # still on the last folder that could be opened


def test_attack_unreadable_folder_keeps_the_last_folder_and_says_why(qtbot, media,
                                                                     monkeypatch):
    locked = media["stick"] / "locked"
    locked.mkdir()
    real = os.scandir

    def scandir(path):
        if Path(path) == locked:  # as for a folder of another user: EACCES
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(drives.os, "scandir", scandir)
    widget = chooser(qtbot, media)
    assert widget.folder == media["stick"]
    entry = next(e for e in widget.listing.entries if e.name == "locked")
    widget.tap_entry(entry)
    assert widget.folder == media["stick"]
    assert widget.message.text() == "This folder cannot be opened: permission denied."


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder whatever its mode")
def test_attack_unreadable_folder_by_its_mode(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0)
    try:
        assert list_folder(locked).error == "This folder cannot be opened: permission denied."
    finally:
        locked.chmod(0o755)


def test_attack_drive_removed_while_the_chooser_is_open(qtbot, media):
    widget = chooser(qtbot, media, poll_ms=20)
    widget.tap_entry(widget.listing.entries[0])  # into workshop-2017 on the stick
    assert widget.folder == media["stick"] / "workshop-2017"
    # the stick is pulled out: its mount line goes and its folder with it
    media["write"](f"/dev/mmcblk0p1 {media['card']} exfat ro 0 0")
    (media["stick"] / "workshop-2017" / "rankings.csv").unlink()
    (media["stick"] / "workshop-2017").rmdir()
    widget.folder = media["stick"] / "workshop-2017"  # what the screen still shows
    qtbot.waitUntil(lambda: "KINGSTON 16GB was removed" in widget.message.text(), timeout=3000)
    assert texts(widget.place_list)[0].startswith("▣  sdcard")
    assert widget.place.label == "sdcard"


def test_a_vanished_folder_is_not_chosen(qtbot, media, tmp_path):
    widget = chooser(qtbot, media)
    gone = tmp_path / "gone"
    gone.mkdir()
    widget.open_folder(gone)
    gone.rmdir()
    with qtbot.assertNotEmitted(widget.finished):
        widget.accept()
    assert "not there any more" in widget.message.text()


# ----- the chooser as a finger uses it
def test_no_drive_is_said_and_the_exports_folder_is_offered(qtbot, media):
    media["write"]("proc /proc proc rw 0 0")
    widget = chooser(qtbot, media)
    assert widget.no_drive.isVisible()
    assert "No USB stick found" in widget.no_drive.text()
    assert widget.folder == media["exports"] and media["exports"].is_dir()
    with qtbot.waitSignal(widget.finished) as done:
        widget.accept_button.click()
    assert done.args == [[str(media["exports"])]]


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_rows_and_buttons_are_finger_sized(qtbot, media, size):
    widget = chooser(qtbot, media, size=size)
    QApplication.processEvents()
    for view in (widget.place_list, widget.entry_list):
        assert view.count()
        for row in range(view.count()):
            assert view.visualItemRect(view.item(row)).height() >= 48
    for button in (widget.cancel_button, widget.accept_button, widget.up_button):
        assert button.height() >= 48
    assert widget.geometry() == widget.parentWidget().rect()  # in the window, all of it


def test_tap_into_folders_and_up_again_without_leaving_the_drive(qtbot, media):
    widget = chooser(qtbot, media)
    assert not widget.up_button.isEnabled()  # at the drive's top
    item = widget.entry_list.item(0)
    assert item.text() == "workshop-2017  ›"
    widget.entry_list.itemClicked.emit(item)
    assert widget.folder == media["stick"] / "workshop-2017"
    assert widget.up_button.isEnabled()
    widget.up_button.click()
    assert widget.folder == media["stick"]
    widget.place_list.itemClicked.emit(widget.place_list.item(1))
    assert widget.folder == media["card"]


def test_save_gives_a_default_name_its_suffix_and_asks_before_replacing(qtbot, media):
    widget = chooser(qtbot, media, SAVE, [".pdf"], name="manchester-report.pdf")
    assert widget.name_field.text() == "manchester-report.pdf"
    assert QApplication.focusWidget() is not widget.name_field  # no keyboard by itself
    (media["stick"] / "old.pdf").write_text("x")
    widget.name_field.setText("old")
    with qtbot.assertNotEmitted(widget.finished):
        widget.accept_button.click()  # "old.pdf is already there"
    assert widget.name_field.text() == "old.pdf"
    assert "Tap Save again to replace it" in widget.message.text()
    with qtbot.waitSignal(widget.finished) as done:
        widget.accept_button.click()
    assert done.args == [[str(media["stick"] / "old.pdf")]]


def test_save_on_a_read_only_drive_is_refused_with_a_message(qtbot, media, monkeypatch):
    widget = chooser(qtbot, media, SAVE, [".png"], name="chart.png")
    widget.place_list.itemClicked.emit(widget.place_list.item(1))  # the read-only card
    monkeypatch.setattr(drives, "can_write", lambda folder: folder != media["card"])
    with qtbot.assertNotEmitted(widget.finished):
        widget.accept_button.click()
    assert "cannot be written to" in widget.message.text()


def test_the_lists_scroll_by_dragging(qtbot, media):
    for i in range(60):
        (media["stick"] / f"folder {i:02}").mkdir()
    widget = chooser(qtbot, media)
    qtbot.waitExposed(widget.host)
    widget.host.activateWindow()
    view = widget.entry_list
    viewport = view.viewport()
    assert QScroller.hasScroller(viewport)
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    start = QPoint(viewport.width() // 2, viewport.height() - 20)

    def finger(kind: QEvent.Type, at: QPoint, held: bool = True) -> None:
        # a finger's drag as the mouse events Qt synthesizes from it (QTest.mouseMove
        # sends its moves with no button held, which no scroller follows)
        buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
        QApplication.sendEvent(viewport, QMouseEvent(
            kind, QPointF(at), QPointF(viewport.mapToGlobal(at)), Qt.MouseButton.LeftButton,
            buttons, Qt.KeyboardModifier.NoModifier))

    finger(QEvent.Type.MouseButtonPress, start)
    for step in range(1, 16):
        finger(QEvent.Type.MouseMove, start - QPoint(0, step * 25))
        QApplication.processEvents()  # the scroller takes each move as it comes
    qtbot.waitUntil(lambda: bar.value() >= 200, timeout=3000)  # it follows the finger
    finger(QEvent.Type.MouseButtonRelease, start - QPoint(0, 375), held=False)
    assert widget.folder == media["stick"]  # a drag is no tap: no folder was opened


def test_the_filters_become_suffixes():
    assert suffixes("CSV files (*.csv)") == [".csv"]
    assert suffixes("PNG image (*.png)") == [".png"]
    assert suffixes("All files (*)") == []


# ----- which chooser, and where
class _Window(QWidget):
    def __init__(self, kiosk_mode):
        super().__init__()
        self.kiosk_mode = kiosk_mode


def test_desktop_dialog_only_in_a_normal_window(qtbot):
    for mode, desktop in ((True, False), (False, True)):
        window = _Window(mode)
        qtbot.addWidget(window)
        page = QWidget(QWidget(window))
        assert desktop_dialogs(page) is desktop
    bare = QWidget()
    qtbot.addWidget(bare)
    assert desktop_dialogs(bare) is False  # a window that does not say is a kiosk


def test_the_chooser_covers_the_screens_not_the_keyboard_below(qtbot):
    window = _Window(True)
    qtbot.addWidget(window)
    screens, keyboard = QWidget(window), QWidget(window)
    page = QWidget(QWidget(screens))
    assert host_for(page) is screens and host_for(keyboard) is keyboard


def test_exchange_tab_exports_through_the_kiosk_chooser(qtbot, media, tmp_path, monkeypatch):
    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.storage import Store
    from kiosk.ui.facilitator.exchange import ExchangeTab
    from kiosk.ui.theme import Theme

    monkeypatch.setattr(drives, "removable_drives",
                        lambda *a, **k: [drives.Place(media["stick"], "KINGSTON", "drive")])
    seen: list[object] = []

    def tap_use_this_folder() -> None:
        found = window.findChildren(FileChooser)
        seen.append(found[0] if found else QApplication.activeModalWidget())
        if found:
            found[0].accept_button.click()
        elif QApplication.activeModalWidget() is not None:  # a desktop dialog: close it
            QApplication.activeModalWidget().close()

    with Store.open(tmp_path / "data") as store:
        service = FacilitatorService(store, load_catalog(tmp_path / "data"))
        window = _Window(True)
        window.resize(1366, 768)
        qtbot.addWidget(window)
        tab = ExchangeTab(service, Theme.for_size(1366, 768), QWidget(window))
        window.show()
        QTimer.singleShot(50, tap_use_this_folder)
        with qtbot.waitSignal(tab.export_finished, timeout=20000):
            tab.export_button.click()
        tab.wait_for_tasks()
    assert isinstance(seen[0], FileChooser)
    assert (media["stick"] / "rankings.csv").is_file()


def _answer_chooser(window, act) -> list[object]:
    """Soon after, do `act(chooser)` on the in-window chooser; a desktop dialog, if one
    opened instead, is closed (so the test fails rather than waits)."""
    seen: list[object] = []

    def look() -> None:
        found = window.findChildren(FileChooser)
        seen.append(found[0] if found else QApplication.activeModalWidget())
        if found:
            act(found[0])
        elif QApplication.activeModalWidget() is not None:
            QApplication.activeModalWidget().close()

    QTimer.singleShot(50, look)
    return seen


def test_a_charts_save_png_names_the_file_in_the_kiosk_chooser(qtbot, media, monkeypatch):
    from kiosk.ui.charts.panel import ChartPanel
    from kiosk.ui.theme import Theme

    monkeypatch.setattr(drives, "removable_drives",
                        lambda *a, **k: [drives.Place(media["stick"], "KINGSTON", "drive")])
    window = _Window(True)
    window.resize(1366, 768)
    qtbot.addWidget(window)
    panel = ChartPanel("Where each table placed each card", Theme.for_size(1366, 768),
                       QWidget(window))
    panel.slug = "positions-heat-map"
    window.show()
    names: list[str] = []

    def save(chooser: FileChooser) -> None:
        names.append(chooser.name_field.text())
        chooser.name_field.setText("for-the-slides")  # typed: the suffix is added
        chooser.accept_button.click()

    seen = _answer_chooser(window, save)
    with qtbot.waitSignal(panel.exported) as exported:
        panel.png_button.click()
    assert isinstance(seen[0], FileChooser)
    assert names == ["positions-heat-map.png"]  # the sensible default name
    assert exported.args == [str(media["stick"] / "for-the-slides.png")]
    assert (media["stick"] / "for-the-slides.png").stat().st_size > 0


def test_the_chooser_follows_its_host_when_the_keyboard_takes_room(qtbot, media):
    widget = chooser(qtbot, media)
    host = widget.parentWidget()
    host.resize(1366, 768 - 300)  # the on-screen keyboard docked below the screens
    QApplication.processEvents()
    assert widget.geometry() == host.rect()
    assert widget.accept_button.isVisible()


def test_the_screen_under_the_chooser_going_away_chooses_nothing(qtbot, media):
    widget = chooser(qtbot, media)
    host = widget.host
    QTimer.singleShot(20, host.deleteLater)
    assert widget.exec() == []


# ----- a new folder, and an export that would overwrite another
def test_a_new_folder_is_made_by_taps_and_opened(qtbot, media):
    """Attack: the chooser could not make a folder, so a second workshop's export had
    nowhere of its own on a shared stick."""
    from kiosk.ui.shell.keyboard import is_text_field

    widget = chooser(qtbot, media)
    assert widget.new_folder_button.isVisible()
    assert widget.new_folder_button.height() >= 48
    assert not widget.new_folder.field.isVisible()
    widget.new_folder_button.click()
    field = widget.new_folder.field
    assert field.isVisible() and is_text_field(field)  # a tap on it calls the keyboard up
    assert widget.new_folder.make_button.height() >= 48 and field.height() >= 48
    for bad, said in (("", "Type a name"), ("a/b", "“/”"),
                      ("workshop-2017", "already here")):
        field.setText(bad)
        widget.new_folder.make_button.click()
        assert said in widget.message.text(), (bad, widget.message.text())
        assert widget.folder == media["stick"]
    field.setText("  Leeds 2026  ")
    widget.new_folder.make_button.click()
    made = media["stick"] / "Leeds 2026"
    assert made.is_dir()
    assert widget.folder == made  # opened, ready for "Use this folder"
    assert not field.isVisible() and not widget.message.isVisible()
    widget.up_button.click()
    assert "Leeds 2026  ›" in texts(widget.entry_list)


def test_the_new_folder_row_stays_above_the_keyboard(qtbot, media):
    widget = chooser(qtbot, media, SAVE, [".png"], name="chart.png")
    widget.new_folder_button.click()
    widget.host.resize(1366, 768 - 320)  # the on-screen keyboard docked below the screens
    for _ in range(3):
        QApplication.processEvents()
    for part in (widget.new_folder.field, widget.new_folder.make_button, widget.accept_button):
        bottom = part.mapTo(widget.host, QPoint(0, part.height())).y()
        assert 0 < bottom <= widget.host.height(), part


def test_a_folder_that_already_holds_an_export_is_asked_about(qtbot, media):
    """Attack: exporting onto a shared stick replaced another workshop's rankings.csv
    without a word."""
    widget = chooser(qtbot, media, holds=("rankings.csv",),
                     note="Export writes rankings.csv here.")
    assert widget.note.isVisible() and "rankings.csv" in widget.note.text()
    widget.open_folder(media["stick"] / "workshop-2017")
    with qtbot.assertNotEmitted(widget.finished):
        widget.accept_button.click()
    said = widget.message.text()
    assert "already holds an export" in said and "New folder" in said
    with qtbot.waitSignal(widget.finished) as done:
        widget.accept_button.click()  # the second tap replaces it
    assert done.args == [[str(media["stick"] / "workshop-2017")]]


def test_an_empty_folder_is_used_at_the_first_tap(qtbot, media):
    widget = chooser(qtbot, media, holds=("rankings.csv",))
    with qtbot.waitSignal(widget.finished) as done:
        widget.accept_button.click()
    assert done.args == [[str(media["stick"])]]


def test_the_exchange_tab_asks_before_overwriting_an_export(qtbot, media, tmp_path,
                                                             monkeypatch):
    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.storage import Store
    from kiosk.ui.facilitator.exchange import ExchangeTab
    from kiosk.ui.theme import Theme

    monkeypatch.setattr(drives, "removable_drives",
                        lambda *a, **k: [drives.Place(media["stick"], "KINGSTON", "drive")])
    seen: dict[str, object] = {}

    def tap_twice(found) -> None:
        found.open_folder(media["stick"] / "workshop-2017")
        seen["note"] = found.note.text()
        found.accept_button.click()
        seen["asked"] = found.message.text()
        found.cancel_button.click()

    with Store.open(tmp_path / "data") as store:
        service = FacilitatorService(store, load_catalog(tmp_path / "data"))
        window = _Window(True)
        window.resize(1366, 768)
        qtbot.addWidget(window)
        tab = ExchangeTab(service, Theme.for_size(1366, 768), QWidget(window))
        window.show()
        looked = _answer_chooser(window, tap_twice)
        tab.export_button.click()
        tab.wait_for_tasks()
    assert isinstance(looked[0], FileChooser)
    assert "already holds an export" in str(seen["asked"])
    assert "asked" in str(seen["note"]).lower()
    assert (media["stick"] / "workshop-2017" / "rankings.csv").read_text() == "x"
