# The kiosk's only QML is Qt Virtual Keyboard's panel; build.spec lists exactly the QML modules
# it needs. This replaces PyInstaller's own hook, which would collect all of Qt's QML
# (WebEngine, 3D, Quick Controls styles...), which would make the folder far larger.
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
