"""``cloudwright reach`` and ``cloudwright exposure``: exit codes, traceroute text and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cloudwright.cli.main import main
from cloudwright.engine.io import save_design

from .builder import three_tier

HOP_KEYS = {"node", "kind", "verdict", "reason", "code", "leg"}


@pytest.fixture
def design_file(tmp_path: Path) -> str:
    path = tmp_path / "three_tier.yaml"
    save_design(three_tier().build(), path)
    return str(path)


def test_reach_exit_0_when_reachable_with_json_contract(design_file, capsys):
    """A reachable flow exits 0; the JSON has reachable, protocol, port and hops with the documented keys."""
    assert main(["reach", design_file, "--from", "app", "--to", "db", "--port", "3306", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reachable"] is True and data["protocol"] == "tcp" and data["port"] == 3306
    assert data["blocking_hop"] is None and data["fixes"] == []
    assert all(HOP_KEYS <= set(h) for h in data["hops"])
    assert {h["leg"] for h in data["hops"]} == {"forward", "return"}
    assert all(h["verdict"] in ("pass", "block", "unknown") for h in data["hops"])


def test_reach_exit_1_when_blocked_and_text_marks_the_block(design_file, capsys):
    """A blocked flow exits 1; the traceroute-like text numbers the hops, marks the block and offers a fix."""
    assert main(["reach", design_file, "--from", "web", "--to", "db", "--port", "3306"]) == 1
    out = capsys.readouterr().out
    assert "BLOCKED" in out and "forward leg:" in out
    marked = [line for line in out.splitlines() if line.startswith(">>")]
    assert len(marked) == 1 and "db-sg" in marked[0] and "[ENI_SG_RULES_MISMATCH]" in marked[0]
    assert "fix: Allow inbound tcp/3306 from sg web-sg in db-sg" in out


def test_reach_json_of_a_blocked_flow_points_at_the_blocking_hop(design_file, capsys):
    """``blocking_hop`` indexes the first blocking hop; ``fixes`` lists the suggestions."""
    assert main(["reach", design_file, "--from", "internet", "--to", "app", "--port", "8080",
                 "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["reachable"] is False
    assert data["hops"][data["blocking_hop"]]["code"] == "NO_PUBLIC_IP"
    assert data["fixes"]


@pytest.mark.parametrize("argv", [
    ["--from", "nope", "--to", "db"],
    ["--from", "app", "--to", "db", "--port", "70000"],
    ["--from", "app", "--to", "db", "--protocol", "gre"],
    ["--from", "app"],
])
def test_reach_bad_input_exits_2_with_one_line(design_file, capsys, argv):
    """Unknown ids, bad ports or protocols and missing options exit 2 with a one-line error."""
    assert main(["reach", design_file, *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cloudwright:") and "Traceback" not in err


def test_reach_missing_file_exits_2(tmp_path, capsys):
    """A missing FILE is bad input."""
    assert main(["reach", str(tmp_path / "none.yaml"), "--from", "a", "--to", "b"]) == 2


def test_exposure_text_and_json(design_file, capsys):
    """``exposure`` lists what the internet reaches, with ports and path, in text and JSON."""
    assert main(["exposure", design_file]) == 0
    out = capsys.readouterr().out
    assert "1 component(s)" in out and "web" in out and "tcp/443" in out
    assert main(["exposure", design_file, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(e["node"], e["ports"]) for e in data["exposed"]] == [("web", ["tcp/443"])]
    assert data["exposed"][0]["path"]["reachable"] is True
