"""The properties panel: generated editors, one undo step per finished edit, invalid input refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from cloudwright.engine.document import Document
from cloudwright.engine.model.diagram import typed_props
from cloudwright.gui.controller import Controller
from cloudwright.gui.panels.properties import PropertiesPanel
from cloudwright.gui.panels.properties.editors import (
    ChoiceEditor,
    IntEditor,
    RefListEditor,
    ValidatedTextEditor,
)
from cloudwright.gui.panels.properties.tables import RowsEditor
from tests.gui.gui_designs import web_design


@pytest.fixture
def controller(qtbot) -> Controller:
    controller = Controller()
    controller._replace(Document(web_design()), None)
    return controller


@pytest.fixture
def panel(qtbot, controller: Controller) -> PropertiesPanel:
    panel = PropertiesPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(420, 900)
    panel.show()
    return panel


def _finish_typing(qtbot, line, text: str) -> None:
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)
    line.editingFinished.emit()


def test_selecting_one_node_shows_its_schema_fields(panel: PropertiesPanel, controller: Controller) -> None:
    """Selecting a subnet shows its CIDR, tier and flags, with the model's values."""
    controller.selection.set(["public"])
    assert {"cidr", "tier", "auto_assign_public_ip", "required_hosts"} <= panel.editors.keys()
    assert panel.editors["cidr"].line.text() == "10.0.1.0/24"
    assert panel.editors["tier"].combo.currentText() == "public"
    assert isinstance(panel.editors["required_hosts"], IntEditor)


def test_several_selected_nodes_show_a_summary(panel: PropertiesPanel, controller: Controller) -> None:
    """With several nodes selected the panel summarises them instead of editing one."""
    controller.selection.set(["web", "db"])
    assert panel.node_id is None
    assert "2 components selected" in panel.header.text()


def test_cidr_edit_changes_model_as_one_undo_step(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """Typing a new CIDR and leaving the field changes the model once; undo restores it."""
    controller.selection.set(["private"])
    before = controller.undo_stack.count()
    _finish_typing(qtbot, panel.editors["cidr"].line, "10.0.3.0/24")
    assert controller.diagram.nodes["private"].props["cidr"] == "10.0.3.0/24"
    assert controller.undo_stack.count() == before + 1
    controller.undo_stack.undo()
    assert controller.diagram.nodes["private"].props["cidr"] == "10.0.2.0/24"
    assert panel.editors["cidr"].line.text() == "10.0.2.0/24"


def test_unchanged_value_pushes_nothing(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """Finishing an edit without changing the value (even written differently) adds no undo step."""
    controller.selection.set(["web"])
    panel.editors["instance_type"].line.editingFinished.emit()
    panel.editors["os"].combo.activated.emit(0)
    assert controller.undo_stack.count() == 0
    controller.selection.set(["web-sg"])
    panel.editors["inbound"].committed.emit()
    assert controller.undo_stack.count() == 0


def test_invalid_cidr_is_refused_with_its_message(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """A CIDR with host bits set is explained while typing and never reaches the model."""
    controller.selection.set(["private"])
    editor = panel.editors["cidr"]
    assert isinstance(editor, ValidatedTextEditor)
    _finish_typing(qtbot, editor.line, "10.0.2.5/24")
    assert "host bits set" in editor.error and "10.0.2.0/24" in editor.error
    shown = [w.text() for w in panel.findChildren(QLabel) if w.isVisible()]
    assert any("host bits set" in text for text in shown)
    assert controller.diagram.nodes["private"].props["cidr"] == "10.0.2.0/24"
    assert controller.undo_stack.count() == 0


def test_engine_refusal_is_shown(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """A value the schema accepts but the structural check refuses is reported, and the model is unchanged."""
    controller.selection.set(["web"])
    panel._push("web", props={"security_groups": ["no-such-sg"]})
    assert panel.status.text()
    assert controller.diagram.nodes["web"].props["security_groups"] == ["web-sg"]


def test_enum_and_boolean_edits(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """Picking an enum value and ticking a check box each change the model once."""
    controller.selection.set(["private"])
    tier = panel.editors["tier"]
    assert isinstance(tier, ChoiceEditor)
    tier.combo.setCurrentIndex(tier.combo.findData("data"))
    tier.combo.activated.emit(tier.combo.currentIndex())
    panel.editors["auto_assign_public_ip"].check.click()
    node = controller.diagram.nodes["private"]
    assert node.props["tier"] == "data" and node.props["auto_assign_public_ip"] is True
    assert controller.undo_stack.count() == 2


def test_label_and_intent_flags(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """The label and intent flags are edited from the panel too."""
    controller.selection.set(["private"])
    _finish_typing(qtbot, panel.label_edit, "App tier")
    box = panel.findChild(QCheckBox, "intent:isolated")
    box.click()
    node = controller.diagram.nodes["private"]
    assert node.label == "App tier" and node.intent == {"isolated": True}
    box.click()
    assert controller.diagram.nodes["private"].intent == {}


def test_security_group_list_picks_from_the_design(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """An instance's security groups are ticked from the design's own security groups."""
    controller.selection.set(["web"])
    editor = panel.editors["security_groups"]
    assert isinstance(editor, RefListEditor)
    ids = [editor.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(editor.list.count())]
    assert ids == ["web-sg", "db-sg"]
    editor.list.item(1).setCheckState(Qt.CheckState.Checked)
    assert controller.diagram.nodes["web"].props["security_groups"] == ["web-sg", "db-sg"]
    assert controller.undo_stack.count() == 1


def test_route_table_rows_add_edit_remove(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """Routes are added, retargeted and removed in the table; undo restores the original routes."""
    controller.selection.set(["rt-private"])
    routes = panel.editors["routes"]
    assert isinstance(routes, RowsEditor)
    qtbot.mouseClick(routes.add_button, Qt.MouseButton.LeftButton)
    rows = controller.diagram.nodes["rt-private"].props["routes"]
    assert len(rows) == 2 and rows[1]["destination"] == "0.0.0.0/0"
    destination = routes.table.cellWidget(1, 0)
    _finish_typing(qtbot, destination.combo.lineEdit(), "172.16.0.0/12")
    target = routes.table.cellWidget(1, 1)
    target.combo.setCurrentIndex(target.combo.findData("igw"))
    target.combo.activated.emit(target.combo.currentIndex())
    assert controller.diagram.nodes["rt-private"].props["routes"][1] == {"destination": "172.16.0.0/12",
                                                                       "target": "igw"}
    routes.select_row(0)
    qtbot.mouseClick(routes.remove_button, Qt.MouseButton.LeftButton)
    assert controller.diagram.nodes["rt-private"].props["routes"] == [{"destination": "172.16.0.0/12",
                                                                     "target": "igw"}]
    assert controller.undo_stack.count() == 1, "repeated edits of one property merge into one step"
    controller.undo_stack.undo()
    assert controller.diagram.nodes["rt-private"].props["routes"] == [{"destination": "0.0.0.0/0", "target": "nat"}]
    assert routes.table.rowCount() == 1


def test_route_to_prefix_list(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """A route destination can be a managed prefix list picked from the list."""
    controller.selection.set(["rt-private"])
    cell = panel.editors["routes"].table.cellWidget(0, 0)
    cell.combo.setCurrentIndex(cell.combo.findData({"prefix_list": "s3"}))
    cell.combo.activated.emit(cell.combo.currentIndex())
    assert controller.diagram.nodes["rt-private"].props["routes"] == [{"prefix_list": "s3", "target": "nat"}]


def test_security_group_rules_source_is_cidr_or_sg(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """SG rule sources are typed CIDRs or SGs picked from the design; a bad port is explained, not saved."""
    controller.selection.set(["db-sg"])
    inbound = panel.editors["inbound"]
    qtbot.mouseClick(inbound.add_button, Qt.MouseButton.LeftButton)
    assert controller.diagram.nodes["db-sg"].props["inbound"][1] == {"protocol": "tcp", "port": 443,
                                                                   "cidr": "0.0.0.0/0"}
    peer = inbound.table.cellWidget(1, 2)
    peer.combo.setCurrentIndex(peer.combo.findData({"sg": "web-sg"}))
    peer.combo.activated.emit(peer.combo.currentIndex())
    ports = inbound.table.cellWidget(1, 1)
    _finish_typing(qtbot, ports.line, "5432")
    assert controller.diagram.nodes["db-sg"].props["inbound"][1] == {"protocol": "tcp", "port": 5432,
                                                                   "sg": "web-sg"}
    count = controller.undo_stack.count()
    _finish_typing(qtbot, ports.line, "70000")
    assert "outside 0-65535" in panel._errors["inbound"].text()
    assert controller.undo_stack.count() == count
    assert controller.diagram.nodes["db-sg"].props["inbound"][1]["port"] == 5432


def test_nacl_entries_add_and_remove(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """A new NACL entry gets the next rule number; deny entries can be set; rows can be removed."""
    controller.selection.set(["nacl"])
    inbound = panel.editors["inbound"]
    qtbot.mouseClick(inbound.add_button, Qt.MouseButton.LeftButton)
    entry = controller.diagram.nodes["nacl"].props["inbound"][1]
    assert entry["rule"] == 200
    action = inbound.table.cellWidget(1, 1)
    action.combo.setCurrentIndex(action.combo.findData("deny"))
    action.combo.activated.emit(action.combo.currentIndex())
    assert typed_props(controller.diagram.nodes["nacl"]).inbound[1].action == "deny"
    inbound.select_row(1)
    qtbot.mouseClick(inbound.remove_button, Qt.MouseButton.LeftButton)
    assert len(controller.diagram.nodes["nacl"].props["inbound"]) == 1


def test_external_change_refreshes_without_pushing(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """A change made elsewhere (undo, another view) shows in the panel and pushes nothing back."""
    controller.selection.set(["public"])
    controller.request_set_props("public", props={"cidr": "10.0.9.0/24"})
    assert panel.editors["cidr"].line.text() == "10.0.9.0/24"
    assert controller.undo_stack.count() == 1


def test_selected_flow_edits_port_as_one_step(qtbot, panel: PropertiesPanel, controller: Controller) -> None:
    """Selecting a flow shows its protocol and port; a new port is one undo step, a bad one is explained."""
    edge_id = next(e.id for e in controller.diagram.edges.values() if e.target == "db")
    controller.selection.set([edge_id])
    form = panel.flow_form
    assert form is not None and form.editors["port"].line.text() == "3306"
    _finish_typing(qtbot, form.editors["port"].line, "5432")
    assert controller.diagram.edges[edge_id].port.low == 5432
    assert controller.undo_stack.count() == 1
    _finish_typing(qtbot, form.editors["port"].line, "99999")
    assert "outside 0-65535" in form.error.text()
    assert controller.diagram.edges[edge_id].port.low == 5432 and controller.undo_stack.count() == 1
    controller.undo_stack.undo()
    assert form.editors["port"].line.text() == "3306"
