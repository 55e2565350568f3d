"""File > Import CloudFormation… and File > Export…: templates become untitled designs, every format is written.

Dialogs are answered by replacing the commands' dialog methods (or ``QFileDialog``'s static calls), the way
the other window tests answer ``QMessageBox.question``: nothing here waits on a modal loop.
"""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QComboBox, QFileDialog, QLineEdit, QMessageBox

from cloudwright.engine.io.cfn_import.loader import parse_template
from cloudwright.gui.interop_actions import ParametersDialog, export_filters, export_target
from cloudwright.gui.main_window import MainWindow

CFN = Path(__file__).resolve().parents[1] / "data" / "cfn"
SAMPLE = CFN / "vpc_public_private_nat.yaml"
UNKNOWN_TYPE = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Mystery:
    Type: Custom::Mystery
    Properties: {ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:x}
"""


class _CfnYamlLoader(yaml.SafeLoader):
    """Reads CloudFormation short-form tags (``!Ref``, ``!GetAtt``...) as plain values."""


_CfnYamlLoader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_yaml_str(node)
                                     if isinstance(node, yaml.ScalarNode) else None)


@pytest.fixture
def no_parameters(window: MainWindow, monkeypatch) -> MainWindow:
    """Accept every parameter dialog with the template's defaults."""
    monkeypatch.setattr(window.interop, "ask_parameters", lambda parameters: {})
    return window


def test_import_menu_opens_untitled_modified_design_with_logical_ids(no_parameters: MainWindow, monkeypatch) -> None:
    """File > Import CloudFormation… turns the template into an untitled, modified design keyed by logical id."""
    window = no_parameters
    monkeypatch.setattr(window.interop, "choose_template", lambda: str(SAMPLE))
    window.interop.import_cfn.trigger()
    resources = parse_template(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE))["Resources"]
    nodes = window.controller.diagram.nodes
    assert window.controller.path is None
    assert window.controller.is_modified
    assert {"VPC", "InternetGateway", "PublicSubnet1", "PrivateSubnet2"} <= set(nodes)
    assert len(set(resources) & set(nodes)) >= len(resources) // 2
    assert "Untitled" in window.windowTitle()
    assert "Imported vpc_public_private_nat.yaml" in window.statusBar().currentMessage()


def test_import_asks_for_parameters_and_uses_the_overrides(window: MainWindow, monkeypatch) -> None:
    """The parameters dialog lists the template's Parameters; an edited value reaches the import."""
    asked: list[str] = []

    def answer(parameters: dict) -> dict[str, str]:
        asked.extend(parameters)
        return {"VpcCIDR": "10.50.0.0/16"}

    monkeypatch.setattr(window.interop, "ask_parameters", answer)
    assert window.interop.import_path(str(SAMPLE))
    assert {"EnvironmentName", "VpcCIDR", "SSHLocation"} <= set(asked)
    assert window.controller.diagram.nodes["VPC"].props["cidr"] == "10.50.0.0/16"


def test_cancelling_the_parameters_dialog_changes_nothing(loaded: MainWindow, monkeypatch) -> None:
    """Cancel in the parameters dialog keeps the open design as it was."""
    monkeypatch.setattr(loaded.interop, "ask_parameters", lambda parameters: None)
    before = loaded.controller.diagram
    assert not loaded.interop.import_path(str(SAMPLE))
    assert loaded.controller.diagram is before


def test_parameters_dialog_shows_defaults_and_returns_only_changes(qtbot) -> None:
    """The dialog is prefilled with the defaults; only edited values become overrides."""
    parameters = parse_template(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE))["Parameters"]
    dialog = ParametersDialog(parameters)
    qtbot.addWidget(dialog)
    assert dialog.fields["VpcCIDR"].text() == "10.192.0.0/16"
    assert dialog.overrides() == {}
    dialog.fields["EnvironmentName"].setText("prod")
    assert dialog.overrides() == {"EnvironmentName": "prod"}


def test_parameters_dialog_offers_allowed_values_and_masks_no_echo(qtbot) -> None:
    """AllowedValues are a drop-down starting at the default; a NoEcho password is not shown in clear."""
    template = CFN / "alb_asg_rds.yaml"
    dialog = ParametersDialog(parse_template(template.read_text(encoding="utf-8"), str(template))["Parameters"])
    qtbot.addWidget(dialog)
    environment, password = dialog.fields["Environment"], dialog.fields["DBPassword"]
    assert isinstance(environment, QComboBox) and environment.currentText() == "prod"
    assert isinstance(password, QLineEdit) and password.echoMode() == QLineEdit.EchoMode.Password
    environment.setCurrentText("dev")
    assert dialog.overrides() == {"Environment": "dev"}


def test_import_warnings_show_in_a_details_box_without_blocking(window: MainWindow) -> None:
    """Unknown resource types are kept as generic nodes and listed in a non-modal warnings box."""
    template = Path(window.settings.fileName()).parent / "mystery.yaml"
    template.write_text(UNKNOWN_TYPE, encoding="utf-8")
    assert window.interop.import_path(str(template))
    assert "Mystery" in window.controller.diagram.nodes
    box = window.interop.warnings_box
    assert box is not None and box.isVisible() and not box.isModal()
    assert "Custom::Mystery" in box.detailedText()
    assert "1 warning" in window.statusBar().currentMessage()


def test_malformed_template_shows_one_line_and_changes_nothing(loaded: MainWindow, tmp_path: Path) -> None:
    """A broken template leaves the design untouched; the status bar gets one line naming the file."""
    bad = tmp_path / "broken.yaml"
    bad.write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc: [unclosed\n", encoding="utf-8")
    before = loaded.controller.diagram
    assert not loaded.interop.import_path(str(bad), params={})
    assert loaded.controller.diagram is before
    assert loaded.controller.path is not None and not loaded.controller.is_modified
    message = loaded.statusBar().currentMessage()
    assert message.startswith("could not import broken.yaml") and "\n" not in message
    assert "Traceback" not in message


def test_open_and_drop_import_a_template(no_parameters: MainWindow, monkeypatch) -> None:
    """File > Open and dropping a template on the window import it like File > Import does."""
    window = no_parameters
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(CFN / "vpc_peering.yaml"), ""))
    window.files.open.trigger()
    assert window.controller.path is None and window.controller.is_modified
    peering_nodes = set(window.controller.diagram.nodes)
    window.controller.undo_stack.setClean()

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(SAMPLE))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert "PublicSubnet1" in window.controller.diagram.nodes
    assert set(window.controller.diagram.nodes) != peering_nodes


def test_open_still_opens_designs(window: MainWindow, design_file: Path) -> None:
    """A Cloudwright design opened through the same path is opened, not imported."""
    assert window.files.open_path(str(design_file))
    assert window.controller.path == design_file and not window.controller.is_modified


@pytest.mark.parametrize("suffix", [".drawio", ".py", ".cfn.yaml", ".svg"])
def test_export_writes_files_that_parse(loaded: MainWindow, tmp_path: Path, monkeypatch, suffix: str) -> None:
    """File > Export… writes the chosen format through the engine's exporter; the file parses."""
    target = tmp_path / f"out{suffix}"
    chosen = next(f for f in export_filters() if f"*{suffix})" in f)
    monkeypatch.setattr(loaded.interop, "choose_export_path", lambda: (str(target), chosen))
    loaded.interop.export_any.trigger()
    text = target.read_text(encoding="utf-8")
    if suffix in (".drawio", ".svg"):
        root = ET.fromstring(text)
        assert root.tag.endswith("mxfile" if suffix == ".drawio" else "svg")
    elif suffix == ".py":
        ast.parse(text)
    else:
        assert "Resources" in yaml.load(text, Loader=_CfnYamlLoader)  # noqa: S506 - a SafeLoader subclass
    assert loaded.statusBar().currentMessage() == f"Exported the design to {target}"
    assert not loaded.controller.is_modified and loaded.controller.path != target


def test_export_dialog_offers_every_known_format() -> None:
    """The Export dialog lists CloudFormation, draw.io, diagrams-as-code, PNG, SVG, PDF, YAML and JSON."""
    joined = ";;".join(export_filters())
    for pattern in ("*.cfn.yaml", "*.drawio", "*.py", "*.png", "*.svg", "*.pdf", "*.yaml", "*.json"):
        assert f"({pattern})" in joined


def test_export_target_follows_the_filter_unless_the_name_says_otherwise() -> None:
    """A bare name takes the filter's extension; a typed known extension wins; .yaml under CFN is .cfn.yaml."""
    assert export_target("/d/site", "SVG drawing (*.svg)") == "/d/site.svg"
    assert export_target("/d/site.drawio", "SVG drawing (*.svg)") == "/d/site.drawio"
    assert export_target("/d/site.yaml", "CloudFormation template (*.cfn.yaml)") == "/d/site.cfn.yaml"
    assert export_target("/d/site.cfn.yaml", "CloudFormation template (*.cfn.yaml)") == "/d/site.cfn.yaml"


def test_export_failure_is_one_line_in_the_status_bar(loaded: MainWindow, tmp_path: Path) -> None:
    """Writing into a missing folder or an unknown format fails with one status-bar line."""
    assert not loaded.interop.export_to(str(tmp_path / "missing" / "out.drawio"))
    assert loaded.statusBar().currentMessage().startswith("could not export")
    assert not loaded.interop.export_to(str(tmp_path / "out.docx"))
    assert "no exporter for out.docx" in loaded.statusBar().currentMessage()
    assert "\n" not in loaded.statusBar().currentMessage()


def test_export_picture_keeps_its_png_options(loaded: MainWindow, tmp_path: Path, monkeypatch) -> None:
    """The Export Picture action still writes a 2x PNG when that filter is chosen."""
    target = tmp_path / "pic.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "PNG image, 2x for high-DPI screens (*.png)"))
    loaded.files.export.trigger()
    assert target.read_bytes().startswith(b"\x89PNG")


def test_closing_after_import_prompts_once_and_never_blocks(no_parameters: MainWindow, monkeypatch) -> None:
    """Closing an imported (modified) design asks through the usual prompt, answered here without a modal loop."""
    window = no_parameters
    asked: list[str] = []

    def answer(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert window.interop.import_path(str(SAMPLE))
    assert window.close()
    assert len(asked) == 1 and "Untitled" in asked[0]


def test_imported_template_exports_and_reimports_with_the_same_ids(no_parameters: MainWindow, tmp_path: Path) -> None:
    """Import, File > Export… to CloudFormation, import that: the networking keeps its logical ids."""
    window = no_parameters
    assert window.interop.import_path(str(SAMPLE))
    first = set(window.controller.diagram.nodes)
    target = tmp_path / "again.cfn.yaml"
    assert window.interop.export_to(str(target))
    window.controller.undo_stack.setClean()
    assert window.interop.import_path(str(target))
    assert {"VPC", "PublicSubnet1", "PublicSubnet2", "PrivateSubnet1", "PrivateSubnet2"} <= first
    assert {"VPC", "PublicSubnet1", "PublicSubnet2", "PrivateSubnet1", "PrivateSubnet2"} <= set(
        window.controller.diagram.nodes)


def test_json_template_opens_through_open_path(no_parameters: MainWindow) -> None:
    """A JSON template given to File > Open (or Open Recent) is imported, not refused as a design."""
    window = no_parameters
    assert window.files.open_path(str(CFN / "default_vpc_instance.json"))
    assert window.controller.path is None and window.controller.is_modified
    assert any(node.kind == "ec2" for node in window.controller.diagram.nodes.values())
