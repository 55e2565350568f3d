"""Default protocol and port of a flow drawn to a component, by the target's kind.

The canvas uses it when a user draws a flow; the CLI and importers use it for edges that name no port.
Databases and caches answer on their engine's port (MySQL 3306, PostgreSQL 5432, Redis 6379); the
engine's own value wins over the table when the node sets one.
"""

from __future__ import annotations

from cloudwright.engine.model.diagram import Node, typed_props

#: The port a client usually opens to a component of each kind (TCP).
KIND_PORTS: dict[str, int] = {
    "alb": 443, "nlb": 443, "clb": 80, "elb": 80, "cloudfront": 443, "api_gateway": 443,
    "global_accelerator": 443, "appsync": 443, "ec2": 80, "nat_instance": 80, "ecs_service": 80,
    "ecs_task": 80, "fargate_task": 80, "eks_node": 443, "eks_pod": 80, "beanstalk_env": 80,
    "efs": 2049, "efs_mount_target": 2049, "fsx_windows": 445, "fsx_lustre": 988,
    "rds": 3306, "aurora_instance": 3306, "aurora_endpoint": 3306, "elasticache": 6379,
    "redshift": 5439, "documentdb": 27017, "neptune": 8182, "dax": 8111, "amazon_mq": 5671,
    "opensearch": 443, "elasticsearch": 443, "s3_bucket": 443, "dynamodb_table": 443, "sqs_queue": 443,
    "sns_topic": 443, "lambda": 443, "kinesis_data_stream": 443, "kinesis_firehose": 443,
    "vpc_endpoint_interface": 443, "secrets_manager": 443, "on_prem_server": 443,
    "active_directory": 389, "ses": 587, "route53_resolver": 53,
}

#: Kinds reached over another protocol than TCP.
KIND_PROTOCOLS: dict[str, str] = {"route53_resolver": "udp"}


def default_flow(target: Node) -> tuple[str, int | None]:
    """``(protocol, port)`` for a new flow into ``target``; port None when the kind has no usual port.

    >>> default_flow(Node(id="db", kind="rds", props={"engine": "postgres"}))
    ('tcp', 5432)
    """
    protocol = KIND_PROTOCOLS.get(target.kind, "tcp")
    try:
        engine_port = getattr(typed_props(target), "effective_port", None)
    except ValueError:
        engine_port = None
    if isinstance(engine_port, int):
        return protocol, engine_port
    return protocol, KIND_PORTS.get(target.kind)
