import os
from pathlib import Path

# The offscreen platform's default screen is 800×800 and Qt drops a touch that begins
# outside every screen, so tests get one 3840×2160 screen (window frames stay as they were).
_SCREEN = Path(__file__).with_name("offscreen_screen.json")
os.environ.setdefault("QT_QPA_PLATFORM",
                      "offscreen" if os.name == "nt" else f"offscreen:configfile={_SCREEN}")
