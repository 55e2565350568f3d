"""Reachability: can A open a connection to B on a port, hop by hop, and why not (rules.md section 28).

``Analyzer(diagram)`` builds the indexes once and answers :meth:`~Analyzer.can_reach` queries and the
internet :meth:`~Analyzer.exposure` matrix; :func:`can_reach` is the one-shot form. Explanation codes are
documented in ``docs/reach-codes.md``.
"""

from __future__ import annotations

from cloudwright.engine.model.diagram import Diagram
from cloudwright.engine.reach.analyzer import Analyzer, ReachError
from cloudwright.engine.reach.model import ExposureEntry, Flow, Hop, PathResult


def can_reach(diagram: Diagram, src: str, dst: str, protocol: str = "tcp", port: int | None = 443) -> PathResult:
    """One query on a fresh analyzer; use :class:`Analyzer` for several queries on one diagram."""
    return Analyzer(diagram).can_reach(src, dst, protocol, port)


__all__ = ["Analyzer", "ExposureEntry", "Flow", "Hop", "PathResult", "ReachError", "can_reach"]
