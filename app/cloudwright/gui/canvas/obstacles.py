"""A grid-bucket index of what flows should avoid (icons, container titles), in scene coordinates.

Routing asks "what does this leg cross?" many times per flow; Qt's scene index answers through each
item's Python ``boundingRect`` and is rebuilt lazily, so the scene keeps this small index instead,
rebuilt only after the model changed.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

from PySide6.QtCore import QRectF

Entry = tuple[QRectF, int, Hashable]


class ObstacleIndex:
    def __init__(self, cell: float = 256.0) -> None:
        self.cell = cell
        self._buckets: dict[tuple[int, int], list[Entry]] = {}
        self._owned: dict[Hashable, list[tuple[tuple[int, int], Entry]]] = {}

    def _cells(self, rect: QRectF) -> list[tuple[int, int]]:
        c = self.cell
        x0, x1 = math.floor(rect.left() / c), math.floor(rect.right() / c)
        y0, y1 = math.floor(rect.top() / c), math.floor(rect.bottom() / c)
        return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]

    def add(self, rect: QRectF, weight: int, owner: Hashable) -> None:
        """Record an obstacle of ``weight`` belonging to ``owner`` (a flow's own ends are skipped)."""
        entry = (rect, weight, owner)
        owned = self._owned.setdefault(owner, [])
        for key in self._cells(rect):
            self._buckets.setdefault(key, []).append(entry)
            owned.append((key, entry))

    def remove(self, owner: Hashable) -> None:
        """Forget every obstacle of ``owner`` (a flow that was routed again)."""
        for key, entry in self._owned.pop(owner, ()):
            bucket = self._buckets.get(key)
            if bucket is not None:
                bucket[:] = [e for e in bucket if e is not entry]

    def query(self, rect: QRectF, skip: frozenset | set = frozenset()) -> list[Entry]:
        """Obstacles intersecting ``rect`` whose owner is not in ``skip``, each once."""
        found: list[Entry] = []
        seen: set[int] = set()
        for key in self._cells(rect):
            for entry in self._buckets.get(key, ()):
                if id(entry) in seen or entry[2] in skip:
                    continue
                seen.add(id(entry))
                if entry[0].intersects(rect):
                    found.append(entry)
        return found
