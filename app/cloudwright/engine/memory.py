"""Memory helpers shared by the engine's bulk steps."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk step (loading, validating, building the reach model).

    Such steps allocate tens of thousands of small acyclic objects, and the full collections that triggers
    re-scan every node of a large design again and again (superlinear time at 50k nodes). The previous
    state is restored afterwards, so nesting is safe.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
