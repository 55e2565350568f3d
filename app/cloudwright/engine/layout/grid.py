"""Placing leaves and boxes in rows and columns; every function returns the size it used."""

from __future__ import annotations

from cloudwright.engine.layout.geometry import BOX_GAP, CELL, LEAF_GAP, ROW_GAP

Size = tuple[float, float]
Positions = dict[str, tuple[float, float]]


def leaf_columns(count: int) -> int:
    """How many leaves per row: two (the 260 px subnet), more as a container fills up."""
    if count <= 4:
        return min(count, 2) or 1
    if count <= 9:
        return 3
    return 4 if count <= 16 else 6


def place_leaves(ids: list[str], x: float, y: float, columns: int, out: Positions) -> Size:
    """Leaves row by row from (x, y); returns the (width, height) the grid covers."""
    if not ids:
        return 0.0, 0.0
    columns = max(1, min(columns, len(ids)))
    for n, node_id in enumerate(ids):
        row, col = divmod(n, columns)
        out[node_id] = (x + col * (CELL + LEAF_GAP), y + row * (CELL + ROW_GAP))
    rows = (len(ids) + columns - 1) // columns
    return columns * CELL + (columns - 1) * LEAF_GAP, rows * CELL + (rows - 1) * ROW_GAP


def stack(items: list[tuple[str, Size]], x: float, y: float, out: Positions, gap: float = BOX_GAP) -> Size:
    """Boxes (or leaves) one under another from (x, y)."""
    width = height = 0.0
    for node_id, (w, h) in items:
        out[node_id] = (x, y + height)
        height += h + gap
        width = max(width, w)
    return width, max(0.0, height - gap)


def wrap_columns(items: list[tuple[str, Size]], x: float, y: float, max_height: float, out: Positions,
                 gap: float = ROW_GAP) -> Size:
    """Items in columns that wrap when a column would pass ``max_height``."""
    col_x, col_y, col_w, width, height = x, y, 0.0, 0.0, 0.0
    for node_id, (w, h) in items:
        if col_y > y and col_y - y + h > max_height:
            col_x, col_y = col_x + col_w + LEAF_GAP, y
            col_w = 0.0
        out[node_id] = (col_x, col_y)
        col_y += h + gap
        col_w = max(col_w, w)
        width = max(width, col_x + col_w - x)
        height = max(height, col_y - gap - y)
    return width, height
