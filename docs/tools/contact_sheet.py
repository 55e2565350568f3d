"""Render every bundled case study and write the contact sheet ``docs/case-studies.md``.

    python docs/tools/contact_sheet.py                 # thumbnails, full-size pictures and the sheet
    python docs/tools/contact_sheet.py --app-shots     # also the app under Xvfb (gallery, MyClothes stage 1)

Each template's final stage is drawn with the app's own renderer (the one behind ``cloudwright export``):
a 250 px wide thumbnail goes to ``docs/case-studies/<id>.png`` (slashes become ``__``), and the few
architectures the issue asks to look at go full size to ``docs/screenshots/case-<name>.png``. The sheet is
a table of thumbnail, id, title, stage count and each stage's lesson. ``--app-shots`` starts the real
window under ``xvfb-run`` and grabs the screen with ImageMagick's ``import``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHEET = ROOT / "docs" / "case-studies.md"
THUMBS = ROOT / "docs" / "case-studies"
SHOTS = ROOT / "docs" / "screenshots"
THUMB_WIDTH = 250
#: template id -> picture name under docs/screenshots (final stage, full size).
FULL_SIZE = {
    "classic/whatisthetime": "case-whatisthetime-9",
    "classic/myclothes": "case-myclothes-9",
    "classic/mywordpress": "case-mywordpress-4",
    "serverless/myblog": "case-myblog-6",
    "vpc/nat_gateway_ha": "case-nat-gateway-ha",
    "vpc/transit_gateway": "case-transit-gateway",
    "vpc/privatelink": "case-privatelink",
    "vpc/dx_gateway": "case-dx-gateway",
}
SCREEN = "1600x1000x24"


def thumb_name(template_id: str) -> str:
    return template_id.replace("/", "__") + ".png"


def render_pictures() -> list[dict]:
    """Draw every final stage; returns one row per template for the sheet."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt

    from cloudwright.engine.io.stages import stage_diagram
    from cloudwright.engine.io.templates import list_templates, load_template
    from cloudwright.gui import render

    THUMBS.mkdir(parents=True, exist_ok=True)
    rows = []
    for info in list_templates():
        template = load_template(info.id)
        final = stage_diagram(template, max(1, len(template.stages)))
        image = render.render_image(final, scale=1)
        thumb = image.scaledToWidth(THUMB_WIDTH, Qt.TransformationMode.SmoothTransformation)
        thumb.save(str(THUMBS / thumb_name(info.id)), "PNG", 80)
        if info.id in FULL_SIZE:
            render.export_png(final, SHOTS / f"{FULL_SIZE[info.id]}.png")
        lessons = [(stage.title, stage.lesson) for stage in template.stages] or [(info.title, info.description)]
        rows.append({"id": info.id, "title": info.title, "stages": max(1, info.stages), "lessons": lessons,
                     "size": (image.width(), image.height())})
    return rows


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def write_sheet(rows: list[dict]) -> None:
    stages = sum(r["stages"] for r in rows)
    lines = [
        "# The case studies at a glance",
        "",
        f"{len(rows)} bundled architectures, {stages} stages. Each picture is the final stage, drawn by the app's",
        "renderer (`python docs/tools/contact_sheet.py` redraws them); for a full-size picture of any stage run",
        "`cloudwright export templates/<id>.yaml --stage N -o out.png`. Open one in the app with File > New from",
        "Case Study and step through its stages with the stage bar. Full-size pictures of a few are in",
        "`docs/screenshots/case-*.png`.",
        "",
        "| Final stage | Id | Title | Stages | What each stage teaches |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lessons = "<br>".join(f"**{n}. {_cell(title)}**: {_cell(lesson)}"
                              for n, (title, lesson) in enumerate(row["lessons"], start=1))
        image = f"![{_cell(row['title'])}](case-studies/{thumb_name(row['id'])})"
        lines.append(f"| {image} | `{row['id']}` | {_cell(row['title'])} | {row['stages']} | {lessons} |")
    SHEET.write_text("\n".join(lines) + "\n", encoding="utf-8")


def app_shots() -> None:
    """The real window under Xvfb: the gallery over MyClothes.com, and MyClothes.com stages 1, 2 and 4 with the bar."""
    driver = Path(__file__).with_name("app_shot_driver.py")
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/.config", XDG_CACHE_HOME=f"{home}/.cache")
        env.pop("QT_QPA_PLATFORM", None)
        for mode, name in (("stage1", "app-myclothes-stage1.png"), ("stage2", "app-myclothes-stage2.png"),
                           ("stage4", "app-myclothes-stage4.png"),
                           ("gallery", "app-gallery.png")):
            subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {SCREEN}", sys.executable, str(driver), mode,
                            str(SHOTS / name)], check=True, env=env, timeout=300)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-shots", action="store_true", help="also shoot the app window under Xvfb")
    args = parser.parse_args()
    rows = render_pictures()
    write_sheet(rows)
    for row in rows:
        print(f"{row['id']:45} {row['stages']:2} stages  {row['size'][0]} x {row['size'][1]}")
    if args.app_shots:
        app_shots()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
