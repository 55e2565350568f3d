"""Large designs stay responsive: far-out frames come from one cached picture, routes settle later."""

from __future__ import annotations

from cloudwright.engine.model.diagram import Diagram, Node
from cloudwright.gui.canvas.overview import OVERVIEW_MIN_ITEMS
from cloudwright.gui.main_window import MainWindow


def _grid_design(count: int) -> Diagram:
    nodes = {"dc": Node(id="dc", kind="corporate_dc", size=(4000.0, 4000.0))}
    for i in range(count):
        nodes[f"s{i}"] = Node(id=f"s{i}", kind="on_prem_server", parent="dc",
                              pos=(16.0 + (i % 40) * 100, 36.0 + (i // 40) * 100))
    return Diagram(nodes=nodes)


def test_zoomed_out_big_design_paints_from_cached_picture(window: MainWindow) -> None:
    """Zoomed far out on a big design, frames reuse one picture until the model or selection changes."""
    window.controller.adopt(_grid_design(OVERVIEW_MIN_ITEMS + 10), None)
    window.view.fit_all()
    assert window.view.overview.wanted(window.view.zoom)
    window.view.viewport().repaint()
    picture = window.view.overview.pixmap
    assert picture is not None
    window.view.viewport().repaint()
    assert window.view.overview.pixmap is picture
    window.scene.select_ids(["s3"])
    assert window.view.overview.pixmap is None
    window.view.set_zoom(1.0)
    assert not window.view.overview.wanted(window.view.zoom)
