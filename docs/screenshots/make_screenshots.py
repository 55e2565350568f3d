"""Build the three-tier web example, shoot the app window under Xvfb and export pictures through the CLI.

    python docs/screenshots/make_screenshots.py            # writes docs/examples/web-3tier.yaml and
                                                           # docs/screenshots/{window,export}.png, export.svg

Needs ``xvfb-run`` and ImageMagick's ``import`` (for the window shot). The design follows the geometry
conventions of the canvas: AZ columns 300 wide, subnets 260 x 150 with two components side by side, a
100 px column on the VPC's left for the internet gateway, route tables and the Auto Scaling group.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "web-3tier.yaml"
SHOTS = ROOT / "docs" / "screenshots"
SCREEN = (1600, 1000)


def build_design():  # noqa: ANN201 - Diagram, imported lazily so --shoot-window starts fast
    from cloudwright.engine.model.diagram import Diagram, Edge, Node

    nodes: list[Node] = []
    edges: list[Edge] = []

    def node(node_id: str, kind: str, parent: str | None, pos: tuple[float, float], label: str = "",
             size: tuple[float, float] | None = None, **props: object) -> None:
        nodes.append(Node(id=node_id, kind=kind, parent=parent, pos=pos, size=size, label=label, props=props))

    def flow(source: str, target: str, port: int | None = None, protocol: str = "tcp", label: str = "",
             relation: bool = False) -> None:
        data = {"id": f"{source}-to-{target}", "from": source, "to": target, "protocol": protocol,
                "kind": "relation" if relation else "traffic", "label": label}
        if port is not None:
            data["port"] = port
        edges.append(Edge.model_validate(data))

    # the outside world and the edge, left of the region; rows line up with what they connect to
    node("internet", "internet", None, (0, 76), "Internet")
    node("users", "user", None, (0, 156), "Users")
    node("dns", "route53_record", None, (0, 340), "Route 53 shop.example", alias=True, targets=["cdn"])
    node("cdn", "cloudfront", None, (170, 156), "CloudFront",
         origins=[{"target": "alb"}, {"target": "assets", "oac": True}], waf=True)
    node("waf", "waf", None, (170, 296), "AWS WAF")

    node("region", "region", None, (330, 0), "us-east-1", size=(940, 800), name="us-east-1")
    node("assets", "s3_bucket", "region", (12, 232), "Static assets")
    node("alarm", "cloudwatch_alarm", "region", (12, 420), "5xx alarm")
    node("vpc", "vpc", "region", (140, 40), "Production VPC  10.0.0.0/16", size=(780, 740), cidr="10.0.0.0/16")
    node("igw", "igw", "vpc", (8, 36), "Internet gateway")
    node("rt-public", "route_table", "vpc", (8, 164), "Public routes",
         routes=[{"destination": "0.0.0.0/0", "target": "igw"}], subnets=["public-a", "public-b"])
    node("rt-private-a", "route_table", "vpc", (8, 280), "Private routes A",
         routes=[{"destination": "0.0.0.0/0", "target": "nat-a"}], subnets=["app-a", "data-a"])
    node("rt-private-b", "route_table", "vpc", (8, 396), "Private routes B",
         routes=[{"destination": "0.0.0.0/0", "target": "nat-b"}], subnets=["app-b", "data-b"])
    node("web-asg", "asg", "vpc", (8, 512), "Web Auto Scaling group", min=2, desired=4, max=8,
         subnets=["app-a", "app-b"], load_balancers=["alb"], health_check_type="ELB", security_groups=["sg-web"])

    groups = [("sg-alb", "ALB security group", [{"protocol": "tcp", "port": 443, "prefix_list": "cloudfront"}]),
              ("sg-web", "Web security group", [{"protocol": "tcp", "port": 80, "sg": "sg-alb"}]),
              ("sg-db", "Database security group", [{"protocol": "tcp", "port": 5432, "sg": "sg-web"}]),
              ("sg-cache", "Cache security group", [{"protocol": "tcp", "port": 6379, "sg": "sg-web"}])]
    for index, (sg_id, label, inbound) in enumerate(groups):
        node(sg_id, "security_group", "vpc", (140 + index * 160, 626), label, inbound=inbound)

    for column, (az, letter, third) in enumerate((("az-a", "a", 0), ("az-b", "b", 1))):
        x = 120 + column * 320
        node(az, "az", "vpc", (x, 40), f"Availability Zone us-east-1{letter}", size=(300, 570),
             name=f"us-east-1{letter}")
        upper = letter.upper()
        node(f"public-{letter}", "subnet", az, (20, 36), f"Public subnet {upper}  10.0.{third}.0/24",
             size=(260, 160), tier="public", cidr=f"10.0.{third}.0/24", auto_assign_public_ip=True)
        node(f"app-{letter}", "subnet", az, (20, 212), f"App subnet {upper}  10.0.{10 + third}.0/24",
             size=(260, 160), tier="private", cidr=f"10.0.{10 + third}.0/24")
        node(f"data-{letter}", "subnet", az, (20, 388), f"Data subnet {upper}  10.0.{20 + third}.0/24",
             size=(260, 160), tier="data", cidr=f"10.0.{20 + third}.0/24")
        node(f"nat-{letter}", "nat_gateway", f"public-{letter}", (148, 40) if letter == "a" else (16, 40),
             f"NAT gateway {upper}")
        for slot in range(2):
            number = 2 * column + slot + 1
            node(f"web-{number}", "ec2", f"app-{letter}", (16 + slot * 132, 40), f"Web server {number}",
                 instance_type="t3.large", member_of="web-asg", security_groups=["sg-web"])
    node("alb", "alb", "public-a", (16, 40), "Application Load Balancer",
         subnets=["public-a", "public-b"], security_groups=["sg-alb"], target_port=80,
         listeners=[{"protocol": "HTTPS", "port": 443, "certificate": "arn:aws:acm:us-east-1:111122223333:"
                     "certificate/shop-example"}])
    node("db-primary", "rds", "data-a", (148, 40), "Orders DB (primary)", engine="postgres", multi_az=True,
         role="primary", security_groups=["sg-db"], subnets=["data-a", "data-b"], storage_encrypted=True)
    node("cache-a", "elasticache", "data-a", (16, 40), "Session cache", security_groups=["sg-cache"],
         subnets=["data-a", "data-b"], multi_az=True, automatic_failover=True, replicas=1)
    node("db-standby", "rds", "data-b", (16, 40), "Orders DB (standby)", engine="postgres", role="standby",
         replica_of="db-primary", security_groups=["sg-db"], storage_encrypted=True)
    node("cache-b", "elasticache", "data-b", (148, 40), "Cache replica", role="replica", replica_of="cache-a",
         security_groups=["sg-cache"])

    flow("users", "dns", 53, "udp")
    flow("users", "cdn", 443)
    flow("waf", "cdn", label="protects", relation=True)
    flow("cdn", "alb", 443)
    flow("cdn", "assets", 443)
    flow("internet", "igw", label="0.0.0.0/0", relation=True)
    for number in (1, 2, 3, 4):
        flow("alb", f"web-{number}", 80)
    flow("web-2", "db-primary", 5432)
    flow("web-1", "cache-a", 6379)
    flow("db-primary", "db-standby", label="sync replication", relation=True)
    return Diagram(name="Three-tier web application",
                   description="CloudFront and an ALB in front of an Auto Scaling web tier across two AZs, "
                               "with a Multi-AZ PostgreSQL database and a Redis session cache.",
                   nodes={n.id: n for n in nodes}, edges={e.id: e for e in edges})


def shoot_window(design: Path, out: Path) -> int:
    """Inside Xvfb: open the app full-screen on ``design``, select the ALB, and grab the root window."""
    from PySide6.QtCore import QTimer

    from cloudwright.gui.app import application, create_window

    app = application()
    window = create_window(str(design))
    window.setGeometry(0, 0, *SCREEN)

    def grab() -> None:
        window.view.fit_all()
        window.scene.select_ids(["alb"])
        app.processEvents()
        subprocess.run(["import", "-window", "root", str(out)], check=True)
        window.controller.undo_stack.setClean()
        app.quit()

    QTimer.singleShot(1500, grab)
    return app.exec()


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--shoot-window":
        return shoot_window(Path(sys.argv[2]), Path(sys.argv[3]))
    from cloudwright.engine.io import save_design

    EXAMPLE.parent.mkdir(parents=True, exist_ok=True)
    save_design(build_design(), EXAMPLE)
    print(f"wrote {EXAMPLE.relative_to(ROOT)}")
    cli = [sys.executable, "-m", "cloudwright", "export", str(EXAMPLE)]
    headless = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    subprocess.run([*cli, "-o", str(SHOTS / "export.png")], check=True, env=headless)
    subprocess.run([*cli, "-o", str(SHOTS / "export.svg")], check=True, env=headless)
    window_env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {SCREEN[0]}x{SCREEN[1]}x24", sys.executable,
                    str(Path(__file__).resolve()), "--shoot-window", str(EXAMPLE), str(SHOTS / "window.png")],
                   check=True, env=window_env)
    print(f"wrote {SHOTS.relative_to(ROOT)}/window.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
