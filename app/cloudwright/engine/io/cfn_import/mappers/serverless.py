"""SAM (``AWS::Serverless::*``): functions, their event sources, APIs and simple tables.

cfn-lint 1.x validates SAM templates directly instead of running the SAM translator, so the mapping reads
SAM's resources as they are, after merging the ``Globals`` section with cfn-lint's own helper (called by
the importer). SAM's implicit APIs (``ServerlessRestApi``, ``ServerlessHttpApi``) become nodes with the
logical ids SAM gives them.
"""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft, as_int
from cloudwright.engine.io.cfn_import.mappers import maps
from cloudwright.engine.io.cfn_import.mappers.compute import calls_out
from cloudwright.engine.io.cfn_import.mappers.edge import add_api
from cloudwright.engine.io.cfn_import.mappers.security import sg_ids

FUNCTION = "AWS::Serverless::Function"
IMPLICIT_APIS = {"Api": ("ServerlessRestApi", "edge"), "HttpApi": ("ServerlessHttpApi", "regional")}
POLLED = ("SQS", "Kinesis", "DynamoDB", "MSK", "MQ")


@maps(FUNCTION, phase=1)
def function(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    vpc_config = props.get("VpcConfig") if isinstance(props.get("VpcConfig"), dict) else {}
    subnets = ctx.refs(vpc_config.get("SubnetIds") or [], "AWS::EC2::Subnet")
    name = props.get("FunctionName")
    ctx.add(NodeDraft(logical_id, "lambda", name if isinstance(name, str) else logical_id,
                      {"runtime": str(props.get("Runtime", "container image")),
                       "memory_mb": as_int(props.get("MemorySize"), 128), "timeout_s": as_int(props.get("Timeout"), 3),
                       "subnets": subnets, "security_groups": sg_ids(ctx, vpc_config.get("SecurityGroupIds"))},
                      cfn_type=FUNCTION, subnets=subnets[:1]))
    calls_out(ctx, logical_id, [props.get("Environment"), props.get("Policies")])
    events = props.get("Events") if isinstance(props.get("Events"), dict) else {}
    for event in events.values():
        if isinstance(event, dict):
            _event(ctx, logical_id, str(event.get("Type", "")),
                   event.get("Properties") if isinstance(event.get("Properties"), dict) else {})


def _event(ctx: ImportContext, function_id: str, kind: str, props: dict[str, Any]) -> None:
    """An event source: APIs invoke the function, polled sources are read by it, the rest are noted."""
    if kind in IMPLICIT_APIS:
        api_id = ctx.ref(props.get("RestApiId", props.get("ApiId")), "AWS::Serverless::Api",
                         "AWS::Serverless::HttpApi", "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api")
        if api_id is None:
            api_id, endpoint = IMPLICIT_APIS[kind]
            if api_id not in ctx.nodes:
                add_api(ctx, api_id, api_id, endpoint, f"(implicit SAM {kind})")
        ctx.edge(api_id, function_id, 443, label=f"{props.get('Method', 'any')} {props.get('Path', '/')}".strip())
    elif kind in POLLED:
        ctx.edge(function_id, ctx.ref(props.get("Queue", props.get("Stream"))), 443, label="polls")
    elif kind in ("SNS", "S3"):
        ctx.edge(ctx.ref(props.get("Topic", props.get("Bucket"))), function_id, 443, label="notifies")


@maps("AWS::Serverless::Api", "AWS::Serverless::HttpApi", phase=0)
def api(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    endpoint = "regional" if ctx.types[logical_id].endswith("HttpApi") else str(
        props.get("EndpointConfiguration", {}).get("Type", "edge") if isinstance(
            props.get("EndpointConfiguration"), dict) else props.get("EndpointConfiguration", "edge")).lower()
    add_api(ctx, logical_id, str(props.get("Name", logical_id)) if isinstance(props.get("Name"), str)
            else logical_id, endpoint, ctx.types[logical_id])
    auth = props.get("Auth") if isinstance(props.get("Auth"), dict) else {}
    if auth.get("DefaultAuthorizer"):
        ctx.nodes[logical_id].props["authorizer"] = "iam" if auth["DefaultAuthorizer"] == "AWS_IAM" else "cognito"


@maps("AWS::Serverless::SimpleTable", phase=0)
def simple_table(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    name = props.get("TableName")
    ctx.add(NodeDraft(logical_id, "dynamodb_table", name if isinstance(name, str) else logical_id,
                      {"billing_mode": "provisioned" if "ProvisionedThroughput" in props else "on_demand"},
                      cfn_type="AWS::Serverless::SimpleTable"))


@maps("AWS::Serverless::StateMachine", phase=1)
def state_machine(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, "step_functions", logical_id, cfn_type="AWS::Serverless::StateMachine"))
    calls_out(ctx, logical_id, [props.get("DefinitionSubstitutions"), props.get("Policies")])


