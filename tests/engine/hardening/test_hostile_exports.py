"""Labels carrying Python, XML or HTML payloads are exported as text by every exporter, never as code or
markup: the diagrams-as-code script runs without running them, the draw.io XML keeps them as values."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from cloudwright.engine.io.exporters import exporter_for
from cloudwright.engine.model.diagram import Diagram, Edge, Node

#: Each payload tries to escape its string literal, XML attribute or draw.io's HTML labels.
PAYLOADS = {
    "py_close": "\"); open('PWNED_close', 'w').close(); (\"",
    "py_triple": "'''; __import__('os').system('touch PWNED_system') #",
    "py_fstring": "{__import__('os').system('touch PWNED_fstring')}",
    "py_newline": "x')\nopen('PWNED_newline', 'w').close()\n('",
    "xml_tags": "<script>alert(1)</script><x a=\"1\"/>]]>&amp;&lt;",
    "xml_attr": "\" onload=\"alert(1)\" x=\"",
    "html_img": "<img src=x onerror=alert(1)>",
    "xml_pi": "<?xml-stylesheet href='evil.xsl'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>&e;",
}
PWNED = ("PWNED_close", "PWNED_system", "PWNED_fstring", "PWNED_newline")
DRAWIO_TAGS = {"mxfile", "diagram", "mxGraphModel", "root", "mxCell", "mxGeometry", "mxPoint", "Array"}


def hostile_design() -> Diagram:
    """A region titled with markup holding a bucket, and one user per payload, flows labelled with code."""
    nodes = {"region": Node(id="region", kind="region", pos=(0, 0), size=(900, 300), label=PAYLOADS["xml_tags"]),
             "bucket": Node(id="bucket", kind="s3_bucket", parent="region", pos=(20, 60),
                            label=PAYLOADS["xml_attr"])}
    for index, (key, payload) in enumerate(PAYLOADS.items()):
        nodes[f"u_{key}"] = Node(id=f"u_{key}", kind="user", pos=(index * 120.0, 400), label=payload)
    edges = {f"e_{key}": Edge.model_validate({"id": f"e_{key}", "from": f"u_{key}", "to": "bucket",
                                              "label": payload}) for key, payload in PAYLOADS.items()}
    return Diagram(name=PAYLOADS["py_close"], description=PAYLOADS["xml_tags"], nodes=nodes, edges=edges)


def export(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    exporter = exporter_for(name)
    assert exporter is not None, f"no exporter for {name}"
    exporter(hostile_design(), path)
    return path


def test_diagrams_code_runs_without_running_any_label(tmp_path: Path) -> None:
    """The exported .py draws its picture with graphviz and creates none of the files the labels ask for."""
    script = export(tmp_path, "hostile.py")
    compile(script.read_text(encoding="utf-8"), str(script), "exec")
    run = subprocess.run([sys.executable, script.name], cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    assert (tmp_path / "hostile.png").stat().st_size > 1000
    assert not [name for name in PWNED if (tmp_path / name).exists()]


def test_drawio_keeps_payloads_as_values(tmp_path: Path) -> None:
    """The draw.io file parses, every payload survives as a value, and no element or attribute was injected."""
    root = ET.parse(export(tmp_path, "hostile.drawio")).getroot()
    assert {element.tag for element in root.iter()} <= DRAWIO_TAGS
    assert not [a for element in root.iter() for a in element.attrib if a.lower().startswith("on")]
    values = {element.get("value") for element in root.iter("mxCell")}
    assert set(PAYLOADS.values()) <= values
    assert not [e.get("style") for e in root.iter("mxCell") if "html=1" in (e.get("style") or "")]


def test_cloudformation_export_keeps_payloads_as_text(tmp_path: Path) -> None:
    """The CloudFormation export is plain YAML data: the description payload reads back as the same string."""
    template = yaml.safe_load(export(tmp_path, "hostile.cfn.yaml").read_text(encoding="utf-8"))
    assert template["Description"] == PAYLOADS["xml_tags"]
    assert "Bucket" in "".join(template["Resources"])


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_design_file_keeps_payloads(tmp_path: Path, fmt: str) -> None:
    """Saving and reloading keeps every payload exactly (the design format never interprets a label)."""
    from cloudwright.engine.io import read_design

    path = export(tmp_path, f"hostile.{fmt}")
    assert read_design(path).diagram == hostile_design()
