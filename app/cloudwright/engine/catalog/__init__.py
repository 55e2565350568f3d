"""The component catalogue: every kind Cloudwright knows, kept as data in ``resources/catalog/kinds.yaml``.

Each :class:`KindSpec` says what a kind is called, where it may sit (its allowed parents, ``root`` for the
top level of the canvas), whether it holds other nodes, its default properties and its icon. Icons are
the AWS PNGs the installed ``diagrams`` package ships, resolved by :func:`icon_path`, never copied.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cloudwright.engine.paths import resources_dir

ROOT = "root"


@dataclass(frozen=True)
class KindSpec:
    id: str
    label: str
    category: str
    container: bool
    parents: tuple[str, ...]
    icon: str
    description: str = ""
    defaults: dict[str, Any] = field(default_factory=dict)

    def may_sit_in(self, parent_kind: str | None) -> bool:
        return (parent_kind or ROOT) in self.parents

    @property
    def allowed_at_root(self) -> bool:
        return ROOT in self.parents


class Catalog:
    """All kinds, in palette order, with lookups by id and category."""

    def __init__(self, kinds: list[KindSpec]) -> None:
        self._kinds = {k.id: k for k in kinds}

    def __contains__(self, kind: str) -> bool:
        return kind in self._kinds

    def __iter__(self):
        return iter(self._kinds.values())

    def __len__(self) -> int:
        return len(self._kinds)

    def get(self, kind: str) -> KindSpec:
        return self._kinds[kind]

    def categories(self) -> list[str]:
        return list(dict.fromkeys(k.category for k in self._kinds.values()))

    def in_category(self, category: str) -> list[KindSpec]:
        return [k for k in self._kinds.values() if k.category == category]

    def placement_hint(self, kind: str) -> str:
        """A sentence for a refused drop: 'an RDS instance goes in a subnet'."""
        spec = self.get(kind)
        places = [p for p in spec.parents if p != ROOT]
        names = [self.get(p).label if p in self else p for p in places]
        if not names:
            return f"{spec.label} sits on the canvas, outside any container"
        where = " or ".join(f"a {n}" if n[0].lower() not in "aeiou" else f"an {n}" for n in names)
        return f"{spec.label} goes in {where}"


def _spec(entry: dict[str, Any]) -> KindSpec:
    return KindSpec(
        id=entry["id"], label=entry.get("label", entry["id"]), category=entry.get("category", "Other"),
        container=bool(entry.get("container", False)), parents=tuple(entry.get("parents", [ROOT])),
        icon=entry["icon"], description=entry.get("description", ""), defaults=entry.get("defaults") or {},
    )


@cache
def catalog() -> Catalog:
    """The catalogue loaded once from the bundled data file."""
    text = (resources_dir() / "catalog" / "kinds.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loader
    return Catalog([_spec(e) for e in data["kinds"]])


@cache
def diagrams_resources() -> Path:
    """The ``resources`` folder of the installed ``diagrams`` package, where the AWS icons live."""
    spec = importlib.util.find_spec("diagrams")
    if spec is None or spec.origin is None:
        raise RuntimeError("the 'diagrams' package is not installed; it provides the AWS icons")
    return Path(spec.origin).resolve().parent.parent / "resources"


def icon_path(kind: str) -> Path:
    """The one place that turns a kind into its icon file."""
    return diagrams_resources() / catalog().get(kind).icon
