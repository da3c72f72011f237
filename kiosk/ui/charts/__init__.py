"""The compare dashboard's charts (pyqtgraph, imported only here): heat maps, bars, the
benefit–risk map, consensus orders, poll bars, each in a `ChartPanel` saved as PNG or SVG."""
