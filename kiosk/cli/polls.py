from kiosk.cli.common import load_catalog  # noqa: F401  (placeholder, replaced below)
