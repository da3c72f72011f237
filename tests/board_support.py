"""Decks, lenses and helpers shared by the board's tests (no tests here).

The cards follow the 2017 report's examples 1–6 so that screenshots show real lengths of
titles and backs; a 15-card deck checks that a big deck still fits.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from kiosk.domain.decks import Card, Deck
from kiosk.domain.lenses import Lens
from kiosk.domain.ranking import Ranking
from kiosk.ui.theme import Theme

LENSES = {
    "benefit": Lens("benefit", "Benefit",
                    "Which examples deliver (or could deliver) the most public benefit?",
                    "Most beneficial", "Least beneficial",
                    ("the number of people able to benefit",)),
    "risk": Lens("risk", "Risk", "Which examples pose the most risk?", "Most risky",
                 "Least risky", ("risks to privacy from sensitive personal data",)),
    "acceptability": Lens("acceptability", "Acceptability",
                          "Overall, how acceptable is using and sharing data this way?",
                          "Most acceptable", "Least acceptable", ("efficacy",)),
}

_EXAMPLES = [
    ("1", "Routes from Diagnosis",
     "Cancer registry and hospital data linked, de-personalised, to map what happens to "
     "patients after diagnosis.",
     "Macmillan Cancer Support with the National Cancer Intelligence Network and Monitor "
     "Deloitte.",
     "Improvements to cancer care are limited because we do not know how many patients live "
     "with significant consequences of cancer and its treatment, nor which patients.",
     "A programme of research analysing almost 85,000 cancer patients' contacts with the NHS "
     "in England over seven years, linking Hospital Episode Statistics with cancer waiting "
     "times, screening and cancer registry data.",
     "Anonymised cancer registry and hospital data linked at patient and episode level by an "
     "anonymised patient ID.",
     "Evidence used for commissioning, service design and policy. Clinical commissioning "
     "groups in South Yorkshire, Bassetlaw and North Derbyshire used the method to design "
     "stratified care pathways matching support to each patient's needs.",
     "Routes from diagnosis, Macmillan Cancer Support (report Appendix B, example 1).",
     ("health",), ("de-personalised",), ("researchers", "commercial company")),
    ("2", "Reducing unnecessary 999 calls (Braunstone Blues)",
     "Fire, police and ambulance services share information about repeat callers to offer "
     "them other support early.",
     "Braunstone Blues: Leicester Fire & Rescue, Leicester Police and East Midlands Ambulance "
     "Service, with the city council, the clinical commissioning group and NHS trusts.",
     "People who repeatedly call the emergency services may face difficulties that no single "
     "organisation can deal with; many would be better served by social care or mental "
     "health support.",
     "A multi-agency information sharing agreement to share identifiable data between health "
     "and non-health partners for early intervention.",
     "Sharing health data without consent is difficult; the project examines how to comply "
     "with data protection and human rights law and the common law duty of confidence.",
     "Better understanding of which households call 999 repeatedly, and why, so that early "
     "help can be designed and blue light services freed for emergencies.",
     "LGA data experts grants: better use of local data mini projects.",
     ("community safety", "health", "social care"), ("identifiable",), ("public body",)),
    ("3", "Linking data to improve health and social care outcomes",
     "Coded patient data from hospitals, GPs and social care in East and North Hertfordshire "
     "is linked to plan services and find people at risk.",
     "Health and social care services in East and North Hertfordshire.",
     "To understand the needs of the local population and identify people at risk or in "
     "need of a specific intervention.",
     "Patient data from health and social care services linked, with identifiers such as "
     "name, NHS number and postcode coded rather than removed.",
     "The professional caring for a patient can re-identify them to offer services or "
     "support.",
     "Service planning and evaluation; people at risk can be offered help earlier.",
     "East and North Hertfordshire (report Appendix B, example 3).",
     ("health", "social care"), ("coded / re-identifiable",), ("public body",)),
    ("4", "Empty Homes Initiative (Preston & Lancaster)",
     "Council tax data shared with empty homes officers to find empty properties and bring "
     "them back into use.",
     "Preston and Lancaster city councils, with a software company.",
     "Empty homes are a wasted resource; some owners claim discounts they are not owed.",
     "Council tax records shared with empty homes officers through a web-based property "
     "inspection module.",
     "Officers and revenue teams decide whether a visit is needed to confirm a property is "
     "still empty.",
     "Additional council tax revenue in the first year and empty homes teams able to focus "
     "their efforts.",
     "Report Appendix B, example 4.",
     ("housing",), ("identifiable",), ("public body", "commercial company")),
    ("5", "Housing regeneration and health (Swansea/SAIL)",
     "Researchers linked housing improvement records with anonymised health data to see "
     "whether better homes mean fewer hospital visits.",
     "Academic researchers at Swansea University.",
     "To find out whether a housing regeneration programme improved tenants' health.",
     "Records of homes improved by Carmarthenshire County Council linked with anonymised "
     "health records in the SAIL databank.",
     "Linked inside a secure research databank; researchers see no names.",
     "Evidence that housing improvements reduced emergency hospital admissions.",
     "Report Appendix B, example 5.",
     ("housing", "health"), ("de-personalised",), ("researchers",)),
    ("6", "Information Sharing to Tackle Violence (Hackney)",
     "Hospital emergency departments share anonymised data about where and how assaults "
     "happen with the community safety partnership.",
     "Homerton University Hospital and the Hackney community safety partnership.",
     "Many violent incidents treated in hospital are never reported to the police.",
     "Anonymised information on the time, place and weapon of assaults collected in the "
     "emergency department and shared.",
     "Aggregated data passed to the community safety partnership every month.",
     "Police patrols and licensing targeted at the places and times of violence.",
     "Report Appendix B, example 6.",
     ("criminal justice", "community safety", "health"), ("aggregate / public",),
     ("public body",)),
]


def examples_deck() -> Deck:
    cards = tuple(Card(id=e[0], title=e[1], summary=e[2], who=e[3], why=e[4], what=e[5],
                       how=e[6], impacts=e[7], source=e[8], sectors=e[9], data_kind=e[10],
                       shared_with=e[11]) for e in _EXAMPLES)
    return Deck("examples-1-6", "Examples 1–6", cards)


def big_deck(n: int = 15) -> Deck:
    base = examples_deck().cards
    cards = []
    for i in range(n):
        b = base[i % len(base)]
        cards.append(Card(id=chr(ord("A") + i), title=b.title, summary=b.summary, who=b.who,
                          why=b.why, what=b.what, how=b.how, impacts=b.impacts, source=b.source))
    return Deck("big", f"A deck of {n}", tuple(cards))


def ranking_for(deck: Deck, lens: str = "benefit") -> Ranking:
    return Ranking(deck.id, lens, tuple(deck.card_ids))


def shipped(tmp_path) -> tuple[Deck, dict[str, Lens]]:
    """The decks and lenses the kiosk ships (for pictures), or this module's own."""
    from kiosk.services.catalog import load_catalog

    catalog = load_catalog(tmp_path)
    deck = catalog.deck("examples-1-6")
    if deck is None or len(catalog.lenses) < 3:
        return examples_deck(), LENSES
    return deck, catalog.lenses


def make_board(qtbot, deck: Deck | None = None, lens: str | Lens = "benefit",
               size=(1920, 1080), animation_ms: int = 0):
    from kiosk.ui.board import BoardWidget

    deck = deck or examples_deck()
    lens = lens if isinstance(lens, Lens) else LENSES[lens]
    board = BoardWidget(ranking_for(deck, lens.id), deck, lens, Theme.for_size(*size))
    board.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    board.animation_ms = animation_ms
    qtbot.addWidget(board)
    board.resize(*size)
    board.show()
    qtbot.waitExposed(board)
    return board


def vp(board, scene_pos: QPointF) -> QPoint:
    """A scene point in viewport coordinates (where a finger would touch)."""
    return board.view.mapFromScene(scene_pos)


def card_centre(board, card_id: str) -> QPointF:
    return board.card_item(card_id).card_rect().center()


def touch_drag(board, device, start: QPointF, end: QPointF, steps: int = 4,
               touch_id: int = 0) -> None:
    viewport = board.view.viewport()
    a, b = vp(board, start), vp(board, end)
    QTest.touchEvent(viewport, device).press(touch_id, a).commit()
    for i in range(1, steps + 1):
        p = a + (b - a) * i / steps
        QTest.touchEvent(viewport, device).move(touch_id, p).commit()
    QTest.touchEvent(viewport, device).release(touch_id, b).commit()


def touch_tap(board, device, at: QPointF, touch_id: int = 0) -> None:
    viewport = board.view.viewport()
    p = vp(board, at)
    QTest.touchEvent(viewport, device).press(touch_id, p).commit()
    QTest.touchEvent(viewport, device).release(touch_id, p).commit()


def mouse_drag(board, start: QPointF, end: QPointF, steps: int = 4) -> None:
    viewport = board.view.viewport()
    a, b = vp(board, start), vp(board, end)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, steps + 1):
        QTest.mouseMove(viewport, a + (b - a) * i / steps)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def click(board, at: QPointF) -> None:
    p = vp(board, at)
    QTest.mouseClick(board.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, p)


def button_centre(board, name: str) -> QPointF:
    return board.buttons[name].scene_rect().center()

