"""Re-validation reuses the reach analyzer only while the network it was built for is unchanged."""

from __future__ import annotations

from cloudwright.engine.document import Document
from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.rules import validate
from cloudwright.engine.rules.context import RuleContext

from .builder import three_tier


def test_label_edit_reuses_analyzer() -> None:
    """A label edit leaves the network as it was: the same analyzer answers."""
    document = Document(three_tier().build())
    first = RuleContext(document.diagram).reach
    node = next(iter(document.diagram.nodes))
    document.execute(set_node_fields(document.diagram, node, label="renamed"))
    assert RuleContext(document.diagram).reach is first


def test_network_edit_rebuilds_analyzer() -> None:
    """Opening SSH to the world on the web SG is seen by the next validation (no stale answer)."""
    document = Document(three_tier().build())
    assert "REACH-EXPO-002" not in {f.rule for f in validate(document.diagram)}
    first = RuleContext(document.diagram).reach
    rules = [*document.diagram.nodes["web-sg"].props["inbound"], {"protocol": "tcp", "port": 22, "cidr": "0.0.0.0/0"}]
    document.execute(set_node_fields(document.diagram, "web-sg", props={"inbound": rules}))
    assert RuleContext(document.diagram).reach is not first
    assert "REACH-EXPO-002" in {f.rule for f in validate(document.diagram)}
