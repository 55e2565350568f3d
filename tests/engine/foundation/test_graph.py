"""Graph queries encode AWS's implicit defaults so rules never re-derive them."""

from __future__ import annotations

from cloudwright.engine.graph import DiagramIndex, containment_tree, reference_graph, traffic_graph
from cloudwright.engine.model.diagram import Node

from .builders import small_vpc


def test_enclosing_containers() -> None:
    """A resource knows its subnet, AZ, VPC and region."""
    index = DiagramIndex(small_vpc())
    assert index.subnet_of("web").id == "pub-a"
    assert index.az_of("web").id == "az-a"
    assert index.vpc_of("web").id == "vpc"
    assert index.region_of("web").id == "r"
    assert index.vpc_of("internet") is None
    assert {n.id for n in index.descendants("az-a")} == {"pub-a", "priv-a", "web", "db"}


def test_route_table_falls_back_to_the_main_table() -> None:
    """A subnet without an explicit association uses its VPC's main route table."""
    diagram = small_vpc()
    index = DiagramIndex(diagram)
    assert index.route_table_of("pub-a").id == "rt-pub"
    assert index.route_table_of("priv-a") is None  # AWS's implicit main table: local route only
    diagram.nodes["rt-main"] = Node(id="rt-main", kind="route_table", parent="vpc", props={"main": True})
    index = DiagramIndex(diagram)
    assert index.route_table_of("priv-a").id == "rt-main"
    assert index.route_table_of("pub-a").id == "rt-pub"


def test_nacl_falls_back_to_the_default_nacl() -> None:
    """A subnet without an explicit NACL uses the VPC's default NACL."""
    diagram = small_vpc()
    assert DiagramIndex(diagram).nacl_of("pub-a") is None
    diagram.nodes["nacl-default"] = Node(id="nacl-default", kind="nacl", parent="vpc", props={"default": True})
    diagram.nodes["nacl-pub"] = Node(id="nacl-pub", kind="nacl", parent="vpc", props={"subnets": ["pub-a"]})
    index = DiagramIndex(diagram)
    assert index.nacl_of("pub-a").id == "nacl-pub"
    assert index.nacl_of("priv-a").id == "nacl-default"


def test_security_groups_and_members() -> None:
    """A resource's SGs, with the VPC default SG for resources that name none."""
    diagram = small_vpc()
    diagram.nodes["sg-default"] = Node(id="sg-default", kind="security_group", parent="vpc", props={"default": True})
    diagram.nodes["app"] = Node(id="app", kind="ec2", parent="priv-a", pos=(120, 36))
    index = DiagramIndex(diagram)
    assert [n.id for n in index.security_groups_of("web")] == ["web-sg"]
    assert [n.id for n in index.security_groups_of("app")] == ["sg-default"]
    assert index.members_of("web-sg") == ["web"]
    assert index.members_of("sg-default") == ["app"]


def test_networkx_projections() -> None:
    """Containment, traffic and references are graphs networkx algorithms can run on."""
    diagram = small_vpc()
    tree = containment_tree(diagram)
    assert tree.has_edge("pub-a", "web") and tree.in_degree("r") == 0
    traffic = traffic_graph(diagram)
    assert traffic.has_edge("internet", "web") and traffic["web"]["db"]["e1"]["port"] == "3306"
    refs = reference_graph(diagram)
    assert refs.has_edge("rt-pub", "igw") and refs.has_edge("db-sg", "web-sg")
