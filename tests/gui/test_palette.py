"""The palette: every kind, grouped, searchable; clicking a kind then the canvas places it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent

from cloudwright.engine.catalog import catalog
from cloudwright.gui.canvas.interactions import KIND_MIME
from cloudwright.gui.main_window import MainWindow
from tests.gui.conftest import send_mouse


def test_palette_lists_every_kind(window: MainWindow) -> None:
    """All catalogue kinds are offered, grouped by category."""
    assert sorted(window.palette.visible_kinds()) == sorted(k.id for k in catalog())
    assert window.palette.proxy.rowCount() == len(catalog().categories())


def test_search_filters_as_you_type(window: MainWindow, qtbot) -> None:
    """Typing 'nat' leaves the NAT gateway and NAT instance and hides the rest."""
    qtbot.keyClicks(window.palette.search, "nat")
    kinds = window.palette.visible_kinds()
    assert "nat_gateway" in kinds and "nat_instance" in kinds and "rds" not in kinds
    window.palette.search.clear()
    assert len(window.palette.visible_kinds()) == len(catalog())


def test_palette_drag_payload_uses_custom_mime(window: MainWindow) -> None:
    """Dragging a palette entry carries the kind id under application/x-cloudwright-kind."""
    index = window.palette.proxy.mapToSource(window.palette.index_of("alb"))
    mime = window.palette.model.mimeData([index])
    assert bytes(mime.data(KIND_MIME).data()) == b"alb"


def test_click_then_place(loaded: MainWindow, qtbot) -> None:
    """Clicking a kind in the palette and then inside a subnet adds it there."""
    tree = loaded.palette.tree
    index = loaded.palette.index_of("elasticache")
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center())
    assert loaded.scene.pending_kind == "elasticache"
    spot = loaded.scene.item_for_node("priv").mapToScene(QPointF(180, 80))
    send_mouse(loaded, QMouseEvent.Type.MouseButtonPress, spot)
    send_mouse(loaded, QMouseEvent.Type.MouseButtonRelease, spot)
    added = [n for n in loaded.controller.diagram.nodes.values() if n.kind == "elasticache"]
    assert len(added) == 1 and added[0].parent == "priv"
