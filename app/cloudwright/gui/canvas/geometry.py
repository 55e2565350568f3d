"""Shared geometry conventions of the canvas and the renderer (see the design notes).

A leaf component occupies a 96 x 96 cell at its ``pos``: a 56 px icon centred at the top, its label
below. A container draws a 28 px title band with a 24 px corner icon; its children start at y >= 36.
"""

from __future__ import annotations

LEAF_SIZE = 96.0
ICON_SIZE = 56.0
ICON_TOP = 4.0
LABEL_TOP = 62.0
TITLE_BAND = 28.0
CORNER_ICON = 24.0
CONTENT_TOP = 36.0
PADDING = 16.0
GRID = 8.0

_DEFAULT_SIZES: dict[str, tuple[float, float]] = {
    "global": (1200.0, 800.0), "organization": (900.0, 600.0), "account": (1000.0, 700.0),
    "region": (900.0, 620.0), "vpc": (760.0, 460.0), "az": (300.0, 380.0), "subnet": (260.0, 150.0),
    "corporate_dc": (300.0, 220.0), "dx_location": (300.0, 220.0), "cage": (200.0, 150.0),
}


def default_size(kind: str) -> tuple[float, float]:
    """The size a new container of ``kind`` gets when dropped from the palette."""
    return _DEFAULT_SIZES.get(kind, (300.0, 220.0))


def snap(value: float, step: float = GRID) -> float:
    return round(value / step) * step
