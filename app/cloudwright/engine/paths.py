"""Where Cloudwright's bundled data lives, for a source checkout, an installed wheel or a frozen app."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def project_root() -> Path:
    """The folder holding ``resources/`` and ``templates/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "resources" / "catalog").is_dir():
            return parent
    raise RuntimeError("Cloudwright's resources folder was not found next to the package")


def resources_dir() -> Path:
    return project_root() / "resources"


def templates_dir() -> Path:
    return project_root() / "templates"
