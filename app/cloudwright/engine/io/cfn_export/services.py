"""Connectivity (peering, endpoints, transit gateways, VPNs) and the managed edge and messaging services."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_export.base import (
    CACHING_OPTIMIZED,
    CLOUDFRONT_ZONE,
    TemplateBuilder,
    get_att,
    ref,
)
from cloudwright.engine.model.diagram import Node, typed_props


class ServiceKinds(TemplateBuilder):
    def _vpc_peering(self, node: Node) -> bool:
        props = typed_props(node)
        self.add(self.lid(node.id), "AWS::EC2::VPCPeeringConnection",
                 {"VpcId": ref(self.lid(props.vpc_a)), "PeerVpcId": ref(self.lid(props.vpc_b))})
        return True

    def _vpc_endpoint_gateway(self, node: Node) -> bool:
        props = typed_props(node)
        self.add(self.lid(node.id), "AWS::EC2::VPCEndpoint", {
            "VpcEndpointType": "Gateway", "VpcId": self.vpc_ref(node.id),
            "ServiceName": {"Fn::Sub": f"com.amazonaws.${{AWS::Region}}.{props.service}"},
            "RouteTableIds": [ref(self.lid(t)) for t in props.route_tables]})
        return True

    def _vpc_endpoint_interface(self, node: Node) -> bool:
        props = typed_props(node)
        values: dict[str, Any] = {
            "VpcEndpointType": "Interface", "VpcId": self.vpc_ref(node.id),
            "ServiceName": {"Fn::Sub": f"com.amazonaws.${{AWS::Region}}.{props.service}"},
            "SubnetIds": self.subnet_refs(node), "PrivateDnsEnabled": props.private_dns}
        if props.security_groups:
            values["SecurityGroupIds"] = self.sg_list(props.security_groups)
        self.add(self.lid(node.id), "AWS::EC2::VPCEndpoint", values)
        return True

    def _transit_gateway(self, node: Node) -> bool:
        props = typed_props(node)
        gateway = self.lid(node.id)
        explicit = any(a.route_table for a in props.attachments)
        values: dict[str, Any] = {"Tags": self.tags(node)}
        if explicit:
            values.update(DefaultRouteTableAssociation="disable", DefaultRouteTablePropagation="disable")
        self.add(gateway, "AWS::EC2::TransitGateway", values)
        names = self.tgw_attachments(node.id)
        for attachment in props.attachments:
            if not attachment.vpc:
                continue
            subnets = [s for s in attachment.subnets if self.kind(s) == "subnet"] or [
                s.id for s in self.index.subnets_of_vpc(attachment.vpc)][:1]
            self.add(names[attachment.vpc], "AWS::EC2::TransitGatewayVpcAttachment", {
                "TransitGatewayId": ref(gateway), "VpcId": ref(self.lid(attachment.vpc)),
                "SubnetIds": [ref(self.lid(s)) for s in subnets]})
            if attachment.route_table:
                self.add(f"{names[attachment.vpc]}Association", "AWS::EC2::TransitGatewayRouteTableAssociation", {
                    "TransitGatewayAttachmentId": ref(names[attachment.vpc]),
                    "TransitGatewayRouteTableId": ref(self.lid(attachment.route_table))})
        return True

    def _tgw_route_table(self, node: Node) -> bool:
        props = typed_props(node)
        if not props.transit_gateway:
            return False
        table = self.lid(node.id)
        self.add(table, "AWS::EC2::TransitGatewayRouteTable", {"TransitGatewayId": ref(self.lid(props.transit_gateway))})
        names = self.tgw_attachments(props.transit_gateway)
        for n, route in enumerate(props.routes, start=1):
            values: dict[str, Any] = {"TransitGatewayRouteTableId": ref(table),
                                      "DestinationCidrBlock": str(route.destination)}
            if route.blackhole:
                values["Blackhole"] = True
            elif route.attachment in names:
                values["TransitGatewayAttachmentId"] = ref(names[route.attachment])
            else:
                continue
            self.add(f"{table}Route{n}", "AWS::EC2::TransitGatewayRoute", values)
        return True

    def _customer_gateway(self, node: Node) -> bool:
        props = typed_props(node)
        self.add(self.lid(node.id), "AWS::EC2::CustomerGateway",
                 {"Type": "ipsec.1", "BgpAsn": props.bgp_asn, "IpAddress": props.ip})
        return True

    def _vpn_connection(self, node: Node) -> bool:
        props = typed_props(node)
        if not props.customer_gateway or self.kind(props.customer_gateway) != "customer_gateway" or not props.gateway:
            return False
        key = "TransitGatewayId" if self.kind(props.gateway) == "transit_gateway" else "VpnGatewayId"
        if props.gateway in self.skipped:
            return False
        vpn = self.lid(node.id)
        self.add(vpn, "AWS::EC2::VPNConnection", {
            "Type": "ipsec.1", "CustomerGatewayId": ref(self.lid(props.customer_gateway)),
            key: ref(self.lid(props.gateway)), "StaticRoutesOnly": not props.bgp})
        if key == "VpnGatewayId" and not props.bgp:
            for n, cidr in enumerate(props.static_routes, start=1):
                self.add(f"{vpn}Route{n}", "AWS::EC2::VPNConnectionRoute",
                         {"VpnConnectionId": ref(vpn), "DestinationCidrBlock": str(cidr)})
        return True

    def _sqs_queue(self, node: Node) -> bool:
        props = typed_props(node)
        values: dict[str, Any] = {"VisibilityTimeout": props.visibility_timeout_s,
                                  "MessageRetentionPeriod": props.retention_s}
        if props.fifo:
            values["FifoQueue"] = True
        if props.dead_letter_queue:
            values["RedrivePolicy"] = {"deadLetterTargetArn": get_att(self.lid(props.dead_letter_queue), "Arn"),
                                       "maxReceiveCount": props.max_receives or 5}
        self.add(self.lid(node.id), "AWS::SQS::Queue", values)
        return True

    def _sns_topic(self, node: Node) -> bool:
        props = typed_props(node)
        self.add(self.lid(node.id), "AWS::SNS::Topic", {"FifoTopic": True} if props.fifo else {})
        for subscriber in props.subscribers:
            protocol = {"sqs_queue": "sqs", "lambda": "lambda"}.get(self.kind(subscriber))
            if protocol:
                self.add(f"{self.lid(node.id)}To{self.lid(subscriber)}", "AWS::SNS::Subscription", {
                    "TopicArn": ref(self.lid(node.id)), "Protocol": protocol,
                    "Endpoint": get_att(self.lid(subscriber), "Arn")})
        return True

    def _kinesis_data_stream(self, node: Node) -> bool:
        props = typed_props(node)
        values: dict[str, Any] = {"StreamModeDetails": {"StreamMode": "ON_DEMAND"}} if props.mode == "on_demand" \
            else {"ShardCount": props.shards}
        self.add(self.lid(node.id), "AWS::Kinesis::Stream", values)
        return True

    def _api_gateway(self, node: Node) -> bool:
        props = typed_props(node)
        self.add(self.lid(node.id), "AWS::ApiGateway::RestApi", {
            "Name": node.title, "EndpointConfiguration": {"Types": [props.endpoint_type.upper()]}})
        return True

    def _cloudfront(self, node: Node) -> bool:
        props = typed_props(node)
        origins = []
        for n, origin in enumerate(props.origins, start=1):
            kind = self.kind(origin.target)
            entry: dict[str, Any] = {"Id": f"origin{n}"}
            if kind == "s3_bucket":
                entry.update(DomainName=get_att(self.lid(origin.target), "RegionalDomainName"),
                             S3OriginConfig={"OriginAccessIdentity": ""})
                if origin.oac:
                    control = f"{self.lid(node.id)}OAC"
                    self.add(control, "AWS::CloudFront::OriginAccessControl", {"OriginAccessControlConfig": {
                        "Name": {"Fn::Sub": f"${{AWS::StackName}}-{self.lid(node.id)}"},
                        "OriginAccessControlOriginType": "s3", "SigningBehavior": "always",
                        "SigningProtocol": "sigv4"}})
                    entry["OriginAccessControlId"] = get_att(control, "Id")
            elif kind in ("alb", "nlb", "clb", "elb"):
                entry.update(DomainName=get_att(self.lid(origin.target), "DNSName"),
                             CustomOriginConfig={"OriginProtocolPolicy": "https-only"})
            else:
                continue
            origins.append(entry)
        if not origins:
            return False
        self.add(self.lid(node.id), "AWS::CloudFront::Distribution", {"DistributionConfig": {
            "Enabled": True, "Origins": origins, "PriceClass": props.price_class,
            "DefaultCacheBehavior": {"TargetOriginId": origins[0]["Id"], "CachePolicyId": CACHING_OPTIMIZED,
                                     "ViewerProtocolPolicy": "redirect-to-https" if props.https_only else "allow-all"}}})
        return True

    def _route53_zone(self, node: Node) -> bool:
        self.add(self.lid(node.id), "AWS::Route53::HostedZone", {"Name": node.title})
        return True

    def _route53_record(self, node: Node) -> bool:
        props = typed_props(node)
        zone: Any = ref(self.lid(props.zone)) if props.zone else None
        if zone is None:
            self.parameters["HostedZoneId"] = {"Type": "AWS::Route53::HostedZone::Id"}
            zone = ref("HostedZoneId")
        values: dict[str, Any] = {"HostedZoneId": zone, "Name": f"{props.name}.", "Type": props.type}
        target = props.targets[0] if props.targets else None
        kind = self.kind(target)
        if kind == "cloudfront" and target not in self.skipped:
            values["AliasTarget"] = {"DNSName": get_att(self.lid(target), "DomainName"), "HostedZoneId": CLOUDFRONT_ZONE}
        elif kind in ("alb", "nlb"):
            values["AliasTarget"] = {"DNSName": get_att(self.lid(target), "DNSName"),
                                     "HostedZoneId": get_att(self.lid(target), "CanonicalHostedZoneID")}
        elif kind == "ec2" and props.type == "A":
            values.update(TTL=str(props.ttl or 300), ResourceRecords=[get_att(self.lid(target), "PublicIp")])
        else:
            return False
        self.add(self.lid(node.id), "AWS::Route53::RecordSet", values)
        return True
