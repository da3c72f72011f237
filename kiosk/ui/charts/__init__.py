"""The compare dashboard's charts, drawn with pyqtgraph: heat maps of positions and of τ-b,
bars, the benefit–risk map and consensus orders, each in a `ChartPanel` that saves it as
PNG or SVG. Only these modules import pyqtgraph."""
