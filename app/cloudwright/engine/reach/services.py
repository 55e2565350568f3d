"""AWS managed services outside the VPC (S3, DynamoDB, SQS, SNS, API Gateway, ...).

They are public regional endpoints: reached over the internet (IGW or NAT) or privately through VPC
endpoints. The network path ends at the endpoint; whether the call succeeds is then IAM's and the
resource policy's business (rules.md 28.17), which the hop says rather than pretends to check. A private
API Gateway is reachable only through an interface endpoint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudwright.engine.model.diagram import typed_props

if TYPE_CHECKING:
    from cloudwright.engine.reach.network import Outside
    from cloudwright.engine.reach.trace import Sender
    from cloudwright.engine.reach.walk import Walker


#: Managed data services whose own calls to other AWS services (DAX -> DynamoDB, RDS -> S3 exports, ...)
#: travel on AWS's service network, not through the customer's route tables.
SERVICE_SIDE_CALLERS = frozenset({"dax", "rds", "aurora_instance", "elasticache", "redshift", "neptune",
                                  "documentdb", "opensearch", "elasticsearch", "amazon_mq", "efs_mount_target"})


def deliver(w: Walker, dst: Outside, sender: Sender, via: str) -> bool:
    t, net = w.trace, w.net
    node = net.nodes[dst.node]
    if node.kind == "api_gateway" and typed_props(node).endpoint_type == "private" \
            and not via.startswith("interface endpoint"):  # type: ignore[attr-defined]
        return t.blocked(dst.node, dst.kind, "PRIVATE_API", f"{dst.node} is a private API: it is reachable only "
                         "through an execute-api interface endpoint")
    if sender.node in net.nodes and net.outside(sender.node) is not None and \
            net.outside(sender.node).place == "service":  # type: ignore[union-attr]
        return t.passed(dst.node, dst.kind, "AWS_SERVICE", f"{sender.node} calls {dst.node} over AWS's own network; "
                        "access is decided by IAM and resource policies (not modelled)")
    return t.passed(dst.node, dst.kind, "AWS_SERVICE", f"reaches the {dst.service} endpoint via {via}; access is "
                    "then decided by IAM and resource policies (not modelled)")
