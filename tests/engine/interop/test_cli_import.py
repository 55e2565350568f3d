"""The command line: `cloudwright import`, --param, and templates accepted by every FILE command."""

from __future__ import annotations

from cloudwright.cli.main import main
from cloudwright.engine.io import read_design
from cloudwright.engine.model.diagram import typed_props

from .conftest import CFN_DIR

NAT = str(CFN_DIR / "vpc_public_private_nat.yaml")


def test_import_writes_a_design_with_params(tmp_path, capsys):
    """`import T -o D --param K=V` writes a loadable design built under the given parameter."""
    out = tmp_path / "design.yaml"
    assert main(["import", NAT, "-o", str(out), "--param", "VpcCIDR=10.9.0.0/16"]) == 0
    design = read_design(out).diagram
    assert str(typed_props(design.nodes["VPC"]).cidr) == "10.9.0.0/16"
    assert "wrote" in capsys.readouterr().out


def test_import_of_a_broken_template_is_one_line_exit_2(tmp_path, capsys):
    """A malformed template exits 2 with a single file:line message and no traceback."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !Ref}\n")
    assert main(["import", str(bad), "-o", str(tmp_path / "o.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{bad}:4:" in err[0]


def test_unknown_types_are_warned_on_stderr(tmp_path, capsys):
    """Types Cloudwright does not model are named in a warning, and the import still succeeds."""
    template = tmp_path / "t.yaml"
    template.write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Odd:\n    Type: AWS::Foo::Bar\n")
    assert main(["import", str(template), "-o", str(tmp_path / "o.yaml")]) == 0
    assert "Odd (AWS::Foo::Bar)" in capsys.readouterr().err


def test_every_file_command_accepts_a_template(tmp_path):
    """validate, reach and export take the template itself, with --param."""
    assert main(["validate", NAT, "--param", "EnvironmentName=x"]) == 0
    assert main(["reach", NAT, "--from", "AppServer", "--to", "internet", "--port", "443"]) == 0
    assert main(["export", NAT, "-o", str(tmp_path / "n.drawio")]) == 0
    assert main(["export", NAT, "-o", str(tmp_path / "n.cfn.yaml")]) == 0
    assert "AWS::EC2::NatGateway" in (tmp_path / "n.cfn.yaml").read_text()
