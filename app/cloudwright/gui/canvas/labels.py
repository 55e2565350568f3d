"""Wrapping a component's label into the two lines under its icon.

Labels are often identifiers ("whatisthetime-elb", "mywordpress.com", "LambdaExecutionRole") with no
space to break at, so besides spaces a line may end after "-", ".", "/", "_" or between a lower-case
letter and an upper-case one; only what still does not fit in two lines is elided.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF

#: Where an identifier may break: after a separator, or before an upper-case letter that follows a
#: lower-case letter or digit (camelCase).
_SOFT_BREAK = re.compile(r"(?<=[-./_])(?=.)|(?<=[a-z0-9])(?=[A-Z])")


def break_points(text: str) -> list[tuple[int, int, bool]]:
    """``(end of first line, start of second line, at a space)`` for every place ``text`` may break."""
    points = [(m.start(), m.end(), True) for m in re.finditer(r" +", text) if 0 < m.start() and m.end() < len(text)]
    points += [(m.start(), m.start(), False) for m in _SOFT_BREAK.finditer(text) if 0 < m.start() < len(text)]
    return sorted(points)


def two_lines(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """Wrap ``text`` into at most two lines of ``width``, eliding the second only when nothing fits.

    A break that lets the rest fit whole wins; among those a space beats a separator, then the longest
    first line. With no such break, the longest first line that fits is kept and the rest elided."""
    text = text.strip()
    if metrics.horizontalAdvance(text) <= width:
        return [text] if text else []
    fitting = [(end, start, space) for end, start, space in break_points(text)
               if metrics.horizontalAdvance(text[:end]) <= width]
    if not fitting:
        points = break_points(text)
        if not points:
            return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]
        end, start, _ = points[0]
        return [metrics.elidedText(text[:end], Qt.TextElideMode.ElideRight, width),
                metrics.elidedText(text[start:], Qt.TextElideMode.ElideRight, width)]
    whole = [p for p in fitting if metrics.horizontalAdvance(text[p[1]:]) <= width]
    if whole:
        end, start, _ = max(whole, key=lambda p: (p[2], p[0]))
        return [text[:end], text[start:]]
    end, start, _ = max(fitting, key=lambda p: p[0])
    second = metrics.elidedText(text[start:], Qt.TextElideMode.ElideRight, width)
    return [text[:end], second]
