"""Write templates/vpc/*.yaml: Part C of case-studies.md (VPC and networking), from compact descriptions.

Run ``/work/venv/bin/python templates/tools/build_vpc_templates.py`` after changing a description; the
files it writes are the bundled templates (the generator only saves typing coordinates by hand). Every
file is loaded through the real file format before it is written, so a bad description fails here.

Ids, kinds, CIDRs, security-group rules and stage lessons follow case-studies.md Part C (seed lines in each
template's settings); lessons are our own short wording.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from template_kit import Template, run  # noqa: E402
from vpc_layout import Item, az, box, col, leaf, row, spacer, stack, subnet, vpc  # noqa: E402

OUT = Path(__file__).resolve().parents[1]
ADMIN_IP = "198.51.100.7/32"
ANY = "0.0.0.0/0"


# --- small builders ------------------------------------------------------------------------------------

def tcp(port: int | str, cidr: str | None = None, sg: str | None = None, protocol: str = "tcp") -> dict[str, Any]:
    rule: dict[str, Any] = {"protocol": protocol, "port": port}
    if sg is not None:
        rule["sg"] = sg
    else:
        rule["cidr"] = cidr
    return rule


def sg(node_id: str, label: str, *inbound: dict[str, Any], outbound: list[dict[str, Any]] | None = None) -> Item:
    props: dict[str, Any] = {"inbound": list(inbound)}
    if outbound is not None:
        props["outbound"] = outbound
    return leaf(node_id, "security_group", label, **props)


def route(destination: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"destination": destination, "target": target, **extra}


def pl_route(prefix_list: str, target: str) -> dict[str, Any]:
    return {"prefix_list": prefix_list, "target": target}


def rt(node_id: str, label: str, routes: list[dict[str, Any]], subnets: list[str], main: bool = False) -> Item:
    props: dict[str, Any] = {"routes": routes, "subnets": subnets}
    if main:
        props["main"] = True
    return leaf(node_id, "route_table", label, **props)


def region(node_id: str, name: str, *children: Item, flow: str = "row", label: str | None = None) -> Item:
    return box(node_id, "region", label or name, *children, flow=flow, gap=40, name=name)


def ec2(node_id: str, label: str, sgs: list[str] | None = None, intent: dict[str, Any] | None = None,
        **props: Any) -> Item:
    if sgs:
        props["security_groups"] = sgs
    return leaf(node_id, "ec2", label, intent=intent, **props)


def pcx(node_id: str, label: str, a: str, b: str) -> Item:
    return leaf(node_id, "vpc_peering", label, vpc_a=a, vpc_b=b)


def dc(node_id: str, label: str, cidrs: list[str], *children: Item, flow: str = "col") -> Item:
    return box(node_id, "corporate_dc", label, *children, flow=flow, cidrs=cidrs)


# --- C1-C5: default VPC, subnets and gateways, NAT --------------------------------------------------------

def c1_default_vpc() -> Template:
    t = Template("vpc/default_vpc", "Default VPC",
                 "Every account starts with a default VPC in each region: a public /20 subnet per AZ, an "
                 "attached internet gateway, a main route table with a default route to it, the default NACL "
                 "and auto-assigned public IPv4 addresses, so an instance is online at once.",
                 "## Default VPC Overview, lines 6873-6887", ["vpc", "basics", "default-vpc"])
    subnets = [subnet(f"sn_{x}", f"default-subnet-{x}", cidr, "public", auto_assign_public_ip=True)
               for x, cidr in (("a", "172.31.0.0/20"), ("b", "172.31.16.0/20"), ("c", "172.31.32.0/20"))]
    subnets[0].children.append(ec2("ec2", "example instance", ["web_sg"], instance_type="t2.micro"))
    allow_all = [{"rule": 100, "action": "allow", "protocol": "all", "port": "all", "cidr": ANY}]
    t.layout(
        col(leaf("internet", "internet", "Internet")),
        region("reg", "us-east-1", vpc(
            "vpc", "default VPC",
            [az("az_a", "us-east-1a", subnets[0]), az("az_b", "us-east-1b", subnets[1]),
             az("az_c", "us-east-1c", subnets[2])],
            plumbing=[leaf("igw", "igw", "default IGW"),
                      rt("rt", "main route table", [route(ANY, "igw")], ["sn_a", "sn_b", "sn_c"], main=True),
                      leaf("nacl", "nacl", "default NACL", default=True, inbound=allow_all, outbound=allow_all,
                           subnets=["sn_a", "sn_b", "sn_c"]),
                      sg("web_sg", "web-sg", tcp(80, ANY))],
            cidr="172.31.0.0/16", enable_dns_support=True, enable_dns_hostnames=True, is_default=True)))
    t.flow("ec2", "internet", 443, label="HTTPS out")
    t.flow("internet", "ec2", 80, label="HTTP in")
    t.stage("Default VPC", "The default VPC works out of the box: its subnets are public because the main "
            "route table sends 0.0.0.0/0 to the attached IGW, and instances get a public IPv4 and DNS name.",
            passes=("net.public_subnet_no_igw_route",))
    return t


def c2_basics() -> Template:
    t = Template("vpc/basics_igw_route_tables", "Custom VPC: subnets, internet gateway and route tables",
                 "A VPC with a public and a private subnet in each of two AZs: an internet gateway is needed for "
                 "internet access, but it does nothing until the public route table sends 0.0.0.0/0 to it; the "
                 "private subnets stay closed. AWS reserves 5 addresses in every subnet.",
                 "## VPC Overview and Hands On 6889-6901, ## Subnet Overview and Hands On 6903-6929, "
                 "## Internet Gateways & Route Tables 6931-6964", ["vpc", "basics", "igw", "route-tables"])
    t.layout(
        col(leaf("admin", "admin", "You (SSH client)", ip="198.51.100.7"), leaf("internet", "internet", "Internet"),
            gap=48),
        region("reg", "us-east-1", vpc(
            "vpc", "demo-vpc",
            [az("az_a", "us-east-1a",
                subnet("pub_a", "PublicSubnetA", "10.0.0.0/24", "public",
                       ec2("ec2_pub", "public-instance", ["ssh_sg"], instance_type="t2.micro"),
                       auto_assign_public_ip=True),
                subnet("priv_a", "PrivateSubnetA", "10.0.16.0/20", "private",
                       ec2("ec2_priv", "private-instance", ["priv_sg"], {"needs_egress": True},
                           instance_type="t2.micro"))),
             az("az_b", "us-east-1b",
                subnet("pub_b", "PublicSubnetB", "10.0.1.0/24", "public", auto_assign_public_ip=True),
                subnet("priv_b", "PrivateSubnetB", "10.0.32.0/20", "private"))],
            plumbing=[leaf("igw", "igw", "demo-igw"),
                      rt("rt_pub", "Public route table", [route(ANY, "igw")], ["pub_a", "pub_b"]),
                      rt("rt_priv", "Private route table", [], ["priv_a", "priv_b"]),
                      sg("ssh_sg", "ssh-sg", tcp(22, ADMIN_IP)),
                      sg("priv_sg", "priv-sg", tcp(22, sg="ssh_sg"))],
            cidr="10.0.0.0/16")))
    t.only((2, 3), "igw")
    t.flow("admin", "ec2_pub", 22, label="SSH")
    t.flow("ec2_pub", "internet", 443, only=3)
    t.flow("ec2_pub", "ec2_priv", 22, label="SSH (local)")
    no_default = {"rt_pub": {"props": {"routes": []}}}
    t.stage("VPC and four subnets, no internet gateway",
            "The public instance has a public IP but no way out: the VPC has no internet gateway and the "
            "'public' subnets have no default route.",
            exhibits=("net.igw_not_attached", "net.public_subnet_no_igw_route", "net.private_no_egress"),
            overrides=no_default)
    t.stage("Internet gateway attached, route tables untouched",
            "An attached IGW alone changes nothing: traffic only uses it once a route table points at it.",
            exhibits=("net.public_subnet_no_igw_route", "net.private_no_egress"), fixes=("net.igw_not_attached",),
            overrides=no_default)
    t.stage("Default route to the internet gateway",
            "With 0.0.0.0/0 -> IGW in the public route table, SSH to the public instance works. The private "
            "subnets keep only the local route: their instances still cannot reach the internet (NAT comes next).",
            exhibits=("net.private_no_egress",), fixes=("net.public_subnet_no_igw_route",))
    t.variant("VPC CIDR too large", "A VPC block must be between /16 and /28.", stage=3,
              overrides={"vpc": {"props": {"cidr": "10.0.0.0/8"}}}, exhibits=("net.cidr_out_of_range",))
    t.variant("29 hosts in a /27", "A /27 has 32 - 5 = 27 usable addresses: 29 hosts need a /26.", stage=3,
              overrides={"priv_b": {"props": {"cidr": "10.0.48.0/27", "required_hosts": 29}}},
              exhibits=("net.subnet_too_small",))
    return t


def _nat_vpc(t: Template, nat: Item, priv_route_target: str, extra_plumbing: list[Item] = (),
             priv_leaves: list[Item] = (), pub_extra: list[Item] = ()) -> Item:
    return region("reg", "us-east-1", vpc(
        "vpc", "demo-vpc",
        [az("az_a", "us-east-1a",
            subnet("pub_a", "PublicSubnetA", "10.0.0.0/24", "public", nat, *pub_extra),
            subnet("priv_a", "PrivateSubnetA", "10.0.16.0/20", "private", *priv_leaves))],
        plumbing=[leaf("igw", "igw", "demo-igw"),
                  rt("rt_pub", "Public route table", [route(ANY, "igw")], ["pub_a"]),
                  rt("rt_priv", "Private route table", [route(ANY, priv_route_target)], ["priv_a"]),
                  *extra_plumbing],
        cidr="10.0.0.0/16"))


def c3_nat_instance() -> Template:
    t = Template("vpc/nat_instance", "NAT instance",
                 "A self-managed NAT: an EC2 instance in the public subnet with an Elastic IP and the "
                 "source/destination check disabled; the private route table points at it. It is not highly "
                 "available and needs careful security-group rules.",
                 "## NAT Instances, lines 6966-7007", ["vpc", "nat", "nat-instance"])
    nat = leaf("nat", "nat_instance", "NAT instance", instance_type="t3.small", elastic_ip=True,
               source_dest_check=False, security_groups=["nat_sg"], image="Amazon Linux NAT AMI")
    nat_sg = sg("nat_sg", "nat-sg", tcp(80, "10.0.0.0/16"), tcp(443, "10.0.0.0/16"), tcp(22, ADMIN_IP),
                outbound=[tcp(80, ANY), tcp(443, ANY)])
    t.layout(
        row(leaf("admin", "admin", "Admin (home network)", ip="198.51.100.7"),
            leaf("internet", "internet", "Internet"), gap=96),
        _nat_vpc(t, nat, "nat", [nat_sg, sg("app_sg", "app-sg")],
                 [ec2("ec2_priv", "private-instance", ["app_sg"], {"needs_egress": True})]), flow="col")
    t.flow("ec2_priv", "internet", 443, label="HTTPS via NAT")
    t.flow("ec2_priv", "internet", 80, label="HTTP via NAT")
    t.flow("admin", "nat", 22, label="SSH")
    t.stage("Working NAT instance",
            "Private instances reach the internet through the NAT instance, which rewrites their source "
            "address to its Elastic IP. It is a single instance: if it fails, egress stops, and its bandwidth is "
            "whatever its instance type gives.",
            exhibits=("net.nat_instance_not_ha",))
    t.variant("Source/destination check left on", "An instance drops traffic not addressed to itself unless the "
              "check is disabled, so it cannot forward.",
              overrides={"nat": {"props": {"source_dest_check": True}}}, exhibits=("net.nat_instance_src_dst_check",))
    t.variant("No Elastic IP", "Without a public address the NAT instance cannot reach the internet for anyone.",
              overrides={"nat": {"props": {"elastic_ip": False, "public_ip": False}}},
              exhibits=("net.nat_instance_no_eip",))
    t.variant("NAT instance in the private subnet", "A NAT must sit where 0.0.0.0/0 goes to the IGW.",
              overrides={"nat": {"parent": "priv_a", "pos": [148, 36]}}, exhibits=("net.nat_in_private_subnet",))
    t.variant("SSH open to the world", "The notes once list SSH from 0.0.0.0/0 for the NAT's SG: don't.",
              overrides={"nat_sg": {"props": {"inbound": [tcp(80, "10.0.0.0/16"), tcp(443, "10.0.0.0/16"),
                                                          tcp(22, ANY)]}}},
              exhibits=("sg.ssh_open_to_world",))
    return t


def c4_nat_gateway() -> Template:
    t = Template("vpc/nat_gateway", "NAT gateway",
                 "The AWS-managed NAT sits in a public subnet with an Elastic IP and needs an IGW; the private "
                 "route table targets it. It has no security group, scales from 5 to 45 Gbps, and instances in its "
                 "own subnet cannot use it.",
                 "## NAT Gateways, lines 7009-7024", ["vpc", "nat", "nat-gateway"])
    nat = leaf("natgw", "nat_gateway", "NAT gateway A", elastic_ip=True, bandwidth="5 Gbps, scales to 45 Gbps")
    t.layout(leaf("internet", "internet", "Internet"),
             _nat_vpc(t, nat, "natgw", [sg("app_sg", "app-sg")],
                      [ec2("ec2_priv", "private-instance", ["app_sg"], {"needs_egress": True})]), flow="col")
    t.flow("ec2_priv", "internet", 443, label="out via NAT")
    t.stage("Private subnet behind a NAT gateway",
            "The private instance reaches out through the NAT gateway; nothing on the internet can open a "
            "connection to it.")
    t.variant("Default route of the NAT's own subnet sent to the NAT", "The NAT's own traffic would loop back to it.",
              overrides={"rt_pub": {"props": {"routes": [route(ANY, "natgw")]}}},
              exhibits=("net.nat_same_subnet_route",))
    t.variant("NAT gateway in the private subnet", "A public NAT gateway must sit in a subnet routed to the IGW.",
              overrides={"natgw": {"parent": "priv_a", "pos": [148, 36]}}, exhibits=("net.nat_in_private_subnet",))
    t.variant("Security group on the NAT gateway", "A NAT gateway takes no security group.",
              overrides={"natgw": {"props": {"security_groups": ["app_sg"]}}}, exhibits=("net.natgw_has_no_sg",))
    return t


def c5_nat_gateway_ha() -> Template:
    t = Template("vpc/nat_gateway_ha", "NAT gateway high availability",
                 "A NAT gateway is redundant only inside its AZ. For fault tolerance put one in each AZ's public "
                 "subnet and point each AZ's private route table at its own NAT.",
                 "## NAT Gateways: NAT Gateway with High Availability, lines 7026-7036",
                 ["vpc", "nat", "nat-gateway", "high-availability"])
    t.layout(
        leaf("internet", "internet", "Internet"),
        region("reg", "us-east-1", vpc(
            "vpc", "demo-vpc",
            [az("az_a", "us-east-1a",
                subnet("pub_a", "PublicSubnetA", "10.0.0.0/24", "public",
                       leaf("nat_a", "nat_gateway", "NAT-GW-A", elastic_ip=True)),
                subnet("priv_a", "PrivateSubnetA", "10.0.16.0/20", "private",
                       ec2("ec2_a", "app-a", intent={"needs_egress": True}))),
             az("az_b", "us-east-1b",
                subnet("pub_b", "PublicSubnetB", "10.0.1.0/24", "public",
                       leaf("nat_b", "nat_gateway", "NAT-GW-B", elastic_ip=True)),
                subnet("priv_b", "PrivateSubnetB", "10.0.32.0/20", "private",
                       ec2("ec2_b", "app-b", intent={"needs_egress": True})))],
            plumbing=[leaf("igw", "igw", "demo-igw"),
                      rt("rt_pub", "Public route table", [route(ANY, "igw")], ["pub_a", "pub_b"]),
                      rt("rt_priv_a", "PrivateRT-A", [route(ANY, "nat_a")], ["priv_a"]),
                      rt("rt_priv_b", "PrivateRT-B", [route(ANY, "nat_b")], ["priv_b"])],
            cidr="10.0.0.0/16")), flow="col")
    t.only(2, "nat_b")
    t.flow("ec2_a", "internet", 443, label="via NAT-GW-A")
    t.flow("ec2_b", "internet", 443, label="via its AZ's NAT")
    t.stage("One NAT gateway shared by both AZs",
            "Both private subnets leave through NAT-GW-A: if us-east-1a fails, app-b loses internet access too, "
            "and its traffic pays cross-AZ data charges.",
            exhibits=("net.nat_single_az",), overrides={"rt_priv_b": {"props": {"routes": [route(ANY, "nat_a")]}}})
    t.stage("One NAT gateway per AZ",
            "Each AZ's private route table points at the NAT in the same AZ. An AZ outage only takes down the "
            "instances that were in it, which no longer need a NAT.",
            fixes=("net.nat_single_az",))
    return t


# --- C6-C10: filtering, bastion, peering, endpoints, flow logs -------------------------------------------

def c6_nacl_vs_sg() -> Template:
    t = Template("vpc/nacl_vs_sg", "NACL vs security group: the request path",
                 "NACLs guard the subnet and are stateless (return traffic on ephemeral ports needs its own rule); "
                 "security groups guard the instance and are stateful. NACL rules are numbered, lowest first, "
                 "first match wins; the default NACL allows everything, a new custom one denies everything.",
                 "## NACL & Security Groups, lines 7052-7096", ["vpc", "nacl", "security-groups"])
    eph = "1024-65535"
    inbound = [{"rule": 100, "action": "allow", "protocol": "tcp", "port": 80, "cidr": ANY},
               {"rule": 200, "action": "allow", "protocol": "tcp", "port": eph, "cidr": ANY}]
    outbound = [{"rule": 100, "action": "allow", "protocol": "tcp", "port": eph, "cidr": ANY},
                {"rule": 200, "action": "allow", "protocol": "tcp", "port": 443, "cidr": ANY},
                {"rule": 300, "action": "allow", "protocol": "tcp", "port": 80, "cidr": ANY}]
    t.layout(
        col(leaf("client", "user", "Internet client"), leaf("ext", "internet", "external web site / API"), gap=48),
        region("reg", "us-east-1", vpc(
            "vpc", "demo-vpc",
            [az("az_a", "us-east-1a",
                subnet("pub_a", "PublicSubnetA", "10.0.0.0/24", "public",
                       ec2("web", "web server", ["web_sg"], public_ip=True)))],
            plumbing=[leaf("igw", "igw", "igw"),
                      rt("rt_pub", "public route table", [route(ANY, "igw")], ["pub_a"]),
                      leaf("nacl", "nacl", "web-nacl (custom)", inbound=inbound, outbound=outbound, subnets=["pub_a"]),
                      sg("web_sg", "web-sg", tcp(80, ANY))],
            cidr="10.0.0.0/16")))
    t.only(2, "ext")
    t.flow("client", "web", 80, label="HTTP in", only=1)
    t.flow("web", "ext", 443, label="HTTPS out", only=2)
    t.stage("Incoming request",
            "In: NACL inbound #100 admits TCP 80, then the SG admits it. The reply passes the SG by itself "
            "(stateful) but must pass NACL outbound #100, which opens the client's ephemeral ports.",
            passes=("net.nacl_ephemeral_blocked",))
    t.stage("Outgoing request",
            "Out: the SG allows all outbound, NACL outbound #200 admits TCP 443. The reply passes the SG by "
            "itself but needs NACL inbound #200 for the ephemeral ports.",
            passes=("net.nacl_ephemeral_blocked",))
    t.variant("Incoming request without the ephemeral outbound rule",
              "The request gets in but the reply is dropped on its way out: a timeout.", stage=1,
              overrides={"nacl": {"props": {"outbound": outbound[1:]}}}, exhibits=("net.nacl_ephemeral_blocked",))
    t.variant("Outgoing request without the ephemeral inbound rule",
              "The request leaves but the reply is dropped on its way in.", stage=2,
              overrides={"nacl": {"props": {"inbound": inbound[:1]}}}, exhibits=("net.nacl_ephemeral_blocked",))
    return t


def c7_bastion() -> Template:
    t = Template("vpc/bastion_host", "Bastion host",
                 "Admins SSH into a bastion in a public subnet and hop from there to private instances; the "
                 "bastion's security group admits port 22 only from the admin's IP.",
                 "## Bastion Hosts, lines 7173-7184", ["vpc", "bastion", "ssh", "security-groups"])
    t.layout(
        col(leaf("admin", "admin", "Bastion host user", ip="198.51.100.7")),
        region("reg", "us-east-1", vpc(
            "vpc", "demo-vpc",
            [az("az_a", "us-east-1a",
                subnet("pub_a", "PublicSubnetA", "10.0.0.0/24", "public",
                       ec2("bastion", "Bastion host", ["bastion_sg"], instance_type="t3.micro", public_ip=True,
                           role="bastion")),
                subnet("priv_a", "PrivateSubnetA", "10.0.16.0/20", "private",
                       ec2("target", "private Linux instance", ["private_sg"])))],
            plumbing=[leaf("igw", "igw", "igw"),
                      rt("rt_pub", "public route table", [route(ANY, "igw")], ["pub_a"]),
                      sg("bastion_sg", "bastion-sg", tcp(22, ADMIN_IP)),
                      sg("private_sg", "private-sg", tcp(22, sg="bastion_sg"))],
            cidr="10.0.0.0/16")))
    t.flow("admin", "bastion", 22, label="SSH")
    t.flow("bastion", "target", 22, label="SSH (local)")
    t.stage("Bastion host",
            "SSH reaches the bastion only from the admin's /32; the private instance admits SSH only from "
            "members of the bastion's security group.",
            passes=("sg.ssh_open_to_world", "net.bastion_reachability"))
    t.variant("Bastion open to the world", "Port 22 from 0.0.0.0/0 invites every scanner on the internet.",
              overrides={"bastion_sg": {"props": {"inbound": [tcp(22, ANY)]}}}, exhibits=("sg.ssh_open_to_world",))
    t.variant("Private instance does not admit the bastion", "The second hop times out.",
              overrides={"private_sg": {"props": {"inbound": []}}}, exhibits=("net.bastion_reachability",))
    return t


def _small_vpc(vid: str, label: str, cidr: str, az_id: str, az_name: str, sn_id: str, sn_cidr: str,
               instance: Item, rt_item: Item, sg_item: Item | None = None, sn_label: str = "private subnet",
               **props: Any) -> Item:
    plumbing = [rt_item] + ([sg_item] if sg_item is not None else [])
    return vpc(vid, label, [az(az_id, az_name, subnet(sn_id, sn_label, sn_cidr, "private", instance))],
               plumbing=plumbing, cidr=cidr, **props)


def c8_peering() -> Template:
    t = Template("vpc/peering", "VPC peering is not transitive",
                 "Peering joins two VPCs with non-overlapping CIDRs privately, within or across accounts and "
                 "regions. Each pair that must talk needs its own peering and routes on both sides; a peered VPC's "
                 "security group can be referenced in rules (same region). The default VPC can be peered too.",
                 "## VPC Peering, lines 7098-7119", ["vpc", "peering"])
    vpc_a = _small_vpc("vpc_a", "VPC-A", "10.0.0.0/16", "az_a", "us-east-1a", "sn_a", "10.0.1.0/24",
                       ec2("ec2_a", "app-a", ["sg_a"]),
                       rt("rt_a", "RT VPC-A", [route("10.1.0.0/16", "pcx_ab"), route("10.2.0.0/16", "pcx_ac"),
                                               route("172.31.0.0/16", "pcx_adef")], ["sn_a"]),
                       sg("sg_a", "sg-a", tcp(443, sg="sg_b")))
    vpc_b = _small_vpc("vpc_b", "VPC-B", "10.1.0.0/16", "az_b", "us-east-1a", "sn_b", "10.1.1.0/24",
                       ec2("ec2_b", "app-b", ["sg_b"]),
                       rt("rt_b", "RT VPC-B", [route("10.0.0.0/16", "pcx_ab"), route("10.2.0.0/16", "pcx_bc")],
                          ["sn_b"]),
                       sg("sg_b", "sg-b"))
    vpc_c = _small_vpc("vpc_c", "VPC-C", "10.2.0.0/16", "az_c", "us-east-1a", "sn_c", "10.2.1.0/24",
                       ec2("ec2_c", "app-c", ["sg_c"]),
                       rt("rt_c", "RT VPC-C", [route("10.1.0.0/16", "pcx_bc"), route("10.0.0.0/16", "pcx_ac")],
                          ["sn_c"]),
                       sg("sg_c", "sg-c", tcp(443, "10.0.0.0/16")))
    vpc_def = _small_vpc("vpc_def", "default VPC", "172.31.0.0/16", "az_def", "us-east-1a", "sn_def",
                         "172.31.0.0/20", ec2("ec2_def", "legacy-default"),
                         rt("rt_def", "RT default VPC", [route("10.0.0.0/16", "pcx_adef")], ["sn_def"]),
                         sn_label="default subnet", is_default=True, enable_dns_hostnames=True)
    vw, vh = vpc_c.size()
    t.layout(
        region("reg", "us-east-1", col(
            row(vpc_a, pcx("pcx_ab", "pcx-ab", "vpc_a", "vpc_b"), vpc_b, pcx("pcx_bc", "pcx-bc", "vpc_b", "vpc_c"),
                vpc_c, align="center"),
            row(pcx("pcx_adef", "pcx-adef", "vpc_a", "vpc_def"), spacer(vw - 96 + 40, 96),
                pcx("pcx_ac", "pcx-ac", "vpc_a", "vpc_c"), gap=40),
            row(vpc_def), gap=32)),
        region("reg2", "eu-west-1", spacer(vw, vh, anchor="vpc_c")))
    t.only(3, "reg2", "vpc_def", "pcx_adef", "ec2_b-ec2_a:443")
    t.only((2, 3), "pcx_ac")
    t.flow("ec2_a", "ec2_c", 443, label="HTTPS")
    t.flow("ec2_b", "ec2_a", 443, label="HTTPS (SG ref)")
    no_sg_ref = {"sg_a": {"props": {"inbound": []}}}
    t.stage("Peerings A-B and B-C only",
            "App-a cannot reach app-c: traffic sent into the A-B peering is delivered only to VPC-B's own "
            "addresses, never onward to C. Peering is not transitive.",
            exhibits=("net.peering_not_transitive",),
            overrides={**no_sg_ref,
                       "rt_a": {"props": {"routes": [route("10.1.0.0/16", "pcx_ab"), route("10.2.0.0/16", "pcx_ab")]}},
                       "rt_c": {"props": {"routes": [route("10.1.0.0/16", "pcx_bc"), route("10.0.0.0/16", "pcx_bc")]}}})
    t.stage("Direct A-C peering with routes on both sides",
            "A and C get their own peering, and each route table sends the other's CIDR to it.",
            fixes=("net.peering_not_transitive",), overrides=no_sg_ref)
    moved = t.slot("vpc_c")
    # In stage 3 the us-east-1 box gives up VPC-C's slot and eu-west-1 moves up next to it.
    nodes = {n["id"]: n for n in t.nodes}
    reg_w, reg_h = nodes["reg"]["size"]
    slot_x = nodes["vpc_c"]["pos"][0]
    shrunk = {"reg": {"size": [slot_x - 8, reg_h]},
              "reg2": {"pos": [nodes["reg"]["pos"][0] + slot_x - 8 + 64, nodes["reg2"]["pos"][1]]}}
    t.stage("Inter-region, cross-account and the default VPC",
            "VPC-C now lives in eu-west-1 under another account: B-C becomes an inter-region, cross-account "
            "peering. A also peers with the default VPC, and sg-a admits app-b by referencing sg-b across the "
            "same-region peering (across regions a CIDR must be used, as sg-c does).",
            overrides={**shrunk, "vpc_c": {**moved, "props": {"account": "222222222222"}},
                       "az_c": {"label": "eu-west-1a", "props": {"name": "eu-west-1a"}}})
    t.variant("Missing route on one side", "A peering carries nothing until both route tables point at it.",
              stage=2, overrides={"rt_c": {"props": {"routes": [route("10.1.0.0/16", "pcx_bc")]}}},
              exhibits=("net.peering_missing_route",))
    t.variant("Overlapping CIDRs", "Peered VPCs must not overlap.", stage=2,
              overrides={"vpc_c": {"props": {"cidr": "10.1.0.0/16"}}, "sn_c": {"props": {"cidr": "10.1.2.0/24"}}},
              exhibits=("net.cidr_overlap",))
    return t


def c9_endpoints() -> Template:
    t = Template("vpc/endpoints", "VPC endpoints: gateway and interface",
                 "Without endpoints, private instances reach AWS services through NAT and IGW over the public "
                 "internet. Gateway endpoints (S3, DynamoDB: a route-table target) and interface endpoints (an ENI "
                 "with a security group, for most other services) keep that traffic private and remove the need "
                 "for IGW and NAT.",
                 "## VPC Endpoints, lines 7121-7144", ["vpc", "endpoints", "privatelink", "s3", "dynamodb"])
    t.layout(
        col(leaf("internet", "internet", "Internet"), leaf("ec2_role", "iam_role", "role: S3, DynamoDB, CloudWatch"),
            gap=48),
        region("reg", "us-east-1", vpc(
            "vpc", "demo-vpc",
            [az("az_a", "us-east-1a",
                subnet("pub_a", "PublicSubnetA", "10.0.0.0/24", "public",
                       leaf("natgw", "nat_gateway", "NAT gateway", elastic_ip=True)),
                subnet("priv_a", "PrivateSubnetA", "10.0.16.0/20", "private",
                       ec2("ec2", "private-instance", ["app_sg"], iam_role="ec2_role"),
                       leaf("ife_cw", "vpc_endpoint_interface", "CloudWatch interface endpoint",
                            service="monitoring", subnets=["priv_a"], security_groups=["ep_sg"], private_dns=True)))],
            plumbing=[leaf("igw", "igw", "igw"),
                      rt("rt_pub", "Public route table", [route(ANY, "igw")], ["pub_a"]),
                      rt("rt_priv", "Private route table",
                         [route(ANY, "natgw"), pl_route("s3", "gwe_s3"), pl_route("dynamodb", "gwe_ddb")], ["priv_a"]),
                      leaf("gwe_s3", "vpc_endpoint_gateway", "S3 gateway endpoint", service="s3",
                           route_tables=["rt_priv"]),
                      leaf("gwe_ddb", "vpc_endpoint_gateway", "DynamoDB gateway endpoint", service="dynamodb",
                           route_tables=["rt_priv"]),
                      sg("app_sg", "app-sg"),
                      sg("ep_sg", "endpoint-sg", tcp(443, "10.0.0.0/16"))],
            rows_per_column=4, cidr="10.0.0.0/16", enable_dns_support=True, enable_dns_hostnames=True),
            col(leaf("s3", "s3_bucket", "data bucket"), leaf("ddb", "dynamodb_table", "table"),
                leaf("cw", "cloudwatch_metric", "CloudWatch"), gap=40)))
    t.only(1, "internet", "pub_a", "natgw", "igw", "rt_pub")
    t.only(2, "gwe_s3", "gwe_ddb", "ife_cw", "ep_sg")
    for target in ("s3", "ddb", "cw"):
        t.flow("ec2", target, 443, label="HTTPS")
    t.stage("Through NAT and the internet gateway",
            "Calls to S3, DynamoDB and CloudWatch leave through the NAT gateway and the IGW: they need public "
            "addressing, pay NAT processing, and depend on the NAT.",
            exhibits=("net.aws_service_via_internet",))
    t.stage("Gateway and interface endpoints",
            "Prefix-list routes send S3 and DynamoDB traffic to gateway endpoints; CloudWatch is reached through "
            "an interface endpoint ENI whose private DNS name replaces the public one. No NAT or IGW needed.",
            fixes=("net.aws_service_via_internet",))
    t.variant("DNS hostnames turned off", "Interface endpoints with private DNS need both VPC DNS settings.",
              stage=2, overrides={"vpc": {"props": {"enable_dns_hostnames": False}}},
              exhibits=("net.endpoint_dns_disabled",))
    t.variant("Gateway endpoint with no route table", "A gateway endpoint is used only through a route.", stage=2,
              overrides={"gwe_s3": {"props": {"route_tables": []}},
                         "rt_priv": {"props": {"routes": [pl_route("dynamodb", "gwe_ddb")]}}},
              exhibits=("net.endpoint_no_route",))
    return t


def c10_flow_logs() -> Template:
    t = Template("vpc/flow_logs_athena", "VPC Flow Logs analysed with Athena",
                 "Flow logs capture IP traffic metadata at VPC, subnet or ENI level (VPC level covers the others), "
                 "including managed interfaces such as load balancers and databases. They go to S3, queried with "
                 "Athena, or to CloudWatch Logs, queried with Logs Insights.",
                 "## VPC Flow Logs + Athena, lines 7146-7171", ["vpc", "flow-logs", "monitoring", "athena"])
    fields = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end "
              "action log-status")
    t.layout(
        col(leaf("internet", "internet", "Internet")),
        region("reg", "us-east-1", vpc(
            "vpc", "demo-vpc",
            [az("az_a", "us-east-1a",
                subnet("pub_a", "PublicSubnetA", "10.0.0.0/24", "public"),
                subnet("priv_a", "PrivateSubnetA", "10.0.16.0/20", "private",
                       ec2("ec2", "app", ["app_sg"]),
                       leaf("rds", "rds", "db", engine="mysql", security_groups=["db_sg"]),
                       leaf("fl_sub", "flow_log", "subnet flow log (optional)", scope="priv_a", destination="s3"),
                       leaf("fl_eni", "flow_log", "ENI flow log (optional)", destination="s3",
                            eni="app eth0"))),
             az("az_b", "us-east-1b", subnet("pub_b", "PublicSubnetB", "10.0.1.0/24", "public"))],
            plumbing=[leaf("igw", "igw", "igw"),
                      rt("rt_pub", "public route table", [route(ANY, "igw")], ["pub_a", "pub_b"]),
                      sg("alb_sg", "alb-sg", tcp(80, ANY)),
                      sg("app_sg", "app-sg", tcp(80, sg="alb_sg")),
                      sg("db_sg", "db-sg", tcp(3306, sg="app_sg"))],
            span=[leaf("alb", "alb", "web ALB", scheme="internet-facing", subnets=["pub_a", "pub_b"],
                       security_groups=["alb_sg"], listeners=[{"protocol": "HTTP", "port": 80}], targets=["ec2"],
                       target_port=80),
                  leaf("fl_vpc", "flow_log", "VPC flow log", scope="vpc", destination="s3", traffic_type="ALL",
                       fields=fields)],
            cidr="10.0.0.0/16"),
            col(leaf("s3", "s3_bucket", "flow-logs bucket"), leaf("athena", "athena", "Athena"),
                leaf("cwl", "cloudwatch_logs", "flow-logs log group"), gap=40)))
    t.flow("internet", "alb", 80, label="HTTP")
    t.flow("alb", "ec2", 80)
    t.flow("ec2", "rds", 3306)
    t.rel("fl_vpc", "s3", "log files")
    t.rel("athena", "s3", "SQL")
    t.rel("fl_vpc", "cwl", "or")
    t.stage("Flow logs to S3, queried with Athena",
            "Every accepted and rejected connection in the VPC lands in S3; Athena finds, for example, which "
            "sources a security group or NACL rejected (the 'action' field).")
    return t


# --- C11-C15: VPN and Direct Connect ---------------------------------------------------------------------

def c11_vpn() -> Template:
    t = Template("vpc/site_to_site_vpn", "Site-to-Site VPN",
                 "A corporate data center joins a VPC over the public internet: a customer gateway on-prem, a "
                 "virtual private gateway attached to the VPC, and an IPsec VPN connection (two tunnels) between "
                 "them. The customer gateway needs a static, internet-routable IP (the NAT's public IP when it "
                 "sits behind NAT).",
                 "## Site to Site VPN, Virtual Private Gateway & Customer Gateway, lines 7186-7211",
                 ["vpc", "hybrid", "vpn"])
    t.layout(
        dc("dc", "Corporate data center", ["192.168.0.0/16"],
           leaf("srv", "on_prem_server", "corporate servers", cidr="192.168.10.0/24"),
           leaf("corp_nat", "customer_router", "on-prem NAT device", public_ip="203.0.113.20"),
           leaf("cgw", "customer_gateway", "Customer gateway", ip="203.0.113.10", bgp_asn=65000)),
        col(leaf("vpn", "vpn_connection", "Site-to-Site VPN",
                                  customer_gateway="cgw", gateway="vgw", bgp=True)),
        region("reg", "us-east-1", vpc(
            "vpc", "corp-vpc",
            [az("az_a", "us-east-1a",
                subnet("priv_a", "PrivateSubnetA", "10.0.16.0/20", "private", ec2("ec2", "app", ["app_sg"])))],
            plumbing=[leaf("vgw", "vgw", "Virtual private gateway", asn=64512),
                      rt("rt_priv", "Private route table", [route("192.168.0.0/16", "vgw", propagated=True)],
                         ["priv_a"]),
                      sg("app_sg", "app-sg", tcp(443, "192.168.0.0/16"))],
            cidr="10.0.0.0/16")))
    t.only((), "corp_nat")
    t.rel("cgw", "vpn", "IPsec")
    t.rel("vpn", "vgw", "2 tunnels")
    t.flow("srv", "ec2", 443, label="HTTPS")
    t.stage("Site-to-Site VPN",
            "On-prem servers reach the private app over an encrypted tunnel; the private route table learns "
            "192.168.0.0/16 from the VGW.", passes=("net.cgw_ip_not_public", "net.cidr_overlap"))
    t.variant("Customer gateway behind NAT (NAT-T)", "Use the NAT device's public IP for the customer gateway.",
              show=("corp_nat",), overrides={"cgw": {"props": {"ip": "192.168.1.1", "behind_nat": True,
                                                              "nat_public_ip": "203.0.113.20"}}},
              passes=("net.cgw_ip_not_public",))
    t.variant("Private customer gateway IP", "AWS cannot build a tunnel to 192.168.1.1 over the internet.",
              overrides={"cgw": {"props": {"ip": "192.168.1.1"}}}, exhibits=("net.cgw_ip_not_public",))
    t.variant("Data center re-addressed to 10.0.0.0/16", "Its hosts would fall under the VPC's local route.",
              overrides={"dc": {"props": {"cidrs": ["10.0.0.0/16"]}}, "srv": {"props": {"cidr": "10.0.10.0/24"}},
                         "rt_priv": {"props": {"routes": [route("10.0.0.0/16", "vgw", propagated=True)]}},
                         "app_sg": {"props": {"inbound": [tcp(443, "10.0.0.0/16")]}}},
              exhibits=("net.cidr_overlap",))
    return t


def _dx_region(extra_plumbing: list[Item] = (), services: list[Item] = (), with_subnet: bool = True) -> Item:
    azs = [az("az_a", "us-east-1a", subnet("priv_a", "PrivateSubnetA", "10.0.16.0/20", "private",
                                           ec2("ec2", "private instances")))] if with_subnet else []
    plumbing = [leaf("vgw", "vgw", "Virtual private gateway")]
    if with_subnet:
        plumbing.append(rt("rt_priv", "Private route table", [route("192.168.0.0/16", "vgw", propagated=True)],
                           ["priv_a"]))
    children: list[Item] = [vpc("vpc", "corp-vpc", azs, plumbing=[*plumbing, *extra_plumbing], cidr="10.0.0.0/16")]
    if services:
        children.append(col(*services, gap=40))
    return region("reg", "us-east-1", *children)


def c12_direct_connect() -> Template:
    t = Template("vpc/direct_connect", "Direct Connect: private and public virtual interfaces",
                 "A dedicated private link from the data center to a Direct Connect location, where the AWS cage "
                 "and the customer or partner cage are cross-connected. A private VIF reaches the VGW of a VPC; a "
                 "public VIF reaches public AWS services such as S3 and Glacier over the same link.",
                 "## Direct Connect & Direct Connect Gateway: Direct Connect Diagram, lines 7213-7242, 7260-7272",
                 ["vpc", "hybrid", "direct-connect"])
    t.layout(
        dc("dc", "Corporate data center", ["192.168.0.0/16"],
           leaf("cust_fw", "customer_router", "Customer router / firewall")),
        col(box("dxloc", "dx_location", "DX location (Ashburn)",
                box("cage_cust", "cage", "Customer or partner cage", leaf("cust_rtr", "customer_router",
                                                                         "Customer or partner router")),
                box("cage_aws", "cage", "AWS cage", leaf("dx_ep", "dx_endpoint", "AWS Direct Connect endpoint"))),
            leaf("dx1", "dx_connection", "DX connection 1 Gbps", bandwidth="1Gbps", gateway="vgw",
                 on_prem="dc", connection_type="dedicated", location="dxloc",
                 intent={"critical": True, "encryption_in_transit": True},
                 vifs=[{"type": "private", "vlan": 101, "target": "vgw"}, {"type": "public", "vlan": 102}]),
            align="center"),
        _dx_region(services=[leaf("s3", "s3_bucket", "Amazon S3"), leaf("glacier", "glacier_vault", "S3 Glacier")]))
    t.rel("cust_fw", "cust_rtr", "last mile")
    t.rel("cust_rtr", "dx_ep", "cross-connect")
    t.rel("dx_ep", "vgw", "private VIF", vif="private")
    t.rel("dx_ep", "s3", "public VIF", vif="public")
    t.rel("dx_ep", "glacier", "public VIF", vif="public")
    t.stage("Direct Connect with a private and a public VIF",
            "One physical link carries two VIFs: the private one to the VPC's VGW, the public one to S3 and "
            "Glacier endpoints. The link is private but not encrypted, and it is a single connection.",
            exhibits=("net.dx_unencrypted", "net.dx_single_connection"))
    return t


def c13_dx_gateway() -> Template:
    t = Template("vpc/dx_gateway", "Direct Connect Gateway: VPCs in several regions",
                 "To reach VPCs in several regions over one Direct Connect, attach the private VIF to a Direct "
                 "Connect Gateway, which associates with a VGW in each region. It does not connect the VPCs to "
                 "each other.",
                 "## Direct Connect & Direct Connect Gateway: Direct Connect Gateway, lines 7244-7258",
                 ["vpc", "hybrid", "direct-connect", "multi-region"])

    def regional(n: int, name: str, cidr: str, label: str) -> Item:
        return region(f"reg{n}", name, vpc(
            f"vpc{n}", f"VPC-{n}",
            [az(f"az{n}", f"{name}a", subnet(f"sn{n}", "private subnet", cidr.replace("0.0/16", "16.0/20"), "private",
                                             ec2(f"ec2_{n}", label)))],
            plumbing=[leaf(f"vgw{n}", "vgw", f"VGW-{n}"),
                      rt(f"rt{n}", f"private RT VPC-{n}", [route("192.168.0.0/16", f"vgw{n}", propagated=True)],
                         [f"sn{n}"])],
            cidr=cidr))

    t.layout(
        dc("dc", "Corporate data center", ["192.168.0.0/16"], leaf("cust_rtr", "customer_router", "Customer router")),
        col(box("dxloc", "dx_location", "DX location", leaf("dx_ep", "dx_endpoint", "AWS DX endpoint")),
            leaf("dx1", "dx_connection", "DX connection", gateway="dxgw", on_prem="dc", location="dxloc",
                 vifs=[{"type": "private", "target": "dxgw"}]),
            align="center"),
        col(leaf("dxgw", "dx_gateway", "Direct Connect Gateway", asn=64512,
                                  associations=["vgw1", "vgw2"])),
        col(regional(1, "us-east-1", "10.0.0.0/16", "app-east"), regional(2, "us-west-1", "10.1.0.0/16", "app-west"),
            gap=48))
    t.rel("cust_rtr", "dx_ep", "DX connection")
    t.rel("dx_ep", "dxgw", "private VIF")
    t.rel("dxgw", "vgw1", "association")
    t.rel("dxgw", "vgw2", "association")
    t.silence("net.dx_unencrypted", "encryption over DX is C14's lesson")
    t.silence("net.dx_single_connection", "DX resiliency is C15's lesson")
    t.stage("One DX, two regions",
            "The private VIF ends on the DX Gateway, which is associated with the VGW of a VPC in us-east-1 and "
            "one in us-west-1; both VPCs reach the data center over the same link.",
            passes=("net.multi_region_dx_without_dxgw", "net.cidr_overlap"))
    t.variant("Overlapping VPC CIDRs", "The DX Gateway needs distinct CIDRs in its VPCs.",
              overrides={"vpc2": {"props": {"cidr": "10.0.0.0/16"}}, "sn2": {"props": {"cidr": "10.0.16.0/20"}}},
              exhibits=("net.cidr_overlap",))
    return t


def c14_dx_plus_vpn() -> Template:
    t = Template("vpc/dx_plus_vpn", "Direct Connect + VPN: encryption in transit",
                 "Direct Connect traffic is private but not encrypted. An IPsec VPN run over the DX link gives an "
                 "encrypted private connection, at the cost of more setup.",
                 "## Direct Connect & Direct Connect Gateway: Direct Connect - Encryption, lines 7274-7285",
                 ["vpc", "hybrid", "direct-connect", "vpn", "encryption"])
    t.layout(
        dc("dc", "Corporate data center", ["192.168.0.0/16"],
           leaf("cust_fw", "customer_router", "Customer router / firewall + VPN endpoint")),
        col(box("dxloc", "dx_location", "DX location", leaf("cust_rtr", "customer_router", "Customer/partner router"),
                leaf("dx_ep", "dx_endpoint", "AWS DX endpoint")),
            row(leaf("dx1", "dx_connection", "DX connection", gateway="vgw", on_prem="dc", location="dxloc",
                     vpn_over_dx=True, intent={"critical": True, "encryption_in_transit": True},
                     vifs=[{"type": "public", "carries": "vpn"}]),
                leaf("vpn", "vpn_connection", "IPsec VPN over DX", customer_gateway="cust_fw", gateway="vgw",
                     over_dx="dx1")),
            align="center"),
        _dx_region())
    t.rel("cust_fw", "cust_rtr", "DX circuit")
    t.rel("cust_rtr", "dx_ep", "cross-connect")
    t.rel("dx_ep", "vgw", "public VIF")
    t.rel("cust_fw", "vgw", "IPsec over DX", encrypted=True)
    t.stage("IPsec VPN over Direct Connect",
            "The VPN tunnel from the customer's firewall to the VGW rides on the DX link, so the private path is "
            "also encrypted. There is still only one DX connection.",
            exhibits=("net.dx_single_connection",), passes=("net.dx_unencrypted",))
    return t


def c15_dx_resiliency() -> Template:
    t = Template("vpc/dx_resiliency", "Direct Connect resiliency",
                 "For critical workloads use two data centers and two DX locations: high resiliency is one "
                 "connection at each of several locations, maximum resiliency two independent connections, on "
                 "separate devices, at each location.",
                 "## Direct Connect & Direct Connect Gateway: Direct Connect - Resiliency, lines 7287-7303",
                 ["vpc", "hybrid", "direct-connect", "high-availability"])

    def conn(cid: str, dc_id: str, loc: str, label: str) -> Item:
        return leaf(cid, "dx_connection", label, gateway="vgw", on_prem=dc_id, location=loc,
                    intent={"critical": True})

    t.layout(
        col(dc("dc1", "Corporate DC 1", ["192.168.0.0/17"], leaf("r1", "customer_router", "DC1 router")),
            dc("dc2", "Corporate DC 2", ["192.168.128.0/17"], leaf("r2", "customer_router", "DC2 router")), gap=96),
        col(box("loc1", "dx_location", "DX location 1", leaf("ep1a", "dx_endpoint", "AWS device 1a"),
                leaf("ep1b", "dx_endpoint", "AWS device 1b")),
            row(conn("dx1", "dc1", "loc1", "DX #1"), conn("dx3", "dc1", "loc1", "DX connection #3")),
            box("loc2", "dx_location", "DX location 2", leaf("ep2a", "dx_endpoint", "AWS device 2a"),
                leaf("ep2b", "dx_endpoint", "AWS device 2b")),
            row(conn("dx2", "dc2", "loc2", "DX #2"), conn("dx4", "dc2", "loc2", "DX connection #4")),
            align="center"),
        _dx_region(with_subnet=False))
    t.only(2, "ep1b", "ep2b", "dx3", "dx4")
    t.rel("r1", "ep1a", "DX #1")
    t.rel("r2", "ep2a", "DX #2")
    t.rel("r1", "ep1b", "DX #3", only=2)
    t.rel("r2", "ep2b", "DX #4", only=2)
    for ep in ("ep1a", "ep1b", "ep2a", "ep2b"):
        t.rel(ep, "vgw", "private VIF")
    t.silence("net.dx_unencrypted", "encryption over DX is C14's lesson")
    t.stage("High resiliency: one connection at each of two locations",
            "Each data center has its own connection at its own DX location: losing a site, a location or a "
            "connection leaves the other path.", passes=("net.dx_single_connection",))
    t.stage("Maximum resiliency: two independent connections per location",
            "Each location now has two connections ending on separate AWS devices, so a device failure is "
            "survived too.", passes=("net.dx_single_connection",),
            overrides={n: {"intent": {"max_resiliency": True}} for n in ("dx1", "dx2", "dx3", "dx4")})
    t.variant("Only one connection", "The C12 baseline: a critical workload on a single DX connection.",
              hide=("dc2", "loc2", "dx2", "dx4"), exhibits=("net.dx_single_connection",))
    return t


# --- C16-C20: IPv6, exposing services, legacy, CloudHub --------------------------------------------------

def c16_egress_only_igw() -> Template:
    t = Template("vpc/egress_only_igw", "Egress-only internet gateway and a dual-stack VPC",
                 "IPv6 addresses are all public. An egress-only IGW lets IPv6 instances open outbound connections "
                 "while blocking inbound ones, as a NAT gateway does for IPv4. IPv4 cannot be turned off in a VPC, "
                 "and running out of IPv4 addresses is what blocks launches.",
                 "## Egress Only Internet Gateway 7306-7325, ## IPv6 for VPC 7570-7587",
                 ["vpc", "ipv6", "egress-only-igw", "nat"])
    web_in = [tcp(p, c) for p in (80, 443) for c in (ANY, "::/0")]
    all_out = [{"protocol": "all", "port": "all", "cidr": ANY}, {"protocol": "all", "port": "all", "cidr": "::/0"}]
    t.layout(
        leaf("internet", "internet", "Internet"),
        region("reg", "us-east-1", vpc(
            "vpc", "dualstack-vpc",
            [az("az_a", "us-east-1a",
                subnet("pub_a", "Public", "10.0.0.0/24", "public",
                       leaf("natgw", "nat_gateway", "NAT gateway (IPv4)", elastic_ip=True),
                       ec2("web", "public web", ["web_sg"], public_ip=True, ipv6=True),
                       ipv6_cidr="2600:1f18:1234:5600::/64"),
                subnet("priv_a", "Private", "10.0.16.0/20", "private",
                       ec2("app", "private app", ["app_sg"], {"needs_egress": True}, ipv6=True),
                       ipv6_cidr="2600:1f18:1234:5601::/64"))],
            plumbing=[leaf("igw", "igw", "igw (IPv4 + IPv6)"), leaf("eigw", "egress_only_igw", "Egress-only IGW"),
                      rt("rt_pub", "Public RT", [route(ANY, "igw"), route("::/0", "igw")], ["pub_a"]),
                      rt("rt_priv", "Private RT", [route(ANY, "natgw"), route("::/0", "eigw")], ["priv_a"]),
                      sg("web_sg", "web-sg", *web_in, outbound=all_out),
                      sg("app_sg", "app-sg", outbound=all_out)],
            rows_per_column=3, cidr="10.0.0.0/16", ipv6_cidr="2600:1f18:1234:5600::/56")), flow="col")
    t.flow("app", "internet", 443, label="IPv6 out", edge_id="app-internet:443:v6",
           ip_version=6)
    t.flow("app", "internet", 443, label="IPv4 out", ip_version=4)
    t.flow("internet", "web", 80, label="HTTP")
    t.flow("internet", "web", 443, label="HTTPS")
    t.stage("Dual-stack VPC with an egress-only IGW",
            "The private app goes out over IPv4 through the NAT gateway and over IPv6 through the egress-only "
            "IGW; nothing on the internet can open a connection to it, although its IPv6 address is public.",
            passes=("net.ipv6_private_exposed", "net.nat_for_ipv6"))
    t.variant("Private IPv6 default route to the IGW", "The 'private' app becomes reachable over IPv6.",
              overrides={"rt_priv": {"props": {"routes": [route(ANY, "natgw"), route("::/0", "igw")]}}},
              exhibits=("net.ipv6_private_exposed",))
    t.variant("IPv6 default route to the NAT gateway", "NAT is IPv4 only; IPv6 egress needs the egress-only IGW.",
              overrides={"rt_priv": {"props": {"routes": [route(ANY, "natgw"), route("::/0", "natgw")]}}},
              exhibits=("net.nat_for_ipv6",))
    return t


def c17_privatelink() -> Template:
    t = Template("vpc/privatelink", "Exposing a service to other VPCs: public, peering or PrivateLink",
                 "Publishing an app to many customer VPCs over the internet is hard to control, and peering opens "
                 "whole networks and multiplies connections. PrivateLink, an NLB in the service VPC plus interface "
                 "endpoint ENIs in each consumer VPC, exposes only the service, privately, and is fault tolerant "
                 "when both sides span several AZs.",
                 "## AWS PrivateLink - VPC Endpoint Services, lines 7327-7360",
                 ["vpc", "privatelink", "peering", "endpoint-service"])
    service = vpc(
        "vpc_s", "Service VPC",
        [az("s_az_a", "us-east-1a",
            subnet("s_pub_a", "service public a", "10.0.0.0/24", "public"),
            subnet("s_priv_a", "service private a", "10.0.16.0/20", "private",
                   ec2("app", "Application service (a)", ["app_sg"]))),
         az("s_az_b", "us-east-1b",
            subnet("s_pub_b", "service public b", "10.0.1.0/24", "public"),
            subnet("s_priv_b", "service private b", "10.0.32.0/20", "private",
                   ec2("app_b", "Application service (b)", ["app_sg"])))],
        plumbing=[leaf("igw_s", "igw", "service IGW"),
                  rt("rt_s_pub", "service public RT", [route(ANY, "igw_s")], ["s_pub_a", "s_pub_b"]),
                  rt("rt_s_priv", "service private RT", [route("10.1.0.0/16", "pcx_c1"),
                                                         route("10.2.0.0/16", "pcx_c2")], ["s_priv_a", "s_priv_b"]),
                  sg("lb_sg", "lb-sg", tcp(443, ANY)),
                  sg("app_sg", "app-sg", tcp(443, "10.0.0.0/16"))],
        span=[stack(leaf("pub_lb", "alb", "public endpoint for the app", scheme="internet-facing",
                         subnets=["s_pub_a", "s_pub_b"], security_groups=["lb_sg"],
                         listeners=[{"protocol": "HTTPS", "port": 443, "certificate": "acm:service.example.com"}],
                         targets=["app", "app_b"], target_port=80),
                    leaf("eps", "endpoint_service", "endpoint service", load_balancer="nlb",
                         allowed_principals=["222222222222", "333333333333"], acceptance_required=True)),
              leaf("nlb", "nlb", "service NLB", scheme="internal", subnets=["s_priv_a", "s_priv_b"],
                   listeners=[{"protocol": "TCP", "port": 443}], targets=["app", "app_b"], target_port=443)],
        cidr="10.0.0.0/16")
    consumer1 = vpc(
        "vpc_c1", "Customer VPC 1",
        [az("c1_az_a", "us-east-1a", subnet(
            "c1_sn_a", "customer 1 subnet a", "10.1.16.0/20", "private",
            ec2("cons_1", "consumer app 1"),
            leaf("eni_c1a", "vpc_endpoint_interface", "interface endpoint", endpoint_service="eps",
                 service="endpoint-service", subnets=["c1_sn_a", "c1_sn_b"], security_groups=["ep_c1_sg"]))),
         az("c1_az_b", "us-east-1b", subnet(
             "c1_sn_b", "customer 1 subnet b", "10.1.32.0/20", "private",
             leaf("eni_c1b", "eni", "endpoint ENI (b)", security_groups=["ep_c1_sg"], endpoint="eni_c1a")))],
        plumbing=[leaf("igw_c1", "igw", "customer IGW 1"),
                  rt("rt_c1", "customer 1 RT", [route(ANY, "igw_c1"), route("10.0.0.0/16", "pcx_c1")],
                     ["c1_sn_a", "c1_sn_b"]),
                  sg("ep_c1_sg", "ep-c1-sg", tcp(443, "10.1.0.0/16"))],
        cidr="10.1.0.0/16", enable_dns_hostnames=True)
    consumer2 = vpc(
        "vpc_c2", "Customer VPC 2",
        [az("c2_az_a", "us-east-1a", subnet(
            "c2_sn_a", "customer 2 subnet", "10.2.16.0/20", "private",
            ec2("cons_2", "consumer app 2"),
            leaf("eni_c2a", "vpc_endpoint_interface", "interface endpoint", endpoint_service="eps",
                 service="endpoint-service", subnets=["c2_sn_a"], security_groups=["ep_c2_sg"])))],
        plumbing=[leaf("igw_c2", "igw", "customer IGW 2"),
                  rt("rt_c2", "customer 2 RT", [route(ANY, "igw_c2"), route("10.0.0.0/16", "pcx_c2")], ["c2_sn_a"]),
                  sg("ep_c2_sg", "ep-c2-sg", tcp(443, "10.2.0.0/16"))],
        cidr="10.2.0.0/16", enable_dns_hostnames=True)
    t.layout(
        leaf("internet", "internet", "Internet"),
        region("reg", "us-east-1", col(
            box("acc_c1", "account", "Customer account 222222222222", consumer1),
            box("acc_c2", "account", "Customer account 333333333333", consumer2), gap=40),
            col(pcx("pcx_c1", "pcx-c1", "vpc_c1", "vpc_s"), spacer(96, 160),
                pcx("pcx_c2", "pcx-c2", "vpc_c2", "vpc_s")),
            box("acc_p", "account", "Provider account 111111111111", service)))
    t.only(1, "internet", "igw_s", "rt_s_pub", "s_pub_a", "s_pub_b", "pub_lb", "lb_sg", "igw_c1", "igw_c2")
    t.only(2, "pcx_c1", "pcx_c2")
    t.only(3, "nlb", "eps", "eni_c1a", "eni_c1b", "eni_c2a", "ep_c1_sg", "ep_c2_sg")
    t.flow("cons_1", "pub_lb", 443, label="HTTPS (internet)", only=1)
    t.flow("cons_2", "pub_lb", 443, label="HTTPS (internet)", only=1)
    t.flow("pub_lb", "app", 80, only=1)
    t.flow("pub_lb", "app_b", 80, only=1)
    t.flow("cons_1", "app", 443, label="HTTPS (peering)", only=2)
    t.flow("cons_2", "app", 443, label="HTTPS (peering)", only=2)
    t.flow("cons_1", "eni_c1a", 443, only=3)
    t.flow("cons_2", "eni_c2a", 443, only=3)
    t.flow("nlb", "app", 443, only=3)
    t.flow("nlb", "app_b", 443, only=3)
    t.rel("eni_c1a", "eps", "PrivateLink", only=3)
    t.rel("eni_c2a", "eps", "PrivateLink", only=3)
    t.rel("eps", "nlb", "NLB", only=3)
    t.silence("avail.no_auto_scaling", "the two service instances stand for any backend; scaling is not this lesson")
    public_tier = {"props": {"tier": "public", "auto_assign_public_ip": True}}
    t.stage("Option 1: a public endpoint",
            "Customers call the app over the internet through a public load balancer: every customer needs "
            "internet access and the service is exposed to everyone.",
            exhibits=("net.service_public_exposure",),
            overrides={"c1_sn_a": public_tier, "c1_sn_b": public_tier, "c2_sn_a": public_tier,
                       "cons_1": {"props": {"public_ip": True}}, "cons_2": {"props": {"public_ip": True}},
                       "app_sg": {"props": {"inbound": [tcp(80, sg="lb_sg")]}}})
    t.stage("Option 2: VPC peering",
            "Each customer peers with the service VPC: traffic is private, but every peering opens the whole "
            "network both ways, and customers reusing 10.0.0.0/16 cannot peer at all.",
            exhibits=("net.service_exposed_via_peering",), fixes=("net.service_public_exposure",),
            overrides={"app_sg": {"props": {"inbound": [tcp(443, "10.1.0.0/16"), tcp(443, "10.2.0.0/16")]}}})
    t.stage("Option 3: PrivateLink",
            "An NLB backs an endpoint service; each customer gets interface endpoint ENIs in its own VPC. Only "
            "the service is exposed, with no peering, IGW, NAT or routes. Customer 2 has its endpoint in one AZ "
            "only, so it loses the service if that AZ fails.",
            exhibits=("net.privatelink_single_az",), fixes=("net.service_exposed_via_peering",),
            passes=("net.service_public_exposure",))
    t.variant("ALB behind the endpoint service", "An endpoint service must be fronted by an NLB (or GWLB).",
              stage=3, overrides={"nlb": {"kind": "alb", "props": {"listeners": [{"protocol": "HTTP", "port": 443}],
                                                                 "security_groups": ["app_sg"]}}},
              exhibits=("net.privatelink_requires_nlb",))
    return t


def c18_privatelink_ecs() -> Template:
    t = Template("vpc/privatelink_ecs", "PrivateLink in front of an ECS service",
                 "An ECS service behind an ALB in private subnets is exposed through PrivateLink by putting an NLB "
                 "in front of the ALB. Consumers reach it through an endpoint ENI in their VPC, or from on-prem "
                 "over Direct Connect or a Site-to-Site VPN.",
                 "## AWS PrivateLink - VPC Endpoint Services: AWS Private Link & ECS, lines 7362-7371",
                 ["vpc", "privatelink", "ecs", "hybrid"])
    service = vpc(
        "vpc_s", "Service VPC",
        [az("s_az_a", "us-east-1a", subnet(
            "s_priv_a", "private subnet a", "10.0.16.0/20", "private",
            leaf("ecs", "ecs_service", "ECS service (multiple tasks)", launch_type="FARGATE", desired_count=4,
                 container_port=80, subnets=["s_priv_a", "s_priv_b"], security_groups=["ecs_sg"]))),
         az("s_az_b", "us-east-1b", subnet("s_priv_b", "private subnet b", "10.0.32.0/20", "private"))],
        plumbing=[sg("alb_sg", "alb-sg", tcp(80, "10.0.0.0/16"), tcp(443, "10.0.0.0/16")),
                  sg("ecs_sg", "ecs-sg", tcp(80, sg="alb_sg"))],
        span=[leaf("eps", "endpoint_service", "PrivateLink endpoint service", load_balancer="nlb"),
              leaf("nlb", "nlb", "NLB (ALB as target)", scheme="internal", subnets=["s_priv_a", "s_priv_b"],
                   listeners=[{"protocol": "TCP", "port": 443}, {"protocol": "TCP", "port": 80}], targets=["alb"],
                   target_type="alb"),
              leaf("alb", "alb", "internal ALB", scheme="internal", subnets=["s_priv_a", "s_priv_b"],
                   security_groups=["alb_sg"],
                   listeners=[{"protocol": "HTTP", "port": 80},
                              {"protocol": "HTTPS", "port": 443, "certificate": "acm:service.example.com"}],
                   targets=["ecs"], target_port=80)],
        cidr="10.0.0.0/16")
    consumer = vpc(
        "vpc_c", "Customer VPC",
        [az("c_az_a", "us-east-1a", subnet(
            "c_priv_a", "private subnet", "10.1.16.0/20", "private", ec2("cons", "consumer app"),
            leaf("eni", "vpc_endpoint_interface", "interface endpoint ENI", endpoint_service="eps",
                 service="endpoint-service", subnets=["c_priv_a"], security_groups=["ep_sg"])))],
        plumbing=[leaf("vgw", "vgw", "VGW (DX or VPN)"),
                  rt("rt_c", "customer private RT", [route("192.168.0.0/16", "vgw", propagated=True)], ["c_priv_a"]),
                  sg("ep_sg", "ep-sg", tcp(443, "10.1.0.0/16"), tcp(443, "192.168.0.0/16"))],
        cidr="10.1.0.0/16", enable_dns_hostnames=True)
    t.layout(
        dc("dc", "Corporate DC", ["192.168.0.0/16"],
           leaf("corp_client", "on_prem_server", "on-prem clients", cidr="192.168.20.0/24"),
           leaf("cgw", "customer_gateway", "on-prem CGW / DX router", ip="203.0.113.10")),
        col(leaf("vpn", "vpn_connection", "Site-to-Site VPN (or DX)", customer_gateway="cgw",
                                  gateway="vgw", bgp=True)),
        region("reg", "us-east-1", consumer, service))
    t.flow("cons", "eni", 443)
    t.rel("eni", "eps", "PrivateLink")
    t.rel("eps", "nlb", "NLB")
    t.flow("nlb", "alb", 443, label="TCP 443")
    t.flow("alb", "ecs", 80, label="HTTP")
    t.rel("cgw", "vpn", "VPN (or DX)")
    t.rel("vpn", "vgw", "tunnels")
    t.flow("corp_client", "eni", 443, label="HTTPS (on-prem)")
    t.silence("net.privatelink_single_az", "endpoint AZ coverage is C17's lesson")
    t.stage("NLB in front of the ALB",
            "The endpoint service needs an NLB, so the NLB forwards to the ALB that already fronts the ECS tasks. "
            "The customer VPC and the on-prem network both reach the service through the endpoint ENI.",
            passes=("net.privatelink_requires_nlb",))
    return t


def c19_classiclink() -> Template:
    t = Template("vpc/classiclink", "ClassicLink (retired)",
                 "Historical, shown as an exam distractor: EC2-Classic instances could be linked privately to a "
                 "VPC with an associated security group, using private IPv4 instead of public or Elastic IPs.",
                 "## AWS ClassicLink, lines 7373-7385", ["vpc", "legacy", "classiclink"])
    t.layout(region("reg", "us-east-1",
                    box("classic", "ec2_classic", "EC2-Classic shared network",
                        ec2("ec2c", "EC2-Classic instance", classiclink_vpc="vpc", classiclink_sgs=["linked_sg"])),
                    vpc("vpc", "my-vpc",
                        [az("az_a", "us-east-1a", subnet("sn_a", "private subnet", "10.0.16.0/20", "private",
                                                        ec2("ec2v", "VPC instance", ["app_sg"])))],
                        plumbing=[sg("linked_sg", "linked-sg"), sg("app_sg", "app-sg", tcp(443, sg="linked_sg"))],
                        cidr="10.0.0.0/16")))
    t.flow("ec2c", "ec2v", None, label="ClassicLink, TCP 443", check_reach=False)
    t.stage("ClassicLink", "EC2-Classic and ClassicLink are retired: recognise them, never design with them.",
            exhibits=("deprecated.service",))
    return t


def c20_cloudhub() -> Template:
    t = Template("vpc/vpn_cloudhub", "VPN CloudHub",
                 "With several VPN connections to one VGW, sites can reach each other through it: a cheap "
                 "hub-and-spoke over the encrypted public internet, as a primary or backup link between sites.",
                 "## VPN CloudHub, lines 7387-7403", ["vpc", "hybrid", "vpn", "cloudhub"])
    sites = []
    for n in (1, 2, 3):
        sites.append(dc(f"site{n}", f"Customer network {n}", [f"192.168.{n}.0/24"],
                        leaf(f"cgw{n}", "customer_gateway", f"CGW {n}", ip=f"203.0.113.1{n}", bgp_asn=65000 + n)))
    vpns = [leaf(f"vpn{n}", "vpn_connection", f"VPN connection {n}", customer_gateway=f"cgw{n}", gateway="hub",
                 bgp=True) for n in (1, 2, 3)]
    t.layout(col(*sites, gap=40), col(*vpns, gap=72),
             col(region("reg", "us-east-1", vpc("vpc", "hub-vpc", [], plumbing=[
                 leaf("hub", "vpn_cloudhub", "VGW (CloudHub)")], cidr="10.0.0.0/16"))))
    for n in (1, 2, 3):
        t.rel(f"cgw{n}", f"vpn{n}", "IPsec")
        t.rel(f"vpn{n}", "hub", "VPN")
    t.flow("cgw3", "cgw1", None, label="site 3 to site 1", check_reach=False)
    t.rel("cgw1", "cgw2", "private link")
    t.rel("cgw2", "cgw3", "private link")
    t.stage("Three sites meet at the VGW",
            "Each site has a VPN connection to the same VGW; routes learned over BGP let site 3 reach site 1 "
            "through the hub, encrypted all the way.", passes=("net.cidr_overlap",))
    t.variant("Two sites with the same CIDR", "Routes to 192.168.1.0/24 would be ambiguous.",
              overrides={"site2": {"props": {"cidrs": ["192.168.1.0/24"]}}}, exhibits=("net.cidr_overlap",))
    return t


# --- C21-C25: Transit Gateway, RAM, costs ---------------------------------------------------------------

def _spoke(vid: str, label: str, cidr: str, routes: list[dict[str, Any]]) -> Item:
    return vpc(vid, f"{label} ({cidr})", [], plumbing=[rt(f"rt_{vid[-1]}", f"main RT {label}", routes, [], main=True)],
               cidr=cidr)


def c21_transit_gateway() -> Template:
    t = Template("vpc/transit_gateway", "Transit Gateway hub",
                 "Peering meshes get complicated fast. A regional Transit Gateway gives transitive hub-and-spoke "
                 "routing among many VPCs, Direct Connect (through a DX Gateway) and VPN; it can be shared across "
                 "accounts with RAM, peered across regions, segmented with its own route tables, and is the only "
                 "AWS service that supports IP multicast.",
                 "## Transit Gateway, lines 7405-7420", ["vpc", "transit-gateway", "peering", "hybrid"])
    letters = "abcdef"
    cidr = {x: f"10.{i}.0.0/16" for i, x in enumerate(letters)}
    hub_routes = [route("10.0.0.0/8", "tgw"), route("192.168.0.0/16", "tgw")]
    spokes = {x: _spoke(f"vpc_{x}", f"VPC {x.upper()}", cidr[x], hub_routes) for x in letters}
    pairs = [(a, b) for i, a in enumerate(letters) for b in letters[i + 1:]]
    mesh = [pcx(f"pcx_{a}{b}", f"pcx-{a}{b}", f"vpc_{a}", f"vpc_{b}") for a, b in pairs]
    segment = {"a": "prod_rt", "b": "prod_rt", "c": "prod_rt", "f": "prod_rt", "d": "dev_rt", "e": "dev_rt"}
    attachments = [{"vpc": f"vpc_{x}", "route_table": segment[x]} for x in letters]
    attachments += [{"vpn": "vpn", "route_table": "onprem_rt"}, {"dx_gateway": "dxgw", "route_table": "onprem_rt"}]
    tgw = leaf("tgw", "transit_gateway", "Transit Gateway", asn=64512, attachments=attachments, multicast=False,
               shared_with=["acc_b"])
    tables = [leaf(f"{n}_rt", "tgw_route_table", f"TGW {n}-rt", transit_gateway="tgw", propagations=p)
              for n, p in (("prod", ["vpc_a", "vpc_b", "vpc_c", "vpc_f", "vpn", "dxgw"]),
                           ("dev", ["vpc_d", "vpc_e", "vpn", "dxgw"]),
                           ("onprem", [f"vpc_{x}" for x in letters]))]
    t.layout(
        col(dc("dc", "Corporate DC", ["192.168.0.0/16"], leaf("cgw", "customer_gateway", "CGW")),
            leaf("dxgw", "dx_gateway", "Direct Connect Gateway", associations=["tgw"]), gap=64, align="center"),
        leaf("vpn", "vpn_connection", "Site-to-Site VPN", customer_gateway="cgw", gateway="tgw", bgp=True),
        region("reg", "us-east-1", col(
            row(spokes["a"], spokes["b"], spokes["c"], gap=120),
            stack(col(*[row(*mesh[i:i + 5], gap=20) for i in range(0, 15, 5)], gap=16),
                  row(tgw, col(*tables, gap=16), gap=64, align="center")),
            row(spokes["d"], spokes["e"],
                box("acc_b", "account", "Other account (shared via RAM)", spokes["f"],
                    leaf("ram", "ram_share", "RAM share", resources=["tgw"], principals=["acc_b"])), gap=120),
            gap=40, align="center")))
    stage2 = ("dc", "cgw", "dxgw", "vpn", "tgw", "ram", *[n.id for n in tables])
    t.only(2, *stage2)
    t.only(1, *[p.id for p in mesh])
    for x in letters:
        t.rel(f"vpc_{x}", "tgw", "attach", only=2)
    t.rel("dxgw", "tgw", "transit VIF", only=2)
    t.rel("cgw", "vpn", "IPsec", only=2)
    t.rel("vpn", "tgw", "attach", only=2)
    mesh_routes = {f"rt_{x}": {"props": {"routes": [
        route(cidr[y], f"pcx_{min(x, y)}{max(x, y)}") for y in letters if y != x]}} for x in letters}
    t.stage("Full peering mesh",
            "Six VPCs need 15 peerings, each with routes on both sides, and still no path to on-prem: a mesh grows "
            "as n(n-1)/2.", exhibits=("net.peering_mesh_complexity",), overrides=mesh_routes)
    t.stage("Transit Gateway",
            "Every VPC attaches once to the Transit Gateway, and so do the VPN and the DX Gateway; each VPC sends "
            "10.0.0.0/8 and 192.168.0.0/16 to it. TGW route tables keep prod and dev apart, and RAM shares the TGW "
            "with the other account.", fixes=("net.peering_mesh_complexity",), passes=("net.cidr_overlap",))
    return t


def c22_tgw_vpn_ecmp() -> Template:
    t = Template("vpc/tgw_vpn_ecmp", "Transit Gateway: Site-to-Site VPN with ECMP",
                 "Each Site-to-Site VPN has two tunnels. Into a VGW only one carries traffic at a time (about "
                 "1.5 Gbps, one VPC). Into a Transit Gateway with ECMP both are used (about 2.5 Gbps per "
                 "connection, many VPCs), and more VPN connections add more throughput.",
                 "## Transit Gateway: Site-to-Site VPN ECMP, lines 7422-7453",
                 ["vpc", "transit-gateway", "vpn", "throughput"])
    vpcs = [vpc(f"vpc_{n}", f"VPC {n}", [], plumbing=[leaf("vgw", "vgw", "VGW")] if n == 1 else [],
                cidr=f"10.{n - 1}.0.0/16") for n in (1, 2, 3, 4)]
    tgw = leaf("tgw", "transit_gateway", "Transit Gateway (ECMP)", ecmp=True,
               attachments=[*({"vpc": f"vpc_{n}"} for n in (1, 2, 3, 4)), {"vpn": "vpn_1"}, {"vpn": "vpn_2"}])
    fast = {"bandwidth_sensitive": True}
    t.layout(
        col(dc("dc", "Corporate data center", ["192.168.0.0/16"], leaf("cgw", "customer_gateway",
                                                                                        "CGW"))),
        col(leaf("vpn_vgw", "vpn_connection", "VPN to VGW ~1.5 Gbps", customer_gateway="cgw",
                 gateway="vgw", tunnels=2, intent=fast),
            leaf("vpn_1", "vpn_connection", "VPN #1 ~2.5 Gbps", customer_gateway="cgw",
                 gateway="tgw", tunnels=2, intent=fast),
            leaf("vpn_2", "vpn_connection", "VPN #2 (~5 Gbps total)", customer_gateway="cgw",
                 gateway="tgw", tunnels=2, intent=fast), gap=48),
        region("reg", "us-east-1", col(tgw), col(*vpcs, gap=24), flow="row"))
    t.only(1, "vpn_vgw")
    t.only(2, "vpc_2", "vpc_3", "vpc_4", "tgw", "vpn_1", "vpn_2")
    t.rel("cgw", "vpn_vgw", "IPsec", only=1)
    t.rel("vpn_vgw", "vgw", "1 tunnel active", only=1)
    for n in (1, 2):
        t.rel("cgw", f"vpn_{n}", "IPsec", only=2)
        t.rel(f"vpn_{n}", "tgw", "ECMP", only=2)
    for n in (1, 2, 3, 4):
        t.rel(f"vpc_{n}", "tgw", "attach", only=2)
    t.stage("VPN to a virtual private gateway",
            "The connection has two tunnels but the VGW uses one at a time: about 1.5 Gbps, into one VPC.",
            exhibits=("net.vpn_single_tunnel_throughput",))
    t.stage("VPN to a Transit Gateway with ECMP",
            "ECMP spreads traffic over both tunnels of each connection; two connections give four active tunnels, "
            "about 5 Gbps, to four VPCs.", fixes=("net.vpn_single_tunnel_throughput",),
            overrides={"vgw": {"props": {"attached": False}}})
    return t


def c23_tgw_share_dx() -> Template:
    t = Template("vpc/tgw_share_dx", "Transit Gateway: one Direct Connect shared across accounts",
                 "One Direct Connect from the data center goes to a DX location, then a DX Gateway, then a Transit "
                 "Gateway attached to VPCs in two accounts: a single DX shared across accounts and VPCs.",
                 "## Transit Gateway: Share Direct Connect between Multiple Accounts, lines 7455-7464",
                 ["vpc", "transit-gateway", "direct-connect", "multi-account"])
    t.layout(
        dc("dc", "Corporate DC", ["192.168.0.0/16"], leaf("rtr", "customer_router", "customer router")),
        col(box("dxloc", "dx_location", "DX location", leaf("dx_ep", "dx_endpoint", "AWS DX endpoint")),
            leaf("dx1", "dx_connection", "DX connection", gateway="dxgw", on_prem="dc", location="dxloc",
                 vifs=[{"type": "transit", "target": "dxgw"}]), align="center"),
        col(leaf("dxgw", "dx_gateway", "DX Gateway", associations=["tgw"])),
        region("reg", "us-east-1",
               col(leaf("tgw", "transit_gateway", "Transit Gateway (shared by RAM)",
                                        attachments=[{"vpc": "vpc1"}, {"vpc": "vpc2"}, {"dx_gateway": "dxgw"}],
                                        shared_with=["acc2"])),
               col(box("acc1", "account", "Account 1", vpc("vpc1", "VPC-1", [], cidr="10.0.0.0/16")),
                   box("acc2", "account", "Account 2", vpc("vpc2", "VPC-2", [], cidr="10.1.0.0/16")), gap=40)))
    t.rel("rtr", "dx_ep", "DX connection")
    t.rel("dx_ep", "dxgw", "transit VIF")
    t.rel("dxgw", "tgw", "association")
    t.rel("tgw", "vpc1", "attach")
    t.rel("tgw", "vpc2", "attach")
    t.silence("net.dx_unencrypted", "encryption over DX is C14's lesson")
    t.silence("net.dx_single_connection", "DX resiliency is C15's lesson")
    t.stage("DX -> DX Gateway -> Transit Gateway -> two accounts",
            "The transit VIF ends on the DX Gateway, associated with a Transit Gateway that both accounts' VPCs "
            "attach to: one physical link serves every VPC.", passes=("net.cidr_overlap",))
    t.variant("Overlapping VPC CIDRs", "Attachments in one routing domain need distinct CIDRs.",
              overrides={"vpc2": {"props": {"cidr": "10.0.0.0/16"}}}, exhibits=("net.cidr_overlap",))
    return t


def c24_ram_shared_subnet() -> Template:
    t = Template("vpc/ram_shared_subnet", "Sharing VPC subnets across accounts with RAM",
                 "A VPC owner can share a subnet with other accounts of its Organization, which then launch "
                 "resources into the same network: they talk over private IPs and can reference each other's "
                 "security groups, but cannot see or change each other's resources.",
                 "## Resource Access Manager (RAM), lines 6302-6339", ["vpc", "ram", "multi-account"])
    t.layout(
        box("org", "organization", "AWS Organization",
            box("acc_owner", "account", "VPC owner account",
                leaf("ram", "ram_share", "RAM resource share", resources=["priv_a"], principals=["acc_1", "acc_2"])),
            box("acc_1", "account", "Account 1 (participant)"), box("acc_2", "account", "Account 2 (participant)"),
            flow="col"),
        region("reg", "us-east-1", vpc(
            "vpc", "shared-vpc (owned by the VPC owner account)",
            [az("az_a", "us-east-1a", subnet(
                "priv_a", "shared private subnet", "10.0.16.0/20", "private",
                ec2("ec2_1", "app of Account 1", ["app1_sg"], owner="acc_1"),
                ec2("ec2_2", "app of Account 2", ["app2_sg"], owner="acc_2"),
                ec2("ec2_o", "owner app", owner="acc_owner"), ram_shared_with=["acc_1", "acc_2"]))],
            plumbing=[sg("app1_sg", "app1-sg (Account 1)"), sg("app2_sg", "app2-sg (Account 2)", tcp(443, sg="app1_sg"))],
            cidr="10.0.0.0/16")))
    t.flow("ec2_1", "ec2_2", 443, label="HTTPS")
    t.stage("A subnet shared with two accounts",
            "Participants launch into the owner's subnet and talk privately; app2-sg admits app1-sg although "
            "the groups belong to different accounts.", passes=("ram.cannot_share_sg_or_default_vpc",))
    t.variant("Sharing a security group", "RAM cannot share security groups or the default VPC.",
              overrides={"ram": {"props": {"resources": ["priv_a", "app1_sg"]}}},
              exhibits=("ram.cannot_share_sg_or_default_vpc",))
    return t


def c25_network_costs() -> Template:
    t = Template("vpc/network_costs", "Networking cost examples",
                 "Data into EC2 is free; same-AZ traffic over private IPs is free; cross-AZ costs $0.01/GB over "
                 "private IPs and $0.02/GB over public or Elastic IPs; inter-region $0.02/GB. Keep traffic private "
                 "and in one AZ when HA allows, move compute next to the data, and prefer CloudFront and gateway "
                 "endpoints.",
                 "## Networking Costs in AWS, lines 7497-7568", ["vpc", "cost", "data-transfer"])
    panel = {"check_reach": False}
    t.layout(
        col(leaf("internet", "internet", "Internet"), leaf("net_user", "user", "internet users"),
            dc("dc", "Corporate DC", ["192.168.0.0/16"], leaf("user_dc", "user", "corporate user"),
               leaf("app_dc", "on_prem_server", "analytics app (on-prem)")), gap=48),
        col(box("global", "global", "Global (CloudFront)", leaf("cf", "cloudfront", "CloudFront",
                                                                 origins=[{"target": "s3", "oac": True}])),
            region("reg", "us-east-1", vpc(
                "vpc", "cost-vpc",
                [az("az_a", "us-east-1a",
                    subnet("pub_a", "public-a", "10.0.0.0/24", "public",
                           ec2("e1", "EC2-1", public_ip=True), ec2("e2", "EC2-2 (same AZ)"),
                           leaf("natgw", "nat_gateway", "NAT gateway (AZ a)", elastic_ip=True)),
                    subnet("priv_a", "private-a", "10.0.16.0/20", "private",
                           leaf("rds", "rds", "production DB", engine="mysql"),
                           leaf("rr_same", "rds", "read replica (same AZ)", engine="mysql", role="read_replica",
                                replica_of="rds"),
                           ec2("app_aws", "analytics app moved into AWS"), ec2("w1", "workload-1"))),
                 az("az_b", "us-east-1b",
                    subnet("pub_b", "public-b", "10.0.1.0/24", "public",
                           ec2("e3", "EC2-3 (other AZ)", public_ip=True),
                           leaf("natgw_b", "nat_gateway", "NAT gateway (AZ b)", elastic_ip=True)),
                    subnet("priv_b", "private-b", "10.0.32.0/20", "private", ec2("w2", "workload-2")))],
                plumbing=[leaf("igw", "igw", "IGW"),
                          rt("rt_pub", "public RT", [route(ANY, "igw")], ["pub_a", "pub_b"]),
                          rt("rt_priv", "private RT a", [route(ANY, "natgw"), pl_route("s3", "gwe")], ["priv_a"]),
                          rt("rt_priv_b", "private RT b", [route(ANY, "natgw_b"), pl_route("s3", "gwe")],
                             ["priv_b"]),
                          leaf("gwe", "vpc_endpoint_gateway", "S3 gateway endpoint", service="s3",
                               route_tables=["rt_priv", "rt_priv_b"])],
                rows_per_column=3, cidr="10.0.0.0/16"),
                col(leaf("s3", "s3_bucket", "bucket", versioning=True, replication_to="s3_dr"))),
            gap=40, align="center"),
        region("reg2", "us-west-2", col(
            vpc("vpc2", "cost-vpc-west", [az("az2_a", "us-west-2a", subnet(
                "sn2_a", "private-west", "10.1.16.0/20", "private", ec2("e4", "EC2-4 (other region)")))],
                cidr="10.1.0.0/16"),
            leaf("s3_dr", "s3_bucket", "replica bucket (other region)", versioning=True), gap=40)))
    t.only(1, "internet", "e1", "e2", "e3", "e4", "rr_same", "vpc2")
    t.only((1, 2), "rds")
    t.only((1, 4), "pub_a", "pub_b", "igw", "rt_pub")
    t.only((1, 2, 4), "vpc")
    t.only(2, "dc", "app_aws")
    t.only(3, "global", "net_user", "s3_dr")
    t.only((3, 4), "s3")
    t.only((1, 3), "reg2")
    t.only(4, "natgw", "natgw_b", "rt_priv", "rt_priv_b", "w1", "w2")
    t.only((), "gwe")
    t.flow("internet", "e1", None, label="in: free", only=1, **panel)
    t.flow("e1", "e2", None, label="same AZ: free", only=1, **panel)
    t.flow("e1", "e3", None, label="cross-AZ, public IP: $0.02/GB", only=1, addressing="public",
           volume_gb_month=500, **panel)
    t.flow("e1", "e4", None, label="inter-region: $0.02/GB", only=1, **panel)
    t.rel("rds", "rr_same", "same AZ: free", only=1)
    t.flow("rds", "app_dc", None, label="100 MB out per query", only=2, volume_gb_month=3000,
           needed_gb_month=1.5, direction="egress", **panel)
    t.flow("app_dc", "user_dc", None, label="50 KB report", only=2, **panel)
    t.flow("app_aws", "rds", None, label="same-AZ query: free", only=2, **panel)
    t.flow("app_aws", "user_dc", None, label="50 KB out", only=2, volume_gb_month=1.5,
           direction="egress", **panel)
    t.flow("net_user", "s3", None, label="upload: free", only=3, **panel)
    t.flow("s3", "net_user", None, label="$0.09/GB", only=3, edge_id="s3-net_user", **panel)
    t.rel("s3", "cf", "$0.00/GB", only=3)
    t.flow("cf", "net_user", None, label="$0.085/GB", only=3, **panel)
    t.rel("s3", "s3_dr", "CRR: $0.02/GB", only=3)
    t.flow("w1", "s3", 443, label="NAT $/h + $/GB", only=4)
    t.flow("w2", "s3", 443, label="NAT $/h + $/GB", only=4)
    t.stage("Where traffic costs: AZs and regions",
            "Ingress and same-AZ private traffic are free; EC2-1 to EC2-3 crosses AZs over public IPs, which costs "
            "twice the private-IP price; inter-region costs $0.02/GB; a same-AZ read replica costs nothing to feed.",
            exhibits=("cost.cross_az_public_ip",))
    t.stage("Minimise egress",
            "An on-prem analytics app pulls 100 MB per query out of AWS; moved next to the database, only the "
            "50 KB report leaves.", exhibits=("cost.egress_heavy",))
    t.stage("S3 data transfer",
            "Uploads are free, direct downloads $0.09/GB, S3 to CloudFront free and CloudFront to users "
            "$0.085/GB; cross-region replication adds $0.02/GB.", exhibits=("cost.cross_region_replication",))
    t.stage("NAT gateway vs gateway endpoint",
            "Option A: workloads reach S3 through their AZ's NAT gateway and pay NAT hours plus per-GB "
            "processing. A gateway endpoint (the what-if variant) carries the same traffic for less.",
            exhibits=("net.aws_service_via_internet",),
            overrides={"rt_priv": {"props": {"routes": [route(ANY, "natgw")]}},
                       "rt_priv_b": {"props": {"routes": [route(ANY, "natgw_b")]}}},)
    t.variant("Option B: S3 gateway endpoint", "No NAT in the path: only in-region transfer is charged.", stage=4,
              show=("gwe",), hide=("natgw", "natgw_b", "pub_a", "pub_b", "igw", "rt_pub"),
              overrides={"rt_priv": {"props": {"routes": [pl_route("s3", "gwe")]}},
                         "rt_priv_b": {"props": {"routes": [pl_route("s3", "gwe")]}}},
              passes=("net.aws_service_via_internet",))
    return t


BUILDERS = [c1_default_vpc, c2_basics, c3_nat_instance, c4_nat_gateway, c5_nat_gateway_ha, c6_nacl_vs_sg,
            c7_bastion, c8_peering, c9_endpoints, c10_flow_logs, c11_vpn, c12_direct_connect, c13_dx_gateway,
            c14_dx_plus_vpn, c15_dx_resiliency, c16_egress_only_igw, c17_privatelink, c18_privatelink_ecs,
            c19_classiclink, c20_cloudhub, c21_transit_gateway, c22_tgw_vpn_ecmp, c23_tgw_share_dx,
            c24_ram_shared_subnet, c25_network_costs]


def main() -> int:
    return run(BUILDERS, OUT, sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
