"""Picture export: PNG size and content, SVG self-contained, PDF written, CLI headless."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from cloudwright.engine.io import load_design
from cloudwright.gui import render


def test_png_has_expected_size_and_pixels_where_nodes_are(design_file: Path, tmp_path: Path) -> None:
    """The PNG covers the design plus a margin, at 1x and 2x, with drawing where the components are."""
    diagram = load_design(design_file)
    out = tmp_path / "small.png"
    render.export_png(diagram, out)
    image = QImage(str(out))
    # content: region (0..760 x 0..460) and the user cell (800..896 x 60..156), plus 24 px margins
    assert (image.width(), image.height()) == (896 + 48, 460 + 48)
    web_icon_center = (24 + 20 + 120 + 16 + 48, 24 + 40 + 40 + 36 + 32)
    assert image.pixelColor(*web_icon_center) != QColor("white")
    assert image.pixelColor(24 + 600, 24 + 400) == QColor("white")  # empty VPC floor
    render.export_png(diagram, out, scale=2)
    assert QImage(str(out)).width() == 2 * (896 + 48)


def test_transparent_png_and_selection_only(design_file: Path, tmp_path: Path) -> None:
    """A transparent export has no background; a selection export shows only the selected part."""
    diagram = load_design(design_file)
    out = tmp_path / "sel.png"
    render.export_png(diagram, out, transparent=True, selection=["priv"])
    image = QImage(str(out))
    assert (image.width(), image.height()) == (260 + 48, 150 + 48)
    assert image.pixelColor(2, 2).alpha() == 0


def test_svg_embeds_icons_and_names_no_files(design_file: Path, tmp_path: Path) -> None:
    """The SVG stands alone: icons are data URIs, and no file path appears in it."""
    out = tmp_path / "small.svg"
    render.export_svg(load_design(design_file), out)
    text = out.read_text(encoding="utf-8")
    assert "data:image/png;base64," in text
    assert "file:" not in text
    assert not re.search(r'href="/', text)
    assert "site-packages" not in text and str(Path.home()) not in text


def test_pdf_is_written(design_file: Path, tmp_path: Path) -> None:
    """The PDF export writes a PDF document."""
    out = tmp_path / "small.pdf"
    render.export_pdf(load_design(design_file), out)
    assert out.read_bytes().startswith(b"%PDF")


def test_cli_export_png_needs_no_display(design_file: Path, tmp_path: Path) -> None:
    """`cloudwright export design.yaml -o out.png` works with no display at all."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "cli.png"
    result = subprocess.run([sys.executable, "-m", "cloudwright", "export", str(design_file), "-o", str(out)],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert QImage(str(out)).width() == 896 + 48


def test_painting_keeps_none_alive(loaded) -> None:
    """Repainting the canvas many times does not drop references to None (PySide6 6.12.0 did, then crashed)."""
    import sys as _sys

    loaded.view.viewport().repaint()
    before = _sys.getrefcount(None)
    for _ in range(30):
        loaded.view.viewport().repaint()
    assert _sys.getrefcount(None) - before > -100
