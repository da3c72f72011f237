"""What the screens and the commands ask of the kiosk, with no Qt: the catalog of decks and
lenses, the table's session, demo data, the PIN rule and the facilitator's services
(`facilitator`), all over the store's small Protocol ports (`ports`)."""
