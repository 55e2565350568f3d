"""Exporters by file extension. Entries name ``module:function`` so heavy formats load only when used.

Each function takes ``(diagram, path)`` and writes the file atomically. Picture formats are rendered by
``cloudwright.gui.render`` (Qt, offscreen), the one renderer the engine may call.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path

from cloudwright.engine.model.diagram import Diagram

Exporter = Callable[[Diagram, Path], None]

EXPORTERS: dict[str, str] = {
    ".yaml": "cloudwright.engine.io.design_file:save_design",
    ".yml": "cloudwright.engine.io.design_file:save_design",
    ".json": "cloudwright.engine.io.design_file:save_design",
    ".png": "cloudwright.gui.render:export_png",
    ".svg": "cloudwright.gui.render:export_svg",
    ".pdf": "cloudwright.gui.render:export_pdf",
    ".py": "cloudwright.engine.io.diagrams_code:export_python",
    ".drawio": "cloudwright.engine.io.drawio:export_drawio",
    ".cfn.yaml": "cloudwright.engine.io.cfn_export:export_template",
    ".template": "cloudwright.engine.io.cfn_export:export_template",
}


def _available(target: str) -> bool:
    module = target.split(":")[0]
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def known_extensions() -> list[str]:
    return [ext for ext, target in EXPORTERS.items() if _available(target)]


def exporter_for(path_or_ext: str) -> Exporter | None:
    name = path_or_ext.lower()
    ext = next((e for e in sorted(EXPORTERS, key=len, reverse=True) if name.endswith(e)), None)
    if ext is None or not _available(EXPORTERS[ext]):
        return None
    module_name, func = EXPORTERS[ext].split(":")
    return getattr(importlib.import_module(module_name), func)
