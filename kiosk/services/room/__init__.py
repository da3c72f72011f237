"""The room: table kiosks send their saved rankings and progress to a hub through Syncthing
folders, and the hub sends the workshop's setup back (files and keys: docs/room.md)."""
