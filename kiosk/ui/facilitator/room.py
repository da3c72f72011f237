"""The facilitator's Room tab: on a hub, its name and short id, a pairing window, the kiosks
asking to join (Accept / Refuse), each joined kiosk's state and table label; on a kiosk, the
hubs heard on the network to tap and join, and the state of its link.

Everything shown comes from the RoomService's state, read once a second; every button asks
the service. Joining by tap works only while the hub is open for joining: otherwise the hub
refuses unknown devices. A kiosk in no room hears the network only while this tab shows: the
tab asks the service to listen (renewed each second) and stops it when hidden, so Syncthing
does not run on an unjoined kiosk for nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.text_rules import NAME_MAX
from kiosk.services.room import invite_files
from kiosk.services.room.membership import Peer, RoomFileError, short_id
from kiosk.ui.facilitator.common import button, label, set_role
from kiosk.ui.file_chooser import choose_open_files, choose_save_path
from kiosk.ui.theme import Theme
from kiosk.ui.touch_scroll import drag_scrolling

REFRESH_MS = 1000
INVITATION_BUTTON = "Join from an invitation file…"
INVITE_BUTTON = "Write an invitation file…"
ACCEPT_FILE_BUTTON = "Accept the kiosks in an invitation file…"
ENGINE_WORDS = {
    "off": "not running",
    "starting": "starting…",
    "running": "running",
    "not installed": "not installed on this machine (Debian package: syncthing)",
    "failed": "not working",
}


class RoomTab(QWidget):
    def __init__(self, room: Any, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FacilitatorPage")
        self.room = room
        self._theme = theme
        self._shown: tuple[Any, ...] | None = None
        # The whole page scrolls (its heading and buttons too): with the on-screen keyboard
        # up at 1366×768 a fixed heading left the kiosks' list a strip 40 px high.
        page = QWidget(self)
        page.setAutoFillBackground(False)
        outer = QVBoxLayout(page)
        margin = theme.px(24)
        outer.setContentsMargins(margin, margin, margin, margin)
        outer.setSpacing(theme.px(14))
        self.title = label("", "heading", self)
        self.summary = label("", "", self)
        self.summary.setWordWrap(True)
        self.engine = label("", "hint", self)
        self.engine.setWordWrap(True)
        outer.addWidget(self.title)
        outer.addWidget(self.summary)
        outer.addWidget(self.engine)
        row = QHBoxLayout()
        row.setSpacing(theme.px(12))
        self.pairing_button = button("Open for joining (5 minutes)", "primary", self)
        self.pairing_button.clicked.connect(self.toggle_pairing)
        self.leave_button = button("Leave the room", "danger", self)
        self.leave_button.clicked.connect(self.leave)
        # Where discovery is blocked: the invitation file a USB stick carries from the hub.
        self.invitation_button = button(INVITATION_BUTTON, "secondary", self)
        self.invitation_button.clicked.connect(self.join_from_file)
        # ... and on the hub, the file written for the stick and read back with the kiosks
        self.invite_button = button(INVITE_BUTTON, "secondary", self)
        self.invite_button.clicked.connect(self.write_invitation)
        self.accept_file_button = button(ACCEPT_FILE_BUTTON, "secondary", self)
        self.accept_file_button.clicked.connect(self.accept_from_file)
        row.addWidget(self.pairing_button)
        row.addWidget(self.leave_button)
        row.addWidget(self.invitation_button)
        row.addStretch(1)
        outer.addLayout(row)
        files_row = QHBoxLayout()
        files_row.setSpacing(theme.px(12))
        files_row.addWidget(self.invite_button)
        files_row.addWidget(self.accept_file_button)
        files_row.addStretch(1)
        outer.addLayout(files_row)
        self.result = label("", "", self)
        self.result.setWordWrap(True)
        self.result.hide()
        outer.addWidget(self.result)
        self.list_host = QWidget(page)
        self.rows = QVBoxLayout(self.list_host)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(theme.px(10))
        self.list_host.setAutoFillBackground(False)
        outer.addWidget(self.list_host)
        outer.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        scroll.viewport().setAutoFillBackground(False)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget "
                             "{ background: transparent; }")
        drag_scrolling(scroll)
        self.page_scroll = scroll
        whole = QVBoxLayout(self)
        whole.setContentsMargins(0, 0, 0, 0)
        whole.addWidget(scroll)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self._listen()
        self.refresh()
        self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.timer.stop()
        if hasattr(self.room, "stop_listening"):
            self.room.stop_listening()
        super().hideEvent(event)

    def _alone(self) -> bool:
        return self.room.state().role != "hub" and self.room.config.hub is None

    def _listen(self) -> None:
        """A kiosk in no room: hear the hubs while this tab shows (Syncthing starts)."""
        if self._alone() and hasattr(self.room, "listen"):
            self.room.listen()
            self.room.ensure_started()

    # ----- what the buttons do
    def toggle_pairing(self) -> None:
        if self.room.pairing_open():
            self.room.close_pairing()
        else:
            self.room.open_pairing()
        self.refresh(force=True)

    def leave(self) -> None:
        self.room.leave()
        self.refresh(force=True)

    def join_from_file(self) -> None:
        files, _ = choose_open_files(self, "Choose the room invitation file (from the hub)")
        if files:
            self._by_file(invite_files.join_invitation, Path(files[0]), "Could not join")

    def write_invitation(self) -> None:
        path, _ = choose_save_path(self, "Where to write the room's invitation (a USB stick)",
                                   invite_files.NAME)
        if path:
            self._by_file(invite_files.write_invitation, Path(path),
                          "Could not write the invitation")

    def accept_from_file(self) -> None:
        files, _ = choose_open_files(self, "Choose the invitation file the kiosks joined from")
        if files:
            self._by_file(invite_files.accept_invitation, Path(files[0]),
                          "Could not accept from the file")

    def _by_file(self, action: Any, path: Path, failed: str) -> None:
        try:
            said = action(self.room, path)
        except (RoomFileError, OSError) as exc:
            said, role = f"{failed}: {getattr(exc, 'strerror', None) or exc}", "error"
        else:
            role = "ok"
        self.result.setText(said)
        set_role(self.result, role)
        self.result.show()
        self.refresh(force=True)

    def accept(self, device_id: str) -> None:
        self.room.accept(device_id)
        self.refresh(force=True)

    def refuse(self, device_id: str) -> None:
        self.room.refuse(device_id)
        self.refresh(force=True)

    def join(self, device_id: str) -> None:
        self.room.join(Peer(device_id, name=f"Hub {short_id(device_id)}"))
        self.refresh(force=True)

    def rename(self, kiosk_id: str, edit: QLineEdit) -> None:
        if edit.text().strip():
            self.room.set_label(kiosk_id, edit.text())
            self.refresh(force=True)

    # ----- what is shown
    def refresh(self, force: bool = False) -> None:
        if self.isVisible():
            self._listen()
        state = self.room.state()
        role = state.role
        hub = self.room.config.hub
        if role == "hub":
            self.title.setText(f"This machine is the room's hub: {state.name or 'starting…'}")
            ident = (f"Its short id is {short_id(state.device_id)}." if state.device_id
                     else "Its short id shows here once Syncthing runs.")
            self.summary.setText(
                f"{ident} Kiosks join it from their own Room tab while it is open for "
                "joining. Where the network hides it, write an invitation file to a USB "
                "stick, join from it at each kiosk, and accept the kiosks it then lists.")
        elif role == "kiosk" and hub is not None:
            self.title.setText(f"This kiosk is in the room of {hub.name or 'a hub'} "
                               f"({short_id(hub.device_id)})")
            self.summary.setText("Every ranking saved here is sent to the hub; the workshop, "
                                 "lens sequence and table label the hub sets arrive here.")
        else:
            self.title.setText("This kiosk works alone")
            self.summary.setText(
                "Tap a hub heard on the network to join it (its facilitator must open it "
                "for joining first). Where the network hides the hub, bring its invitation "
                f"file on a USB stick and tap “{INVITATION_BUTTON}”.")
        pairing = state.pairing_left_s
        listening = " · listening for hubs on the network" \
            if role not in ("hub", "kiosk") and state.engine == "running" else ""
        self.engine.setText(f"Syncthing: {ENGINE_WORDS.get(state.engine, state.engine)}"
                            + listening
                            + (f" — {state.message}" if state.message else "")
                            + (f" · open for joining for {int(pairing) // 60}:"
                               f"{int(pairing) % 60:02d} more" if pairing > 0 else ""))
        self.pairing_button.setVisible(role == "hub")
        self.pairing_button.setText("Close for joining" if pairing > 0
                                    else "Open for joining (5 minutes)")
        self.leave_button.setVisible(role == "kiosk")
        self.invitation_button.setVisible(role != "hub" and not (role == "kiosk" and hub))
        self.invite_button.setVisible(role == "hub")
        self.accept_file_button.setVisible(role == "hub")
        key = (role, state.asking, state.peers, state.heard, hub, pairing > 0)
        if key == self._shown and not force:
            return
        typing = any(edit.hasFocus() for edit in self.list_host.findChildren(QLineEdit))
        if typing and not force:
            return  # a label being typed is not swept away by a link's new numbers
        self._shown = key
        self._fill(state, hub)

    def _fill(self, state: Any, hub: Peer | None) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if state.role == "hub":
            if state.asking:
                self.rows.addWidget(label("Asking to join", "heading", self.list_host))
            for asking in state.asking:
                self.rows.addWidget(self._asking_row(asking))
            self.rows.addWidget(label("Kiosks in this room" if state.peers else
                                      "No kiosk has joined yet.", "heading", self.list_host))
            for peer in state.peers:
                self.rows.addWidget(self._kiosk_row(peer))
        elif state.role == "kiosk" and hub is not None:
            for peer in state.peers:
                self.rows.addWidget(self._hub_row(peer))
        else:
            heard = [d for d in state.heard]
            self.rows.addWidget(label("Heard on the network" if heard else
                                      "No other machine heard on the network yet.",
                                      "heading", self.list_host))
            for device_id in heard:
                self.rows.addWidget(self._heard_row(device_id))
        self.rows.addStretch(1)

    def _panel(self) -> tuple[QFrame, QGridLayout]:
        frame = QFrame(self.list_host)
        frame.setProperty("role", "panel")
        grid = QGridLayout(frame)
        pad = self._theme.px(16)
        grid.setContentsMargins(pad, pad, pad, pad)
        grid.setHorizontalSpacing(self._theme.px(12))
        return frame, grid

    def _asking_row(self, asking: Any) -> QFrame:
        frame, grid = self._panel()
        who = asking.name or "A device"
        grid.addWidget(label(f"{who} ({short_id(asking.device_id)})", "", frame), 0, 0)
        grid.addWidget(label(f"kiosk {asking.kiosk_id or 'unknown'} · {asking.address}",
                             "hint", frame), 1, 0)
        accept = button("Accept", "primary", frame)
        accept.setEnabled(bool(asking.kiosk_id))
        accept.clicked.connect(lambda _=False, d=asking.device_id: self.accept(d))
        refuse = button("Refuse", "secondary", frame)
        refuse.clicked.connect(lambda _=False, d=asking.device_id: self.refuse(d))
        grid.addWidget(accept, 0, 1, 2, 1)
        grid.addWidget(refuse, 0, 2, 2, 1)
        grid.setColumnStretch(0, 1)
        return frame

    def _kiosk_row(self, peer: Any) -> QFrame:
        frame, grid = self._panel()
        state = label("connected" if peer.connected else "not connected",
                      "" if peer.connected else "error", frame)
        grid.addWidget(label(f"{peer.label or peer.kiosk_id} ({short_id(peer.device_id)})",
                             "", frame), 0, 0)
        grid.addWidget(state, 0, 1)
        grid.addWidget(label(f"{peer.files_received} rankings received · last "
                             f"{_when(peer.last_change)} · {peer.queued} on the way",
                             "hint", frame), 1, 0, 1, 2)
        edit = QLineEdit(peer.label, frame)
        edit.setPlaceholderText("Table label")
        edit.setMaxLength(NAME_MAX)
        rename = button("Set label", "secondary", frame)
        rename.clicked.connect(lambda _=False, k=peer.kiosk_id, e=edit: self.rename(k, e))
        grid.addWidget(edit, 2, 0)
        grid.addWidget(rename, 2, 1)
        grid.setColumnStretch(0, 1)
        return frame

    def _hub_row(self, peer: Any) -> QFrame:
        frame, grid = self._panel()
        connected = label("connected" if peer.connected else "not connected — rankings wait "
                          "here and are sent when the hub is back",
                          "" if peer.connected else "error", frame)
        connected.setWordWrap(True)
        grid.addWidget(label(f"Hub {short_id(peer.device_id)}", "", frame), 0, 0)
        grid.addWidget(connected, 1, 0)
        grid.addWidget(label(f"{peer.files_sent} rankings sent · {peer.queued} waiting · last "
                             f"{_when(peer.last_change)}", "hint", frame), 2, 0)
        return frame

    def _heard_row(self, device_id: str) -> QFrame:
        frame, grid = self._panel()
        grid.addWidget(label(f"Machine {short_id(device_id)}", "", frame), 0, 0)
        grid.addWidget(label("Join it if this is the short id its hub shows.", "hint", frame),
                       1, 0)
        join = button("Join this hub", "primary", frame)
        join.clicked.connect(lambda _=False, d=device_id: self.join(d))
        grid.addWidget(join, 0, 1, 2, 1)
        grid.setColumnStretch(0, 1)
        set_role(frame, "panel")
        return frame


def _when(iso: str | None) -> str:
    if not iso:
        return "never"
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return iso
