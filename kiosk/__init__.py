"""Deliberation kiosk: rank examples of public-sector data sharing around a touch table."""

__version__ = "0.1.0"
APP_NAME = "kiosk"
