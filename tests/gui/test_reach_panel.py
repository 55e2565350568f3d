"""The reachability tool and the exposure overlay, driven in the real main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from cloudwright.engine.io.design_file import save_design
from cloudwright.engine.reach import Analyzer
from cloudwright.gui.main_window import MainWindow
from cloudwright.gui.overlays import BLOCK_COLOR, PASS_COLOR
from tests.gui.gui_designs import web_design


@pytest.fixture
def app_window(qtbot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "web.yaml"
    save_design(web_design(), path)
    window = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window, before_close_func=lambda w: w.controller.undo_stack.setClean())
    window.resize(1400, 900)
    window.show()
    assert window.controller.open(path)
    window.validator.threaded = False
    window.validator.run_now()
    return window


def test_blocked_query_highlights_exactly_the_path_and_the_blocking_hop(app_window: MainWindow) -> None:
    """Internet -> DB on 3306: the hops light up, the DB (no public address) is the red blocking hop."""
    panel = app_window.reachability
    panel.set_endpoints("internet", "db")
    panel.set_flow("tcp", 3306)
    result = panel.run()
    assert result is not None and result.reachable is False
    expected = Analyzer(app_window.controller.diagram).can_reach("internet", "db", "tcp", 3306)
    assert set(app_window.overlays.hops) == {h.node for h in expected.hops}
    block = expected.blocking_hop
    assert app_window.overlays.hops[block.node].color == BLOCK_COLOR
    assert all(ring.color == PASS_COLOR for node, ring in app_window.overlays.hops.items() if node != block.node)
    assert panel.hops.rowCount() == len(expected.hops)
    assert panel.hops.item(len(expected.hops) - 1, 2).text() == f"block\n{block.code}"
    assert "Blocked" in panel.verdict.text()


def test_passing_query_marks_every_hop_green_with_the_return_leg(app_window: MainWindow) -> None:
    """Internet -> web on 443 passes; forward and return hops are all green, the return leg listed too."""
    panel = app_window.reachability
    panel.set_endpoints("internet", "web")
    panel.set_flow("tcp", 443)
    result = panel.run()
    assert result is not None and result.reachable is True
    assert {h.node for h in result.hops} == set(app_window.overlays.hops)
    assert all(ring.color == PASS_COLOR for ring in app_window.overlays.hops.values())
    returns = [row for row in range(panel.hops.rowCount()) if panel.hops.item(row, 0).text().endswith("\u21a9")]
    assert returns == [i for i, h in enumerate(result.hops) if h.leg == "return"] and returns


def test_endpoints_from_canvas_selection(app_window: MainWindow) -> None:
    """Selecting two components and pressing From selection fills source and destination."""
    app_window.controller.selection.set(["web", "db"])
    app_window.reachability.from_selection.click()
    assert app_window.reachability.source.currentData() == "web"
    assert app_window.reachability.destination.currentData() == "db"


def test_suggested_fix_applies_as_one_step_and_reruns(app_window: MainWindow) -> None:
    """A suggested fix is applied in one undo step and the query re-runs, now reachable."""
    app_window.controller.request_set_props("db-sg", props={"inbound": [{"protocol": "tcp", "port": 5432,
                                                                          "sg": "web-sg"}]})
    panel = app_window.reachability
    panel.set_endpoints("web", "db")
    panel.set_flow("tcp", 3306)
    result = panel.run()
    assert result is not None and result.reachable is False and panel.fixes.count() >= 1
    steps = app_window.controller.undo_stack.count()
    panel.fixes.setCurrentRow(0)
    panel.apply_fix.click()
    assert app_window.controller.undo_stack.count() == steps + 1
    assert panel.result is not None and panel.result.reachable is True


def test_exposure_overlay_marks_exactly_what_the_engine_reports(app_window: MainWindow) -> None:
    """The overlay tints exactly the internet-reachable components, with their open ports on hover."""
    panel = app_window.reachability
    panel.exposure.setChecked(True)
    app_window.validator.run_now()
    expected = {e.node: e.ports for e in Analyzer(app_window.controller.diagram).exposure()}
    assert expected and set(app_window.overlays.exposed) == set(expected)
    for node, ports in expected.items():
        assert all(p in app_window.overlays.exposed[node].toolTip() for p in ports)
    app_window.controller.request_set_props("db", props={"publicly_accessible": True})
    app_window.controller.request_set_props("db-sg", props={"inbound": [{"protocol": "tcp", "port": 3306,
                                                                          "cidr": "0.0.0.0/0"}]})
    app_window.validator.run_now()
    expected = {e.node for e in Analyzer(app_window.controller.diagram).exposure()}
    assert set(app_window.overlays.exposed) == expected
    panel.exposure.setChecked(False)
    assert app_window.overlays.exposed == {}


def test_bad_port_is_explained(app_window: MainWindow) -> None:
    """A port that is not a number is refused with a message, nothing is highlighted."""
    panel = app_window.reachability
    panel.set_endpoints("internet", "web")
    panel.port.setEditText("http")
    assert panel.run() is None
    assert "not a port" in panel.verdict.text()
    assert app_window.overlays.hops == {}


def test_shown_path_follows_edits(app_window: MainWindow) -> None:
    """While a path is shown, an edit that blocks it re-colours the hops after the next validation."""
    panel = app_window.reachability
    panel.set_endpoints("web", "db")
    panel.set_flow("tcp", 3306)
    assert panel.run().reachable is True
    app_window.controller.request_set_props("db-sg", props={"inbound": [{"protocol": "tcp", "port": 5432,
                                                                          "sg": "web-sg"}]})
    app_window.validator.run_now()
    assert panel.result is not None and panel.result.reachable is False
    assert app_window.overlays.hops["db-sg"].color == BLOCK_COLOR
    app_window.controller.request_delete(["db"])
    app_window.validator.run_now()
    assert panel.result is None and app_window.overlays.hops == {}


def test_selected_flow_fills_the_query(app_window: MainWindow) -> None:
    """With one flow selected, From selection takes its ends, protocol and port."""
    edge_id = next(e.id for e in app_window.controller.diagram.edges.values() if e.target == "db")
    app_window.controller.selection.set([edge_id])
    panel = app_window.reachability
    panel.from_selection.click()
    assert (panel.source.currentData(), panel.destination.currentData()) == ("web", "db")
    assert panel.protocol.currentText() == "tcp" and panel.port.currentData() == 3306
