"""The board's scene: every item on the table and where it should be.

`arrange()` is the one place that turns a ladder (the Ranking's, or a preview while cards
are dragged) into positions; cards and places glide there. It only retargets animations, so
calling it on every change of a drag's target stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QBrush, QColor, QPixmapCache
from PySide6.QtWidgets import QGraphicsScene

from kiosk.domain.decks import Deck
from kiosk.domain.lenses import Lens
from kiosk.ui import theme as palette
from kiosk.ui.board.buttons import ButtonItem, CounterItem, layout_toolbar
from kiosk.ui.board.card_back import CardBackItem
from kiosk.ui.board.cards import CardItem
from kiosk.ui.board.furniture import CutLineItem, HeaderItem, LabelItem, PlaceItem, TrayItem
from kiosk.ui.board.geometry import BoardGeometry
from kiosk.ui.theme import Theme


class BoardScene(QGraphicsScene):
    def __init__(self, deck: Deck, lens: Lens, card_ids: Sequence[str], theme: Theme) -> None:
        super().__init__()
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)  # items move a lot
        self.setBackgroundBrush(QBrush(QColor(palette.PAPER)))
        self.lens = lens
        self.card_ids = tuple(card_ids)
        self.base_theme = theme
        self.theme = theme
        self.animation_ms = 150
        colour = Theme.lens_colour(lens.id)
        self.header = HeaderItem(lens, deck.title)
        self.tray = TrayItem()
        self.most_label = LabelItem(_capital(lens.most), "up", colour)
        self.least_label = LabelItem(_capital(lens.least), "down", colour)
        self.places = [PlaceItem(slot) for slot in range(len(self.card_ids))]
        self.cards = {cid: CardItem(deck.card(cid), colour) for cid in self.card_ids}
        self.cut_line = CutLineItem() if lens.has_cut_line else None
        self.buttons = {
            "rotate": ButtonItem("rotate", "Turn board", "rotate"),
            "undo": ButtonItem("undo", "Undo", "undo"),
            "redo": ButtonItem("redo", "Redo", "redo"),
            "up": ButtonItem("up", "Move up", "up"),
            "down": ButtonItem("down", "Move down", "down"),
            "done": ButtonItem("done", "Done", "check", "primary"),
        }
        if self.cut_line is not None:
            self.buttons["cut"] = ButtonItem("cut", "Draw a line", "line")
        self.counter = CounterItem()
        self.back = CardBackItem()
        for item in (self.header, self.tray, self.most_label, self.least_label, *self.places,
                     *self.cards.values(), *self.buttons.values(), self.counter, self.back):
            self.addItem(item)
        if self.cut_line is not None:
            self.addItem(self.cut_line)
        self.geometry = BoardGeometry.compute(800, 600, len(self.card_ids), theme,
                                              self.cut_line is not None)
        self._band: int | None = None
        self._arranged = False

    # ----- size
    def resize_to(self, width: float, height: float) -> None:
        """Lay the whole board out again for a new view size (no animation)."""
        scale = Theme.for_size(int(width), int(height), self.base_theme.dpi).scale
        self.theme = self.base_theme.with_scale(scale)
        t = self.theme
        self.setSceneRect(QRectF(0, 0, width, height))
        # Every item draws from a cached pixmap; Qt's default 10 MB pixmap cache holds less
        # than one 1080p board, and items evicted each frame would be drawn again each frame.
        needed_kb = int(width * height * 4 * 4 / 1024)
        if QPixmapCache.cacheLimit() < needed_kb:
            QPixmapCache.setCacheLimit(needed_kb)
        g = BoardGeometry.compute(width, height, len(self.card_ids), t, self.cut_line is not None)
        self.geometry = g
        self.header.set_rect(g.header, t)
        self.tray.label_h, self.tray.pad = g.label_h, g.tray_pad
        self.tray.set_rect(g.tray, t)
        for item in self.cards.values():
            item.set_layout(g.card, t, g.text_factor)
        place_size = QSizeF(g.gutter + g.card.width(), g.card.height())
        for place in self.places:
            place.set_gutter(g.gutter)
            place.set_rect(QRectF(g.number_rect(place.slot).topLeft(), place_size), t)
        if self.cut_line is not None:
            self.cut_line.card_w = g.card.width()
            self.cut_line.set_rect(g.band_rect(len(self.card_ids)), t)
        groups: list[list] = [[self.buttons["rotate"], self.buttons["undo"], self.buttons["redo"]],
                              [self.buttons["up"], self.buttons["down"]]]
        if "cut" in self.buttons:
            groups[1].append(self.buttons["cut"])
        groups.append([self.counter, self.buttons["done"]])
        layout_toolbar(g.toolbar, t, groups)
        self.back.set_area(QRectF(0, 0, width, height), t)
        self._arranged = False

    # ----- arranging the cards
    def band_gap(self, cut: int | None) -> int | None:
        """Where the cut band sits: at the cut, or parked under the last place."""
        if self.cut_line is None:
            return None
        return len(self.card_ids) if cut is None else cut

    def arrange(self, ladder: Sequence[str | None], cut: int | None, *,
                band: int | None = None, skip: Iterable[str] = (), animate: bool = True) -> None:
        """Move every card not in `skip` to its place for `ladder`; tray cards fill the tray
        in deck order. `band` overrides where the cut band is shown (while it is dragged)."""
        g = self.geometry
        duration = self.animation_ms if animate and self._arranged else 0
        band_gap = self.band_gap(cut) if band is None else band
        skip = set(skip)
        on_ladder = set()
        for slot, cid in enumerate(ladder):
            if cid is None:
                continue
            on_ladder.add(cid)
            item = self.cards[cid]
            item.set_placed(True)
            if cid not in skip:
                item.glide.to(g.slot_rect(slot, band_gap).topLeft(), duration)
        index = 0
        for cid in self.card_ids:
            if cid in on_ladder:
                continue
            item = self.cards[cid]
            item.set_placed(False)
            if cid not in skip:
                item.glide.to(g.tray_cell(index).topLeft(), duration)
            index += 1
        self.tray.set_state(self.tray.hovered, index == 0)
        first_free = next((slot for slot, cid in enumerate(ladder) if cid is None), None)
        for place in self.places:
            tier = None
            if cut is not None and band is None:
                tier = "acceptable" if place.slot < cut else "not acceptable"
            place.set_state(place.slot == first_free and not on_ladder, tier)
        if band_gap != self._band or not self._arranged:
            self._place_furniture(band_gap, duration)
        self._arranged = True

    def _place_furniture(self, band_gap: int | None, duration: int) -> None:
        g = self.geometry
        t = self.theme
        self._band = band_gap
        for place in self.places:
            place.glide.to(g.number_rect(place.slot, band_gap).topLeft(), duration)
        self.most_label.indent = self.least_label.indent = g.gutter
        self.most_label.set_rect(g.most_label_rect(), t)
        self.least_label.set_rect(g.least_label_rect(band_gap), t)
        if self.cut_line is not None and band_gap is not None:
            self.cut_line.glide.to(g.band_rect(band_gap).topLeft(), duration)

    # ----- finding things under a finger (scene coordinates)
    def card_at(self, pos: QPointF, exclude: Iterable[str] = ()) -> CardItem | None:
        exclude = set(exclude)
        hits = [item for cid, item in self.cards.items()
                if cid not in exclude and item.card_rect().contains(pos)]
        return max(hits, key=lambda item: item.zValue()) if hits else None

    def button_at(self, pos: QPointF) -> ButtonItem | None:
        for button in self.buttons.values():
            if button.scene_rect().contains(pos):
                return button
        return None

    def cut_line_at(self, pos: QPointF) -> bool:
        line = self.cut_line
        if line is None:
            return False
        return QRectF(line.pos(), line.rect().size()).contains(pos)

    def set_drop_target(self, slot: int | None, tray: bool) -> None:
        for place in self.places:
            place.set_target(place.slot == slot)
        self.tray.set_state(tray, self.tray.empty)

    def animations_running(self) -> bool:
        items: list[CardItem | PlaceItem | CutLineItem] = [*self.cards.values(), *self.places]
        if self.cut_line is not None:
            items.append(self.cut_line)
        return any(item.glide.running for item in items)



def _capital(text: str) -> str:
    """'most beneficial' as a label: 'Most beneficial'."""
    return text[:1].upper() + text[1:]
