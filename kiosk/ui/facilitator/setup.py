"""The Setup tab: workshops (name, place, date), this kiosk's table label and id, the lens
sequence with a deck per step, the idle timeout, and the PIN."""

from __future__ import annotations

from PySide6.QtCore import QDate, QRegularExpression, Qt, QThreadPool, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.lenses import LENS_IDS
from kiosk.domain.text_rules import NAME_MAX
from kiosk.domain.workshop import Workshop
from kiosk.services.facilitator import FacilitatorService, SetupError
from kiosk.services.facilitator.workshops import check_workshop
from kiosk.services.table_session import describe_store_failure
from kiosk.ui.facilitator.common import Ask, FacilitatorPage, asker, button, label, set_role
from kiosk.ui.facilitator.exchange_worker import Task, finish_before_quit
from kiosk.ui.facilitator.polls import WrappedRows
from kiosk.ui.facilitator.setup_sequence import SequenceEditor
from kiosk.ui.theme import Theme
from kiosk.ui.touch_scroll import drag_scrolling

ID_ROLE = Qt.ItemDataRole.UserRole
TIMEOUTS = (60, 120, 180, 300, 600, 900, 1800)


def _timeout_text(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if rest:
        return f"{seconds} seconds"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _panel(title: str, parent: QWidget, theme: Theme) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setProperty("role", "panel")
    layout = QVBoxLayout(frame)
    pad = theme.px(24)
    layout.setContentsMargins(pad, theme.px(18), pad, pad)
    layout.setSpacing(theme.px(12))
    layout.addWidget(label(title, "heading", frame))
    return frame, layout


def _field_label(text: str, parent: QWidget, theme: Theme) -> QLabel:
    """A form label as tall as the field beside it, so its text sits on the field's middle."""
    widget = label(text, "", parent, wrap=False)
    widget.setMinimumHeight(theme.touch(60))
    widget.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return widget


def _stacked(text: str, field: QWidget, parent: QWidget) -> QVBoxLayout:
    """A small label above its field (saves width on a laptop; a long one wraps rather than
    pushing the page wider than the screen)."""
    column = QVBoxLayout()
    column.setSpacing(2)
    column.addWidget(label(text, "hint", parent), 0, Qt.AlignmentFlag.AlignBottom)
    column.addWidget(field)
    return column


def _form(theme: Theme) -> QFormLayout:
    form = QFormLayout()
    form.setVerticalSpacing(theme.px(12))
    form.setHorizontalSpacing(theme.px(16))
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class SetupTab(FacilitatorPage):
    settings_changed = Signal()
    workshop_saved = Signal()  # a workshop's changes (and its rankings' copies) are saved

    def __init__(self, service: FacilitatorService, theme: Theme,
                 parent: QWidget | None = None):
        super().__init__(service, theme, parent)
        self._editing: str | None = None  # workshop id in the form; None = a new one
        # A workshop's changes correct every ranking's copy of its details: thousands of
        # rankings, so on a worker thread (kiosk.ui.facilitator.exchange_worker)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._task: Task | None = None
        finish_before_quit(self._pool, lambda: self._task, self)  # waited for, never cut
        self._saving: Workshop | None = None  # what the running task saves
        self.ask: Ask = asker(theme, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        drag_scrolling(scroll)
        self.page_scroll = scroll
        outer.addWidget(scroll)
        content = QWidget(scroll)
        content.setObjectName("FacilitatorPage")
        scroll.setWidget(content)
        columns = QHBoxLayout(content)
        margin = theme.px(24)
        columns.setContentsMargins(margin, margin, margin, margin)
        columns.setSpacing(theme.px(24))
        left = QVBoxLayout()
        left.addWidget(self._build_workshops(content))
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(theme.px(24))
        right.addWidget(self._build_kiosk(content))
        right.addWidget(self._build_pin(content))
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.refresh()

    # ----- building
    def _build_workshops(self, parent: QWidget) -> QFrame:
        theme = self._theme
        frame, layout = _panel("Workshops", parent, theme)
        layout.addWidget(label("Tap a workshop to edit it. The one marked “in use” is what "
                               "this kiosk’s tables save their rankings under.", "hint", frame))
        self.workshop_list = QListWidget(frame)
        self.workshop_list.setFixedHeight(theme.touch(60) * 4 + theme.px(8))
        # A long name, place and date wrap onto a second line: never cut, never sideways
        self.workshop_list.setWordWrap(True)
        self.workshop_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.workshop_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.workshop_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.workshop_list.setItemDelegate(WrappedRows(self.workshop_list, theme))
        drag_scrolling(self.workshop_list)
        self.workshop_list.currentItemChanged.connect(self._workshop_picked)
        layout.addWidget(self.workshop_list)
        self.form_title = label("New workshop", "heading", frame)
        layout.addWidget(self.form_title)
        form = _form(theme)
        self.name_edit = QLineEdit(frame)
        self.name_edit.setPlaceholderText("for example Manchester")
        self.place_edit = QLineEdit(frame)
        self.place_edit.setPlaceholderText("for example Central Library")
        for edit in (self.name_edit, self.place_edit):
            edit.setMaxLength(NAME_MAX)  # the service refuses longer (text_rules)
        self.date_edit = QDateEdit(frame)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(QDate.currentDate())
        form.addRow(_field_label("Name", frame, theme), self.name_edit)
        form.addRow(_field_label("Place", frame, theme), self.place_edit)
        form.addRow(_field_label("Date", frame, theme), self.date_edit)
        layout.addLayout(form)
        row = QGridLayout()  # two by two: each button's words whole on a laptop's half page
        row.setSpacing(theme.px(10))
        self.save_workshop_button = button("Save workshop", "primary", frame)
        self.new_workshop_button = button("New…", "secondary", frame)
        self.use_button = button("Use at this kiosk", "secondary", frame)
        self.delete_workshop_button = button("Delete", "danger", frame)
        self.save_workshop_button.clicked.connect(self.save_workshop)
        self.new_workshop_button.clicked.connect(self.new_workshop)
        self.use_button.clicked.connect(self.use_workshop)
        self.delete_workshop_button.clicked.connect(self.delete_workshop)
        for index, widget in enumerate((self.save_workshop_button, self.new_workshop_button,
                                        self.use_button, self.delete_workshop_button)):
            row.addWidget(widget, index // 2, index % 2)
        layout.addLayout(row)
        self.workshop_progress = QProgressBar(frame)
        self.workshop_progress.setTextVisible(False)  # the message below says what it does
        self.workshop_progress.hide()
        layout.addWidget(self.workshop_progress)
        self.workshop_message = label("", "hint", frame)
        self.workshop_message.hide()
        layout.addWidget(self.workshop_message)
        return frame

    def _build_kiosk(self, parent: QWidget) -> QFrame:
        theme = self._theme
        frame, layout = _panel("This kiosk", parent, theme)
        row = QHBoxLayout()
        row.setSpacing(theme.px(16))
        self.table_edit = QLineEdit(frame)
        self.table_edit.setPlaceholderText("for example Table 3")
        self.table_edit.setMaxLength(NAME_MAX)
        self.kiosk_edit = QLineEdit(frame)
        self.timeout_box = QComboBox(frame)
        row.addLayout(_stacked("Table label (shown on the start screen)", self.table_edit,
                               frame), 3)
        row.addLayout(_stacked("Kiosk id", self.kiosk_edit, frame), 2)
        layout.addLayout(row)
        self.seats_box = QComboBox(frame)
        for seats in range(2, 7):
            self.seats_box.addItem(f"{seats} people", seats)
        timing = QHBoxLayout()
        timing.setSpacing(theme.px(16))
        timing.addLayout(_stacked("Idle timeout: then a half-done board is kept as a draft and "
                                  "the start screen returns", self.timeout_box, frame), 3)
        timing.addLayout(_stacked("At a table, for a poll (the first offer)", self.seats_box,
                                  frame), 2)
        layout.addLayout(timing)
        layout.addSpacing(theme.px(6))
        layout.addWidget(label("Lens sequence: what each table ranks, in order", "heading",
                               frame))
        service = self._service
        self.sequence = SequenceEditor(
            [(lid, service.names.lens_title(lid)) for lid in LENS_IDS],
            [(did, service.names.deck_title(did)) for did in service.names.deck_ids()], theme,
            frame, polls=[(pid, poll.title) for pid, poll in service.catalog.polls.items()])
        layout.addWidget(self.sequence)
        row = QHBoxLayout()
        row.setSpacing(theme.px(10))
        self.save_kiosk_button = button("Save kiosk settings", "primary", frame)
        self.save_kiosk_button.clicked.connect(self.save_kiosk)
        row.addWidget(self.sequence.add_button, 1)
        row.addWidget(self.save_kiosk_button, 1)
        layout.addLayout(row)
        self.kiosk_message = label("", "hint", frame)
        self.kiosk_message.hide()
        layout.addWidget(self.kiosk_message)
        return frame

    def _build_pin(self, parent: QWidget) -> QFrame:
        theme = self._theme
        frame, layout = _panel("Facilitator PIN", parent, theme)
        self.pin_panel = frame
        digits = QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), frame)
        self.pin_edit = QLineEdit(frame)
        self.confirm_edit = QLineEdit(frame)
        for edit in (self.pin_edit, self.confirm_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            # digits: the on-screen keyboard shows its number pad, not the letters
            edit.setInputMethodHints(edit.inputMethodHints()
                                     | Qt.InputMethodHint.ImhDigitsOnly)
            edit.setValidator(digits)
            edit.setPlaceholderText("4 to 12 digits")
        row = QHBoxLayout()
        row.setSpacing(theme.px(16))
        row.addLayout(_stacked("New PIN", self.pin_edit, frame), 1)
        row.addLayout(_stacked("Type it again", self.confirm_edit, frame), 1)
        self.pin_button = button("Change PIN", "primary", frame)
        self.pin_button.clicked.connect(self.change_pin)
        row.addLayout(_stacked("", self.pin_button, frame))
        layout.addLayout(row)
        self.pin_message = label("", "hint", frame)
        self.pin_message.hide()
        layout.addWidget(self.pin_message)
        return frame

    def _fill_timeouts(self, current: int) -> None:
        box = self.timeout_box
        box.clear()
        presets = sorted(set(TIMEOUTS) | {current})
        for seconds in presets:
            box.addItem(_timeout_text(seconds), seconds)
        box.setCurrentIndex(box.findData(current))

    # ----- showing
    def refresh(self) -> None:
        settings = self._service.setup.settings()
        self.table_edit.setText(settings.table)
        self.kiosk_edit.setText(settings.kiosk_id)
        self._fill_timeouts(settings.idle_timeout_s)
        self.seats_box.setCurrentIndex(max(0, self.seats_box.findData(settings.seats)))
        self.sequence.set_steps(settings.sequence)
        self._fill_workshops(select=self._editing or settings.workshop_id)

    def refresh_workshops(self) -> None:
        """After a change made elsewhere (demo data, import): the list only, so what the
        facilitator is typing in the form stays."""
        editing = self._editing
        if editing is not None and self._service.workshops.get(editing) is None:
            self._fill_workshops(select=None)
            return
        form = (self.name_edit.text(), self.place_edit.text(), self.date_edit.date(),
                self.form_title.text())
        self._fill_workshops(select=editing)
        self._editing = editing
        self.name_edit.setText(form[0])
        self.place_edit.setText(form[1])
        self.date_edit.setDate(form[2])
        self.form_title.setText(form[3])
        self._update_workshop_buttons()

    def _fill_workshops(self, select: str | None) -> None:
        in_use = self._service.setup.settings().workshop_id
        self.workshop_list.blockSignals(True)
        self.workshop_list.clear()
        chosen = None
        for workshop in self._service.workshops.all():
            text = " · ".join(x for x in (workshop.name, workshop.place, workshop.date) if x)
            if workshop.workshop_id == in_use:
                text = f"●  {text}   (in use)"
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, workshop.workshop_id)
            self.workshop_list.addItem(item)
            if workshop.workshop_id == select:
                chosen = item
        self.workshop_list.blockSignals(False)
        if chosen is not None:
            self.workshop_list.setCurrentItem(chosen)
        else:
            self.new_workshop()

    def _workshop_picked(self, item: QListWidgetItem | None, _old: object = None) -> None:
        if item is None:
            return
        workshop = self._service.workshops.get(item.data(ID_ROLE))
        if workshop is None:
            return
        self._editing = workshop.workshop_id
        self.form_title.setText(f"Edit “{workshop.name}”")
        self.name_edit.setText(workshop.name)
        self.place_edit.setText(workshop.place)
        date = QDate.fromString(workshop.date, "yyyy-MM-dd")
        self.date_edit.setDate(date if date.isValid() else QDate.currentDate())
        self._update_workshop_buttons()
        self.workshop_message.hide()

    def _update_workshop_buttons(self) -> None:
        editing = self._editing is not None
        in_use = editing and self._editing == self._service.setup.settings().workshop_id
        for widget in (self.use_button, self.delete_workshop_button):
            if widget.hasFocus() and not (editing and not in_use):
                # Qt hands a disabled widget's focus to the next in the tab order (the table
                # label, its text selected, with the on-screen keyboard): the list instead
                self.workshop_list.setFocus(Qt.FocusReason.OtherFocusReason)
            widget.setEnabled(editing and not in_use)
        self.save_workshop_button.setText("Save changes" if editing else "Add workshop")

    # ----- workshop actions
    def new_workshop(self) -> None:
        self._editing = None
        self.workshop_list.blockSignals(True)
        self.workshop_list.clearSelection()
        self.workshop_list.setCurrentRow(-1)
        self.workshop_list.blockSignals(False)
        self.form_title.setText("New workshop")
        self.name_edit.clear()
        self.place_edit.clear()
        self.date_edit.setDate(QDate.currentDate())
        self._update_workshop_buttons()

    def save_workshop(self) -> bool:
        """Add the workshop in the form, or save its changes: those run on a worker thread
        (`workshop_saved` when done); False when the form is refused or a save is running."""
        if self._task is not None:
            return False
        name, place = self.name_edit.text(), self.place_edit.text()
        when = self.date_edit.date().toString("yyyy-MM-dd")
        try:
            if self._editing is not None:
                check_workshop(name, when, place)
                self._start_update(Workshop(self._editing, name, place, when))
                return True
            workshop = self._service.workshops.add(name, place, when)
        except SetupError as exc:
            self._say(self.workshop_message, str(exc), "error")
            return False
        self._workshop_done(workshop, f"Added “{workshop.name}”.")
        return True

    def _start_update(self, workshop: Workshop) -> None:
        task = Task(lambda progress: self._service.workshops.update(workshop, progress),
                    lambda exc: str(exc) if isinstance(exc, SetupError)
                    else f"The changes could not be saved: {describe_store_failure(exc)} "
                    "Try again once that is put right.")
        self._task, self._saving = task, workshop
        bar = self.workshop_progress
        bar.setRange(0, 0)  # busy until the count of copies to correct arrives
        bar.show()
        self._say(self.workshop_message, f"Saving “{workshop.name.strip()}”…", "")
        self._set_workshop_busy(True)
        task.signals.progressed.connect(self._update_progressed)
        task.signals.finished.connect(self._updated)  # (bound: gone with this tab)
        task.signals.failed.connect(self._update_failed)
        self._pool.start(task)

    def _update_progressed(self, done: int, total: int) -> None:
        self.workshop_progress.setRange(0, max(1, total))
        self.workshop_progress.setValue(done if total else 1)
        if total and done < total:
            self._say(self.workshop_message, f"Saving, and correcting {total:,} saved "
                      "ranking(s)…", "")

    def _updated(self, fixed: int) -> None:
        workshop = self._saving
        self._update_ended()
        if workshop is None:
            return
        extra = f" {fixed} saved ranking(s) now show the new details." if fixed else ""
        self._workshop_done(workshop, f"Saved “{workshop.name.strip()}”.{extra}")
        self.workshop_saved.emit()

    def _update_failed(self, message: str) -> None:
        self._update_ended()
        self._say(self.workshop_message, message, "error")

    def _update_ended(self) -> None:
        self._task, self._saving = None, None
        self.workshop_progress.hide()
        self._set_workshop_busy(False)

    def _set_workshop_busy(self, busy: bool) -> None:
        for widget in (self.save_workshop_button, self.new_workshop_button,
                       self.workshop_list):
            widget.setEnabled(not busy)
        if busy:
            self.use_button.setEnabled(False)
            self.delete_workshop_button.setEnabled(False)
        else:
            self._update_workshop_buttons()

    def _workshop_done(self, workshop: Workshop, message: str) -> None:
        self._editing = workshop.workshop_id
        self._fill_workshops(select=workshop.workshop_id)  # (picking it hides the message)
        self._update_workshop_buttons()
        self._say(self.workshop_message, message, "ok")
        if workshop.workshop_id == self._service.setup.settings().workshop_id:
            self.settings_changed.emit()

    def use_workshop(self) -> None:
        if self._editing is None:
            return
        try:
            self._service.setup.update(workshop_id=self._editing)
        except SetupError as exc:
            self._say(self.workshop_message, str(exc), "error")
            return
        self._fill_workshops(select=self._editing)
        self._say(self.workshop_message, "Tables at this kiosk now save under this workshop.",
                  "ok")
        self.settings_changed.emit()

    def delete_workshop(self) -> bool:
        workshop = self._service.workshops.get(self._editing) if self._editing else None
        if workshop is None:
            return False
        if not self.ask("Delete this workshop?",
                        f"Delete the workshop “{workshop.name}”?", "Delete"):
            return False
        try:
            self._service.workshops.delete(workshop.workshop_id)
        except SetupError as exc:
            self._say(self.workshop_message, str(exc), "error")
            return False
        self._editing = None
        self._fill_workshops(select=None)
        self._say(self.workshop_message, f"Deleted “{workshop.name}”.", "ok")
        return True

    # ----- kiosk and PIN actions
    def save_kiosk(self) -> bool:
        try:
            self._service.setup.update(table=self.table_edit.text(),
                                          kiosk_id=self.kiosk_edit.text(),
                                          idle_timeout_s=int(self.timeout_box.currentData()),
                                          seats=int(self.seats_box.currentData()),
                                          sequence=self.sequence.steps())
        except SetupError as exc:
            self._say(self.kiosk_message, str(exc), "error")
            return False
        self._say(self.kiosk_message, "Saved. The start screen shows the new settings.", "ok")
        self.settings_changed.emit()
        return True

    def change_pin(self) -> bool:
        try:
            self._service.setup.change_pin(self.pin_edit.text(), self.confirm_edit.text())
        except SetupError as exc:
            self._say(self.pin_message, str(exc), "error")
            return False
        self.pin_edit.clear()
        self.confirm_edit.clear()
        self._say(self.pin_message, "PIN changed. Use the new PIN next time.", "ok")
        self.settings_changed.emit()
        return True

    @staticmethod
    def _say(target: QLabel, text: str, role: str) -> None:
        target.setText(text)
        set_role(target, role)
        target.setVisible(bool(text))
