"""CloudFormation import: what a template's resources become in the design."""

from __future__ import annotations

import pytest

from cloudwright.engine.errors import CloudwrightError
from cloudwright.engine.graph.index import DiagramIndex
from cloudwright.engine.io.cfn_import import convert_if_template, import_template
from cloudwright.engine.model.diagram import typed_props

from .conftest import import_sample


def test_subnets_land_in_az_columns_with_tiers(nat_vpc):
    """Subnets placed by Fn::Select over Fn::GetAZs sit in AZ columns az-1/az-2, tiered by their routes."""
    d = nat_vpc.diagram
    assert d.nodes["PublicSubnet1"].parent == "az-1" and d.nodes["PublicSubnet2"].parent == "az-2"
    assert d.nodes["az-1"].parent == "VPC" and d.nodes["VPC"].parent == "us-east-1"
    assert typed_props(d.nodes["PublicSubnet1"]).tier == "public"
    assert typed_props(d.nodes["PrivateSubnet1"]).tier == "private"
    assert str(typed_props(d.nodes["PrivateSubnet1"]).cidr) == "10.192.2.0/24"


def test_routes_associations_and_nat(nat_vpc):
    """Routes and subnet associations are folded into their route tables; NATs sit in public subnets."""
    index = DiagramIndex(nat_vpc.diagram)
    table = index.route_table_of("PrivateSubnet2")
    assert table is not None and table.id == "PrivateRouteTable2"
    routes = typed_props(table).routes
    assert [(str(r.destination), r.target) for r in routes] == [("0.0.0.0/0", "NatGateway2")]
    assert nat_vpc.diagram.nodes["NatGateway1"].parent == "PublicSubnet1"


def test_security_group_rules_inline_and_separate(nat_vpc):
    """Inline ingress and AWS::EC2::SecurityGroupIngress both become rules; SG sources stay references."""
    d = nat_vpc.diagram
    bastion = typed_props(d.nodes["BastionSecurityGroup"]).inbound
    assert [(r.port.low, str(r.cidr)) for r in bastion] == [(22, "203.0.113.0/24")]
    app = typed_props(d.nodes["AppSecurityGroup"]).inbound
    assert [(r.port.low, r.sg) for r in app] == [(22, "BastionSecurityGroup")]


def test_instance_subnet_through_network_interfaces(nat_vpc):
    """An instance whose subnet is given in NetworkInterfaces lands in that subnet with its group set."""
    node = nat_vpc.diagram.nodes["AppServer"]
    assert node.parent == "PrivateSubnet2"
    assert typed_props(node).security_groups == ["AppSecurityGroup"]
    assert typed_props(node).public_ip is False


def test_parameters_override_defaults():
    """--param values replace parameter defaults before anything is evaluated."""
    result = import_sample("vpc_public_private_nat.yaml", {"VpcCIDR": "10.50.0.0/16", "EnvironmentName": "prod"})
    d = result.diagram
    assert str(typed_props(d.nodes["VPC"]).cidr) == "10.50.0.0/16"
    assert str(typed_props(d.nodes["PublicSubnet2"]).cidr) == "10.50.1.0/24"
    assert d.nodes["VPC"].label == "prod"


def test_unknown_types_are_kept_and_reported():
    """A type nothing maps becomes a generic node and is named in a warning; nothing is dropped silently."""
    text = ("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"
            "  Thing:\n    Type: AWS::Foo::Bar\n    Properties: {Size: 3}\n")
    result = import_template(text, "t.yaml")
    assert result.diagram.nodes["Thing"].kind == "cfn_resource"
    assert result.diagram.nodes["Thing"].props["cfn_type"] == "AWS::Foo::Bar"
    assert any("Thing (AWS::Foo::Bar)" in w for w in result.warnings)


def test_malformed_template_names_file_and_line():
    """A syntax error is a one-line CloudwrightError naming the file and the line."""
    text = "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !Ref}\n"
    with pytest.raises(CloudwrightError, match=r"^bad\.yaml:4: "):
        import_template(text, "bad.yaml")


def test_non_templates_are_left_to_other_loaders():
    """The CLI converter declines text that is not a CloudFormation template."""
    assert convert_if_template("cloudwright: 1\nnodes: []\n", "d.yaml", {}) is None


def test_hostile_templates_fail_fast_with_a_location():
    """Alias bombs, odd logical ids and runaway Fn::Cidr counts are refused or bounded, never slow."""
    bomb = "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb += f"      {level}: &{level} [{', '.join([f'*{previous}'] * 10)}]\n"
    with pytest.raises(CloudwrightError, match=r"^bomb\.yaml:\d+: "):
        import_template(bomb, "bomb.yaml")
    with pytest.raises(CloudwrightError, match=r"^ids\.yaml:2: .*logical id"):
        import_template("Resources:\n  ../evil:\n    Type: AWS::SQS::Queue\n", "ids.yaml")
    cidr = ("Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/8}\n"
            "  S:\n    Type: AWS::EC2::Subnet\n"
            "    Properties: {VpcId: !Ref V, CidrBlock: !Select [0, !Cidr [10.0.0.0/8, 100000000, 1]]}\n")
    result = import_template(cidr, "cidr.yaml")
    assert "cidr" not in result.diagram.nodes["S"].props
    assert any("S: CidrBlock" in w for w in result.warnings)


def test_language_extension_loops_are_reported_not_fatal():
    """A Fn::ForEach loop (AWS::LanguageExtensions) is named in a warning; the rest still imports."""
    text = ("Transform: AWS::LanguageExtensions\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n"
            "  Fn::ForEach::Topics:\n    - Name\n    - [A, B]\n    - Topic${Name}:\n        Type: AWS::SNS::Topic\n")
    result = import_template(text, "loop.yaml")
    assert "Queue" in result.diagram.nodes
    assert any("Fn::ForEach::Topics" in w for w in result.warnings)


def test_vpc_attached_managed_services():
    """Redshift, OpenSearch, Amazon MQ and Neptune sit in their (subnet-group) subnets with their groups."""
    text = """Resources:
  VPC: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref VPC, CidrBlock: 10.0.1.0/24}}
  B: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref VPC, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1b}}
  SG: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x, VpcId: !Ref VPC}}
  RsGroup: {Type: AWS::Redshift::ClusterSubnetGroup, Properties: {Description: x, SubnetIds: [!Ref A, !Ref B]}}
  Warehouse: {Type: AWS::Redshift::Cluster, Properties: {ClusterSubnetGroupName: !Ref RsGroup, VpcSecurityGroupIds: [!Ref SG]}}
  Search: {Type: AWS::OpenSearchService::Domain, Properties: {VPCOptions: {SubnetIds: [!Ref B], SecurityGroupIds: [!Ref SG]}}}
  Broker: {Type: AWS::AmazonMQ::Broker, Properties: {EngineType: RABBITMQ, SubnetIds: [!Ref A], SecurityGroups: [!Ref SG]}}
  NGroup: {Type: AWS::Neptune::DBSubnetGroup, Properties: {DBSubnetGroupDescription: x, SubnetIds: [!Ref B]}}
  Graph: {Type: AWS::Neptune::DBCluster, Properties: {DBSubnetGroupName: !Ref NGroup, VpcSecurityGroupIds: [!Ref SG]}}
"""
    result = import_template(text, "managed.yaml")
    d = result.diagram
    assert [(d.nodes[i].kind, d.nodes[i].parent) for i in ("Warehouse", "Search", "Broker", "Graph")] == [
        ("redshift", "A"), ("opensearch", "B"), ("amazon_mq", "A"), ("neptune", "B")]
    assert typed_props(d.nodes["Warehouse"]).subnets == ["A", "B"]
    assert typed_props(d.nodes["Broker"]).engine == "rabbitmq"
    assert not result.unknown and not result.warnings
