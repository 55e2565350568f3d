"""The bundled case studies: staged design files under ``templates/``, addressed by id.

A template id is its path below ``templates/`` without the ``.yaml`` suffix (``classic/myclothes``), the
ids of ``case-studies.md``. Templates are ordinary design files; this module only finds and loads them, so
the CLI, the gallery and the tests all see the same list.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cloudwright.engine.errors import CloudwrightError
from cloudwright.engine.io.design_file import load_design, read_design
from cloudwright.engine.io.stages import stage_diagram
from cloudwright.engine.model.diagram import Diagram, Stage
from cloudwright.engine.paths import templates_dir


@dataclass(frozen=True)
class TemplateInfo:
    """What a gallery or ``templates list`` shows before the whole design is needed."""

    id: str
    title: str
    stages: int
    path: Path
    description: str


class UnknownTemplateError(CloudwrightError):
    """No bundled template has this id; the message lists the closest ids."""


def _template_files(root: Path) -> list[Path]:
    """Design files below ``root``, skipping the generator's own folder and hidden folders."""
    return sorted(p for p in root.rglob("*.yaml")
                  if not any(part.startswith((".", "_")) or part == "tools" for part in p.relative_to(root).parts))


def template_id(path: Path, root: Path | None = None) -> str:
    return path.relative_to(root or templates_dir()).with_suffix("").as_posix()


@cache
def _infos(root: Path) -> tuple[TemplateInfo, ...]:
    infos = []
    for path in _template_files(root):
        diagram = read_design(path).diagram
        infos.append(TemplateInfo(template_id(path, root), diagram.name or template_id(path, root),
                                  len(diagram.stages), path, diagram.description))
    return tuple(infos)


def list_templates(root: Path | None = None) -> list[TemplateInfo]:
    """Every bundled template, sorted by id (loaded once per process)."""
    return list(_infos(root or templates_dir()))


def template_path(template: str, root: Path | None = None) -> Path:
    """The file of a template id; an unknown id raises with the closest matches."""
    root = root or templates_dir()
    path = (root / f"{template}.yaml").resolve()
    if template and path.is_relative_to(root.resolve()) and path.is_file():
        return path
    known = [template_id(p, root) for p in _template_files(root)]
    close = difflib.get_close_matches(template, known, n=3, cutoff=0.4)
    close += [k for k in known if template and template.split("/")[-1] in k and k not in close][:3]
    hint = f"; did you mean {', '.join(close)}?" if close else "; see 'cloudwright templates list'"
    raise UnknownTemplateError(f"no template '{template}'{hint}")


def load_template(template: str, root: Path | None = None) -> Diagram:
    """The whole staged design of a template (base nodes plus its stages)."""
    return load_design(template_path(template, root))


def variants(diagram: Diagram) -> list[dict]:
    """The what-if variants of a template (the case studies' "checks"), from ``settings.template.variants``."""
    template = diagram.settings.get("template")
    return list(template.get("variants", [])) if isinstance(template, dict) else []


def variant_diagram(diagram: Diagram, number: int) -> Diagram:
    """The design as what-if variant ``number`` (1-based) shows it; a variant is a complete stage definition."""
    found = variants(diagram)
    if not 1 <= number <= len(found):
        raise CloudwrightError(f"variant {number} does not exist: this design has "
                               + (f"variants 1-{len(found)}" if found else "no variants"))
    data = found[number - 1]
    what_if = Stage(title=data.get("title", f"variant {number}"), lesson=data.get("lesson", ""),
                    hidden=data.get("hidden", []), overrides=data.get("overrides", {}),
                    expected_findings=data.get("expected_findings", {}))
    return stage_diagram(diagram.model_copy(update={"stages": [what_if]}), 1)
