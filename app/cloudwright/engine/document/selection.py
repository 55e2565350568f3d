"""The one selection shared by canvas, properties and findings (Qt-free, observable)."""

from __future__ import annotations

from collections.abc import Callable, Iterable


class Selection:
    def __init__(self) -> None:
        self._ids: tuple[str, ...] = ()
        self._listeners: list[Callable[[tuple[str, ...]], None]] = []

    @property
    def ids(self) -> tuple[str, ...]:
        return self._ids

    def set(self, ids: Iterable[str]) -> None:
        new = tuple(dict.fromkeys(ids))
        if new != self._ids:
            self._ids = new
            for listener in list(self._listeners):
                listener(new)

    def clear(self) -> None:
        self.set(())

    def subscribe(self, listener: Callable[[tuple[str, ...]], None]) -> None:
        self._listeners.append(listener)

    def __contains__(self, node_id: str) -> bool:
        return node_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)
