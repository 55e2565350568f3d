"""Rules engine speed: full validation of the synthetic 10k and 50k designs, re-validation after one edit on 1k,
and a side-by-side run of cfn-lint on an equivalent CloudFormation template.

    PYTHONPATH=. python benchmarks/bench_rules.py [--skip-50k] [--skip-cfn]

"cold" is the first validation of freshly loaded nodes (typed properties are validated then cached on the
frozen nodes); "warm" validates the same design again, which is the GUI's case after an edit (only the edited
nodes are new objects). Per-module times show where the time goes. Times are CPU seconds of this process
(``time.process_time``), so that other work on a shared machine does not inflate them; the wall-clock time of
the warm run is printed too.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.synthetic import size_preset

from cloudwright.engine.document import Document
from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import Diagram
from cloudwright.engine.rules import all_rules, validate
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.runner import _run_one

TARGETS = {"10k": 0.5, "50k": 3.0}
NETWORK_MODULES = {"area_cidr", "area_routing", "area_nat", "area_nacl", "area_sg", "area_peering", "area_hybrid",
                   "area_ec2", "area_general", "area_iam"}
REVALIDATION_TARGET = 0.020


def timed(func, repeat: int = 1, clock=time.process_time) -> float:
    samples = []
    for _ in range(repeat):
        start = clock()
        func()
        samples.append(clock() - start)
    return statistics.median(samples)


def per_module(diagram: Diagram) -> dict[str, float]:
    ctx = RuleContext(diagram)
    result: dict[str, float] = defaultdict(float)
    for spec in all_rules():
        start = time.process_time()
        _run_one(spec, ctx)
        result[spec.module.rsplit(".", 1)[-1]] += time.process_time() - start
    return dict(sorted(result.items(), key=lambda kv: -kv[1]))


def full_validation(name: str) -> None:
    diagram = size_preset(name)
    cold = timed(lambda: validate(diagram))
    warm = timed(lambda: validate(diagram), repeat=3)
    wall = timed(lambda: validate(diagram), clock=time.perf_counter)
    findings = len(validate(diagram))
    target = TARGETS[name]
    print(f"{name}: {len(diagram.nodes)} nodes, {len(diagram.edges)} edges, {len(all_rules())} rules, "
          f"{findings} findings: cold {cold:.3f} s, warm {warm:.3f} s CPU ({wall:.3f} s wall) "
          f"(target < {target} s: {'met' if warm < target else 'NOT met'} warm)")
    modules = per_module(diagram)
    top = ", ".join(f"{m} {t:.3f}" for m, t in list(modules.items())[:8])
    print(f"  by module (warm, CPU s): {top}")
    ours = sum(t for m, t in modules.items() if m in NETWORK_MODULES)
    print(f"  the network/compute rule modules together: {ours:.3f} s")


def revalidation() -> None:
    doc = Document(size_preset("1k"))
    validate(doc.diagram)
    instance = next(n.id for n in doc.diagram.nodes.values() if n.kind == "ec2")
    samples = []
    for i in range(5):
        doc.execute(set_node_fields(doc.diagram, instance, props={"instance_type": f"t3.{'large' if i % 2 else 'micro'}"}))
        start = time.process_time()
        validate(doc.diagram)
        samples.append(time.process_time() - start)
    value = statistics.median(samples)
    print(f"1k re-validation after one edit: {value * 1000:.1f} ms CPU (target < {REVALIDATION_TARGET * 1000:.0f} ms: "
          f"{'met' if value < REVALIDATION_TARGET else 'NOT met'})")
    ours = [spec.id for spec in all_rules() if spec.module.rsplit(".", 1)[-1] in NETWORK_MODULES]
    mine = timed(lambda: validate(doc.diagram, rules=ours), repeat=5)
    print(f"  of which the {len(ours)} network/compute rules: {mine * 1000:.1f} ms CPU")


# --- cfn-lint comparison -------------------------------------------------------------------------------------

def to_cloudformation(diagram: Diagram) -> dict:
    """The synthetic design as a CloudFormation template (VPCs, subnets, gateways, routes, SGs, instances)."""
    def logical(node_id: str) -> str:
        return "".join(part.capitalize() for part in node_id.replace("_", "-").split("-"))

    resources: dict[str, dict] = {}
    az_names = {n.id: n.props.get("name", "us-east-1a") for n in diagram.nodes.values() if n.kind == "az"}
    for node in diagram.nodes.values():
        ref = {"Ref": logical(node.parent)} if node.parent else None
        props = node.props
        if node.kind == "vpc":
            resources[logical(node.id)] = {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": props["cidr"]}}
        elif node.kind == "subnet":
            vpc = diagram.nodes[node.parent].parent
            resources[logical(node.id)] = {"Type": "AWS::EC2::Subnet", "Properties": {
                "VpcId": {"Ref": logical(vpc)}, "CidrBlock": props["cidr"], "AvailabilityZone": az_names[node.parent]}}
        elif node.kind == "igw":
            resources[logical(node.id)] = {"Type": "AWS::EC2::InternetGateway"}
            resources[logical(node.id) + "Attach"] = {"Type": "AWS::EC2::VPCGatewayAttachment", "Properties": {
                "VpcId": ref, "InternetGatewayId": {"Ref": logical(node.id)}}}
        elif node.kind == "nat_gateway":
            resources[logical(node.id) + "Eip"] = {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}}
            resources[logical(node.id)] = {"Type": "AWS::EC2::NatGateway", "Properties": {
                "SubnetId": ref, "AllocationId": {"Fn::GetAtt": [logical(node.id) + "Eip", "AllocationId"]}}}
        elif node.kind == "route_table":
            resources[logical(node.id)] = {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": ref}}
            for i, route in enumerate(props.get("routes", [])):
                target = diagram.nodes[route["target"]]
                key = "GatewayId" if target.kind == "igw" else "NatGatewayId"
                resources[f"{logical(node.id)}Route{i}"] = {"Type": "AWS::EC2::Route", "Properties": {
                    "RouteTableId": {"Ref": logical(node.id)}, "DestinationCidrBlock": route["destination"],
                    key: {"Ref": logical(target.id)}}}
            for subnet in props.get("subnets", []):
                resources[f"{logical(node.id)}{logical(subnet)}Assoc"] = {
                    "Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {
                        "RouteTableId": {"Ref": logical(node.id)}, "SubnetId": {"Ref": logical(subnet)}}}
        elif node.kind == "security_group":
            ingress = [{"IpProtocol": r.get("protocol", "tcp"), "FromPort": r["port"], "ToPort": r["port"],
                        **({"CidrIp": r["cidr"]} if "cidr" in r else {"SourceSecurityGroupId": {"Ref": logical(r["sg"])}})}
                       for r in props.get("inbound", [])]
            resources[logical(node.id)] = {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                "GroupDescription": node.id, "VpcId": ref, "SecurityGroupIngress": ingress}}
        elif node.kind == "ec2":
            resources[logical(node.id)] = {"Type": "AWS::EC2::Instance", "Properties": {
                "ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro", "SubnetId": ref,
                "SecurityGroupIds": [{"Ref": logical(s)} for s in props.get("security_groups", [])]}}
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}


def cfn_lint_comparison(name: str) -> None:
    cfn_lint = shutil.which("cfn-lint") or str(Path(sys.executable).with_name("cfn-lint"))
    if not Path(cfn_lint).exists():
        print("cfn-lint not installed: comparison skipped")
        return
    diagram = size_preset(name)
    template = to_cloudformation(diagram)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.json"
        path.write_text(json.dumps(template), encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([cfn_lint, str(path)], capture_output=True, check=False)
        lint = time.perf_counter() - start
    ours = timed(lambda: validate(diagram), clock=time.perf_counter)
    print(f"cfn-lint on the {name} design as a template ({len(template['Resources'])} resources): {lint:.2f} s "
          f"(process); Cloudwright in-process validation of the same design: {ours:.3f} s; ratio {lint / ours:.0f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description="rules engine benchmark")
    parser.add_argument("--skip-50k", action="store_true")
    parser.add_argument("--skip-cfn", action="store_true")
    args = parser.parse_args()
    all_rules()
    full_validation("10k")
    if not args.skip_50k:
        full_validation("50k")
    revalidation()
    if not args.skip_cfn:
        cfn_lint_comparison("1k")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
