"""The exposure matrix computed per equivalence class equals a straightforward per-instance evaluation."""

from __future__ import annotations

import random

import pytest

from cloudwright.engine.io.templates import list_templates, load_template
from cloudwright.engine.model.diagram import Diagram, Node
from cloudwright.engine.reach import exposure
from cloudwright.engine.reach.network import Network

from .builder import three_tier
from .randomdesign import random_design

#: Kinds cloned into crowds so that equivalence classes have several members.
_CLONED = frozenset({"ec2", "rds", "nat_instance", "elasticache", "lambda"})


def _crowded(diagram: Diagram, copies: int = 2) -> Diagram:
    """``diagram`` with each instance-like node followed by ``copies`` siblings of the same kind and props."""
    nodes: dict[str, Node] = {}
    for node in diagram.nodes.values():
        nodes[node.id] = node
        if node.kind in _CLONED:
            for c in range(copies):
                clone = f"{node.id}-c{c}"
                nodes[clone] = node.model_copy(update={"id": clone, "props": dict(node.props)})
    return diagram.model_copy(update={"nodes": nodes})


def _opened(diagram: Diagram, seed: int) -> Diagram:
    """``diagram`` with public addresses on its instances and, on some SGs, rules open to the internet, so that
    more of it is exposed (random designs are mostly closed)."""
    rng = random.Random(seed)
    nodes: dict[str, Node] = {}
    for node in diagram.nodes.values():
        props = dict(node.props)
        if node.kind in ("ec2", "nat_instance"):
            props["public_ip"] = True
        elif node.kind == "rds":
            props["publicly_accessible"] = True
        elif node.kind == "security_group" and rng.random() < .6:
            props["inbound"] = [*props.get("inbound", []),
                                {"protocol": rng.choice(["tcp", "all"]), "port": rng.choice([22, "0-65535"]),
                                 "cidr": rng.choice(["0.0.0.0/0", "::/0"])}]
        elif node.kind == "route_table" and rng.random() < .8:
            props["routes"] = [{"destination": "0.0.0.0/0", "target": f"{node.parent}-igw"}]
        elif node.kind == "igw":
            props["attached"] = True
        nodes[node.id] = node.model_copy(update={"props": props})
        if node.kind == "vpc" and f"{node.id}-igw" not in diagram.nodes:
            nodes[f"{node.id}-igw"] = Node(id=f"{node.id}-igw", kind="igw", parent=node.id)
    return diagram.model_copy(update={"nodes": nodes})


def _matrix(diagram: Diagram, by_class: bool) -> list[dict]:
    return [e.to_json() for e in exposure.compute(Network(diagram), by_class=by_class)]


def _assert_same(diagram: Diagram) -> None:
    assert _matrix(diagram, True) == _matrix(diagram, False)


@pytest.mark.parametrize("seed", range(40))
def test_random_designs_same_exposure(seed: int) -> None:
    """On random designs crowded with look-alike instances, per-class exposure equals per-instance exposure."""
    _assert_same(_crowded(random_design(seed)))
    _assert_same(_crowded(_opened(random_design(seed), seed)))


def test_three_tier_same_exposure() -> None:
    """The public web + private app + DB design gives the same matrix both ways."""
    _assert_same(_crowded(three_tier().build()))


@pytest.mark.parametrize("template_id", [t.id for t in list_templates()][::6])
def test_templates_same_exposure(template_id: str) -> None:
    """A sample of the bundled templates gives the same matrix both ways."""
    _assert_same(_crowded(load_template(template_id)))


def test_synthetic_design_same_exposure() -> None:
    """The benchmark's synthetic design (many instances per subnet) gives the same matrix both ways."""
    from benchmarks.synthetic import synthetic_diagram

    _assert_same(synthetic_diagram(2, 2, 3, 5))


def test_member_paths_are_their_own() -> None:
    """A class member's path names the member itself, not the representative."""
    from benchmarks.synthetic import synthetic_diagram

    entries = exposure.compute(Network(synthetic_diagram(1, 1, 1, 3)))
    nodes = [e.node for e in entries if e.kind == "ec2"]
    assert len(nodes) == 3
    for entry in entries:
        assert entry.path.flow.dst == entry.node
        assert any(h.code == "DESTINATION" and h.node == entry.node for h in entry.path.hops)
