"""``cloudwright templates``: listing the bundled case studies and printing one, or one stage, as a design."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cloudwright.cli.main import main
from cloudwright.engine.io.design_file import load_design, load_text
from cloudwright.engine.io.stages import stage_diagram
from cloudwright.engine.io.templates import list_templates, load_template


def test_list_shows_id_title_and_stage_count(capsys: pytest.CaptureFixture[str]) -> None:
    """`templates list` prints one line per template with its id, stage count and title."""
    assert main(["templates", "list"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("classic/myclothes "))
    assert "9 stages" in line and "MyClothes.com" in line


def test_list_json_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    """`templates list --format json` gives id, title, stages and description for every template."""
    assert main(["templates", "list", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {t["id"] for t in data} == {t.id for t in list_templates()}
    entry = next(t for t in data if t["id"] == "classic/whatisthetime")
    assert entry["stages"] == 9 and entry["title"] == "WhatIsTheTime.com"


def test_show_prints_the_template_as_a_loadable_design(capsys: pytest.CaptureFixture[str]) -> None:
    """`templates show ID` prints YAML that loads back to the bundled template."""
    assert main(["templates", "show", "classic/mywordpress"]) == 0
    assert load_text(capsys.readouterr().out).diagram == load_template("classic/mywordpress")


def test_show_stage_writes_that_stage_design(tmp_path: Path) -> None:
    """`templates show ID --stage N -o OUT` writes the design as stage N shows it."""
    out = tmp_path / "stage.yaml"
    assert main(["templates", "show", "classic/whatisthetime", "--stage", "6", "-o", str(out)]) == 0
    expected = stage_diagram(load_template("classic/whatisthetime"), 6)
    assert load_design(out) == expected
    assert "elb" in expected.nodes and "ec2_1" not in expected.nodes


def test_unknown_id_exits_2_with_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    """A mistyped id fails with exit code 2 and one line suggesting the close ids."""
    assert main(["templates", "show", "classic/myclothe"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "classic/myclothes" in err[0]


def test_stage_out_of_range_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Asking for a stage the template does not have is a usage error, not a traceback."""
    assert main(["templates", "show", "classic/mywordpress", "--stage", "9"]) == 2
    assert "stages 1-4" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["../resources/catalog/kinds", "/etc/hostname", ""])
def test_show_never_reads_outside_the_templates_folder(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A template id is a name inside templates/, never a path to another file."""
    assert main(["templates", "show", name]) == 2
    assert capsys.readouterr().out == ""


def test_show_variant_prints_the_what_if_design(capsys: pytest.CaptureFixture[str]) -> None:
    """`templates show ID --variant N` prints the design of a what-if check (here: a plain A record)."""
    assert main(["templates", "show", "classic/whatisthetime", "--variant", "1"]) == 0
    record = load_text(capsys.readouterr().out).diagram.nodes["rec"]
    assert record.props["alias"] is False and "elb" in record.props["targets"]
    assert main(["templates", "show", "classic/whatisthetime", "--variant", "9"]) == 2
