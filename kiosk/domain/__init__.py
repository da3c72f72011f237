"""The domain, with no Qt and no storage: decks, lenses, polls, workshops and settings, the
PIN, a ranking and its move log, the saved records, replay and name order."""
