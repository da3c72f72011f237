"""The printable workshop report: its content (`content`) laid out as an A4 PDF (`writer`,
`pdf`), for `kiosk report` and Compare's Report button; works offscreen."""
