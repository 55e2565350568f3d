"""Launching the app with a CloudFormation template imports it, like File > Open does."""

from pathlib import Path

from cloudwright.gui.app import create_window

SAMPLES = Path(__file__).parents[1] / "data" / "cfn"


def test_start_with_a_template_imports_it(qtbot) -> None:
    """`cloudwright open template.yaml` shows the template's resources as a design."""
    sample = SAMPLES / "vpc_peering.yaml"  # no Parameters, so no parameter dialog
    window = create_window(str(sample))
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "confirm_discard", lambda: True))
    assert len(window.controller.document.diagram.nodes) > 5
