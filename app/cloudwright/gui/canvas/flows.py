"""Routing of the canvas's flows: which path each edge item takes, computed from the items' places.

Routes avoid icons and container titles (through an :class:`ObstacleIndex` rebuilt after the model
changed). Routing many flows at once draws plain routes straight away and refines them in short slices
from the event loop, so opening or moving a big design never stalls; ``settle`` finishes at once (the
renderer's choice).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QPointF, QTimer, Signal

from cloudwright.engine.model.diagram import Diagram
from cloudwright.gui.canvas.arrange import (
    CONTAINER_GAP,
    LEAF_GAP,
    Route,
    corridor_keys,
    separate_lanes,
    shift_end,
    side_of,
    spread_ends,
)
from cloudwright.gui.canvas.items import ContainerItem, EdgeItem, LeafItem, NodeItem
from cloudwright.gui.canvas.obstacles import ObstacleIndex
from cloudwright.gui.canvas.routing import label_spots, route, segment_rects

#: Routing more flows than this at once draws plain routes first and refines them from the event loop.
REFINE_NOW_LIMIT = 60
#: Refinement works in slices this long, so the event loop stays responsive.
REFINE_SLICE_S = 0.008
#: Cutting through an icon is worse than crossing a container's title; passing under another flow's
#: label costs a route nothing, but two labels never share a place.
ICON_WEIGHT = 3
LABEL_WEIGHT = 0
#: When no place is free, a label over an icon, a title or a label weighs this many flow lines.
LABEL_OVER_OBSTACLE = 10


class FlowRouter(QObject):
    settled = Signal()  #: background refinement finished; routes are final

    def __init__(self, diagram: Callable[[], Diagram], nodes: dict[str, NodeItem], edges: dict[str, EdgeItem],
                 incident: dict[str, set[str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._diagram = diagram
        self._nodes = nodes
        self._edges = edges
        self._incident = incident
        #: Each flow's route as the router chose it, then with its ends spread along their sides.
        self._base: dict[str, Route] = {}
        self._spread: dict[str, Route] = {}
        #: Which flows run a middle leg in each corridor (orientation, coordinate), to find lane partners.
        self._corridors: dict[tuple[bool, int], set[str]] = {}
        self._drawn: dict[str, Route] = {}
        #: The legs of the flows as drawn, so a label avoids hiding another flow's line.
        self._legs = ObstacleIndex()
        self._obstacles: ObstacleIndex | None = None
        self._queue: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

    def reset(self) -> None:
        """Forget pending work and cached obstacles (the items were rebuilt)."""
        self._queue.clear()
        self._obstacles = None
        self._base.clear()
        self._spread.clear()
        self._corridors.clear()
        self._drawn.clear()
        self._legs = ObstacleIndex()

    def invalidate_obstacles(self) -> None:
        self._obstacles = None

    @property
    def refining(self) -> bool:
        """Whether plain routes are still waiting to be refined."""
        return bool(self._queue)

    def route(self, edge_ids: Iterable[str], avoid: bool = True) -> None:
        """Route flows, avoiding obstacles unless ``avoid`` is False (drag previews)."""
        ids = list(edge_ids)
        if avoid and len(ids) > REFINE_NOW_LIMIT:
            self._route_now(ids, avoid=False)
            self._queue.update(ids)
            self._timer.start()
        else:
            self._route_now(ids, avoid)

    def settle(self) -> None:
        """Finish every pending refinement now."""
        self._timer.stop()
        self._route_now(list(self._queue), avoid=True)
        self._queue.clear()

    def _on_timer_timeout(self) -> None:
        deadline = time.perf_counter() + REFINE_SLICE_S
        while self._queue and time.perf_counter() < deadline:
            self._route_now([self._queue.pop()], avoid=True)
        if self._queue:
            self._timer.start()
        else:
            self.settled.emit()

    def _route_now(self, edge_ids: list[str], avoid: bool) -> None:
        edges = self._diagram().edges
        routed = []
        for edge_id in edge_ids:
            item, edge = self._edges.get(edge_id), edges.get(edge_id)
            if item is None or edge is None:
                self._forget(edge_id)
                continue
            source, target = self._nodes.get(edge.source), self._nodes.get(edge.target)
            if source is None or target is None:
                item.setVisible(False)
                self._forget(edge_id)
                continue
            item.setVisible(True)
            ends = {source, target}
            crossings = (lambda points, ends=ends: self._crossings(points, ends)) if avoid else None
            self._base[edge_id] = route(source.icon_scene_rect(), source.mapRectToScene(source.boundingRect()),
                                        target.icon_scene_rect(), target.mapRectToScene(target.boundingRect()),
                                        crossings)
            routed.append(edge_id)
        self._arrange(routed, avoid)

    def _forget(self, edge_id: str) -> None:
        self._base.pop(edge_id, None)
        self._drawn.pop(edge_id, None)
        self._drop_corridors(edge_id, self._spread.pop(edge_id, None))

    def _arrange(self, edge_ids: list[str], avoid: bool) -> None:
        """Spread the ends of these flows and their neighbours' along the sides they share, put flows
        sharing a corridor on lanes, and show the result (labels placed when ``avoid``)."""
        edges = self._diagram().edges
        touched = {end for edge_id in edge_ids for end in (edges[edge_id].source, edges[edge_id].target)}
        changed: set[str] = set(edge_ids)
        shifts: dict[tuple[str, bool], float] = {}
        for node_id in touched:
            changed.update(e for e in self._incident.get(node_id, ()) if e in self._base and e in edges)
        for node_id in {end for edge_id in changed for end in (edges[edge_id].source, edges[edge_id].target)}:
            shifts.update(self._spread_node(node_id, edges))
        for edge_id in changed:
            points = self._base[edge_id]
            edge = edges[edge_id]
            for at_start, node_id in ((True, edge.source), (False, edge.target)):
                delta = shifts.get((edge_id, at_start))
                if delta:
                    rect = self._nodes[node_id].icon_scene_rect()
                    side = side_of(rect, points[0] if at_start else points[-1])
                    points = shift_end(points, at_start, side, delta) if side else points
            self._drop_corridors(edge_id, self._spread.get(edge_id))
            self._spread[edge_id] = points
            for key in corridor_keys(points):
                self._corridors.setdefault(key, set()).add(edge_id)
        partners = set(changed)
        for edge_id in changed:
            for key in corridor_keys(self._spread[edge_id]):
                partners |= self._corridors.get(key, set())
        partners = {e for e in partners if e in self._edges and e in self._spread}
        final = separate_lanes({edge_id: self._spread[edge_id] for edge_id in partners})
        # A neighbour whose route came out as drawn keeps its label (placing labels is the costly part).
        fresh = set(edge_ids)
        partners = {e for e in partners if e in fresh or self._drawn.get(e) != final[e]}
        for edge_id in partners:  # a plain route's label is provisional: the next refined pass places it
            if avoid:
                self._drawn[edge_id] = final[edge_id]
            else:
                self._drawn.pop(edge_id, None)
        if avoid:
            for edge_id in partners:
                item = self._edges[edge_id]
                self._legs.remove(item)
                for rect in segment_rects(final[edge_id]):
                    self._legs.add(rect, 0, item)
        for edge_id in sorted(partners):
            item = self._edges[edge_id]
            spot = self._label_spot(item, final[edge_id]) if avoid else None
            item.set_route(final[edge_id], spot)
            if spot is not None:
                self._obstacle_index().add(item.label_rect_at(spot), LABEL_WEIGHT, item)

    def _spread_node(self, node_id: str, edges: dict) -> dict[tuple[str, bool], float]:
        """Offsets of the flow ends on each side of one component (keyed by flow id and which end)."""
        node = self._nodes.get(node_id)
        if node is None:
            return {}
        rect = node.icon_scene_rect()
        by_side: dict[str, list] = {}
        for edge_id in sorted(self._incident.get(node_id, ())):
            points, edge = self._base.get(edge_id), edges.get(edge_id)
            if points is None or edge is None:
                continue
            for at_start, end_id in ((True, edge.source), (False, edge.target)):
                if end_id != node_id:
                    continue
                end, far = (points[0], points[-1]) if at_start else (points[-1], points[0])
                side = side_of(rect, end)
                if side is not None:
                    by_side.setdefault(side, []).append(((edge_id, at_start), end, far))
        gap = CONTAINER_GAP if isinstance(node, ContainerItem) else LEAF_GAP
        shifts: dict[tuple[str, bool], float] = {}
        for side, ends in by_side.items():
            length = rect.width() if side in ("top", "bottom") else rect.height()
            shifts.update(spread_ends(ends, side, length, gap))
        return shifts

    def _drop_corridors(self, edge_id: str, points: Route | None) -> None:
        for key in corridor_keys(points or []):
            members = self._corridors.get(key)
            if members is not None:
                members.discard(edge_id)

    def _obstacle_index(self) -> ObstacleIndex:
        """Icons (weight 3) and container titles (weight 1), rebuilt after the model changed."""
        if self._obstacles is None:
            index = ObstacleIndex()
            for item in self._nodes.values():
                if isinstance(item, LeafItem):
                    index.add(item.icon_scene_rect(), ICON_WEIGHT, item)
                elif isinstance(item, ContainerItem):
                    index.add(item.mapRectToScene(item.title_rect()), 1, item)
            for edge in self._edges.values():
                if edge.label and edge.isVisible():
                    index.add(edge.label_rect_at(edge.label_pos), LABEL_WEIGHT, edge)
            self._obstacles = index
        return self._obstacles

    def _crossings(self, points: list[QPointF], ends: set[NodeItem]) -> int:
        index = self._obstacle_index()
        hit: dict[int, int] = {}
        for rect in segment_rects(points):
            for obstacle, weight, _ in index.query(rect, ends):
                hit[id(obstacle)] = weight
        return sum(hit.values())

    def _label_spot(self, item: EdgeItem, points: list[QPointF]) -> QPointF | None:
        """The first label place (longest leg first) that covers no icon, title, other label or other
        flow's line; failing that, the one covering fewest (an icon or label counts for ten lines)."""
        if not item.label:
            return None
        index = self._obstacle_index()
        best, lowest = None, None
        for spot in label_spots(points):
            rect = item.label_rect_at(spot)
            score = LABEL_OVER_OBSTACLE * len(index.query(rect, {item})) + len(self._legs.query(rect, {item}))
            if score == 0:
                return spot
            if lowest is None or score < lowest:
                best, lowest = spot, score
        return best
