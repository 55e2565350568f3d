"""Designs past the node limit are refused quickly, naming the limit; the CLI says so in one line."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from cloudwright.cli.main import main
from cloudwright.engine.errors import CloudwrightError
from cloudwright.engine.io import load_text
from cloudwright.engine.io.limits import MAX_NODES


def many_nodes(count: int, fmt: str) -> str:
    """A design of ``count`` internet-user nodes in a grid (the cheapest valid node there is)."""
    if fmt == "json":
        return json.dumps({"cloudwright": 1, "nodes": [
            {"id": f"n{i}", "kind": "user", "pos": [i % 1000 * 100, i // 1000 * 100]} for i in range(count)]})
    rows = "".join(f"  - {{id: n{i}, kind: user, pos: [{i % 1000 * 100}, {i // 1000 * 100}]}}\n"
                   for i in range(count))
    return "cloudwright: 1\nnodes:\n" + rows


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_one_node_over_the_limit_is_refused_quickly(fmt: str) -> None:
    """100,001 nodes: refused in a few seconds of CPU with the limit in the message (not loaded, not hung)."""
    text = many_nodes(MAX_NODES + 1, fmt)
    started = time.process_time()  # CPU time: other jobs on the machine do not count against us
    with pytest.raises(CloudwrightError, match="100,001 nodes is over the limit of 100,000"):
        load_text(text, f"big.{fmt}")
    assert time.process_time() - started < 5.0


def test_cli_refuses_an_oversized_design_in_one_line(tmp_path: Path, capsys) -> None:
    """`cloudwright validate` on 100,001 nodes exits 2 with one line naming the file and the limit."""
    path = tmp_path / "big.json"
    path.write_text(many_nodes(MAX_NODES + 1, "json"), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "big.json" in err[0] and "over the limit of 100,000" in err[0]
    assert "Traceback" not in err[0]
