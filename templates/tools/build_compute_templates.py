"""Write templates/{ec2,storage,elb,asg}/*.yaml: Part D of case-studies.md (compute, load balancing, scaling).

Part D was not reviewed in the spec, so each description here was checked against AWS's behaviour first;
the corrections are listed in the template's description or in code comments:

* every subnet sits in an AZ, and every VPC whose instances the internet reaches has an attached IGW and a
  public route table (the spec's drawings leave both out);
* HTTPS listeners carry an ACM certificate; an NLB without security groups passes the client's address to
  its targets, whose security group must then admit the clients;
* an Elastic IP moved between instances (D4) is a legitimate failover pattern: the spec's "exhibits
  net.eip_overuse at one EIP" contradicts its own rule definition (one EIP does not fire it), so D4 claims
  no finding.

Run ``/work/venv/bin/python templates/tools/build_compute_templates.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_vpc_templates import ADMIN_IP, ANY, ec2, region, route, rt, sg, tcp  # noqa: E402
from template_kit import Template, run  # noqa: E402
from vpc_layout import Item, az, box, col, leaf, row, stack, subnet, vpc  # noqa: E402

OUT = Path(__file__).resolve().parents[1]
CERT = "acm:example.com"
#: Part D draws single instances on purpose in several lessons; the HA advice belongs to other templates.
NO_SCALING = (("avail.no_auto_scaling", "the instances stand for any backend; auto scaling is D19's lesson"),)


def _web_vpc(pub: tuple[list[Item], list[Item]] = ([], []), priv: tuple[list[Item], list[Item]] = ([], []),
             span: list[Item] = (), plumbing: list[Item] = (), per_row: int | None = None,
             extra_routes: list[dict[str, Any]] = ()) -> Item:
    """The usual two-AZ VPC: public subnets routed to the IGW, private subnets on the main route table."""
    return vpc(
        "vpc", "demo-vpc",
        [az("az_a", "us-east-1a",
            subnet("pub_a", "public a", "10.0.0.0/24", "public", *pub[0], per_row=per_row),
            subnet("priv_a", "private a", "10.0.16.0/20", "private", *priv[0], per_row=per_row)),
         az("az_b", "us-east-1b",
            subnet("pub_b", "public b", "10.0.1.0/24", "public", *pub[1], per_row=per_row),
            subnet("priv_b", "private b", "10.0.32.0/20", "private", *priv[1], per_row=per_row))],
        plumbing=[leaf("igw", "igw", "IGW"),
                  rt("rt_pub", "public route table", [route(ANY, "igw"), *extra_routes], ["pub_a", "pub_b"]),
                  *plumbing],
        span=list(span), cidr="10.0.0.0/16")


def d2_user_data() -> Template:
    t = Template("ec2/user_data_webserver", "Single EC2 web server bootstrapped with user data",
                 "A t2.micro in the default VPC runs a user-data script once, at first boot, to install a web "
                 "server. Its security group opens HTTP 80 to everyone and SSH 22 to the admin only. Its public "
                 "IPv4 changes after a stop/start; its private IP does not.",
                 "## EC2 Basics 218-252, EC2 User Data hands-on 254-270, Security Groups 318-362, SSH 364-386",
                 ["ec2", "user-data", "security-groups"], suppress=())
    t.layout(
        col(leaf("browser", "user", "Browser"), leaf("admin", "admin", "Admin laptop", ip="198.51.100.7"), gap=48),
        region("reg", "us-east-1", vpc(
            "vpc", "default VPC",
            [az("az_a", "us-east-1a", subnet(
                "sn", "default subnet", "172.31.0.0/20", "public",
                ec2("ec2", "my-first-instance", ["web_sg"], instance_type="t2.micro", ami_name="Amazon Linux 2",
                    user_data="yum install -y httpd; systemctl enable --now httpd; echo hello > index.html",
                    key_pair="ec2tutorial", root_volume={"type": "gp2", "size_gib": 8,
                                                         "delete_on_termination": True}),
                auto_assign_public_ip=True))],
            plumbing=[leaf("igw", "igw", "default IGW"),
                      rt("rt", "main route table", [route(ANY, "igw")], ["sn"], main=True),
                      sg("web_sg", "launch-wizard-1", tcp(80, ANY), tcp(22, ADMIN_IP))],
            cidr="172.31.0.0/16", is_default=True, enable_dns_hostnames=True)))
    t.flow("browser", "ec2", 80, label="HTTP")
    t.flow("admin", "ec2", 22, label="SSH (key pair)")
    t.stage("One web server",
            "The page is served from a single instance reached at its public IP: if it stops, the site is down, "
            "and after a restart the IP is new. A timeout means a security-group problem; 'connection refused' "
            "means the application.", exhibits=("avail.single_instance_spof",), passes=("sg.ssh_open_to_world",))
    t.variant("Wizard default: SSH from anywhere", "The launch wizard's 0.0.0.0/0 on port 22 invites scanners.",
              overrides={"web_sg": {"props": {"inbound": [tcp(80, ANY), tcp(22, ANY)]}}},
              exhibits=("sg.ssh_open_to_world",))
    return t


def d3_sg_referencing() -> Template:
    t = Template("ec2/sg_referencing", "Security groups referencing security groups",
                 "An inbound rule can name other security groups as its source: any instance carrying SG-1 or SG-2 "
                 "gets through whatever its IP, while an instance with SG-3 times out.",
                 "## Security Groups & Classic Ports Overview, lines 351-356", ["ec2", "security-groups"],
                 suppress=())
    t.layout(region("reg", "us-east-1", vpc(
        "vpc", "demo-vpc",
        [az("az_a", "us-east-1a", subnet(
            "sn", "private subnet", "10.0.16.0/20", "private",
            ec2("peer1", "instance with SG-1", ["sg_1"]), ec2("peer2", "instance with SG-2", ["sg_2"]),
            ec2("peer3", "instance with SG-3", ["sg_3"]), ec2("target", "target instance", ["target_sg"]),
            per_row=3))],
        plumbing=[sg("target_sg", "target-sg", tcp(8080, sg="sg_1"), tcp(8080, sg="sg_2")),
                  sg("sg_1", "SG-1"), sg("sg_2", "SG-2"), sg("sg_3", "SG-3")],
        rows_per_column=2, cidr="10.0.0.0/16")))
    t.flow("peer1", "target", 8080, label="allowed (SG-1)")
    t.flow("peer2", "target", 8080, label="allowed (SG-2)")
    t.flow("peer3", "target", 8080, label="times out (SG-3)", expect="blocked")
    t.stage("Sources named by security group",
            "target-sg admits TCP 8080 from members of SG-1 and SG-2, so scaling those groups needs no rule "
            "change; the SG-3 instance is not named and its connection times out.",
            exhibits=("REACH-FLOW-001", "SG-PORT-001"))
    return t


def d4_elastic_ip() -> Template:
    t = Template("ec2/elastic_ip", "Elastic IP remapping",
                 "An Elastic IP is a fixed public IPv4 that can be moved to another instance to hide a failure "
                 "(5 per account by default). The notes advise DNS or a load balancer instead.",
                 "## Private vs Public vs Elastic IP, lines 473-526", ["ec2", "elastic-ip"], suppress=())
    t.layout(
        leaf("user", "user", "Users"),
        region("reg", "us-east-1", vpc(
            "vpc", "default VPC",
            [az("az_a", "us-east-1a", subnet("sn", "public subnet", "172.31.0.0/20", "public",
                                             ec2("i1", "primary", ["web_sg"]), ec2("i2", "replacement", ["web_sg"]),
                                             leaf("eip", "elastic_ip", "Elastic IP 54.0.0.10",
                                                  associated_with="i2", address="54.0.0.10")))],
            plumbing=[leaf("igw", "igw", "IGW"), rt("rt", "main route table", [route(ANY, "igw")], ["sn"], main=True),
                      sg("web_sg", "web-sg", tcp(80, ANY))],
            cidr="172.31.0.0/16", is_default=True, enable_dns_hostnames=True)))
    t.flow("user", "i1", 80, label="HTTP to the EIP", only=1)
    t.flow("user", "i2", 80, label="HTTP to the EIP", only=2)
    t.rel("eip", "i1", "associated", only=1)
    t.rel("eip", "i2", "associated", only=2)
    t.stage("EIP on the primary", "Users reach the primary through its Elastic IP; it is still one instance.",
            exhibits=("avail.single_instance_spof",),
            overrides={"eip": {"props": {"associated_with": "i1"}}, "i1": {"props": {"elastic_ip": True}}})
    t.stage("EIP remapped after a failure",
            "The primary failed; the same address now points at the replacement, so users keep the IP. It is a "
            "manual or scripted move, which DNS or a load balancer does better.", exhibits=("avail.single_instance_spof",),
            overrides={"i1": {"props": {"state": "stopped"}}, "i2": {"props": {"elastic_ip": True}}})
    return t


def d6_eni_failover() -> Template:
    t = Template("ec2/eni_failover", "ENI failover",
                 "A secondary network interface (eth1) with its own private IP can be detached from one instance "
                 "and attached to another in the same AZ, moving its address with it.",
                 "## Elastic Network Interfaces (ENI) - Overview, lines 626-647", ["ec2", "eni", "failover"],
                 suppress=())
    t.layout(region("reg", "us-east-1", vpc(
        "vpc", "demo-vpc",
        [az("az_a", "us-east-1a", subnet("sn", "subnet", "10.0.16.0/20", "private",
                                         ec2("i1", "instance 1", private_ip="10.0.16.10"),
                                         leaf("eth1", "eni", "eth1 (secondary)", attached_to="i2",
                                              private_ip="10.0.16.50", security_groups=["app_sg"]),
                                         ec2("i2", "instance 2", private_ip="10.0.16.11"))),
         az("az_b", "us-east-1b", subnet("sn_b", "subnet b", "10.0.32.0/20", "private"))],
        plumbing=[sg("app_sg", "app-sg")], cidr="10.0.0.0/16")))
    t.only((), "az_b")
    t.rel("eth1", "i1", "attached", only=1)
    t.rel("eth1", "i2", "attached", only=2)
    t.stage("eth1 on instance 1", "The service address 10.0.16.50 lives on eth1, attached to instance 1.",
            overrides={"eth1": {"props": {"attached_to": "i1"}}}, passes=("eni.cross_az_attach",))
    t.stage("eth1 moved to instance 2", "Instance 1 failed: eth1 is attached to instance 2 in the same AZ and "
            "clients keep using 10.0.16.50.", passes=("eni.cross_az_attach",))
    t.variant("Instance 2 in another AZ", "An ENI only attaches to instances of its own AZ.", stage=2,
              show=("az_b",), overrides={"i2": {"parent": "sn_b", "props": {"private_ip": "10.0.32.11"}}},
              exhibits=("eni.cross_az_attach",))
    return t


def d10_efs() -> Template:
    t = Template("storage/efs_multi_az", "EFS shared across AZs",
                 "EFS is a managed NFS file system for Linux: instances in several AZs mount it through one mount "
                 "target per AZ, and a security group on the mount targets admits NFS from the instances' group.",
                 "## EFS Overview, lines 985-1054", ["storage", "efs"], suppress=())
    names = (("a", "10.0.16.0/20"), ("b", "10.0.32.0/20"), ("c", "10.0.48.0/20"))
    azs = [az(f"az_{x}", f"us-east-1{x}", subnet(
        f"priv_{x}", f"private {x}", cidr, "private",
        ec2(f"e_{x}", f"Linux instance {x}", ["ec2_sg"]),
        leaf(f"mt_{x}", "efs_mount_target", f"mount target {x}", efs="efs", security_groups=["efs_sg"])))
        for x, cidr in names]
    t.layout(region("reg", "us-east-1", vpc(
        "vpc", "demo-vpc", azs,
        plumbing=[sg("efs_sg", "efs-sg", tcp(2049, sg="ec2_sg")), sg("ec2_sg", "ec2-sg", tcp(22, ADMIN_IP))],
        span=[leaf("efs", "efs", "fs-5dafeeac", security_groups=["efs_sg"], encrypted=True,
                   lifecycle_ia_days=30)],
        cidr="10.0.0.0/16")))
    for x, _ in names:
        t.flow(f"e_{x}", f"mt_{x}", 2049, label="NFS (TLS)")
        t.rel(f"mt_{x}", "efs", "same file system")
    t.stage("One file system, three AZs",
            "Each instance mounts the file system through the mount target of its own AZ; efs-sg admits NFS "
            "only from members of ec2-sg.", passes=("storage.efs_sg_blocks_nfs", "storage.efs_windows"))
    t.variant("Windows client", "EFS serves Linux (NFS) clients only; Windows needs FSx for Windows.",
              overrides={"e_a": {"props": {"os": "windows"}}}, exhibits=("storage.efs_windows",))
    t.variant("efs-sg without the NFS rule", "Mounting times out until efs-sg admits TCP 2049 from ec2-sg.",
              overrides={"efs_sg": {"props": {"inbound": []}}}, exhibits=("storage.efs_sg_blocks_nfs",))
    return t


def _lb_sg_chain(alb_ports: tuple[int, ...] = (80, 443)) -> list[Item]:
    return [sg("lb_sg", "lb-sg", *[tcp(p, ANY) for p in alb_ports]), sg("app_sg", "app-sg", tcp(80, sg="lb_sg"))]


def d11_elb_sg_chain() -> Template:
    t = Template("elb/basic_sg_chain", "Elastic Load Balancer with the security-group chain",
                 "A managed load balancer gives one DNS entry point, spreads traffic, health-checks the instances "
                 "and terminates TLS. The load balancer's security group admits the world; the instances' group "
                 "admits only the load balancer's group.",
                 "## Elastic Load Balancing (ELB) Overview, lines 1139-1204", ["elb", "security-groups"],
                 suppress=NO_SCALING)
    t.layout(
        col(leaf("u1", "user", "User 1"), leaf("u2", "user", "User 2"), leaf("u3", "user", "User 3"), gap=32),
        region("reg", "us-east-1", _web_vpc(
            priv=([ec2("i1", "backend 1", ["app_sg"]), ec2("i3", "backend 3", ["app_sg"])],
                  [ec2("i2", "backend 2", ["app_sg"])]),
            span=[leaf("lb", "alb", "demo-alb", subnets=["pub_a", "pub_b"], security_groups=["lb_sg"],
                       listeners=[{"protocol": "HTTP", "port": 80}, {"protocol": "HTTPS", "port": 443,
                                                                    "certificate": CERT}],
                       targets=["i1", "i2", "i3"], target_port=80,
                       health_check={"protocol": "HTTP", "port": 80, "path": "/health", "interval_s": 5})],
            plumbing=_lb_sg_chain())))
    for user in ("u1", "u2", "u3"):
        t.flow(user, "lb", 443, label="HTTPS")
    for target in ("i1", "i2", "i3"):
        t.flow("lb", target, 80, label="HTTP + /health")
    t.stage("ALB in front of three backends",
            "Users only know the load balancer's DNS name; lb-sg admits 80/443 from anywhere and app-sg admits "
            "port 80 only from lb-sg, so the backends are not reachable directly.",
            passes=("sg.backend_open_to_world",))
    t.variant("Backends open to the world", "app-sg admitting 0.0.0.0/0 lets anyone bypass the load balancer.",
              overrides={"app_sg": {"props": {"inbound": [tcp(80, ANY)]}}}, exhibits=("sg.backend_open_to_world",))
    return t


def d12_path_routing() -> Template:
    t = Template("elb/alb_path_routing", "ALB path-based routing to two target groups",
                 "One internet-facing ALB routes /user to a users target group and /search to a search target "
                 "group: two independent microservices behind one entry point. Backends see the client's IP only "
                 "in X-Forwarded-For.",
                 "## Application Load Balancer (ALB), lines 1216-1260", ["elb", "alb", "routing"],
                 suppress=NO_SCALING)
    tgs = [leaf("tg_user", "target_group", "TG users", targets=["u1", "u2"], port=80,
                health_check={"path": "/user/health"}),
           leaf("tg_search", "target_group", "TG search", targets=["s1", "s2"], port=80,
                health_check={"path": "/search/health"})]
    t.layout(
        leaf("user", "user", "Users"),
        region("reg", "us-east-1", _web_vpc(
            priv=([ec2("u1", "users app 1", ["app_sg"]), ec2("s1", "search app 1", ["app_sg"])],
                  [ec2("u2", "users app 2", ["app_sg"]), ec2("s2", "search app 2", ["app_sg"])]),
            span=[leaf("alb", "alb", "external ALB", subnets=["pub_a", "pub_b"], security_groups=["lb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT, "target_group": "tg_user"}],
                       rules=[{"path": "/user*", "target_group": "tg_user"},
                              {"path": "/search*", "target_group": "tg_search"}]), *tgs],
            plumbing=_lb_sg_chain((443,)))))
    t.flow("user", "alb", 443, label="/user, /search")
    for target, path in (("u1", "/user"), ("u2", "/user"), ("s1", "/search"), ("s2", "/search")):
        t.flow("alb", target, 80, label=path)
    t.stage("Two microservices behind one ALB",
            "Listener rules match the path and forward to the target group of the right service, each with its "
            "own health check.")
    return t


def d14_nlb() -> Template:
    t = Template("elb/nlb", "Network Load Balancer",
                 "A layer-4 (TCP/UDP) load balancer for extreme performance. It has one fixed IP per AZ, which can "
                 "be an Elastic IP for allow-listing. Created without security groups, it passes the client's "
                 "address through, so the targets' group must admit the clients.",
                 "## Network Load Balancer (NLB), lines 1262-1280", ["elb", "nlb"], suppress=NO_SCALING)
    t_sg = sg("t_sg", "target-sg", tcp(443, ANY), tcp(53, ANY, protocol="udp"))
    t.layout(
        leaf("user", "user", "TCP/UDP clients"),
        region("reg", "us-east-1", _web_vpc(
            priv=([ec2("t1", "target 1", ["t_sg"])], [ec2("t2", "target 2", ["t_sg"])]),
            span=[leaf("nlb", "nlb", "demo-nlb", subnets=["pub_a", "pub_b"], elastic_ips=True,
                       static_ips={"us-east-1a": "3.3.3.1", "us-east-1b": "3.3.3.2"},
                       listeners=[{"protocol": "TCP", "port": 443}, {"protocol": "UDP", "port": 53}],
                       targets=["t1", "t2"], preserve_client_ip=True, health_check={"protocol": "TCP", "port": 443})],
            plumbing=[t_sg])))
    t.flow("user", "nlb", 443, label="TCP 443")
    t.flow("user", "nlb", 53, protocol="udp", label="UDP 53")
    for target in ("t1", "t2"):
        t.flow("nlb", target, 443, label="TCP")
        t.flow("nlb", target, 53, protocol="udp", label="UDP")
    t.stage("NLB with an Elastic IP per AZ",
            "Clients connect to two fixed addresses; the NLB forwards TCP and UDP to the targets, which see the "
            "client's own IP.")
    return t


def d15_sticky() -> Template:
    t = Template("elb/sticky_sessions", "Sticky sessions",
                 "A stickiness cookie (duration-based, or named by the application) pins a client to one instance "
                 "until it expires. It works on ALB and CLB, and can unbalance the load.",
                 "## Elastic Load Balancer - Sticky Sessions, lines 1282-1318", ["elb", "stickiness", "sessions"],
                 suppress=NO_SCALING)
    t.layout(
        col(leaf("c1", "user", "Client 1"), leaf("c2", "user", "Client 2"), leaf("c3", "user", "Client 3"), gap=32),
        region("reg", "us-east-1", _web_vpc(
            priv=([ec2("i1", "instance 1", ["app_sg"]), ec2("i3", "instance 3", ["app_sg"])],
                  [ec2("i2", "instance 2", ["app_sg"])]),
            span=[leaf("alb", "alb", "ALB", subnets=["pub_a", "pub_b"], security_groups=["lb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}], targets=["i1", "i2", "i3"],
                       target_port=80, stickiness={"enabled": True, "type": "duration", "duration_s": 3600})],
            plumbing=_lb_sg_chain((443,)))))
    for client in ("c1", "c2", "c3"):
        t.flow(client, "alb", 443)
    for target in ("i1", "i2", "i3"):
        t.flow("alb", target, 80)
    t.stage("No stickiness", "Each request may land on any instance: fine for stateless apps.",
            overrides={"alb": {"props": {"stickiness": {"enabled": False}}}}, passes=("state.sticky_only",))
    t.stage("Duration-based stickiness (1 h)",
            "The AWSALB cookie pins each client to one instance for an hour: sessions survive only as long as "
            "that instance, and a few heavy clients can overload it.", exhibits=("state.sticky_only",))
    t.variant("Reserved cookie name", "AWSALB, AWSALBAPP and AWSALBTG are ELB's own cookie names.", stage=2,
              overrides={"alb": {"props": {"stickiness": {"enabled": True, "type": "app",
                                                          "cookie_name": "AWSALBAPP"}}}},
              exhibits=("elb.reserved_cookie_name",))
    return t


def d16_cross_zone() -> Template:
    t = Template("elb/cross_zone", "Cross-zone load balancing",
                 "With cross-zone on, every load balancer node spreads traffic over all instances in all AZs; with "
                 "it off, each node serves only its own AZ. Defaults: ALB on, NLB off, CLB on via the console. "
                 "The 2 + 8 instance split is proposed to show the effect.",
                 "## Elastic Load Balancer - Cross Zone Load Balancing, lines 1320-1339", ["elb", "nlb", "cross-zone"],
                 suppress=NO_SCALING)
    a = [ec2(f"a{n}", f"a-{n}", ["t_sg"]) for n in (1, 2)]
    b = [ec2(f"b{n}", f"b-{n}", ["t_sg"]) for n in range(1, 9)]
    t.layout(
        leaf("client", "user", "Clients"),
        region("reg", "us-east-1", _web_vpc(
            priv=(a, b), per_row=4,
            span=[leaf("nlb", "nlb", "NLB (nodes in a and b)", subnets=["pub_a", "pub_b"], cross_zone=True,
                       listeners=[{"protocol": "TCP", "port": 443}], targets=[n.id for n in a + b],
                       preserve_client_ip=True)],
            plumbing=[sg("t_sg", "target-sg", tcp(443, ANY))])))
    t.flow("client", "nlb", 443, label="DNS: 50% per node")
    for node in a + b:
        t.flow("nlb", node.id, 443, label="10%")
    shares = {f"nlb-{n.id}:443": {"label": "25%" if n in a else "6.25%"} for n in a + b}
    t.stage("Cross-zone off",
            "Each NLB node gets half the traffic and keeps it in its AZ: a-1 and a-2 take 25% each while each "
            "b instance takes 6.25%.", exhibits=("elb.uneven_az_distribution",),
            overrides={"nlb": {"props": {"cross_zone": False}}, **shares})
    t.stage("Cross-zone on", "Every node spreads over all ten instances: 10% each.",
            fixes=("elb.uneven_az_distribution",))
    return t


def d17_sni() -> Template:
    t = Template("elb/ssl_sni", "HTTPS termination and SNI",
                 "Clients use HTTPS to the load balancer (certificates from ACM), which talks HTTP inside the VPC. "
                 "With SNI one ALB or NLB listener serves several certificates and routes each host name to its "
                 "target group; a Classic Load Balancer takes only one certificate.",
                 "## Elastic Load Balancer - SSL Certificates, lines 1341-1392", ["elb", "tls", "sni"],
                 suppress=NO_SCALING)
    t.layout(
        leaf("client", "user", "Client (SNI mycorp.com)"),
        region("reg", "us-east-1", _web_vpc(
            priv=([ec2("i1", "mycorp backend", ["app_sg"])], [ec2("i2", "example backend", ["app_sg"])]),
            span=[leaf("alb", "alb", "ALB", subnets=["pub_a", "pub_b"], security_groups=["lb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": "acm:mycorp.com",
                                   "certificates": ["acm:www.example.com"], "target_group": "tg1"}],
                       rules=[{"host": "mycorp.com", "target_group": "tg1"},
                              {"host": "www.example.com", "target_group": "tg2"}]),
                  leaf("tg1", "target_group", "TG mycorp.com", targets=["i1"]),
                  leaf("tg2", "target_group", "TG example.com", targets=["i2"])],
            plumbing=_lb_sg_chain((443,)))))
    t.flow("client", "alb", 443, label="TLS with SNI")
    t.flow("alb", "i1", 80, label="host mycorp.com")
    t.flow("alb", "i2", 80, label="host www.example.com")
    t.stage("Two certificates on one listener",
            "The ALB picks the certificate matching the host name the client sends (SNI) and forwards to that "
            "host's target group over plain HTTP inside the VPC.", passes=("elb.clb_multi_cert",))
    t.variant("Classic Load Balancer with two certificates", "A CLB has no SNI: one certificate per listener.",
              overrides={"alb": {"kind": "clb", "props": {"rules": None, "listeners": [
                  {"protocol": "HTTPS", "port": 443, "certificate": "acm:mycorp.com",
                   "certificates": ["acm:www.example.com"]}], "targets": ["i1", "i2"]}}},
              exhibits=("elb.clb_multi_cert",))
    return t


def d19_asg() -> Template:
    t = Template("asg/lb_cloudwatch_scaling", "Auto Scaling group behind a load balancer, scaled by CloudWatch",
                 "An ASG keeps capacity between its minimum and maximum, registers instances with the load "
                 "balancer, replaces unhealthy ones, and scales on CloudWatch alarms: a built-in metric such as CPU, "
                 "or a custom one pushed with PutMetricData. Sizes and thresholds are proposed.",
                 "## Auto Scaling Groups (ASG) Overview 1415-1478, Dynamic Scaling Policies 1486-1515",
                 ["asg", "elb", "cloudwatch", "scaling"], suppress=())
    def member(n: int) -> Item:
        return ec2(f"i{n}", f"i-{n}", ["app_sg"], member_of="asg")

    t.layout(
        leaf("users", "user", "Users"),
        region("reg", "us-east-1", _web_vpc(
            priv=([member(1), member(3)], [member(2), member(4)]),
            span=[leaf("lb", "alb", "ALB", subnets=["pub_a", "pub_b"], security_groups=["lb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}], target_port=80),
                  leaf("asg", "asg", "web-asg", subnets=["priv_a", "priv_b"], min=2, desired=4, max=7,
                       health_check_type="ELB", load_balancers=["lb"], launch_template="lt",
                       security_groups=["app_sg"], cooldown_s=300, scaling_policy="step: CPU > 70% +2, < 30% -1")],
            plumbing=_lb_sg_chain((443,))),
            col(leaf("lt", "launch_template", "launch template v1", instance_type="t2.micro", iam_role="web-role"),
                leaf("metric", "cloudwatch_metric", "CPUUtilization (ASG)", metric="CPUUtilization"),
                row(leaf("alarm_out", "cloudwatch_alarm", "scale-out alarm", threshold="CPU > 70% for 5 min",
                         action="+2"),
                    leaf("alarm_in", "cloudwatch_alarm", "scale-in alarm", threshold="CPU < 30% for 15 min",
                         action="-1")), gap=40, align="center")))
    t.flow("users", "lb", 443, label="HTTPS")
    for n in (1, 2, 3, 4):
        t.flow("lb", f"i{n}", 80)
    t.rel("lt", "asg", "launches")
    t.rel("metric", "alarm_out", "evaluates")
    t.rel("metric", "alarm_in", "evaluates")
    t.rel("alarm_out", "asg", "scale out")
    t.rel("alarm_in", "asg", "scale in")
    t.stage("Scaling on CPU",
            "Step scaling: the average CPU of the group crosses 70% and the alarm adds two instances; below 30% "
            "one is removed, never below the minimum of 2.", passes=("asg.capacity_order",))
    t.stage("Scaling on a custom metric",
            "The application pushes ConnectedUsers with PutMetricData; the alarm adds an instance above 1,000.",
            overrides={"metric": {"label": "ConnectedUsers (custom)", "props": {"metric": "ConnectedUsers"}},
                       "alarm_out": {"props": {"threshold": "ConnectedUsers > 1000", "action": "+1"}},
                       "asg": {"props": {"scaling_policy": "step: ConnectedUsers > 1000 +1, CPU < 30% -1"}}},
            passes=("asg.capacity_order",))
    t.variant("Desired below the minimum", "An ASG needs min <= desired <= max.",
              overrides={"asg": {"props": {"min": 5, "desired": 4}}}, exhibits=("asg.capacity_order",))
    return t


def d5_placement_groups() -> Template:
    t = Template("ec2/placement_groups", "Placement groups: cluster, spread, partition",
                 "Cluster packs instances on one rack in one AZ (10 Gbps, low latency, shared failure). Spread puts "
                 "each instance on distinct hardware (at most 7 per AZ, across AZs). Partition groups instances "
                 "into rack-isolated partitions (up to 7 per AZ, hundreds of instances) for HDFS, Cassandra, Kafka.",
                 "## EC2 Placement Groups, lines 569-624", ["ec2", "placement-groups"], suppress=())
    cluster = [ec2(f"c{n}", f"cluster node {n}", instance_type="c5n.18xlarge", placement_group="pg_cluster")
               for n in (1, 2, 3, 4)]
    spread = [ec2(f"s{n}", f"spread {n}", placement_group="pg_spread") for n in range(1, 7)]
    brokers = [ec2(f"p{k}{x}", f"Kafka broker {2 * k - (x == 'a')}", placement_group="pg_part", partition=k)
               for k in (1, 2, 3) for x in ("a", "b")]

    def zone(x: str, n: int, *parts: Item) -> tuple[str, str, str, list[Item]]:
        return az(f"az_{x}", f"us-east-1{x}", subnet(f"sn_{x}", f"subnet {x}", f"10.0.{16 * n}.0/20", "private",
                                                     stack(*parts)))

    groups = stack(leaf("pg_cluster", "placement_group", "cluster PG (one rack)", strategy="cluster"),
                   leaf("pg_spread", "placement_group", "spread PG", strategy="spread"),
                   leaf("pg_part", "placement_group", "partition PG (3 partitions)", strategy="partition",
                        partitions_per_az=3))
    t.layout(region("reg", "us-east-1", vpc(
        "vpc", "hpc-vpc",
        [zone("a", 1, row(*cluster, gap=24), row(*spread[:2], gap=24),
              col(row(*brokers[:2], gap=24), row(*brokers[2:4], gap=24), row(*brokers[4:], gap=24), gap=16)),
         zone("b", 2, row(*spread[2:4], gap=24)),
         zone("c", 3, row(*spread[4:], gap=24))],
        plumbing=[groups], cidr="10.0.0.0/16")))
    t.only(1, "pg_cluster", *[n.id for n in cluster])
    t.only(2, "pg_spread", *[n.id for n in spread])
    t.only(3, "pg_part", *[n.id for n in brokers])
    for n in (2, 3, 4):
        t.rel("c1", f"c{n}", "10 Gbps", only=1)
    t.stage("Cluster", "Four HPC nodes on one rack: the fastest network between them, and one rack failure takes "
            "them all, which is acceptable for a batch job but never for a highly available tier.",
            passes=("EC2-PG-001",))
    t.stage("Spread", "Six critical instances on six pieces of hardware across three AZs; at most 7 per AZ.",
            passes=("ec2.spread_limit",))
    t.stage("Partition", "Kafka brokers in three partitions, each on its own racks: a rack failure hits one "
            "partition only, and the brokers know their partition to place replicas.",
            passes=("ec2.partition_limit",))
    t.variant("Eight partitions per AZ", "A partition group has at most 7 partitions per AZ.", stage=3,
              overrides={"pg_part": {"props": {"partitions_per_az": 8}}}, exhibits=("ec2.partition_limit",))
    return t


def d7_ebs_snapshots() -> Template:
    t = Template("storage/ebs_snapshot_ami", "EBS volumes, snapshots and AMIs across AZs and regions",
                 "An EBS volume lives in one AZ and attaches to instances there. To move it, snapshot it and restore "
                 "the snapshot in another AZ; snapshots and AMIs can be copied to other regions. An AMI built from a "
                 "customised instance launches identical ones.",
                 "## EBS Overview 736-769, EBS Snapshots 779-794, AMI Overview 796-822", ["ebs", "snapshots", "ami"],
                 suppress=())
    t.layout(
        region("reg", "us-east-1", vpc(
            "vpc", "demo-vpc",
            [az("az_a", "us-east-1a", subnet("sn_a", "subnet a", "10.0.16.0/20", "private", ec2("i1", "instance A"),
                                             leaf("v1", "ebs", "data volume", volume_type="gp2", size_gib=10,
                                                  attached_to="i1"))),
             az("az_b", "us-east-1b", subnet("sn_b", "subnet b", "10.0.32.0/20", "private",
                                             leaf("v2", "ebs", "restored volume", volume_type="gp2", size_gib=10,
                                                  attached_to="i2", source_snapshot="snap"),
                                             ec2("i2", "instance B"), ec2("i3", "instance from AMI", ami="ami")))],
            cidr="10.0.0.0/16"),
            col(leaf("snap", "ebs_snapshot", "snapshot of v1", source_volume="v1"),
                leaf("ami", "ami", "custom AMI (from stopped i1)", source_instance="i1"), gap=40)),
        region("reg2", "eu-west-1", col(leaf("snap2", "ebs_snapshot", "copied snapshot", copied_from="snap"),
                                        leaf("ami2", "ami", "copied AMI", copied_from="ami"), gap=40)))
    t.only(1, "v1", "snap", "v2", "snap2")
    t.only(2, "ami", "ami2", "i3")
    t.rel("v1", "snap", "1. snapshot", only=1)
    t.rel("snap", "v2", "2. restore in us-east-1b", only=1)
    t.rel("snap", "snap2", "copy to region", only=1)
    t.rel("i1", "ami", "create image", only=2)
    t.rel("ami", "i3", "launch", only=2)
    t.rel("ami", "ami2", "copy to region", only=2)
    t.stage("Moving data to another AZ", "The volume cannot attach across AZs: a snapshot restored in us-east-1b "
            "gives instance B a copy; the snapshot can also be copied to eu-west-1.",
            passes=("storage.ebs_cross_az_attach",))
    t.stage("Building and launching an AMI", "An image of the customised instance launches ready-made instances "
            "in any AZ, and a copy of it in another region.", passes=("storage.ebs_cross_az_attach",))
    t.variant("Attaching v1 to instance B", "An EBS volume attaches only to instances of its own AZ.",
              overrides={"v1": {"props": {"attached_to": "i2"}}}, exhibits=("storage.ebs_cross_az_attach",))
    return t


def d8_multi_attach() -> Template:
    t = Template("storage/ebs_multi_attach", "EBS Multi-Attach",
                 "An io1/io2 volume can attach to several Nitro instances in the same AZ, each with full read and "
                 "write access; the application must coordinate writes with a cluster-aware file system.",
                 "## EBS Multi-Attach, lines 894-908", ["ebs", "multi-attach"], suppress=())
    t.layout(region("reg", "us-east-1", vpc(
        "vpc", "demo-vpc",
        [az("az_a", "us-east-1a", subnet(
            "sn", "subnet", "10.0.16.0/20", "private",
            col(row(*[ec2(f"n{k}", f"cluster node {k} (Nitro)", instance_type="m5.large") for k in (1, 2, 3)],
                    gap=48),
                leaf("vol", "ebs", "shared io2 volume", volume_type="io2", size_gib=100, iops=16000,
                     multi_attach=True, attached_to="n1", extra_attachments=["n2", "n3"],
                     filesystem="GFS2 (cluster-aware)"), gap=64, align="center")))],
        cidr="10.0.0.0/16")))
    for k in (1, 2, 3):
        t.rel(f"n{k}", "vol", "read/write")
    t.stage("One volume, three nodes", "All three nodes attach the io2 volume and write through a cluster-aware "
            "file system.", passes=("storage.multi_attach_type",))
    t.variant("Multi-Attach on gp3", "Only io1 and io2 volumes support Multi-Attach.",
              overrides={"vol": {"props": {"volume_type": "gp3", "iops": 3000}}},
              exhibits=("storage.multi_attach_type",))
    return t


def d9_raid() -> Template:
    t = Template("storage/ebs_raid", "EBS RAID 0 and RAID 1",
                 "RAID 0 stripes volumes for more size and IOPS and loses everything when one fails; RAID 1 mirrors "
                 "them for fault tolerance at twice the write traffic. Two 500 GiB io1 volumes at 4,000 IOPS give "
                 "1,000 GiB and 8,000 IOPS in RAID 0, or 500 GiB and 4,000 IOPS in RAID 1.",
                 "## EBS RAID configurations, lines 936-983", ["ebs", "raid"], suppress=())
    t.layout(region("reg", "us-east-1", vpc(
        "vpc", "demo-vpc",
        [az("az_a", "us-east-1a", subnet(
            "sn", "subnet", "10.0.16.0/20", "private",
            col(ec2("i", "instance (one logical volume)", raid_level=1),
                row(*[leaf(f"v{k}", "ebs", f"EBS volume {k}", volume_type="io1", size_gib=500, iops=4000,
                           attached_to="i") for k in (1, 2)], gap=48), gap=64, align="center")))],
        cidr="10.0.0.0/16")))
    t.rel("i", "v1", "blocks")
    t.rel("i", "v2", "blocks")
    t.stage("RAID 0: striping", "Blocks alternate between the volumes: double size and IOPS, no redundancy.",
            exhibits=("storage.raid0_no_redundancy",), overrides={"i": {"props": {"raid_level": 0}}})
    t.stage("RAID 1: mirroring", "Every block goes to both volumes: one may fail without data loss.",
            fixes=("storage.raid0_no_redundancy",))
    return t


def d13_hybrid_alb() -> Template:
    t = Template("elb/alb_querystring_hybrid", "ALB query-string routing to AWS and on-premises targets",
                 "ALB rules can match query strings: ?Platform=Mobile goes to an EC2 target group and "
                 "?Platform=Desktop to an IP target group of on-premises servers, which must have private IPs and "
                 "be reachable over VPN or Direct Connect (here a Site-to-Site VPN, proposed).",
                 "## Application Load Balancer (ALB), lines 1241-1251", ["elb", "alb", "hybrid"],
                 suppress=NO_SCALING)
    onprem_routes = [route("192.168.0.0/16", "vgw", propagated=True)]
    t.layout(
        col(leaf("user", "user", "Clients"),
            box("dc", "corporate_dc", "On-premises", leaf("p1", "on_prem_server", "desktop server 1",
                                                          ip="192.168.10.11"),
                leaf("p2", "on_prem_server", "desktop server 2", ip="192.168.10.12"),
                leaf("cgw", "customer_gateway", "customer gateway", ip="203.0.113.10"), flow="col",
                cidrs=["192.168.0.0/16"]), gap=48, align="center"),
        leaf("vpn", "vpn_connection", "Site-to-Site VPN", customer_gateway="cgw", gateway="vgw", bgp=True),
        region("reg", "us-east-1", _web_vpc(
            priv=([ec2("e1", "mobile backend 1", ["app_sg"])], [ec2("e2", "mobile backend 2", ["app_sg"])]),
            span=[leaf("alb", "alb", "ALB", subnets=["pub_a", "pub_b"], security_groups=["lb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT, "target_group": "tg_ec2"}],
                       rules=[{"query": "Platform=Mobile", "target_group": "tg_ec2"},
                              {"query": "Platform=Desktop", "target_group": "tg_ip"}]),
                  leaf("tg_ec2", "target_group", "TG 1: EC2", targets=["e1", "e2"]),
                  leaf("tg_ip", "target_group", "TG 2: IP addresses", target_type="ip",
                       ip_targets=["192.168.10.11", "192.168.10.12"], targets=["p1", "p2"])],
            plumbing=[leaf("vgw", "vgw", "VGW"), *_lb_sg_chain((443,))], extra_routes=onprem_routes)))
    t.flow("user", "alb", 443, label="?Platform=...")
    t.flow("alb", "e1", 80, label="Mobile")
    t.flow("alb", "e2", 80, label="Mobile")
    t.flow("alb", "p1", 80, label="Desktop, over VPN")
    t.flow("alb", "p2", 80, label="Desktop, over VPN")
    t.rel("cgw", "vpn", "IPsec")
    t.rel("vpn", "vgw", "tunnels")
    t.stage("One ALB, cloud and on-premises targets",
            "Mobile requests go to EC2; desktop requests go to the on-premises servers' private IPs through "
            "the VPN.", passes=("elb.ip_target_public",))
    t.variant("Public IP as a target", "IP targets must be private (VPC, RFC 1918 or 100.64.0.0/10).",
              overrides={"tg_ip": {"props": {"ip_targets": ["192.168.10.11", "54.12.0.9"]}}},
              exhibits=("elb.ip_target_public",))
    return t


def d18_draining() -> Template:
    t = Template("elb/connection_draining", "Connection draining (deregistration delay)",
                 "An instance being deregistered or found unhealthy finishes its in-flight requests during the "
                 "draining period (1-3600 s, default 300 s, 0 turns it off) while new connections go to the others.",
                 "## Elastic Load Balancer - Connection Draining, lines 1394-1413", ["elb", "draining"],
                 suppress=NO_SCALING)
    t.layout(
        leaf("users", "user", "Users"),
        region("reg", "us-east-1", _web_vpc(
            priv=([ec2("i1", "draining instance", ["app_sg"]), ec2("i3", "healthy 2", ["app_sg"])],
                  [ec2("i2", "healthy 1", ["app_sg"])]),
            span=[leaf("elb", "alb", "ELB", subnets=["pub_a", "pub_b"], security_groups=["lb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT, "target_group": "tg"}]),
                  leaf("tg", "target_group", "target group", targets=["i1", "i2", "i3"], deregistration_delay_s=300,
                       draining=["i1"])],
            plumbing=_lb_sg_chain((443,)))))
    t.flow("users", "elb", 443)
    t.flow("elb", "i1", 80, label="existing connections only")
    t.flow("elb", "i2", 80, label="new connections")
    t.flow("elb", "i3", 80, label="new connections")
    t.stage("Draining one instance", "Instance 1 is being deregistered: it keeps serving its open requests for up to "
            "300 s, and receives no new ones.")
    return t


def d20_termination() -> Template:
    t = Template("asg/termination_policy", "ASG default termination policy",
                 "On scale-in the ASG picks the AZ with the most instances, then the instance with the oldest "
                 "launch configuration, keeping the AZs balanced. Lifecycle hooks can hold instances in Pending or "
                 "Terminating for extra steps. The 3 + 2 layout is proposed to reproduce the notes' example; the "
                 "notes' launch configurations are legacy, and the same rule applies to launch template versions.",
                 "## Auto Scaling Groups - For Solution Architects, lines 1517-1552", ["asg", "scale-in"],
                 suppress=())

    def member(node_id: str, label: str, version: str) -> Item:
        return ec2(node_id, label, ["app_sg"], member_of="asg", launch_template=version)

    t.layout(region(
        "reg", "us-east-1",
        vpc("vpc", "demo-vpc",
            [az("az_a", "us-east-1a", subnet("priv_a", "private a", "10.0.16.0/20", "private",
                                             member("a1", "A v1 (oldest)", "lt_v1"), member("a2", "A v2", "lt_v2"),
                                             member("a3", "A v2'", "lt_v2")), label="AZ A (us-east-1a)"),
             az("az_b", "us-east-1b", subnet("priv_b", "private b", "10.0.32.0/20", "private",
                                             member("b1", "B v2", "lt_v2"), member("b2", "B v2'", "lt_v2")),
                label="AZ B (us-east-1b)")],
            plumbing=[sg("app_sg", "app-sg")],
            span=[leaf("asg", "asg", "asg", subnets=["priv_a", "priv_b"], min=2, desired=5, max=6,
                       security_groups=["app_sg"], launch_template="lt_v2")],
            cidr="10.0.0.0/16"),
        col(leaf("lt_v1", "launch_template", "launch template v1"),
            leaf("lt_v2", "launch_template", "launch template v2"), gap=40)))
    t.rel("asg", "a1", "scale-in victim")
    t.stage("Which instance goes on scale-in",
            "AZ A has three instances and AZ B two, so AZ A loses one; of those, A v1 runs the oldest launch "
            "template version, so it is terminated.")
    return t


BUILDERS = [d2_user_data, d3_sg_referencing, d4_elastic_ip, d5_placement_groups, d6_eni_failover, d7_ebs_snapshots,
            d8_multi_attach, d9_raid, d10_efs, d11_elb_sg_chain, d12_path_routing, d13_hybrid_alb, d14_nlb, d15_sticky,
            d16_cross_zone, d17_sni, d18_draining, d19_asg, d20_termination]


def main() -> int:
    return run(BUILDERS, OUT, sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
