"""VPC endpoints: gateway endpoints (S3, DynamoDB) as route targets, interface endpoints as ENIs.

A gateway endpoint is selected by its prefix-list route, which beats ``0.0.0.0/0`` to a NAT or IGW by
prefix length; it carries only traffic to its own service in its region, with no public IP or NAT
needed. An interface endpoint with private DNS makes the service's name resolve to its ENI in the VPC,
so the flow becomes a local one to that ENI, filtered by the endpoint's SG (the default SG when none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudwright.engine.model.diagram import typed_props
from cloudwright.engine.reach import services
from cloudwright.engine.reach.network import Outside, service_key

if TYPE_CHECKING:
    from cloudwright.engine.reach.addresses import Net
    from cloudwright.engine.reach.network import Endpoint, Eni, Network
    from cloudwright.engine.reach.trace import Sender
    from cloudwright.engine.reach.walk import Walker


def interface_for(net: Network, src: Eni, dst: Outside) -> Eni | None:
    """The interface endpoint ENI the service's name resolves to from ``src`` (same AZ first)."""
    enis = net.interface_endpoints.get((src.vpc, service_key(dst.service or "")))
    if not enis:
        return None
    return next((e for e in enis if e.az == src.az), enis[0])


def gateway_forward(w: Walker, at: Eni, sender: Sender, dst: Endpoint, dst_addr: Net, endpoint: str,
                    via: str) -> bool:
    t, net = w.trace, w.net
    props = typed_props(net.nodes[endpoint])
    service = props.service  # type: ignore[attr-defined]
    if not (isinstance(dst, Outside) and dst.place == "service" and service_key(dst.service or "") == service):
        return t.blocked(endpoint, "vpc_endpoint_gateway", "VPCE_SERVICE_MISMATCH", f"{endpoint} carries only "
                         f"{service} traffic; {dst.node} is not {service}")
    region = net.vpcs[at.vpc].region
    if dst.region and region and dst.region != region:
        return t.blocked(endpoint, "vpc_endpoint_gateway", "VPCE_OTHER_REGION", f"{endpoint} reaches {service} in "
                         f"{region} only; {dst.node} is in {dst.region}")
    t.passed(endpoint, "vpc_endpoint_gateway", "GATEWAY_ENDPOINT", f"{endpoint} carries it privately to "
             f"{service} (no public IP or NAT needed)", policy_restricted=props.policy_restricted)  # type: ignore[attr-defined]
    return services.deliver(w, dst, sender, via=f"gateway endpoint {endpoint}")
