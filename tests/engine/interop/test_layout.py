"""Auto-layout: deterministic, children inside their containers, siblings apart, tiers aligned."""

from __future__ import annotations

import pytest

from cloudwright.engine.catalog import catalog
from cloudwright.engine.layout import auto_layout
from cloudwright.engine.layout.geometry import CELL, PAD, TOP
from cloudwright.engine.model.diagram import Diagram, typed_props

from .conftest import SAMPLE_NAMES, import_sample


def _box(diagram: Diagram, node_id: str) -> tuple[float, float, float, float]:
    node = diagram.nodes[node_id]
    w, h = node.size if node.size is not None else (CELL, CELL)
    return node.pos[0], node.pos[1], w, h


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_children_fit_and_siblings_do_not_overlap(name):
    """Every node lies inside its container's padding, below the title band, and apart from its siblings."""
    d = import_sample(name).diagram
    cat = catalog()
    for node in d.nodes.values():
        if node.parent is None:
            continue
        x, y, w, h = _box(d, node.id)
        pw, ph = d.nodes[node.parent].size
        assert x >= PAD and y >= TOP and x + w <= pw - PAD + 0.5 and y + h <= ph - PAD + 0.5, node.id
    for parent in {n.parent for n in d.nodes.values()}:
        kids = [n.id for n in d.nodes.values() if n.parent == parent]
        for i, a in enumerate(kids):
            ax, ay, aw, ah = _box(d, a)
            for b in kids[i + 1:]:
                bx, by, bw, bh = _box(d, b)
                assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay, (a, b)
    assert all(n.size is not None for n in d.nodes.values() if cat.get(n.kind).container)


def test_layout_is_deterministic():
    """Laying out the same design twice gives the same picture."""
    d = import_sample("alb_asg_rds.yaml").diagram
    assert auto_layout(d) == auto_layout(auto_layout(d))


def test_tiers_are_rows_aligned_across_azs():
    """Public, private and data subnets form rows: same tier, same height in every AZ column."""
    d = import_sample("alb_asg_rds.yaml").diagram
    by_tier: dict[str, set[float]] = {}
    for node in d.nodes.values():
        if node.kind == "subnet":
            by_tier.setdefault(typed_props(node).tier, set()).add(node.pos[1])
    assert {tier: len(ys) for tier, ys in by_tier.items()} == {"public": 1, "private": 1, "data": 1}
    assert min(by_tier["public"]) < min(by_tier["private"]) < min(by_tier["data"])
    assert d.nodes["IGW"].pos[0] < d.nodes["az-1"].pos[0] < d.nodes["az-2"].pos[0] < d.nodes["PublicRouteTable"].pos[0]
    assert d.nodes["internet"].pos[0] < d.nodes["us-east-1"].pos[0]
