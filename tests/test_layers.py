"""The layers stay visible: nothing below the screens imports Qt or pyqtgraph."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kiosk"
QT_FREE = ["domain", "storage", "exchange", "analysis", "services", "sync", "outputs",
           "paths.py"]
FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6")


def modules_under(name: str) -> list[Path]:
    target = PACKAGE / name
    if target.is_dir():
        return sorted(target.rglob("*.py"))
    return [target] if target.exists() else []


@pytest.mark.parametrize("layer", QT_FREE)
def test_layer_has_no_qt_import(layer):
    for path in modules_under(layer):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_widgets_never_touch_the_store():
    for path in modules_under("ui"):
        text = path.read_text("utf-8")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("kiosk.storage") and path.name != "app.py":
                    pytest.fail(f"{path.relative_to(PACKAGE)} imports {node.module}")


def test_no_import_circle_between_modules_of_different_packages():
    """A module may import its package's siblings both ways round, but a circle that leaves
    its package (a.x -> b.y -> ... -> a.x) would tie two packages into one."""
    import grimp

    graph = grimp.build_graph("kiosk")
    circles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported.rpartition(".")[0] == importer.rpartition(".")[0]:
                continue  # siblings in one package
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                circles.append(" -> ".join((importer, *back)))
    assert circles == []


def test_no_module_over_500_lines():
    """A newcomer can read any module in one sitting (the house rule: at most 500 lines)."""
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in sorted(PACKAGE.rglob("*.py"))
        if (count := len(path.read_text("utf-8").splitlines())) > 500
    }
    assert long == {}
