"""The zoomed-out picture: when thousands of components are on screen at once, the view shows one
cached image of the design instead of asking every item to paint itself each frame.

The image is re-rendered only when what is drawn changes (the scene's ``appearance_changed``) or, after
a short pause, when the zoom changed; in between, frames are a single blit.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap

from cloudwright.gui.canvas.scene import CanvasScene

#: The view switches to the cached picture below this zoom, for designs with at least this many items.
OVERVIEW_ZOOM = 0.4
OVERVIEW_MIN_ITEMS = 600
MAX_SIDE = 8192


class OverviewCache:
    def __init__(self, scene: CanvasScene) -> None:
        self.scene = scene
        self.pixmap: QPixmap | None = None
        self.source = QRectF()
        self.zoom = 0.0
        scene.appearance_changed.connect(self.invalidate)

    def invalidate(self) -> None:
        self.pixmap = None

    def wanted(self, zoom: float) -> bool:
        """Whether the view at ``zoom`` should paint the cached picture rather than the items."""
        return (zoom < OVERVIEW_ZOOM and self.scene.interaction is None
                and len(self.scene.node_ids()) >= OVERVIEW_MIN_ITEMS)

    def is_current(self, zoom: float) -> bool:
        return self.pixmap is not None and math.isclose(zoom, self.zoom, rel_tol=1e-3)

    def picture(self, zoom: float, ratio: float) -> tuple[QPixmap, QRectF]:
        """The cached picture and the scene rectangle it shows; rendered when there is none yet."""
        if self.pixmap is None:
            self.render(zoom, ratio)
        assert self.pixmap is not None
        return self.pixmap, self.source

    def render(self, zoom: float, ratio: float) -> None:
        source = self.scene.content_rect()
        scale = min(zoom * ratio, MAX_SIDE / max(1.0, source.width()), MAX_SIDE / max(1.0, source.height()))
        pixmap = QPixmap(max(1, math.ceil(source.width() * scale)), max(1, math.ceil(source.height() * scale)))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
                               | QPainter.RenderHint.TextAntialiasing)
        self.scene.render(painter, QRectF(pixmap.rect()), source)
        painter.end()
        self.pixmap, self.source, self.zoom = pixmap, source, zoom
