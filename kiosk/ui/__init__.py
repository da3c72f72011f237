"""The Qt layer: `app` builds the kiosk or the hub; the board, the shell around it, the
facilitator's area, charts, plenary screen and report. Screens reach data through services."""
