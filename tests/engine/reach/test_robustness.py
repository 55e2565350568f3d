"""The analyzer on every bundled template: no crash, well-formed answers, fixes that change something."""

from __future__ import annotations

import json

import pytest

from cloudwright.engine.document import Document
from cloudwright.engine.io.stages import stage_diagram
from cloudwright.engine.io.templates import list_templates, load_template
from cloudwright.engine.reach import Analyzer

TEMPLATES = [t.id for t in list_templates()]


@pytest.mark.parametrize("template_id", TEMPLATES)
def test_every_flow_and_exposure_of_a_template_is_answered(template_id):
    """Each stage's traffic edges get a verdict with JSON-serialisable hops, and exposure completes."""
    template = load_template(template_id)
    for n in range(1, len(template.stages) + 1):
        diagram = stage_diagram(template, n)
        analyzer = Analyzer(diagram)
        for edge in diagram.edges.values():
            if edge.kind != "traffic" or edge.port is None:
                continue
            protocol = str(edge.protocol) if str(edge.protocol) in ("tcp", "udp", "icmp") else "tcp"
            result = analyzer.can_reach(edge.source, edge.target, protocol, edge.port.low)
            data = json.loads(json.dumps(result.to_json()))
            assert data["hops"] and data["reachable"] in (True, False, None)
            if result.reachable is False:
                assert result.blocking_hop is not None
                if result.fixes:
                    doc = Document(diagram.model_copy(deep=True))
                    doc.execute(result.fixes[0].build(doc.diagram))
                    again = Analyzer(doc.diagram).can_reach(edge.source, edge.target, protocol, edge.port.low)
                    moved = again.blocking_hop
                    assert again.reachable is not False or (moved.node, moved.code) != (
                        result.blocking_hop.node, result.blocking_hop.code)
        for entry in analyzer.exposure():
            assert entry.ports and entry.path.reachable is True
