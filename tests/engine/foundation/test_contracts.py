"""Project contracts: the engine and CLI never load Qt; CI runs the README's test command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[3]
PACKAGE = ROOT / "app" / "cloudwright"


def test_engine_and_cli_never_import_qt() -> None:
    """Every engine and CLI module imports in a fresh interpreter without PySide6 or shiboken6."""
    modules = []
    for sub in ("engine", "cli"):
        for path in sorted((PACKAGE / sub).rglob("*.py")):
            rel = path.relative_to(PACKAGE.parent).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules.append(".".join(parts))
    assert len(modules) > 20
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from cloudwright.engine.rules import all_rules\n"
        "all_rules()\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "print('QT:' + ','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("QT:"), result.stdout


def test_import_linter_layers_hold() -> None:
    """The import-linter contracts in pyproject.toml (layers, no Qt in engine/CLI) are kept."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run executes exactly the README's test command, so the two cannot drift."""
    readme = (ROOT / "README.md").read_text()
    command = next(line for line in readme.splitlines() if "pip install -e '.[test]'" in line)
    assert "pytest" in command
    assert "pip install -e '.\\[test\\]'" in (ROOT / ".ci" / "run").read_text()
