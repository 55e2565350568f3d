"""Structural impossibilities are typed errors; a valid design has none."""

from __future__ import annotations

import pytest

from cloudwright.engine.errors import (
    ContainmentError,
    CycleError,
    DanglingReferenceError,
    PropertyError,
    UnknownKindError,
)
from cloudwright.engine.model import check_diagram, typed_props
from cloudwright.engine.model.diagram import Node

from .builders import design, small_vpc


def test_valid_design_has_no_structural_errors() -> None:
    """The reference design passes the structural checks."""
    assert check_diagram(small_vpc()) == []


@pytest.mark.parametrize("node, error, text", [
    ({"id": "x", "kind": "teleporter"}, UnknownKindError, "unknown kind 'teleporter'"),
    ({"id": "x", "kind": "rds", "parent": "vpc"}, ContainmentError, "goes in a Subnet"),
    ({"id": "x", "kind": "ec2", "parent": "nowhere"}, DanglingReferenceError, "parent 'nowhere' does not exist"),
    ({"id": "x", "kind": "ec2", "parent": "pub-a", "props": {"security_groups": ["igw"]}},
     DanglingReferenceError, "must name a security_group"),
    ({"id": "x", "kind": "ec2", "parent": "pub-a", "props": {"security_groups": ["ghost-sg"]}},
     DanglingReferenceError, "'ghost-sg', which does not exist"),
    ({"id": "x", "kind": "subnet", "parent": "az-a", "props": {"cidr": "10.0.0.0/33"}},
     PropertyError, "cidr: '10.0.0.0/33' is not a valid IPv4 network"),
    ({"id": "x", "kind": "route_table", "parent": "vpc",
      "props": {"routes": [{"destination": "0.0.0.0/0", "target": "db-sg"}]}}, DanglingReferenceError, "routes.0.target"),
    ({"id": "x", "kind": "ec2", "parent": "web"}, ContainmentError, "cannot sit in ec2"),
])
def test_impossibilities_are_refused_with_a_clear_message(node, error, text) -> None:
    """Each impossibility names the node, the field and the problem."""
    diagram = small_vpc()
    diagram.nodes[node["id"]] = Node.model_validate(node)
    errors = check_diagram(diagram)
    assert errors and isinstance(errors[0], error)
    assert text in str(errors[0])
    assert errors[0].subject == "x"


def test_containment_cycle_detected() -> None:
    """A container cannot end up inside itself."""
    diagram = design({"id": "a", "kind": "vpc", "parent": "b"}, {"id": "b", "kind": "region", "parent": "a"})
    errors = [e for e in check_diagram(diagram) if isinstance(e, CycleError)]
    assert len(errors) == 1 and "a -> b -> a" in str(errors[0]) or "b -> a -> b" in str(errors[0])


def test_dangling_edge_end() -> None:
    """An edge must connect two existing nodes."""
    diagram = design({"id": "u", "kind": "user"}, edges=[{"from": "u", "to": "ghost", "port": 80}])
    assert "'to' names 'ghost'" in str(check_diagram(diagram)[0])


def test_typed_props_fill_aws_defaults() -> None:
    """Unset properties read as AWS's defaults: SG egress allows all, RDS is single-AZ and private."""
    diagram = small_vpc()
    sg = typed_props(diagram.nodes["web-sg"])
    assert str(sg.outbound[0].cidr) == "0.0.0.0/0" and sg.outbound[0].port.is_all
    db = typed_props(diagram.nodes["db"])
    assert db.multi_az is False and db.publicly_accessible is False and db.effective_port == 3306
