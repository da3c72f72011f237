"""The Qt layer: `app` starts the kiosk and `theme` sets its look; the table's board
(`board`), the window and screens around it (`shell`), the facilitator's area behind the PIN
(`facilitator`) with its charts (`charts`), and the printed report (`report`). Screens reach
the data through kiosk.services only."""
