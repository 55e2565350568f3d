"""VPCs, subnets, gateways, route tables, NACLs and security groups."""

from __future__ import annotations

import re
from typing import Any

from cloudwright.engine.io.cfn_export.base import ROUTE_TARGET_KEYS, TemplateBuilder, get_att, ref
from cloudwright.engine.model.diagram import Node, typed_props
from cloudwright.engine.model.types import ALL_PORTS


class NetworkKinds(TemplateBuilder):
    def _vpc(self, node: Node) -> bool:
        props = typed_props(node)
        if props.is_default:
            return False
        self.add(self.lid(node.id), "AWS::EC2::VPC", {
            "CidrBlock": str(props.cidr), "EnableDnsSupport": props.enable_dns_support,
            "EnableDnsHostnames": props.enable_dns_hostnames, "Tags": self.tags(node)})
        for n, cidr in enumerate(props.secondary_cidrs, start=1):
            self.add(f"{self.lid(node.id)}Cidr{n}", "AWS::EC2::VPCCidrBlock",
                     {"VpcId": ref(self.lid(node.id)), "CidrBlock": str(cidr)})
        return True

    def _subnet(self, node: Node) -> bool:
        if self.in_default_vpc(node.id):
            return False
        props = typed_props(node)
        zone = self.index.az_key(node.id) or "az-1"
        match = re.fullmatch(r"az-(\d+)", zone) or re.fullmatch(r"[a-z]{2}(?:-[a-z]+)+-\d+([a-z])", zone)
        index = (int(match.group(1)) - 1 if match.group(1).isdigit() else ord(match.group(1)) - ord("a")) if match else 0
        az: Any = {"Fn::Select": [index, {"Fn::GetAZs": ""}]} if match else zone
        self.add(self.lid(node.id), "AWS::EC2::Subnet", {
            "VpcId": self.vpc_ref(node.id), "CidrBlock": str(props.cidr), "AvailabilityZone": az,
            "MapPublicIpOnLaunch": props.auto_assign_public_ip, "Tags": self.tags(node)})
        return True

    def _gateway(self, node: Node, cfn_type: str, attach_key: str) -> bool:
        if self.in_default_vpc(node.id):
            return False
        self.add(self.lid(node.id), cfn_type, {"Type": "ipsec.1"} if node.kind != "igw" else {})
        if getattr(typed_props(node), "attached", True) and self.index.vpc_of(node.id) is not None:
            self.add(f"{self.lid(node.id)}Attachment", "AWS::EC2::VPCGatewayAttachment",
                     {"VpcId": self.vpc_ref(node.id), attach_key: ref(self.lid(node.id))})
        return True

    def _igw(self, node: Node) -> bool:
        return self._gateway(node, "AWS::EC2::InternetGateway", "InternetGatewayId")

    def _vgw(self, node: Node) -> bool:
        return self._gateway(node, "AWS::EC2::VPNGateway", "VpnGatewayId")

    def _vpn_cloudhub(self, node: Node) -> bool:
        return self._gateway(node, "AWS::EC2::VPNGateway", "VpnGatewayId")

    def _egress_only_igw(self, node: Node) -> bool:
        self.add(self.lid(node.id), "AWS::EC2::EgressOnlyInternetGateway", {"VpcId": self.vpc_ref(node.id)})
        return True

    def _route_table(self, node: Node) -> bool:
        if self.in_default_vpc(node.id):
            return False
        props = typed_props(node)
        table = self.lid(node.id)
        self.add(table, "AWS::EC2::RouteTable", {"VpcId": self.vpc_ref(node.id), "Tags": self.tags(node)})
        for n, route in enumerate(props.routes, start=1):
            key = ROUTE_TARGET_KEYS.get(self.kind(route.target))
            if route.propagated or route.destination is None or key is None:
                continue
            cidr_key = "DestinationIpv6CidrBlock" if route.destination.version == 6 else "DestinationCidrBlock"
            extra: dict[str, Any] = {}
            if self.kind(route.target) in ("igw", "vgw"):
                extra["DependsOn"] = f"{self.lid(route.target)}Attachment"
            elif self.kind(route.target) == "transit_gateway":
                extra["DependsOn"] = list(self.tgw_attachments(route.target).values())
            self.add(f"{table}Route{n}", "AWS::EC2::Route", {"RouteTableId": ref(table), cidr_key: str(
                route.destination), key: ref(self.lid(route.target))}, **extra)
        subnets = list(props.subnets)
        if props.main:
            vpc = self.index.vpc_of(node.id)
            subnets += [s.id for s in self.index.subnets_of_vpc(vpc.id) if not self.index.has_explicit_route_table(
                s.id)] if vpc is not None else []
        for subnet in subnets:
            self.add(f"{table}{self.lid(subnet)}Association", "AWS::EC2::SubnetRouteTableAssociation",
                     {"RouteTableId": ref(table), "SubnetId": ref(self.lid(subnet))})
        propagating = sorted({r.target for r in props.routes if r.propagated and self.kind(r.target) == "vgw"})
        for vgw in propagating:
            self.add(f"{table}{self.lid(vgw)}Propagation", "AWS::EC2::VPNGatewayRoutePropagation",
                     {"RouteTableIds": [ref(table)], "VpnGatewayId": ref(self.lid(vgw))},
                     DependsOn=f"{self.lid(vgw)}Attachment")
        return True

    def _nacl(self, node: Node) -> bool:
        props = typed_props(node)
        if props.default or self.in_default_vpc(node.id):
            return False
        nacl = self.lid(node.id)
        self.add(nacl, "AWS::EC2::NetworkAcl", {"VpcId": self.vpc_ref(node.id), "Tags": self.tags(node)})
        for egress, entries in ((False, props.inbound), (True, props.outbound)):
            for entry in entries:
                values: dict[str, Any] = {"NetworkAclId": ref(nacl), "RuleNumber": entry.rule,
                                          "Protocol": _protocol_number(str(entry.protocol)),
                                          "RuleAction": entry.action, "Egress": egress}
                values["Ipv6CidrBlock" if entry.cidr.version == 6 else "CidrBlock"] = str(entry.cidr)
                if str(entry.protocol) in ("tcp", "udp"):
                    values["PortRange"] = {"From": entry.port.low, "To": entry.port.high}
                elif str(entry.protocol) == "icmp":
                    values["Icmp"] = {"Code": -1, "Type": -1}
                self.add(f"{nacl}{'Out' if egress else 'In'}{entry.rule}", "AWS::EC2::NetworkAclEntry", values)
        for subnet in props.subnets:
            self.add(f"{nacl}{self.lid(subnet)}Association", "AWS::EC2::SubnetNetworkAclAssociation",
                     {"NetworkAclId": ref(nacl), "SubnetId": ref(self.lid(subnet))})
        return True

    def _security_group(self, node: Node) -> bool:
        props = typed_props(node)
        if props.default:
            return False
        group = self.lid(node.id)
        values: dict[str, Any] = {"GroupDescription": str(node.props.get("description") or node.title)[:255]}
        if (vpc := self.vpc_ref(node.id)) is not None:
            values["VpcId"] = vpc
        inline_in = [r for r in props.inbound if r.sg is None and r.cidr is not None]
        values["SecurityGroupIngress"] = [_sg_rule(r, "CidrIp") for r in inline_in]
        if not (len(props.outbound) == 1 and props.outbound[0].cidr is not None
                and str(props.outbound[0].cidr) == "0.0.0.0/0" and str(props.outbound[0].protocol) == "all"):
            values["SecurityGroupEgress"] = [_sg_rule(r, "CidrIp") for r in props.outbound
                                             if r.sg is None and r.cidr is not None] or [
                {"IpProtocol": "-1", "CidrIp": "127.0.0.1/32"}]
        values["Tags"] = self.tags(node)
        self.add(group, "AWS::EC2::SecurityGroup", values)
        for n, rule in enumerate([r for r in props.inbound if r.sg is not None], start=1):
            peer = self.sg_value(rule.sg)
            if peer is not None:
                self.add(f"{group}Ingress{n}", "AWS::EC2::SecurityGroupIngress",
                         {"GroupId": get_att(group, "GroupId"), **_sg_rule(rule, None),
                          "SourceSecurityGroupId": peer})
        for n, rule in enumerate([r for r in props.outbound if r.sg is not None], start=1):
            peer = self.sg_value(rule.sg)
            if peer is not None:
                self.add(f"{group}Egress{n}", "AWS::EC2::SecurityGroupEgress",
                         {"GroupId": get_att(group, "GroupId"), **_sg_rule(rule, None),
                          "DestinationSecurityGroupId": peer})
        return True



def _protocol_number(protocol: str) -> int:
    return {"all": -1, "tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58}.get(protocol, -1)


def _sg_rule(rule: Any, cidr_key: str | None) -> dict[str, Any]:
    """A model SG rule as CloudFormation's rule properties (the peer added by the caller for SG peers)."""
    protocol = str(rule.protocol)
    values: dict[str, Any] = {"IpProtocol": "-1" if protocol == "all" else protocol}
    if protocol in ("tcp", "udp"):
        port = rule.port if rule.port is not None else ALL_PORTS
        values.update(FromPort=port.low, ToPort=port.high)
    elif protocol in ("icmp", "icmpv6"):
        values.update(FromPort=-1, ToPort=-1)
    if cidr_key is not None and rule.cidr is not None:
        values["CidrIpv6" if rule.cidr.version == 6 else "CidrIp"] = str(rule.cidr)
    if rule.description:
        values["Description"] = rule.description
    return values
