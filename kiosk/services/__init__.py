"""What the screens and commands ask of the kiosk, over the store's Protocol ports (`ports`):
catalog, table and poll sessions, machine setup, PIN rule, drives, demo, facilitator, room."""
