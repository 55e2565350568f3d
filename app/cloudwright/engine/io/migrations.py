"""Migrations of older file formats to the current one, one step per version.

Format 0 (the pre-release sketches) wrote node geometry as ``x``/``y``/``w``/``h`` and edge ends as
``source``/``target`` under a ``format:`` key; format 1 writes ``pos``/``size`` and ``from``/``to`` under
``cloudwright:``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cloudwright.engine.model.diagram import FORMAT_VERSION

Raw = dict[str, Any]


def _migrate_0_to_1(data: Raw) -> Raw:
    data = dict(data)
    data.pop("format", None)
    nodes = []
    for node in data.get("nodes") or []:
        if isinstance(node, dict):
            node = dict(node)
            if "x" in node or "y" in node:
                node["pos"] = [node.pop("x", 0), node.pop("y", 0)]
            if "w" in node or "h" in node:
                node["size"] = [node.pop("w", 0), node.pop("h", 0)]
        nodes.append(node)
    data["nodes"] = nodes
    edges = []
    for edge in data.get("edges") or []:
        if isinstance(edge, dict):
            edge = dict(edge)
            if "source" in edge:
                edge["from"] = edge.pop("source")
            if "target" in edge:
                edge["to"] = edge.pop("target")
        edges.append(edge)
    data["edges"] = edges
    return data


#: version -> function turning that version's raw data into the next version's.
MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {0: _migrate_0_to_1}


def migrate(data: Raw, version: int) -> Raw:
    """Bring raw data of ``version`` up to :data:`FORMAT_VERSION`."""
    while version < FORMAT_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data
