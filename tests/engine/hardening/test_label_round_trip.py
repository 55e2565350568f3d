"""Labels survive save and load exactly, whatever they carry (newlines, markers, markup, code)."""

from __future__ import annotations

import pytest

from cloudwright.engine.io import dumps, load_text
from cloudwright.engine.model.diagram import Diagram, Node

LABELS = ["...\n", "web\n", "10.0.0.0/24\n", "---", "... x", "a: b", "- item", "# not a comment", "&anchor",
          "*alias", "!!python/object:os.system", "{x: 1}", "[1, 2]", "'quoted'", '"dq"', "multi\nline\n\n",
          "\ttab", "trailing space ", "<script>alert(1)</script>", "\"); import os; os.system('x') #",
          "yes", "null", "~", "0x1F", "1e3", "ünïcødé ☁"]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_every_label_reloads_exactly(fmt: str) -> None:
    """A saved design reloads with every label byte for byte (a label ending in a newline once lost it)."""
    nodes = {f"n{i}": Node(id=f"n{i}", kind="user", pos=(i * 100.0, 0), label=label)
             for i, label in enumerate(LABELS)}
    diagram = Diagram(nodes=nodes)
    loaded = load_text(dumps(diagram, fmt), f"x.{fmt}").diagram
    assert {n.id: n.label for n in loaded.nodes.values()} == {n.id: n.label for n in nodes.values()}
