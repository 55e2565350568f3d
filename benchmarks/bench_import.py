"""Import + validate a 500-resource CloudFormation template, side by side with cfn-lint on the same file.

Prints both CPU times and the ratio, measured in one run: in-process (modules already imported, best of
3) and as the command lines a CI job would run (``cloudwright validate FILE`` vs ``cfn-lint FILE``,
interpreter start-up included). CPU time, not wall time, so a busy machine does not skew the ratio.
Target: Cloudwright at least 10x faster.

    python benchmarks/bench_import.py [--resources 500]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml


def big_template(resources: int) -> str:
    """VPCs of 3 AZs with public/private subnets, NAT, tables, SGs and instances, until ``resources``."""
    res: dict[str, dict] = {}
    v = 0
    while len(res) < resources:
        vpc = f"Vpc{v}"
        res[vpc] = {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": f"10.{v}.0.0/16"}}
        res[f"Igw{v}"] = {"Type": "AWS::EC2::InternetGateway"}
        res[f"IgwAttach{v}"] = {"Type": "AWS::EC2::VPCGatewayAttachment",
                                "Properties": {"VpcId": {"Ref": vpc}, "InternetGatewayId": {"Ref": f"Igw{v}"}}}
        res[f"PublicRt{v}"] = {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": vpc}}}
        res[f"PublicRoute{v}"] = {"Type": "AWS::EC2::Route", "Properties": {
            "RouteTableId": {"Ref": f"PublicRt{v}"}, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": {"Ref": f"Igw{v}"}}}
        res[f"WebSg{v}"] = {"Type": "AWS::EC2::SecurityGroup", "Properties": {
            "GroupDescription": "web", "VpcId": {"Ref": vpc},
            "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}]}}
        res[f"AppSg{v}"] = {"Type": "AWS::EC2::SecurityGroup", "Properties": {
            "GroupDescription": "app", "VpcId": {"Ref": vpc}, "SecurityGroupIngress": [
                {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "SourceSecurityGroupId": {"Ref": f"WebSg{v}"}}]}}
        for a in range(3):
            az = {"Fn::Select": [a, {"Fn::GetAZs": ""}]}
            pub, priv = f"Public{v}x{a}", f"Private{v}x{a}"
            res[pub] = {"Type": "AWS::EC2::Subnet", "Properties": {
                "VpcId": {"Ref": vpc}, "CidrBlock": f"10.{v}.{a}.0/24", "AvailabilityZone": az, "MapPublicIpOnLaunch": True}}
            res[priv] = {"Type": "AWS::EC2::Subnet", "Properties": {
                "VpcId": {"Ref": vpc}, "CidrBlock": f"10.{v}.{10 + a}.0/24", "AvailabilityZone": az}}
            res[f"PubAssoc{v}x{a}"] = {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {
                "RouteTableId": {"Ref": f"PublicRt{v}"}, "SubnetId": {"Ref": pub}}}
            res[f"NatEip{v}x{a}"] = {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}}
            res[f"Nat{v}x{a}"] = {"Type": "AWS::EC2::NatGateway", "Properties": {
                "SubnetId": {"Ref": pub}, "AllocationId": {"Fn::GetAtt": [f"NatEip{v}x{a}", "AllocationId"]}}}
            res[f"PrivateRt{v}x{a}"] = {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": vpc}}}
            res[f"PrivateRoute{v}x{a}"] = {"Type": "AWS::EC2::Route", "Properties": {
                "RouteTableId": {"Ref": f"PrivateRt{v}x{a}"}, "DestinationCidrBlock": "0.0.0.0/0",
                "NatGatewayId": {"Ref": f"Nat{v}x{a}"}}}
            res[f"PrivAssoc{v}x{a}"] = {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {
                "RouteTableId": {"Ref": f"PrivateRt{v}x{a}"}, "SubnetId": {"Ref": priv}}}
            for i in range(2):
                res[f"App{v}x{a}x{i}"] = {"Type": "AWS::EC2::Instance", "Properties": {
                    "ImageId": "ami-0c02fb55956c7d316", "InstanceType": "t3.micro", "SubnetId": {"Ref": priv},
                    "SecurityGroupIds": [{"Ref": f"AppSg{v}"}]}}
        v += 1
    names = list(res)[:resources]
    return yaml.safe_dump({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {k: res[k] for k in names}},
                          sort_keys=False)


def best_of(runs: int, func) -> float:
    """Best CPU time (this process and its children) of ``runs`` calls: robust on a busy machine."""
    times = []
    for _ in range(runs):
        start = _cpu()
        func()
        times.append(_cpu() - start)
    return min(times)


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=500)
    args = parser.parse_args()
    from cfnlint.api import ManualArgs, lint

    from cloudwright.engine.io.cfn_import import import_template
    from cloudwright.engine.rules import validate

    text = big_template(args.resources)
    path = Path(tempfile.mkdtemp()) / "big.yaml"
    path.write_text(text, encoding="utf-8")

    def ours() -> None:
        validate(import_template(text, str(path)).diagram)

    ours()  # warm caches (catalogue, rules registry) as a long-running process would have them
    ours_s = best_of(3, ours)
    lint_s = best_of(3, lambda: lint(text, config=ManualArgs(regions=["us-east-1"])))
    nodes = len(import_template(text, str(path)).diagram.nodes)
    print(f"template: {args.resources} resources -> {nodes} nodes")
    print(f"in-process   cloudwright import+validate {ours_s:7.3f} s   cfn-lint {lint_s:7.3f} s   "
          f"ratio {lint_s / ours_s:5.1f}x")
    cloudwright = shutil.which("cloudwright") or str(Path(sys.executable).parent / "cloudwright")
    cfn_lint = shutil.which("cfn-lint") or str(Path(sys.executable).parent / "cfn-lint")
    cli_ours = best_of(1, lambda: subprocess.run([cloudwright, "validate", str(path)], capture_output=True))
    cli_lint = best_of(1, lambda: subprocess.run([cfn_lint, str(path)], capture_output=True))
    print(f"command line cloudwright validate FILE   {cli_ours:7.3f} s   cfn-lint {cli_lint:7.3f} s   "
          f"ratio {cli_lint / cli_ours:5.1f}x")


if __name__ == "__main__":
    main()
