"""The bundled AWS-style samples import into the topology a network engineer would draw."""

from __future__ import annotations

from cloudwright.engine.graph.index import DiagramIndex
from cloudwright.engine.model.diagram import typed_props

from .conftest import import_sample


def _edges(diagram) -> set[tuple[str, str, int | None]]:
    return {(e.source, e.target, e.port.low if e.port else None) for e in diagram.edges.values()}


def test_three_tier_alb_asg_rds():
    """ALB listeners, ASG instances per AZ, Multi-AZ RDS in data subnets, conditions and mappings applied."""
    d = import_sample("alb_asg_rds.yaml").diagram
    assert d.nodes["LoadBalancer"].kind == "alb" and d.nodes["LoadBalancer"].parent == "PublicSubnetA"
    listeners = typed_props(d.nodes["LoadBalancer"]).listeners
    assert [(x.port, x.target_group, x.redirect_to_https) for x in listeners] == [
        (443, "WebTargetGroup", False), (80, None, True)]
    assert {d.nodes["WebServerGroup-1"].parent, d.nodes["WebServerGroup-2"].parent} == {"AppSubnetA", "AppSubnetB"}
    assert typed_props(d.nodes["WebServerGroup"]).min == 2
    assert typed_props(d.nodes["WebServerGroup-1"]).security_groups == ["WebSecurityGroup"]
    assert d.nodes["LaunchTemplate"].props["ami"] == "ami-0c02fb55956c7d316"
    rds = typed_props(d.nodes["Database"])
    assert d.nodes["Database"].parent == "DataSubnetA" and rds.multi_az and rds.subnets == ["DataSubnetA", "DataSubnetB"]
    assert typed_props(d.nodes["DataSubnetA"]).tier == "data"
    assert {("internet", "LoadBalancer", 443), ("LoadBalancer", "WebServerGroup-2", 8080)} <= _edges(d)


def test_conditions_follow_parameters():
    """Fn::If over a condition is evaluated under the chosen parameter value."""
    d = import_sample("alb_asg_rds.yaml", {"Environment": "dev"}).diagram
    assert typed_props(d.nodes["Database"]).multi_az is False
    assert typed_props(d.nodes["WebServerGroup"]).min == 1


def test_peering_connects_two_vpcs():
    """A peering between two template VPCs is a node naming both; routes point at it."""
    d = import_sample("vpc_peering.yaml").diagram
    peering = typed_props(d.nodes["Peering"])
    assert (peering.vpc_a, peering.vpc_b) == ("SharedVPC", "AppVPC")
    assert d.nodes["SharedSubnet"].parent == "SharedVPC-az-1"
    routes = typed_props(d.nodes["AppRouteTable"]).routes
    assert [(str(r.destination), r.target) for r in routes] == [("10.1.0.0/16", "Peering")]


def test_gateway_and_interface_endpoints():
    """The S3 gateway endpoint adds its prefix-list route; the SQS interface endpoint sits in its subnets."""
    d = import_sample("vpc_endpoints.yaml").diagram
    assert typed_props(d.nodes["S3Endpoint"]).route_tables == ["PrivateRouteTable"]
    routes = typed_props(d.nodes["PrivateRouteTable"]).routes
    assert [(r.prefix_list, r.target) for r in routes] == [("s3", "S3Endpoint")]
    sqs = typed_props(d.nodes["SqsEndpoint"])
    assert (sqs.service, sqs.subnets, sqs.security_groups) == ("sqs", ["PrivateSubnet1", "PrivateSubnet2"], ["EndpointSG"])
    assert d.nodes["SqsEndpoint"].parent == "PrivateSubnet1"


def test_transit_gateway_attachments_and_routes():
    """Attachments, their route-table association and TGW routes are folded into the TGW and its table."""
    d = import_sample("transit_gateway.yaml").diagram
    attachments = typed_props(d.nodes["TGW"]).attachments
    assert [(a.vpc, a.subnets, a.route_table) for a in attachments] == [
        ("SpokeA", ["SubnetA"], "TgwRouteTable"), ("SpokeB", ["SubnetB"], "TgwRouteTable")]
    routes = typed_props(d.nodes["TgwRouteTable"]).routes
    assert [(str(r.destination), r.attachment) for r in routes] == [("10.20.0.0/16", "SpokeA"), ("10.30.0.0/16", "SpokeB")]
    assert d.nodes["TGW"].parent == "us-east-1"


def test_site_to_site_vpn():
    """VGW attached to the VPC, customer gateway on premises, static route propagated to the private table."""
    d = import_sample("site_to_site_vpn.yaml").diagram
    assert d.nodes["VGW"].parent == "VPC"
    assert d.nodes["CustomerGateway"].parent == "on-premises"
    assert [str(c) for c in typed_props(d.nodes["on-premises"]).cidrs] == ["192.168.0.0/16"]
    vpn = typed_props(d.nodes["VPN"])
    assert (vpn.customer_gateway, vpn.gateway, [str(c) for c in vpn.static_routes]) == (
        "CustomerGateway", "VGW", ["192.168.0.0/16"])
    routes = typed_props(d.nodes["PrivateRouteTable"]).routes
    assert [(str(r.destination), r.target, r.propagated) for r in routes] == [("192.168.0.0/16", "VGW", True)]
    assert d.nodes["PrivateSubnet"].parent == "az-1"


def test_sam_serverless_api():
    """SAM functions become Lambdas with Globals merged; the implicit API invokes them; table and queue wired."""
    d = import_sample("sam_api.yaml").diagram
    assert typed_props(d.nodes["GetItemFunction"]).memory_mb == 256
    assert typed_props(d.nodes["WorkerFunction"]).timeout_s == 60
    assert d.nodes["ServerlessRestApi"].kind == "api_gateway"
    assert d.nodes["ItemsTable"].kind == "dynamodb_table"
    assert {("internet", "ServerlessRestApi", 443), ("ServerlessRestApi", "GetItemFunction", 443),
            ("PutItemFunction", "ItemsTable", 443), ("PutItemFunction", "JobsQueue", 443),
            ("WorkerFunction", "JobsQueue", 443)} <= _edges(d)


def test_default_vpc_json_template():
    """A JSON template with no VPC lands in an explicit default VPC with AWS's defaults."""
    d = import_sample("default_vpc_instance.json").diagram
    index = DiagramIndex(d)
    vpc = index.vpc_of("EC2Instance")
    assert vpc is not None and vpc.id == "default-vpc" and typed_props(vpc).is_default
    assert str(typed_props(vpc).cidr) == "172.31.0.0/16"
    subnet = index.subnet_of("EC2Instance")
    assert subnet is not None and typed_props(subnet).auto_assign_public_ip
    table = index.route_table_of(subnet.id)
    assert table is not None and [(str(r.destination), r.target) for r in typed_props(table).routes] == [
        ("0.0.0.0/0", "default-igw")]
    assert d.nodes["InstanceSecurityGroup"].parent == "default-vpc"
    assert typed_props(d.nodes["IPAddress"]).associated_with == "EC2Instance"


def test_static_site_cloudfront_oac_route53():
    """CloudFront with OAC in front of a private bucket; the Route 53 alias resolves to the distribution."""
    result = import_sample("static_site.yaml")
    d = result.diagram
    origins = typed_props(d.nodes["Distribution"]).origins
    assert [(o.target, o.oac) for o in origins] == [("SiteBucket", True)]
    assert typed_props(d.nodes["SiteBucket"]).public is False
    assert typed_props(d.nodes["SiteRecord"]).targets == ["Distribution"]
    assert d.nodes["Distribution"].parent is None and d.nodes["SiteBucket"].parent == "us-east-1"
    assert ("Distribution", "SiteBucket", 443) in _edges(d)


def test_existing_network_parameters_become_placeholders():
    """VpcId/Subnets parameters give placeholder VPC and subnets (not the default VPC), spread over AZs."""
    result = import_sample("existing_network_nlb.yaml")
    d = result.diagram
    index = DiagramIndex(d)
    assert d.nodes["VpcId"].kind == "vpc" and index.vpc_of("LoadBalancer").id == "VpcId"
    assert "default-vpc" not in d.nodes
    assert {index.az_key("AppGroup-1"), index.az_key("AppGroup-2")} == {"us-east-1a", "us-east-1b"}
    assert typed_props(d.nodes["EIP2"]).associated_with == "LoadBalancer"
    assert typed_props(d.nodes["PublicSubnets-1"]).tier == "public"
    assert any("placeholders" in w for w in result.warnings) and any("assumed" in w for w in result.warnings)


def test_fargate_service_behind_alb():
    """An ECS service sits in its cluster (in the VPC), runs in its private subnets, and is the ALB's target."""
    d = import_sample("fargate_service.yaml").diagram
    assert d.nodes["Service"].kind == "ecs_service" and d.nodes["Service"].parent == "Cluster"
    assert d.nodes["Cluster"].parent == "VPC"
    service = typed_props(d.nodes["Service"])
    assert (service.launch_type, service.container_port, service.subnets, service.security_groups) == (
        "FARGATE", 8080, ["PrivateOne", "PrivateTwo"], ["ServiceSG"])
    assert d.nodes["Cluster"].kind == "ecs_cluster" and d.nodes["TaskDefinition"].kind == "ecs_task_definition"
    assert ("LoadBalancer", "Service", 8080) in _edges(d)


def test_classic_elb_source_security_group():
    """GetAtt Elb.SourceSecurityGroup names the ELB's default_elb group; the group's instances span two AZs."""
    d = import_sample("classic_elb_default_vpc.yaml").diagram
    elb = typed_props(d.nodes["LoadBalancer"])
    assert elb.security_groups == ["LoadBalancer-default-elb-sg"]
    rules = typed_props(d.nodes["WebSecurityGroup"]).inbound
    assert [(r.port.low, r.sg) for r in rules if r.sg] == [(8080, "LoadBalancer-default-elb-sg")]
    members = [n for n in d.nodes.values() if n.props.get("member_of") == "WebServerGroup"]
    assert sorted(DiagramIndex(d).az_key(m.id) for m in members) == ["us-east-1a", "us-east-1b"]
