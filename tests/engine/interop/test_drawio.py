"""draw.io export: every node and edge is in the file, with AWS shapes, and labels stay text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cloudwright.engine.io.drawio import export_drawio
from cloudwright.engine.model.diagram import Diagram, Node

from .conftest import import_sample

HOSTILE = '</mxCell><script>alert("x")</script> & "quotes"'


def _cells(path) -> dict[str, ET.Element]:
    root = ET.parse(path).getroot()
    return {c.get("id"): c for c in root.iter("mxCell")}


def test_every_node_and_edge_round_trips(tmp_path):
    """Parsing the file back finds each node (with its parent and position) and each edge with its ends."""
    diagram = import_sample("alb_asg_rds.yaml").diagram
    out = tmp_path / "d.drawio"
    export_drawio(diagram, out)
    cells = _cells(out)
    for node in diagram.nodes.values():
        cell = cells[f"n:{node.id}"]
        assert cell.get("vertex") == "1"
        assert cell.get("parent") == (f"n:{node.parent}" if node.parent else "1")
        if node.size is not None:
            geometry = cell.find("mxGeometry")
            assert (float(geometry.get("x")), float(geometry.get("y"))) == node.pos
    for edge in diagram.edges.values():
        cell = cells[f"e:{edge.id}"]
        assert (cell.get("source"), cell.get("target")) == (f"n:{edge.source}", f"n:{edge.target}")
        assert cell.get("value") == edge.title


def test_aws_shapes_and_group_containers(tmp_path):
    """Leaves use mxgraph.aws4 shapes; region, VPC, AZ and subnets are AWS group containers."""
    out = tmp_path / "d.drawio"
    export_drawio(import_sample("alb_asg_rds.yaml").diagram, out)
    cells = _cells(out)
    assert "shape=mxgraph.aws4.application_load_balancer" in cells["n:LoadBalancer"].get("style")
    assert "grIcon=mxgraph.aws4.group_vpc2" in cells["n:VPC"].get("style")
    assert "grIcon=mxgraph.aws4.group_region" in cells["n:us-east-1"].get("style")
    assert "grIcon=mxgraph.aws4.group_availability_zone" in cells["n:az-1"].get("style")
    assert "strokeColor=#7AA116" in cells["n:PublicSubnetA"].get("style")
    assert all("html=1" not in (c.get("style") or "") for c in cells.values())


def test_hostile_label_survives_as_text(tmp_path):
    """A label that looks like markup is escaped and reads back as the very same text."""
    diagram = Diagram(nodes={"web": Node(id="web", kind="internet", label=HOSTILE)})
    out = tmp_path / "d.drawio"
    export_drawio(diagram, out)
    assert "<script>" not in out.read_text(encoding="utf-8")
    assert _cells(out)["n:web"].get("value") == HOSTILE
