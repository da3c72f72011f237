"""The kiosk's domain, with no Qt and no storage: decks and lenses, workshops and this
kiosk's settings, the PIN, a table's ranking with its move log, the saved-ranking record,
its replay, and the order names sort in."""
