"""`cloudwright validate` output (text, JSON, SARIF), exit codes, suppressions, and `cloudwright rules`."""

import json
from pathlib import Path

import pytest

from cloudwright.cli.main import main
from cloudwright.engine.io.design_file import dumps
from cloudwright.engine.model.diagram import Suppression
from cloudwright.engine.rules import all_rules, validate

from .helpers import design, patch, vpc_base

BROKEN = [*patch(vpc_base(), "rt-pub", routes=[]), {"id": "net", "kind": "internet"},
          {"id": "web", "kind": "ec2", "parent": "pub-a", "public_ip": True, "label": "Web server"}]
FLOW = [{"from": "net", "to": "web", "port": 443}]


def write(tmp_path: Path, diagram, name: str = "design.yaml") -> str:
    path = tmp_path / name
    path.write_text(dumps(diagram, "yaml"), encoding="utf-8")
    return str(path)


def test_text_report_groups_by_severity_and_node_and_exits_1_on_errors(tmp_path, capsys) -> None:
    """Errors make validate exit 1; the text names the rule, the node, the fix and the per-pillar summary."""
    code = main(["validate", write(tmp_path, design(BROKEN, FLOW))])
    out = capsys.readouterr().out
    assert code == 1
    assert out.index("ERROR") < out.index("NET-RT-003")
    assert "pub-a" in out and "fix: Add a route 0.0.0.0/0 -> igw to rt-pub." in out
    assert "by pillar: security" in out and "notes: §Internet Gateways & Route Tables" in out


def test_clean_design_exits_0(tmp_path, capsys) -> None:
    """A correct VPC passes with exit code 0."""
    assert main(["validate", write(tmp_path, design(vpc_base()))]) == 0


def test_min_severity_decides_the_exit_code(tmp_path, capsys) -> None:
    """A design with only warnings passes by default and fails with --min-severity warning."""
    warn_only = patch(vpc_base(), "rt-priv-b", routes=[{"destination": "0.0.0.0/0", "target": "nat-a"}])
    path = write(tmp_path, design(warn_only))
    assert main(["validate", path]) == 0
    assert main(["validate", path, "--min-severity", "warning"]) == 1


def test_json_output_has_the_documented_fields(tmp_path, capsys) -> None:
    """JSON findings carry rule, severity, message, nodes, section, fix and the node's line."""
    path = write(tmp_path, design(BROKEN, FLOW))
    assert main(["validate", path, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] is False and data["summary"]["error"] >= 1
    finding = next(f for f in data["findings"] if f["rule"] == "NET-RT-003")
    assert {"rule", "severity", "message", "nodes", "section", "fix", "pillars", "lines", "suppressed"} <= finding.keys()
    assert finding["locations"][0]["line"] == Path(path).read_text().splitlines().index(
        next(line for line in Path(path).read_text().splitlines() if "id: pub-a" in line)) + 1


def test_suppressed_findings_are_listed_but_not_counted(tmp_path, capsys) -> None:
    """A suppressed error is shown as suppressed, does not count, and does not fail the run."""
    diagram = design(BROKEN, FLOW)
    errors = {f.rule for f in validate(diagram) if f.severity == "error"}
    diagram.suppress = [Suppression(rule=r, reason="accepted for the demo") for r in sorted(errors)]
    path = write(tmp_path, diagram)
    assert main(["validate", path, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["error"] == 0 and data["summary"]["suppressed"] >= len(errors)
    assert all(f["suppressed"] for f in data["findings"] if f["severity"] == "error")
    main(["validate", path])
    assert "SUPPRESSED" in capsys.readouterr().out


def test_sarif_output_is_a_valid_code_scanning_log(tmp_path, capsys, monkeypatch) -> None:
    """SARIF 2.1.0 with rule metadata, a repository-relative URI and each finding's line in the file."""
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, design(BROKEN, FLOW))
    assert main(["validate", "design.yaml", "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(r["id"] and r["shortDescription"]["text"] and r["help"]["text"] for r in rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "design.yaml"
        assert location["region"]["startLine"] >= 1
        assert result["level"] in ("error", "warning", "note")
    rt = next(r for r in run["results"] if r["ruleId"] == "NET-RT-003")
    lines = Path(path).read_text().splitlines()
    assert "id: pub-a" in lines[rt["locations"][0]["physicalLocation"]["region"]["startLine"] - 1]


def test_every_registered_rule_is_listed_by_cloudwright_rules(capsys) -> None:
    """`cloudwright rules` lists every registered rule with its severity, section and pillars."""
    assert main(["rules", "--format", "json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    for spec in all_rules():
        assert spec.id in rows and rows[spec.id]["implemented"]
        assert rows[spec.id]["severity"] == spec.severity and rows[spec.id]["pillars"] == list(spec.pillars)
    assert len(rows) >= 484
    assert main(["rules"]) == 0
    text = capsys.readouterr().out
    assert all(spec.id in text for spec in all_rules())


@pytest.mark.parametrize("nodes", [BROKEN, vpc_base(3)])
def test_findings_are_deterministic(nodes) -> None:
    """Validating the same design twice gives the same findings in the same order."""
    first = [(f.rule, f.nodes, f.message) for f in validate(design(nodes, FLOW if nodes is BROKEN else []))]
    second = [(f.rule, f.nodes, f.message) for f in validate(design(nodes, FLOW if nodes is BROKEN else []))]
    assert first == second
