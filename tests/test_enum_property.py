"""Qt enum-typed properties set by name (kiosk.ui.enum_property): a misspelt name fails
loudly instead of leaving the property as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.enum_property import set_enum_property


def test_a_named_value_and_named_flags_are_set(qtbot):
    label = QLabel("x")
    qtbot.addWidget(label)
    set_enum_property(label, "textFormat", "PlainText")
    set_enum_property(label, "alignment", "AlignLeft|AlignTop")
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.alignment() == Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


def test_a_misspelt_enum_value_raises_and_changes_nothing(qtbot):
    label = QLabel("x")
    qtbot.addWidget(label)
    before = label.alignment()
    with pytest.raises(ValueError, match="AlignCentre"):
        set_enum_property(label, "alignment", "AlignCentre")
    with pytest.raises(ValueError, match="Nofocus"):
        set_enum_property(label, "focusPolicy", "Nofocus")
    assert label.alignment() == before


def test_a_property_qt_does_not_declare_raises_without_adding_one(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    with pytest.raises(ValueError, match="no Qt property 'focuspolicy'"):
        set_enum_property(widget, "focuspolicy", "NoFocus")
    assert b"focuspolicy" not in widget.dynamicPropertyNames()


def test_window_flags_by_name_reach_the_native_window(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    set_enum_property(widget.windowHandle(), "flags", "Window|FramelessWindowHint")
    assert widget.windowHandle().flags() & Qt.WindowType.FramelessWindowHint
    with pytest.raises(ValueError):
        set_enum_property(widget.windowHandle(), "flags", "Window|Frameless")
