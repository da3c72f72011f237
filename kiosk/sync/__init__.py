"""The room's engine: Syncthing run as the kiosk's child process, configured through its REST
API on 127.0.0.1 — no Qt, no store (kiosk.services.room decides what goes where)."""
