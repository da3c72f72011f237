"""The table's board: the widget participants touch.

The Ranking is the single source of truth. Fingers and the mouse move card items freely;
when a finger lifts, the board applies exactly one Ranking operation and lays the scene out
again from the Ranking, with the cards gliding into place. Everything — header, buttons,
card back — lives in one QGraphicsScene, so "Turn board" is just the view's transform and a
finger still lands where it touches.

Keys and the ▲ ▼ buttons are the way without dragging (see keys.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import (
    QEventPoint,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QTouchEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsItem, QVBoxLayout, QWidget

from kiosk.domain.decks import Deck
from kiosk.domain.lenses import Lens
from kiosk.domain.ranking import Ranking, RankingError, shift_into
from kiosk.ui.board.gestures import (
    OUTSIDE,
    TRAY,
    BackTouch,
    ButtonPress,
    CardDrag,
    CutDrag,
    EmptyTap,
    Gesture,
    Ignored,
    Target,
)
from kiosk.ui.board.keys import handle_key
from kiosk.ui.board.scene import BoardScene
from kiosk.ui.board.view import BoardView
from kiosk.ui.theme import Theme

MOUSE = ("mouse", 0)


class BoardWidget(QWidget):
    ranking_changed = Signal()  # after every applied Ranking operation (the shell saves a draft)
    done_requested = Signal()  # the Done button was tapped (enabled only when complete)
    turned = Signal(bool)  # turned round ("Turn board"): True when it faces the far side

    def __init__(self, ranking: Ranking, deck: Deck, lens: Lens, theme: Theme,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for card_id in ranking.cards:
            if not deck.has_card(card_id):
                raise RankingError(f"card '{card_id}' is not in deck '{deck.id}'")
        self._ranking = ranking
        self.deck = deck
        self.lens = lens
        self.theme = theme
        self._gestures: dict[tuple[str, int], Gesture] = {}
        self._order = 0
        self._selected: str | None = None
        self._rotated = False
        self.slop = theme.dpi * 4 / 25.4  # a tap may wander about 4 mm
        self.scene = BoardScene(deck, lens, ranking.cards, theme)
        self.scene.setParent(self)
        self.view = BoardView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # no minimum size pushed onto a top-level window (the offscreen platform warns)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.view)
        self.setFocusProxy(self.view)
        self._resized()

    # ----- the interface the shell uses
    @property
    def ranking(self) -> Ranking:
        return self._ranking

    @ranking.setter
    def ranking(self, ranking: Ranking) -> None:
        if tuple(ranking.cards) != self.scene.card_ids:
            raise RankingError("the new ranking is for other cards than this board's")
        self._cancel_gestures()
        self._ranking = ranking
        self._selected = None
        self.refresh(animate=False)

    @property
    def rotated(self) -> bool:
        return self._rotated

    def set_rotated(self, rotated: bool) -> None:
        """Turn the whole board 180° for the people on the other side of the table."""
        self._cancel_gestures()
        changed = rotated != self._rotated
        self._rotated = rotated
        self.view.setTransform(QTransform().rotate(180) if rotated else QTransform())
        if changed:
            self.turned.emit(rotated)

    def card_item(self, card_id: str) -> QGraphicsItem:
        return self.scene.cards[card_id]

    def slot_scene_pos(self, slot: int) -> QPointF:
        return self.scene.geometry.slot_rect(slot, self.scene.band_gap(self._ranking.cut)).center()

    @property
    def animation_ms(self) -> int:
        return self.scene.animation_ms

    @animation_ms.setter
    def animation_ms(self, ms: int) -> None:
        """Glide time for cards (150 ms); tests set 0 to see the end state at once."""
        self.scene.animation_ms = ms
        self.scene.back.fling_ms = ms * 4

    @property
    def selected_card(self) -> str | None:
        return self._selected

    @property
    def buttons(self) -> dict:
        return self.scene.buttons

    @property
    def card_back(self):
        return self.scene.back

    def animations_running(self) -> bool:
        return self.scene.animations_running()

    def refresh(self, animate: bool = True) -> None:
        """Lay the board out from the Ranking (after any change, here or elsewhere)."""
        drags = self._card_drags()
        cut_drag = next((g for g in self._gestures.values()
                         if isinstance(g, CutDrag) and g.moved), None)
        band = cut_drag.gap if cut_drag is not None else None
        self.scene.arrange(self._preview(drags), self._ranking.cut, band=band,
                           skip=[d.card for d in drags], animate=animate)
        slots = [d.target for d in drags if isinstance(d.target, int)]
        # the tray lights up only for a card that would leave the ladder
        self.scene.set_drop_target(slots[-1] if slots else None,
                                   any(d.target == TRAY and self._ranking.slot_of(d.card)
                                       is not None for d in drags))
        if self.scene.cut_line is not None:
            self.scene.cut_line.set_state(self._ranking.cut is None and cut_drag is None,
                                          cut_drag is not None)
        self._update_controls()

    # ----- what a drag would do
    def _card_drags(self) -> list[CardDrag]:
        drags = [g for g in self._gestures.values() if isinstance(g, CardDrag) and g.dragging]
        return sorted(drags, key=lambda d: d.order)

    def _preview(self, drags: list[CardDrag]) -> tuple[str | None, ...]:
        """The ladder the table would see if every dragged card were dropped now."""
        ranking = self._ranking
        if not drags:
            return ranking.ladder
        if len(drags) == 1:
            d = drags[0]
            if d.target == OUTSIDE:
                return ranking.ladder
            return ranking.preview(d.card, d.target if isinstance(d.target, int) else None)
        dragged = {d.card for d in drags}
        places = [None if c in dragged else c for c in ranking.ladder]
        for d in drags:  # a card about to snap back keeps its place, when still free
            home = ranking.slot_of(d.card)
            if d.target == OUTSIDE and home is not None and places[home] is None:
                places[home] = d.card
        for d in drags:
            if isinstance(d.target, int) and d.card not in places:
                places = shift_into(places, d.card, d.target)
        return tuple(places)

    def target_at(self, pos: QPointF) -> Target:
        g = self.scene.geometry
        if g.in_tray(pos):
            return TRAY
        slot = g.slot_at(pos, self.scene._band)
        return OUTSIDE if slot is None else slot

    def gap_at(self, pos: QPointF) -> int:
        return self.scene.geometry.gap_at(pos)

    # ----- gestures call back here
    def drag_started(self, gesture: CardDrag) -> None:
        gesture.item.set_lifted(True)
        self.refresh()

    def drag_retargeted(self, gesture: CardDrag) -> None:
        self.refresh()

    def drag_finished(self, gesture: CardDrag, cancelled: bool) -> None:
        self._gestures = {k: g for k, g in self._gestures.items() if g is not gesture}
        gesture.item.set_lifted(False)
        changed = False
        if not cancelled and gesture.target != OUTSIDE:
            slot = gesture.target if isinstance(gesture.target, int) else None
            changed = self._ranking.drop(gesture.card, slot)
            self.select_card(gesture.card)
        self._after(changed)

    def card_tapped(self, card_id: str) -> None:
        self.select_card(card_id)
        self.open_back(card_id)

    def cut_moved(self, gesture: CutDrag) -> None:
        self.refresh()

    def cut_finished(self, gesture: CutDrag, cancelled: bool) -> None:
        self._gestures = {k: g for k, g in self._gestures.items() if g is not gesture}
        changed = False if cancelled else self._ranking.set_cut(gesture.gap)
        self._after(changed)

    def button_clicked(self, name: str) -> None:
        r = self._ranking
        if name == "rotate":
            self.set_rotated(not self._rotated)
        elif name == "undo":
            self._after(r.undo())
        elif name == "redo":
            self._after(r.redo())
        elif name in ("up", "down") and self._selected is not None:
            self._after(r.nudge(self._selected, -1 if name == "up" else 1))
        elif name == "cut":
            n = len(r.cards)
            self._after(r.set_cut(None if r.cut is not None else (n + 1) // 2))
        elif name == "done" and r.complete:
            self.done_requested.emit()

    def back_closed(self) -> None:
        self.scene.back.close()
        for key, gesture in list(self._gestures.items()):
            if isinstance(gesture, BackTouch):
                del self._gestures[key]

    def empty_tapped(self) -> None:
        self.select_card(None)

    # ----- helpers
    def apply(self, changed: bool) -> None:
        """After a Ranking operation (`changed`: whether it did anything): lay out again
        and tell the shell."""
        self._after(changed)

    def _after(self, changed: bool) -> None:
        self.refresh()
        if changed:
            self.ranking_changed.emit()

    def select_card(self, card_id: str | None) -> None:
        if card_id == self._selected:
            return
        if self._selected is not None:
            self.scene.cards[self._selected].set_selected(False)
        self._selected = card_id
        if card_id is not None:
            self.scene.cards[card_id].set_selected(True)
        self._update_controls()

    def open_back(self, card_id: str) -> None:
        for key, gesture in list(self._gestures.items()):
            if not isinstance(gesture, BackTouch):
                del self._gestures[key]
                gesture.cancel()
        self.scene.back.open(self.deck.card(card_id), self.lens)

    def _update_controls(self) -> None:
        r = self._ranking
        b = self.scene.buttons
        b["undo"].set_enabled(r.can_undo)
        b["redo"].set_enabled(r.can_redo)
        b["done"].set_enabled(r.complete)
        slot = r.slot_of(self._selected) if self._selected else None
        free = r.placed_count < len(r.cards)
        chosen = self._selected is not None
        b["up"].set_enabled(chosen and (slot > 0 if slot is not None else free))
        b["down"].set_enabled(chosen and (slot < len(r.cards) - 1 if slot is not None else free))
        if "cut" in b:
            b["cut"].set_text("Draw a line" if r.cut is None else "Remove line")
        self.scene.counter.set_count(r.placed_count, len(r.cards))

    def withdraw_press(self) -> None:
        """What the fingers now down began is called off (the facilitator's corner hold was
        complete: kiosk.ui.shell.corner); the releases to come are kept from the board."""
        self._cancel_gestures()

    def _cancel_gestures(self) -> None:
        gestures, self._gestures = list(self._gestures.values()), {}
        for gesture in gestures:
            gesture.cancel()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        # a board parked while fingers are down must not keep cards lifted for later
        self._cancel_gestures()
        super().hideEvent(event)

    def _resized(self) -> None:
        size = self.view.viewport().size()
        self.scene.resize_to(size.width(), size.height())
        self.refresh(animate=False)

    # ----- pointer plumbing
    def _to_scene(self, pos: QPointF) -> QPointF:
        return self.view.viewportTransform().inverted()[0].map(pos)

    def _begin(self, key: tuple[str, int], pos: QPointF) -> None:
        old = self._gestures.pop(key, None)
        if old is not None:
            old.cancel()
        self._gestures[key] = self._gesture_at(pos)

    def _gesture_at(self, pos: QPointF) -> Gesture:
        scene = self.scene
        if scene.back.is_open:
            return BackTouch(self, pos, scene.back)
        button = scene.button_at(pos)
        if button is not None:
            return ButtonPress(self, pos, button)
        busy = {g.card for g in self._gestures.values() if isinstance(g, CardDrag)}
        cut_busy = any(isinstance(g, CutDrag) for g in self._gestures.values())
        if not cut_busy and scene.cut_line_at(pos):
            return CutDrag(self, pos, scene.band_gap(self._ranking.cut) or 0)
        item = scene.card_at(pos, exclude=busy)
        if item is not None:
            self._order += 1
            return CardDrag(self, pos, item, self._order)
        if scene.card_at(pos) is not None:
            return Ignored(self, pos)
        return EmptyTap(self, pos)

    def _move(self, key: tuple[str, int], pos: QPointF) -> None:
        gesture = self._gestures.get(key)
        if gesture is not None:
            gesture.move(pos)

    def _end(self, key: tuple[str, int], pos: QPointF) -> None:
        gesture = self._gestures.pop(key, None)
        if gesture is not None:
            gesture.release(pos)

    def _touch_event(self, event: QTouchEvent) -> None:
        event.accept()
        if event.type() == QEvent.Type.TouchCancel:
            for key in [k for k in self._gestures if k[0] == "touch"]:
                self._gestures.pop(key).cancel()
            self.refresh()
            return
        for point in event.points():
            key = ("touch", point.id())
            state = point.state()
            if state == QEventPoint.State.Stationary:
                continue
            pos = self._to_scene(point.position())
            if state == QEventPoint.State.Pressed:
                self._begin(key, pos)
            elif state == QEventPoint.State.Released:
                self._end(key, pos)
            else:
                self._move(key, pos)

    def _mouse_event(self, event: QMouseEvent) -> None:
        event.accept()
        if event.source() != Qt.MouseEventSource.MouseEventNotSynthesized:
            return  # a finger, already handled as a touch
        pos = self._to_scene(event.position())
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            if event.button() == Qt.MouseButton.LeftButton:
                self.view.setFocus(Qt.FocusReason.MouseFocusReason)
                self._begin(MOUSE, pos)
        elif kind == QEvent.Type.MouseMove:
            if event.buttons() & Qt.MouseButton.LeftButton:
                self._move(MOUSE, pos)
        elif kind == QEvent.Type.MouseButtonRelease:
            if event.button() == Qt.MouseButton.LeftButton:
                self._end(MOUSE, pos)

    def _wheel_event(self, event: QWheelEvent) -> None:
        event.accept()
        if self.scene.back.is_open:
            step = event.pixelDelta().y() or event.angleDelta().y() / 120 * self.scene.theme.px(60)
            self.scene.back.scroll_by(-step)  # wheel down reads on, however the board is turned

    def _key_event(self, event: QKeyEvent) -> bool:
        return handle_key(self, event)
