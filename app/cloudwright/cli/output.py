"""Small helpers for rendering reports: colour on terminals only, stable JSON."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO

COLOURS = {"error": "31", "warning": "33", "info": "36", "pass": "32", "block": "31", "bold": "1", "dim": "2"}


def use_colour(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def paint(text: str, style: str, stream: TextIO | None = None) -> str:
    if not use_colour(stream) or style not in COLOURS:
        return text
    return f"\033[{COLOURS[style]}m{text}\033[0m"


def write_json(data: Any, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    json.dump(data, stream, indent=2, ensure_ascii=False, sort_keys=False)
    stream.write("\n")
