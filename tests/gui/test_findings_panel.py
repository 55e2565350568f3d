"""Live findings in the app: they follow edits and undo, select their nodes, and quick fixes apply in one step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from cloudwright.engine.io.design_file import save_design
from cloudwright.gui.main_window import MainWindow
from cloudwright.gui.validation import Analysis
from tests.gui.gui_designs import web_design


@pytest.fixture
def app_window(qtbot, tmp_path: Path) -> MainWindow:
    """The real main window on the web design, its validator run synchronously for determinism."""
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


def settle(window: MainWindow) -> None:
    window.validator.run_now()


def rules_of(window: MainWindow) -> set[tuple[str, tuple[str, ...]]]:
    return {(f.rule, f.nodes) for f in window.findings.visible_findings()}


def break_db_security_group(window: MainWindow) -> None:
    """The DB's SG now admits 5432 instead of MySQL's 3306, so the intended web -> db flow is blocked."""
    window.controller.request_set_props("db-sg", props={"inbound": [{"protocol": "tcp", "port": 5432,
                                                                      "sg": "web-sg"}]})
    settle(window)


def test_edit_that_breaks_a_rule_shows_a_finding_and_undo_removes_it(app_window: MainWindow) -> None:
    """Blocking an intended flow adds a REACH-FLOW-001 finding; undo takes it away again."""
    assert not any(rule == "REACH-FLOW-001" for rule, _ in rules_of(app_window))
    break_db_security_group(app_window)
    blocked = [f for f in app_window.findings.visible_findings() if f.rule == "REACH-FLOW-001"]
    assert len(blocked) == 1 and "db-sg" in blocked[0].nodes and "3306" in blocked[0].message
    app_window.controller.undo_stack.undo()
    settle(app_window)
    assert not any(rule == "REACH-FLOW-001" for rule, _ in rules_of(app_window))


def test_live_validation_runs_off_the_ui_thread(qtbot, app_window: MainWindow) -> None:
    """With the worker thread, findings arrive by themselves shortly after an edit."""
    app_window.validator.threaded = True
    app_window.controller.request_set_props("db-sg", props={"inbound": [{"protocol": "tcp", "port": 5432,
                                                                          "sg": "web-sg"}]})
    qtbot.waitUntil(lambda: app_window.validator.is_current
                    and any(f.rule == "REACH-FLOW-001" for f in app_window.validator.analysis.findings),
                    timeout=10_000)
    app_window.validator.wait_idle()


def test_stale_results_are_not_applied(app_window: MainWindow) -> None:
    """A result computed for an older revision is dropped (a newer run is scheduled instead)."""
    validator = app_window.validator
    old = validator.analysis
    document = app_window.controller.document
    app_window.controller.request_set_props("web", label="Front end")
    validator._apply(document, document.revision - 1, Analysis())
    assert validator.analysis is old and validator.timer.isActive()


def test_findings_sorted_by_severity_and_filterable(app_window: MainWindow) -> None:
    """Errors come first; the severity toggles, pillar filter and text filter narrow the list."""
    findings = app_window.findings
    severities = [f.severity for f in findings.visible_findings()]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    findings.severity_buttons["warning"].setChecked(False)
    findings.severity_buttons["info"].setChecked(False)
    assert {f.severity for f in findings.visible_findings()} == {"error"}
    findings.severity_buttons["warning"].setChecked(True)
    findings.search.setText("until it is restored")
    assert [f.rule for f in findings.visible_findings()] == ["RDS-MAZ-002"]
    findings.search.clear()
    findings.pillar_combo.setCurrentIndex(findings.pillar_combo.findData("reliability"))
    assert len(findings.visible_findings()) == len(app_window.validator.analysis.findings)
    findings.pillar_combo.setCurrentIndex(findings.pillar_combo.findData("cost"))
    assert findings.visible_findings() == []


def test_clicking_a_finding_selects_its_nodes(qtbot, app_window: MainWindow) -> None:
    """Clicking a row selects the finding's components on the canvas."""
    findings = app_window.findings
    row = next(r for r in range(findings.proxy.rowCount())
               if findings.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).rule == "RDS-MAZ-002")
    rect = findings.table.visualRect(findings.proxy.index(row, 2))
    qtbot.mouseClick(findings.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert app_window.controller.selection.ids == ("db",)
    assert app_window.scene.selected_node_ids() == ["db"]
    assert findings.visible_findings(), "the clicked finding stays listed"


def test_selecting_a_node_filters_to_its_findings(app_window: MainWindow) -> None:
    """Selecting a component on the canvas lists only its findings; Show all lists everything again."""
    everything = len(app_window.findings.visible_findings())
    app_window.scene.select_ids(["web"])
    shown = app_window.findings.visible_findings()
    assert shown and all("web" in f.nodes for f in shown) and len(shown) < everything
    app_window.findings.show_all.click()
    assert len(app_window.findings.visible_findings()) == everything


def test_quick_fix_fixes_the_finding_in_one_undoable_step(app_window: MainWindow) -> None:
    """The Fix button applies the finding's quick fix as one undo step; undo brings the finding back."""
    break_db_security_group(app_window)
    findings = app_window.findings
    blocked = next(f for f in findings.visible_findings() if f.rule == "REACH-FLOW-001")
    findings.select_finding(blocked)
    assert findings.fix_button.isEnabled()
    steps = app_window.controller.undo_stack.count()
    findings.fix_button.click()
    settle(app_window)
    assert app_window.controller.undo_stack.count() == steps + 1
    assert not any(f.rule == "REACH-FLOW-001" for f in app_window.validator.analysis.findings)
    app_window.controller.undo_stack.undo()
    settle(app_window)
    assert any(f.rule == "REACH-FLOW-001" for f in app_window.validator.analysis.findings)


def test_badges_show_worst_severity_and_counts_in_status_bar(app_window: MainWindow) -> None:
    """Components with findings get a badge of their worst severity; the status bar counts each severity."""
    badges = app_window.overlays.badges
    assert badges["db"].severity == "error"
    assert badges["web"].severity == "warning"
    assert "igw" not in badges
    assert badges["db"].parentItem() is app_window.scene.item_for_node("db")
    counts = app_window.validator.analysis.counts()
    label = app_window.statusBar().findChild(type(app_window.findings.scope), "severity_counts")
    assert f"{counts['error']} errors" in label.text() and f"{counts['warning']} warnings" in label.text()


def test_blocked_flow_is_drawn_dashed_red_with_reason(app_window: MainWindow) -> None:
    """An intended flow the network blocks is marked on its edge, with the reason as tooltip."""
    edge_id = next(e.id for e in app_window.controller.diagram.edges.values() if e.target == "db")
    assert edge_id not in app_window.overlays.blocked_flows
    break_db_security_group(app_window)
    mark = app_window.overlays.blocked_flows[edge_id]
    assert mark.parentItem() is app_window.scene.item_for_edge(edge_id)
    assert "db-sg" in mark.toolTip()


def test_finding_tooltip_quotes_the_notes(app_window: MainWindow) -> None:
    """A finding's tooltip shows its fix and the paragraph of the notes it cites."""
    findings = app_window.findings
    index = next(findings.proxy.index(r, 2) for r in range(findings.proxy.rowCount())
                 if findings.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).rule == "RDS-MAZ-002")
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Fix:" in tooltip and "Notes, §" in tooltip
