"""The template builder's core: logical ids, references, parameters and the build loop.

Logical ids are the node ids made alphanumeric, so an imported template exports under its own names.
References are ``Ref``/``Fn::GetAtt`` (security groups by ``GroupId``, so they work in any VPC); AMIs and
certificates are parameters. Rules that name another security group are separate ``SecurityGroupIngress``
resources, which keeps groups that refer to each other free of circular dependencies. Containers, the
outside world and kinds with no CloudFormation counterpart here are listed under ``Metadata``.
"""

from __future__ import annotations

import re
from typing import Any

from cloudwright.engine.graph.index import DiagramIndex
from cloudwright.engine.model.diagram import Diagram, Node, typed_props

AMI_PARAMETERS = {
    "LinuxAmiId": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    "WindowsAmiId": "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
}
ROUTE_TARGET_KEYS = {"igw": "GatewayId", "vgw": "GatewayId", "nat_gateway": "NatGatewayId", "ec2": "InstanceId",
                     "nat_instance": "InstanceId", "eni": "NetworkInterfaceId", "vpc_peering": "VpcPeeringConnectionId",
                     "transit_gateway": "TransitGatewayId", "egress_only_igw": "EgressOnlyInternetGatewayId"}
ENGINES = {"postgresql": "postgres", "aurora": "aurora-mysql"}
CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
LAMBDA_CODE = "def handler(event, context):\n    return {'statusCode': 200}\n"


def ref(logical_id: str) -> dict[str, str]:
    return {"Ref": logical_id}


def get_att(logical_id: str, attribute: str) -> dict[str, list[str]]:
    return {"Fn::GetAtt": [logical_id, attribute]}


class TemplateBuilder:
    """Builds the template dict; kinds are exported by ``_<kind>`` methods of the mixins."""

    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        self.index = DiagramIndex(diagram)
        self.resources: dict[str, dict[str, Any]] = {}
        self.parameters: dict[str, dict[str, Any]] = {}
        self.skipped: list[str] = []
        self.ids: dict[str, str] = {}
        for node_id in diagram.nodes:
            base = "".join(p[:1].upper() + p[1:] for p in re.split(r"[^A-Za-z0-9]+", node_id) if p) or "Node"
            candidate, n = base, 2
            while candidate in self.ids.values():
                candidate, n = f"{base}{n}", n + 1
            self.ids[node_id] = candidate

    # --- helpers ----------------------------------------------------------------------------------------
    def lid(self, node_id: str) -> str:
        return self.ids[node_id]

    def add(self, logical_id: str, cfn_type: str, props: dict[str, Any], **extra: Any) -> None:
        if props.get("Tags") == []:
            props = {k: v for k, v in props.items() if k != "Tags"}
        self.resources[logical_id] = {"Type": cfn_type, **extra, "Properties": props}

    def kind(self, node_id: str | None) -> str:
        return self.diagram.nodes[node_id].kind if node_id in self.diagram.nodes else ""

    def in_default_vpc(self, node_id: str) -> bool:
        vpc = self.index.vpc_of(node_id)
        return vpc is None or bool(getattr(typed_props(vpc), "is_default", False))

    def vpc_ref(self, node_id: str) -> dict[str, Any] | None:
        vpc = self.index.vpc_of(node_id)
        return None if vpc is None or self.in_default_vpc(node_id) else ref(self.lid(vpc.id))

    def sg_value(self, sg_id: str) -> Any:
        """A security group as CloudFormation sees it: its GroupId, or the VPC's default group."""
        if self.diagram.nodes[sg_id].props.get("existing"):
            return ref(self.lid(sg_id))
        if getattr(typed_props(self.diagram.nodes[sg_id]), "default", False):
            vpc = self.index.vpc_of(sg_id)
            if vpc is None or self.in_default_vpc(sg_id):
                return None
            return get_att(self.lid(vpc.id), "DefaultSecurityGroup")
        return get_att(self.lid(sg_id), "GroupId")

    def sg_list(self, ids: list[str]) -> list[Any]:
        return [v for v in (self.sg_value(s) for s in ids if s in self.diagram.nodes) if v is not None]

    def subnets_of(self, node: Node) -> list[str]:
        """The subnets a resource uses: its ``subnets`` prop, else the subnet it sits in."""
        listed = [s for s in getattr(typed_props(node), "subnets", []) or [] if self.kind(s) == "subnet"]
        if listed:
            return listed
        subnet = self.index.subnet_of(node.id)
        return [subnet.id] if subnet is not None else []

    def subnet_refs(self, node: Node) -> list[Any]:
        return [ref(self.lid(s)) for s in self.subnets_of(node) if not self.in_default_vpc(s)]

    def ami(self, node: Node) -> dict[str, str]:
        name = "WindowsAmiId" if getattr(typed_props(node), "os", "linux") == "windows" else "LinuxAmiId"
        self.parameters[name] = {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
                                 "Default": AMI_PARAMETERS[name]}
        return ref(name)

    def tags(self, node: Node) -> list[dict[str, str]]:
        return [{"Key": "Name", "Value": node.label}] if node.label else []

    # --- building ----------------------------------------------------------------------------------------
    def build(self) -> dict[str, Any]:
        for node in self.diagram.nodes.values():
            if node.props.get("existing") and self._existing(node):
                continue
            method = getattr(self, f"_{node.kind}", None) if not node.kind.startswith("_") else None
            if method is None or method(node) is False:
                self.skipped.append(node.id)
        self._drop_dangling()
        template: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09",
                                    "Description": (self.diagram.description or self.diagram.name
                                                    or "Exported by Cloudwright")[:1024]}
        if self.parameters:
            template["Parameters"] = self.parameters
        if self.skipped:
            template["Metadata"] = {"Cloudwright": {"NotExported": self.skipped}}
        template["Resources"] = self.resources
        return template


    def _existing(self, node: Node) -> bool:
        """A resource that exists outside the stack (imported from a parameter) is a parameter again."""
        kind = {"vpc": "AWS::EC2::VPC::Id", "subnet": "AWS::EC2::Subnet::Id",
                "security_group": "AWS::EC2::SecurityGroup::Id"}.get(node.kind)
        if kind is not None:
            self.parameters[self.lid(node.id)] = {"Type": kind, "Description": f"the existing {node.title}"}
        self.skipped.append(node.id)
        return True

    def _drop_dangling(self) -> None:
        """Resources that reference something not exported are left out too (and listed), never broken."""
        while True:
            known = set(self.resources) | set(self.parameters)
            broken = [lid for lid, res in self.resources.items() if any(
                name not in known and not name.startswith("AWS::") for name in _names(res))]
            if not broken:
                return
            for logical_id in broken:
                del self.resources[logical_id]
                self.skipped.append(logical_id)

    def tgw_attachments(self, tgw_id: str) -> dict[str, str]:
        """VPC node id -> the logical id of its attachment to transit gateway ``tgw_id``."""
        result: dict[str, str] = {}
        for n, attachment in enumerate(typed_props(self.diagram.nodes[tgw_id]).attachments, start=1):
            if attachment.vpc:
                result[attachment.vpc] = f"{self.lid(tgw_id)}Attachment{n}"
        return result


def _names(value: Any) -> list[str]:
    """Logical ids a resource refers to (Ref, Fn::GetAtt, DependsOn)."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                if key == "Ref" and isinstance(inner, str):
                    found.append(inner)
                elif key == "Fn::GetAtt" and isinstance(inner, list) and inner:
                    found.append(str(inner[0]))
                elif key == "DependsOn":
                    found.extend([inner] if isinstance(inner, str) else list(inner))
                else:
                    stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)
    return found
