"""The rules every node and edge id follows, in one place for the file loader and the Document.

An id is shown in the canvas, the findings and file diffs, and is written into exports (draw.io,
diagrams-as-code, CloudFormation logical ids), so it may not hide text (control characters) or
reorder it on screen (bidi overrides such as U+202E), and it stays short.
"""

from __future__ import annotations

import re
from collections.abc import Container

MAX_ID_LENGTH = 200
_BAD_ID_CHARS = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def id_problem(value: str) -> str | None:
    """Why ``value`` may not be an id, in words, or None when it may.

    >>> id_problem("web-1") is None
    True
    """
    if len(value) > MAX_ID_LENGTH:
        return f"id is {len(value)} characters long, over the limit of {MAX_ID_LENGTH}"
    if _BAD_ID_CHARS.search(value):
        return f"id {value!r} contains control or text-direction characters"
    return None


def fresh_id(base: str, taken: Container[str]) -> str:
    """``base`` or the first free of ``base-2``, ``base-3``..., cut so it stays within the length limit.

    >>> fresh_id("web", {"web", "web-2"})
    'web-3'
    """
    base = base[:MAX_ID_LENGTH]
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = base[: MAX_ID_LENGTH - len(suffix)] + suffix
        n += 1
    return candidate
