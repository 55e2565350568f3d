"""The headless command line: version, validate and export per the contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cloudwright import __version__
from cloudwright.cli.main import main
from cloudwright.engine.io import load_design, save_design

from .builders import small_vpc


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cloudwright", *args], capture_output=True, text=True, timeout=120)


def test_version() -> None:
    """`cloudwright --version` names the version."""
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_validate_valid_design_exits_0(tmp_path: Path, capsys) -> None:
    """A structurally valid design with no error findings passes validation."""
    path = tmp_path / "ok.yaml"
    save_design(small_vpc(), path)
    assert main(["validate", str(path), "--min-severity", "error"]) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


def test_export_yaml_and_json_round_trip(tmp_path: Path) -> None:
    """Export writes the design in the format the extension names, losslessly."""
    source = tmp_path / "d.yaml"
    save_design(small_vpc(), source)
    assert main(["export", str(source), "-o", str(tmp_path / "d.json")]) == 0
    assert json.loads((tmp_path / "d.json").read_text())["cloudwright"] == 1
    assert main(["export", str(tmp_path / "d.json"), "-o", str(tmp_path / "again.yaml")]) == 0
    assert load_design(tmp_path / "again.yaml") == small_vpc()


def test_export_unknown_extension_is_a_usage_error(tmp_path: Path, capsys) -> None:
    """An unknown output format is refused with the list of known ones."""
    source = tmp_path / "d.yaml"
    save_design(small_vpc(), source)
    assert main(["export", str(source), "-o", str(tmp_path / "d.xyz")]) == 2
    assert "known formats are" in capsys.readouterr().err


def test_missing_file_and_bad_usage_exit_2(capsys) -> None:
    """A missing file or a bad flag ends in exit 2 and one line."""
    assert main(["validate", "/nonexistent/design.yaml"]) == 2
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "Traceback" not in err
