"""Properties that hold on random designs: every query answers consistently and every fix moves the block."""

from __future__ import annotations

import random

import pytest

from cloudwright.engine.document import Document
from cloudwright.engine.model.check import check_node
from cloudwright.engine.reach import Analyzer

from .randomdesign import random_design

FLOWS = (("tcp", 443, 4), ("udp", 53, 4), ("icmp", None, 4), ("tcp", 22, 6))


@pytest.mark.parametrize("seed", range(int(__import__("os").environ.get("REACH_SEEDS", 12))))
def test_random_designs_answer_consistently(seed):
    """Verdicts agree with their hops, JSON always builds, and applying a fix never breaks the design."""
    diagram = random_design(seed)
    assert not [e for n in diagram.nodes.values() for e in check_node(diagram, n)]
    analyzer = Analyzer(diagram)
    rng = random.Random(seed)
    ids = list(diagram.nodes)
    for _ in range(80):
        src, dst = rng.choice(ids), rng.choice(ids)
        protocol, port, version = rng.choice(FLOWS)
        result = analyzer.can_reach(src, dst, protocol, port, ip_version=version)
        verdicts = {h.verdict for h in result.hops}
        assert result.hops and result.to_json()["hops"]
        assert (result.reachable is False) == ("block" in verdicts)
        assert (result.reachable is None) == ("unknown" in verdicts and "block" not in verdicts)
        if result.fixes:
            doc = Document(diagram.model_copy(deep=True))
            doc.execute(result.fixes[0].build(doc.diagram))
            again = Analyzer(doc.diagram).can_reach(src, dst, protocol, port, ip_version=version)
            assert again.reachable is not False or again.blocking_hop != result.blocking_hop
    for entry in analyzer.exposure():
        assert entry.path.reachable is True and entry.ports
