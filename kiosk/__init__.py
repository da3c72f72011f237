"""Deliberation kiosk: rank examples of public-sector data sharing around a touch table.

The packages are layers, top to bottom: `cli`, `ui`, `services`, `exchange` | `storage` |
`sync`, `analysis`, `domain`, `outputs` (README.md, "Layout"); `paths` says where assets and
data live.
"""

__version__ = "0.1.0"
APP_NAME = "kiosk"
