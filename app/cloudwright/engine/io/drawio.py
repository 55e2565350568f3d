"""draw.io export (``.drawio``): uncompressed mxGraph XML with AWS 2019+ shapes and group containers.

Positions come straight from the design: draw.io, like Cloudwright, keeps a child's geometry relative to
its container. The XML is built with :mod:`xml.etree.ElementTree`, which escapes every attribute; labels
are plain text (no ``html=1`` in any style), so draw.io never interprets a label as markup either.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from cloudwright.engine.catalog import catalog
from cloudwright.engine.io.atomic import write_atomic
from cloudwright.engine.layout.geometry import CELL
from cloudwright.engine.model.diagram import Diagram, Node, typed_props

ICON = 56
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Category -> AWS 2019+ fill colour of its icons.
COLOURS = {"Compute": "#ED7100", "Containers": "#ED7100", "Networking": "#8C4FFF", "Edge & DNS": "#8C4FFF",
           "Database": "#C925D1", "Storage": "#7AA116", "Integration": "#E7157B", "Analytics": "#8C4FFF",
           "Security & Identity": "#DD344C", "Management": "#E7157B", "Artefacts": "#ED7100"}
#: Kind -> (shape, resource icon or None). Resource-level shapes draw themselves; service icons use resIcon.
SHAPES = {
    "igw": ("mxgraph.aws4.internet_gateway", None), "egress_only_igw": ("mxgraph.aws4.internet_gateway", None),
    "nat_gateway": ("mxgraph.aws4.nat_gateway", None), "route_table": ("mxgraph.aws4.route_table", None),
    "nacl": ("mxgraph.aws4.network_access_control_list", None), "elastic_ip": ("mxgraph.aws4.elastic_ip_address", None),
    "vgw": ("mxgraph.aws4.vpn_gateway", None), "customer_gateway": ("mxgraph.aws4.customer_gateway", None),
    "vpc_peering": ("mxgraph.aws4.peering", None), "vpc_endpoint_gateway": ("mxgraph.aws4.endpoints", None),
    "vpc_endpoint_interface": ("mxgraph.aws4.endpoints", None), "vpn_connection": ("mxgraph.aws4.vpn_connection", None),
    "eni": ("mxgraph.aws4.elastic_network_interface", None), "flow_log": ("mxgraph.aws4.flow_logs", None),
    "alb": ("mxgraph.aws4.application_load_balancer", None), "nlb": ("mxgraph.aws4.network_load_balancer", None),
    "clb": ("mxgraph.aws4.classic_load_balancer", None), "gwlb": ("mxgraph.aws4.gateway_load_balancer", None),
    "ec2": ("mxgraph.aws4.instance2", None), "nat_instance": ("mxgraph.aws4.instance2", None),
    "s3_bucket": ("mxgraph.aws4.bucket", None), "dynamodb_table": ("mxgraph.aws4.table", None),
    "sqs_queue": ("mxgraph.aws4.queue", None), "sns_topic": ("mxgraph.aws4.topic", None),
    "security_group": ("mxgraph.aws4.group_security_group", None), "internet": ("mxgraph.aws4.internet_alt1", None),
    "user": ("mxgraph.aws4.user", None), "admin": ("mxgraph.aws4.client", None),
    "mobile_client": ("mxgraph.aws4.mobile_client", None), "route53_record": ("mxgraph.aws4.hosted_zone", None),
    "lambda": ("mxgraph.aws4.resourceIcon", "lambda"), "asg": ("mxgraph.aws4.resourceIcon", "auto_scaling2"),
    "rds": ("mxgraph.aws4.resourceIcon", "rds"), "aurora_instance": ("mxgraph.aws4.resourceIcon", "aurora"),
    "elasticache": ("mxgraph.aws4.resourceIcon", "elasticache"), "efs": ("mxgraph.aws4.resourceIcon", "elastic_file_system"),
    "cloudfront": ("mxgraph.aws4.resourceIcon", "cloudfront"), "api_gateway": ("mxgraph.aws4.resourceIcon", "api_gateway"),
    "transit_gateway": ("mxgraph.aws4.resourceIcon", "transit_gateway"),
    "kinesis_data_stream": ("mxgraph.aws4.resourceIcon", "kinesis_data_streams"),
    "target_group": ("mxgraph.aws4.resourceIcon", "elastic_load_balancing"),
    "launch_template": ("mxgraph.aws4.resourceIcon", "ec2"),
}
#: Container kind -> group icon, stroke, fill, dashed.
GROUPS = {
    "region": ("group_region", "#00A4A6", "none", 1), "vpc": ("group_vpc2", "#8C4FFF", "none", 0),
    "az": ("group_availability_zone", "#147EBA", "none", 1), "account": ("group_account", "#CD2264", "none", 0),
    "corporate_dc": ("group_corporate_data_center", "#7D8998", "none", 0),
    "global": ("group_aws_cloud_alt", "#232F3E", "none", 0),
}
SUBNET_STYLES = {"public": ("group_security_group", "#7AA116", "#F2F6E8"),
                 "private": ("group_security_group", "#00A4A6", "#E6F6F7"),
                 "data": ("group_security_group", "#147EBA", "#E6F2F8")}


def _text(value: str) -> str:
    return _CONTROL.sub("", value)


def _container_style(node: Node) -> str:
    if node.kind == "subnet":
        icon, stroke, fill = SUBNET_STYLES.get(getattr(typed_props(node), "tier", "private"), SUBNET_STYLES["private"])
        dashed = 0
    else:
        icon, stroke, fill, dashed = GROUPS.get(node.kind, ("group_aws_cloud", "#232F3E", "none", 0))
    return (f"shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.{icon};strokeColor={stroke};fillColor={fill};"
            f"dashed={dashed};container=1;collapsible=0;recursiveResize=0;pointerEvents=0;verticalAlign=top;"
            f"align=left;spacingLeft=30;fontColor={stroke};fontSize=12;outlineConnect=0;")


def _leaf_style(node: Node) -> str:
    cat = catalog()
    category = cat.get(node.kind).category if node.kind in cat else ""
    shape, res_icon = SHAPES.get(node.kind, ("mxgraph.aws4.resourceIcon", "general"))
    fill = COLOURS.get(category, "#232F3E")
    style = (f"shape={shape};outlineConnect=0;fontColor=#232F3E;gradientColor=none;strokeColor=none;"
             f"fillColor={fill};verticalLabelPosition=bottom;verticalAlign=top;align=center;fontSize=11;"
             "aspect=fixed;pointerEvents=1;dashed=0;")
    if res_icon:
        style = style.replace("strokeColor=none;", "strokeColor=#ffffff;") + f"resIcon=mxgraph.aws4.{res_icon};"
    return style


def _cell_id(prefix: str, item_id: str) -> str:
    return f"{prefix}:{item_id}"


def build_xml(diagram: Diagram) -> ET.Element:
    """The ``<mxfile>`` element for the design."""
    mxfile = ET.Element("mxfile", host="cloudwright", type="device")
    page = ET.SubElement(mxfile, "diagram", id="cloudwright", name=_text(diagram.name or "Cloudwright design"))
    model = ET.SubElement(page, "mxGraphModel", grid="1", gridSize="10", guides="1", page="0", math="0")
    root = ET.SubElement(model, "root")
    ET.SubElement(root, "mxCell", id="0")
    ET.SubElement(root, "mxCell", id="1", parent="0")
    cat = catalog()
    for node in _parents_first(diagram):
        container = node.kind in cat and cat.get(node.kind).container
        parent = _cell_id("n", node.parent) if node.parent else "1"
        cell = ET.SubElement(root, "mxCell", id=_cell_id("n", node.id), value=_text(node.title),
                             style=_container_style(node) if container else _leaf_style(node),
                             vertex="1", parent=parent)
        x, y = node.pos
        if container:
            w, h = node.size or (200.0, 110.0)
            geometry = {"x": x, "y": y, "width": w, "height": h}
        else:
            geometry = {"x": x + (CELL - ICON) / 2, "y": y + 4, "width": ICON, "height": ICON}
        ET.SubElement(cell, "mxGeometry", {k: f"{v:g}" for k, v in geometry.items()}, **{"as": "geometry"})
    for edge in diagram.edges.values():
        dashed = "1" if edge.kind == "relation" else "0"
        cell = ET.SubElement(root, "mxCell", id=_cell_id("e", edge.id), value=_text(edge.title),
                             style=f"edgeStyle=orthogonalEdgeStyle;rounded=1;endArrow=block;dashed={dashed};"
                                   "fontSize=10;labelBackgroundColor=#ffffff;",
                             edge="1", parent="1", source=_cell_id("n", edge.source), target=_cell_id("n", edge.target))
        ET.SubElement(cell, "mxGeometry", relative="1", **{"as": "geometry"})
    return mxfile


def _parents_first(diagram: Diagram) -> list[Node]:
    placed: set[str] = set()
    ordered: list[Node] = []
    pending = list(diagram.nodes.values())
    while pending:
        rest = [n for n in pending if n.parent is not None and n.parent not in placed]
        for node in pending:
            if node.parent is None or node.parent in placed:
                ordered.append(node)
                placed.add(node.id)
        if len(rest) == len(pending):
            ordered.extend(rest)
            break
        pending = [n for n in rest if n.id not in placed]
    return ordered


def dumps_drawio(diagram: Diagram) -> str:
    element = build_xml(diagram)
    ET.indent(element)
    return ET.tostring(element, encoding="unicode", xml_declaration=False)


def export_drawio(diagram: Diagram, path: Path) -> None:
    """Write the design as an uncompressed draw.io file, atomically."""
    write_atomic(Path(path), ('<?xml version="1.0" encoding="UTF-8"?>\n' + dumps_drawio(diagram) + "\n").encode())
