"""The room: table kiosks send every saved ranking and their progress to a hub, and the hub
sends the workshop's setup back, through Syncthing folders (kiosk.sync runs Syncthing).

One writer per folder, so nothing ever conflicts:
- a kiosk's outbox (send-only, to the hub): `rankings/<ranking_id>.json`, `progress.json`;
- the hub's setup folder (send-only, to every joined kiosk): `setup.json`, `decks/*.toml`.
Each machine's own store stays the source of its truth: what arrives is validated and
imported (hub) or applied (kiosk) like any other input. Files and keys: docs/room.md.
"""
