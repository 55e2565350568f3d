"""CloudFormation export: cfn-lint accepts it, and importing it gives back the same topology."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from cloudwright.engine.graph.index import DiagramIndex
from cloudwright.engine.io.cfn_export import build_template, dumps_template, logical_ids
from cloudwright.engine.io.cfn_import import import_template
from cloudwright.engine.model.diagram import Diagram, typed_props

from .conftest import CFN_DIR, import_sample

SAMPLES = sorted(p.name for p in CFN_DIR.iterdir())
slow = pytest.mark.skipif(not os.environ.get("CLOUDWRIGHT_SLOW_TESTS"),
                          reason="lints every bundled case study (~1 s each); set CLOUDWRIGHT_SLOW_TESTS=1")


def lint_errors(text: str) -> list[str]:
    """cfn-lint's ERROR-level findings for a template (us-east-1, as cfn-lint's CLI defaults to)."""
    from cfnlint.api import ManualArgs, lint

    return [f"{m.rule.id} {m.message}" for m in lint(text, config=ManualArgs(regions=["us-east-1"]))
            if m.rule.id.startswith("E")]


def topology(diagram: Diagram) -> dict[str, object]:
    """What a network engineer compares: containment, routes and security-group rules."""
    index = DiagramIndex(diagram)
    subnets = {s.id: (index.vpc_of(s.id).id, index.az_key(s.id)) for s in index.of_kind("subnet")}
    placed = {n.id: index.subnet_of(n.id).id for n in index.of_kind("ec2", "rds", "nat_gateway", "alb")
              if index.subnet_of(n.id) is not None}
    routes = {t.id: sorted((str(r.destination or r.prefix_list), r.target) for r in typed_props(t).routes)
              for t in index.of_kind("route_table") if not typed_props(t).main}
    rules = {g.id: sorted((str(r.protocol), str(r.port), str(r.cidr or r.sg)) for r in typed_props(g).inbound)
             for g in index.of_kind("security_group") if not typed_props(g).default}
    return {"subnets": subnets, "placed": placed, "routes": routes, "rules": rules}


@pytest.mark.parametrize("name", SAMPLES)
def test_round_trip_preserves_topology(name):
    """import(export(import(template))) has the same VPCs, subnets, placements, routes and SG rules."""
    first = import_sample(name).diagram
    second = import_template(dumps_template(first), "exported.cfn.yaml").diagram
    assert topology(second) == _renamed(topology(first), _exported_ids(first))


def _exported_ids(diagram: Diagram) -> dict[str, str]:
    """Node id -> logical id, for the nodes that became a resource or parameter (others are re-derived)."""
    template = build_template(diagram)
    exported = set(template["Resources"]) | set(template.get("Parameters", {}))
    return {k: v for k, v in logical_ids(diagram).items() if v in exported}


def _renamed(top: dict[str, dict], ids: dict[str, str]) -> dict[str, dict]:
    r = lambda x: ids.get(x, x)  # noqa: E731
    return {"subnets": {r(k): (r(v[0]), v[1]) for k, v in top["subnets"].items()},
            "placed": {r(k): r(v) for k, v in top["placed"].items()},
            "routes": {r(k): sorted((d, r(t)) for d, t in v) for k, v in top["routes"].items()},
            "rules": {r(k): sorted((p, q, r(x)) for p, q, x in v) for k, v in top["rules"].items()}}


@pytest.mark.parametrize("template_id", ["vpc/nat_gateway_ha", "vpc/site_to_site_vpn", "elb/basic_sg_chain",
                                         "dr/pilot_light"])
def test_case_study_round_trip(template_id):
    """A bundled case study exported and imported keeps its subnets, routes (propagated too) and SG rules."""
    from cloudwright.engine.io.stages import stage_diagram
    from cloudwright.engine.io.templates import load_template

    design = load_template(template_id)
    final = stage_diagram(design, len(design.stages) or 1)
    back = import_template(dumps_template(final), "exported.cfn.yaml").diagram
    before, after = _renamed(topology(final), _exported_ids(final)), topology(back)
    for key in ("subnets", "routes", "rules"):  # placements differ: originals may put an ALB in the VPC
        assert {k: after[key].get(k) for k in before[key]} == before[key], key


@pytest.mark.parametrize("name", ["alb_asg_rds.yaml", "transit_gateway.yaml"])
def test_export_of_samples_is_lint_clean(name):
    """cfn-lint finds no error in the export of an imported AWS-style sample."""
    assert lint_errors(dumps_template(import_sample(name).diagram)) == []


def test_export_wires_references_and_ami_parameters():
    """Resources are wired with Ref/GetAtt and AMIs come from an SSM-backed parameter."""
    template = build_template(import_sample("alb_asg_rds.yaml").diagram)
    resources = template["Resources"]
    assert resources["AppSubnetA"]["Properties"]["VpcId"] == {"Ref": "VPC"}
    assert resources["Database"]["Properties"]["VPCSecurityGroups"] == [{"Fn::GetAtt": ["DBSecurityGroup", "GroupId"]}]
    assert template["Parameters"]["LinuxAmiId"]["Type"] == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"
    assert "az-1" in template["Metadata"]["Cloudwright"]["NotExported"]


def _final_stage_errors(template_id: str) -> tuple[str, list[str]]:
    from cloudwright.engine.io.stages import stage_diagram
    from cloudwright.engine.io.templates import load_template

    design = load_template(template_id)
    final = stage_diagram(design, len(design.stages) or 1)
    return template_id, lint_errors(dumps_template(final))


def test_bundled_case_study_export_is_lint_clean():
    """One bundled case study's final stage exports lint-clean (the slow test checks them all)."""
    assert _final_stage_errors("classic/myclothes") == ("classic/myclothes", [])


@slow
def test_every_bundled_case_study_exports_lint_clean():
    """cfn-lint finds no error in the export of every bundled case study's final stage."""
    from cloudwright.engine.io.templates import list_templates

    ids = [info.id for info in list_templates()]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        failures = {tid: errors for tid, errors in pool.map(_final_stage_errors, ids) if errors}
    assert failures == {}
