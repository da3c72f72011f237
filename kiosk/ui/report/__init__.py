"""The printable workshop report: `writer.write_report` lays out its content (`content`:
consensus orders, agreement, the dashboard's charts, criteria and notes) as an A4 PDF
(`pdf`). Used by `kiosk report` and works offscreen."""
