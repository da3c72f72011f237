"""The Qt layer: theme, the table's board, the shell and the facilitator's area."""
