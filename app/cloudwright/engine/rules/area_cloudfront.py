"""CloudFront and Global Accelerator rules (rules.md sections 15 and 16).

A distribution lists its ``origins`` (target node, ``oac``/``oai``, ``vpc_origin``); an accelerator lists its
``endpoints``.
"""

from __future__ import annotations

from collections.abc import Iterator

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import Node
from cloudwright.engine.model.props import LB_KINDS
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import OUTSIDE_KINDS, facts, is_world, name, names, sg_rule_admits
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

ORIGIN_KINDS = {"s3_bucket", "alb", "nlb", "clb", "elb", "ec2", "api_gateway", "lambda", "beanstalk_env",
                "global_accelerator", "on_prem_server", "corporate_dc", "internet", "cfn_resource"}
GA_ENDPOINT_KINDS = {"elastic_ip", "ec2", "alb", "nlb"}
ORIGIN_PORTS = (80, 443)


def _origins(ctx: RuleContext) -> Iterator[tuple[Node, int, object, Node]]:
    """(distribution, origin index, origin, target node) for every resolvable origin."""
    for dist in ctx.index.of_kind("cloudfront"):
        for i, origin in enumerate(ctx.props(dist).origins):  # type: ignore[attr-defined]
            target = ctx.diagram.nodes.get(origin.target)
            if target is not None:
                yield dist, i, origin, target


def _set_origin(dist_id: str, index: int, title: str, **values: object) -> QuickFix:
    def build(diagram):  # noqa: ANN001, ANN202
        origins = [dict(o) for o in diagram.nodes[dist_id].props.get("origins", [])]
        origins[index].update(values)
        return set_node_fields(diagram, dist_id, props={"origins": origins})
    return QuickFix(title, build)


def _origin_sg_verdict(ctx: RuleContext, target: Node) -> str:
    """'prefix_list', 'world', 'other' (some CIDR admits it), 'none' (SGs drawn, nothing admits), or 'unknown'."""
    sgs = ctx.index.security_groups_of(target.id)
    if not sgs:
        return "unknown"
    verdict = "none"
    for sg in sgs:
        for rule_ in ctx.props(sg).inbound:  # type: ignore[attr-defined]
            if not any(sg_rule_admits(rule_, port) for port in ORIGIN_PORTS):
                continue
            if rule_.prefix_list == "cloudfront":
                return "prefix_list"
            if rule_.cidr is not None:
                verdict = "world" if is_world(rule_.cidr) else ("other" if verdict == "none" else verdict)
    return verdict


@rule("CF-ORIGIN-001", "error", pillars=("reliability",))
def origin_kind(ctx: RuleContext) -> Iterator[Hit]:
    """Origins are S3 buckets, load balancers, EC2, API Gateway, Lambda URLs or any HTTP server."""
    for dist, _, _origin, target in _origins(ctx):
        if target.kind not in ORIGIN_KINDS:
            yield hit([dist.id, target.id], f"{name(ctx, dist.id)} uses {name(ctx, target.id)} ({target.kind}) as an "
                                            "origin; CloudFront fetches over HTTP(S) from S3, load balancers, EC2, "
                                            "API Gateway, Lambda URLs or web servers only.",
                      f"Put an HTTP service (ALB, API Gateway, Lambda) in front of {name(ctx, target.id)} and use that "
                      "as the origin.")


@rule("CF-OAI-001", "warning", pillars=("security",))
def s3_origin_protected(ctx: RuleContext) -> Iterator[Hit]:
    """An S3 origin should be private and readable only by the distribution (OAC; OAI is legacy)."""
    for dist, i, origin, bucket in _origins(ctx):
        if bucket.kind != "s3_bucket" or ctx.props(bucket).website:  # type: ignore[attr-defined]
            continue
        p = ctx.props(bucket)
        if not origin.oac and not origin.oai:  # type: ignore[attr-defined]
            yield hit([dist.id, bucket.id], f"{name(ctx, dist.id)} reads {name(ctx, bucket.id)} without origin access "
                                            "control, so the bucket must be readable by others and users can go "
                                            "around CloudFront.",
                      f"Add an origin access control (OAC) to the {name(ctx, bucket.id)} origin of "
                      f"{name(ctx, dist.id)}, grant it in the bucket policy and keep the bucket private.",
                      quick_fix=_set_origin(dist.id, i, "Add an OAC to the origin", oac=True))
        elif p.public:  # type: ignore[attr-defined]
            yield hit([dist.id, bucket.id], f"{name(ctx, bucket.id)} is served through {name(ctx, dist.id)} with "
                                            "origin access control but is also public, so users can bypass "
                                            "CloudFront.",
                      f"Make {name(ctx, bucket.id)} private (Block Public Access on).",
                      quick_fix=QuickFix("Make the bucket private", lambda d, b=bucket.id: set_node_fields(
                          d, b, props={"public": False, "block_public_access": True})))
        elif origin.oai and not origin.oac:  # type: ignore[attr-defined]
            kms = p.encryption == "sse-kms"  # type: ignore[attr-defined]
            yield hit([dist.id, bucket.id], f"{name(ctx, dist.id)} reads {name(ctx, bucket.id)} through a legacy "
                                            "origin access identity (OAI)"
                                            + (", which cannot read SSE-KMS objects." if kms else "."),
                      f"Replace the OAI of {name(ctx, dist.id)} with an origin access control (OAC).",
                      quick_fix=_set_origin(dist.id, i, "Replace the OAI with an OAC", oac=True, oai=False),
                      severity="warning" if kms else "info")


@rule("CF-OAI-002", "error", pillars=("reliability",))
def website_origin_is_custom(ctx: RuleContext) -> Iterator[Hit]:
    """An S3 website endpoint is a custom origin: OAC/OAI cannot be used with it."""
    for dist, _, origin, bucket in _origins(ctx):
        if bucket.kind == "s3_bucket" and ctx.props(bucket).website and (origin.oac or origin.oai):  # type: ignore[attr-defined]
            yield hit([dist.id, bucket.id], f"{name(ctx, dist.id)} uses the website endpoint of {name(ctx, bucket.id)} "
                                            "with origin access control; website endpoints are public HTTP origins "
                                            "and ignore OAC/OAI.",
                      f"Either serve {name(ctx, bucket.id)} through its REST endpoint with OAC (turn website hosting "
                      "off), or drop OAC/OAI and keep the website public.",
                      quick_fix=QuickFix("Use the REST endpoint with OAC", lambda d, b=bucket.id: set_node_fields(
                          d, b, props={"website": False})))


@rule("CF-EC2-001", "error", pillars=("reliability", "security"))
def ec2_origin_reachable(ctx: RuleContext) -> Iterator[Hit]:
    """A public EC2 origin needs a public IP in a public subnet and an SG admitting CloudFront."""
    f = facts(ctx)
    for dist, i, origin, target in _origins(ctx):
        if target.kind != "ec2" or origin.vpc_origin:  # type: ignore[attr-defined]
            continue
        subnet = ctx.index.subnet_of(target.id)
        public = f.has_public_ip(target) and subnet is not None and f.is_public_subnet(subnet.id)
        verdict = _origin_sg_verdict(ctx, target)
        if not public or verdict == "none":
            why = "has no public address in a public subnet" if not public else "has a security group that does " \
                  "not admit CloudFront on 80/443"
            yield hit([dist.id, target.id], f"{name(ctx, dist.id)} cannot reach its origin {name(ctx, target.id)}: the "
                                            f"instance {why}.",
                      f"Make {name(ctx, target.id)} a CloudFront VPC origin, or give it a public IP in a public subnet "
                      "and admit the CloudFront origin-facing prefix list on its port.",
                      quick_fix=_set_origin(dist.id, i, "Use a VPC origin", vpc_origin=True))
        elif verdict == "world":
            yield hit([dist.id, target.id], f"{name(ctx, target.id)} (origin of {name(ctx, dist.id)}) admits the "
                                            "whole Internet, so users can bypass CloudFront.",
                      f"Admit only the CloudFront origin-facing prefix list in the SG of {name(ctx, target.id)}.",
                      severity="warning")


@rule("CF-ALB-001", "error", pillars=("reliability", "security"))
def lb_origin_reachable(ctx: RuleContext) -> Iterator[Hit]:
    """An ALB/NLB origin is internet-facing or a CloudFront VPC origin."""
    for dist, i, origin, target in _origins(ctx):
        if target.kind not in LB_KINDS or origin.vpc_origin:  # type: ignore[attr-defined]
            continue
        if ctx.props(target).scheme == "internal":  # type: ignore[attr-defined]
            yield hit([dist.id, target.id], f"{name(ctx, dist.id)} uses the internal load balancer "
                                            f"{name(ctx, target.id)} as a public origin; CloudFront cannot reach it.",
                      f"Configure {name(ctx, target.id)} as a CloudFront VPC origin, or make it internet-facing.",
                      quick_fix=_set_origin(dist.id, i, "Use a VPC origin", vpc_origin=True))
        elif _origin_sg_verdict(ctx, target) == "world":
            yield hit([dist.id, target.id], f"{name(ctx, target.id)} (origin of {name(ctx, dist.id)}) admits the whole "
                                            "Internet, so users can bypass CloudFront.",
                      f"Admit only the CloudFront origin-facing prefix list in the SG of {name(ctx, target.id)}.",
                      severity="warning")


@rule("CF-SIGN-001", "warning", pillars=("security",))
def content_only_through_cloudfront(ctx: RuleContext) -> Iterator[Hit]:
    """Users going straight to a protected bucket bypass CloudFront; private content needs signed URLs."""
    f = facts(ctx)
    for dist, _, origin, bucket in _origins(ctx):
        if bucket.kind != "s3_bucket" or not (origin.oac or origin.oai):  # type: ignore[attr-defined]
            continue
        direct = [e.source for e in f.traffic_in(bucket.id)
                  if e.source in ctx.diagram.nodes and ctx.diagram.nodes[e.source].kind in OUTSIDE_KINDS]
        if direct:
            yield hit([bucket.id, dist.id, *direct], f"Requests from {names(ctx, direct)} go straight to "
                                                     f"{name(ctx, bucket.id)} (e.g. with S3 pre-signed URLs), bypassing "
                                                     f"{name(ctx, dist.id)} and its caching, geo restriction and WAF.",
                      f"Serve the content through {name(ctx, dist.id)} with CloudFront signed URLs or signed cookies.")
    for dist in ctx.index.of_kind("cloudfront"):
        if ctx.intent(dist, "private_content") and not ctx.props(dist).signed_urls:  # type: ignore[attr-defined]
            yield hit(dist.id, f"{name(ctx, dist.id)} serves private (paid) content without requiring signed URLs or "
                               "cookies: anyone with the link can fetch it.",
                      f"Require CloudFront signed URLs (one file) or signed cookies (many files) on "
                      f"{name(ctx, dist.id)}.",
                      quick_fix=QuickFix("Require signed URLs", lambda d, i=dist.id: set_node_fields(
                          d, i, props={"signed_urls": True})))


@rule("CF-USE-001", "info", pillars=("performance", "cost"))
def static_content_through_cdn(ctx: RuleContext) -> Iterator[Hit]:
    """Large static content served straight from EC2/S3 to users is faster and cheaper through CloudFront."""
    f = facts(ctx)
    origins = {t.id for _, _, _, t in _origins(ctx)}
    for node in ctx.diagram.nodes.values():
        if "static_content" not in node.intent and "intent.static_content" not in node.props:
            continue  # cheap pre-filter: this loop sees every node
        if ctx.intent(node, "static_content") and node.id not in origins and f.reached_from_outside(node.id):
            yield hit(node.id, f"{name(ctx, node.id)} serves static content to users directly, from one region.",
                      f"Put CloudFront in front of {name(ctx, node.id)} (cached at the edge, cheaper egress).")


@rule("GA-EP-001", "error", pillars=("reliability",))
def accelerator_endpoints(ctx: RuleContext) -> Iterator[Hit]:
    """Global Accelerator endpoints are Elastic IPs, EC2 instances, ALBs or NLBs."""
    for ga in ctx.index.of_kind("global_accelerator"):
        for target in ctx.props(ga).endpoints:  # type: ignore[attr-defined]
            node = ctx.diagram.nodes.get(target)
            if node is not None and node.kind not in GA_ENDPOINT_KINDS:
                yield hit([ga.id, target], f"{name(ctx, ga.id)} lists {name(ctx, target)} ({node.kind}) as an "
                                           "endpoint; Global Accelerator sends traffic to Elastic IPs, EC2 instances, "
                                           "ALBs and NLBs only.",
                          f"Use an ALB or NLB in front of {name(ctx, target)} as the endpoint.")


@rule("perf.global_users_single_region", "info", section="AWS Global Accelerator - Overview",
      lines="§AWS Global Accelerator - Overview L3376-3421",
      summary="Worldwide users reach a single-region application over the public Internet", pillars=("performance",))
def global_users_without_edge(ctx: RuleContext) -> Iterator[Hit]:
    """Users flagged ``global`` reaching one region with no CloudFront or Global Accelerator in front."""
    if ctx.index.of_kind("cloudfront", "global_accelerator") or len(ctx.index.of_kind("region")) > 1:
        return
    f = facts(ctx)
    for user in ctx.index.of_kind(*OUTSIDE_KINDS):
        if ctx.intent(user, "global") and f.traffic_out(user.id):
            yield hit(user.id, f"Worldwide users ({name(ctx, user.id)}) reach a single region over the public "
                               "Internet.",
                      "Put CloudFront (HTTP, cacheable) or Global Accelerator (TCP/UDP, static IPs) in front of the "
                      "entry point.")


@rule("CF-BEH-001", "error", pillars=("reliability",))
def behaviors_resolve(ctx: RuleContext) -> Iterator[Hit]:
    """Cache behaviours point at origins of the distribution, and exactly one is the default (/*)."""
    for dist in ctx.index.of_kind("cloudfront"):
        p = ctx.props(dist)
        if not p.behaviors:  # type: ignore[attr-defined]
            continue
        targets = {o.target for o in p.origins}  # type: ignore[attr-defined]
        for behavior in p.behaviors:  # type: ignore[attr-defined]
            if behavior.origin not in targets:
                yield hit([dist.id, behavior.origin], f"The {behavior.path} behaviour of {name(ctx, dist.id)} sends "
                                                      f"requests to {name(ctx, behavior.origin)}, which is not one of "
                                                      "its origins.",
                          f"Add {name(ctx, behavior.origin)} as an origin of {name(ctx, dist.id)}, or point the "
                          "behaviour at an existing origin.")
        defaults = [b for b in p.behaviors if b.path in ("/*", "*")]  # type: ignore[attr-defined]
        if len(defaults) != 1:
            yield hit(dist.id, f"{name(ctx, dist.id)} has {len(defaults)} default (/*) behaviours; a distribution has "
                               "exactly one.",
                      f"Keep one /* behaviour in {name(ctx, dist.id)} for requests no other path matches.")


@rule("CF-OG-001", "error", pillars=("reliability",))
def origin_group_pair(ctx: RuleContext) -> Iterator[Hit]:
    """An origin group has one primary and one secondary; S3 origins in two regions need replication."""
    for dist in ctx.index.of_kind("cloudfront"):
        for group in ctx.props(dist).origin_groups:  # type: ignore[attr-defined]
            members = [m for m in group.members if m in ctx.diagram.nodes]
            if len(group.members) != 2:
                yield hit([dist.id, *members], f"An origin group of {name(ctx, dist.id)} has {len(group.members)} "
                                               "members; CloudFront fails over between exactly two (primary, "
                                               "secondary).",
                          f"Give the origin group of {name(ctx, dist.id)} one primary and one secondary origin.")
                continue
            first, second = (ctx.diagram.nodes.get(m) for m in group.members)
            if first is None or second is None or {first.kind, second.kind} != {"s3_bucket"}:
                continue
            regions = {getattr(ctx.index.region_of(b.id), "id", None) for b in (first, second)}
            linked = ctx.props(first).replication_to == second.id or ctx.props(second).replication_to == first.id  # type: ignore[attr-defined]
            if len(regions) == 2 and not linked:
                yield hit([dist.id, first.id, second.id], f"{name(ctx, dist.id)} fails over from {name(ctx, first.id)} "
                                                          f"to {name(ctx, second.id)} in another region, but nothing "
                                                          "replicates the objects between them.",
                          f"Set up cross-region replication from {name(ctx, first.id)} to {name(ctx, second.id)}.",
                          severity="warning")


@rule("CF-FLE-001", "error", pillars=("security",))
def field_level_encryption(ctx: RuleContext) -> Iterator[Hit]:
    """Field-level encryption covers at most 10 POST fields and needs a public key."""
    for dist in ctx.index.of_kind("cloudfront"):
        p = ctx.props(dist)
        fields = p.fle_fields  # type: ignore[attr-defined]
        if fields and (len(fields) > 10 or not p.fle_public_key):  # type: ignore[attr-defined]
            problem = f"{len(fields)} fields (at most 10)" if len(fields) > 10 else "no public key"
            yield hit(dist.id, f"Field-level encryption on {name(ctx, dist.id)} has {problem}.",
                      f"Encrypt at most 10 fields with a public key uploaded to CloudFront for {name(ctx, dist.id)}.")


@rule("CF-L@E-001", "error", pillars=("reliability",))
def lambda_edge_event(ctx: RuleContext) -> Iterator[Hit]:
    """Lambda@Edge attaches to viewer request, origin request, origin response or viewer response."""
    events = ("viewer-request", "origin-request", "origin-response", "viewer-response")
    for fn in ctx.index.of_kind("lambda_edge"):
        event = ctx.props(fn).event.lower().replace("_", "-")  # type: ignore[attr-defined]
        if event not in events:
            yield hit(fn.id, f"{name(ctx, fn.id)} is attached to the event {event!r}; Lambda@Edge runs on "
                             f"{', '.join(events)} only.",
                      f"Attach {name(ctx, fn.id)} to one of {', '.join(events)}.")


@rule("CF-SEC-001", "info", pillars=("security",))
def viewer_https(ctx: RuleContext) -> Iterator[Hit]:
    """CloudFront can require HTTPS from viewers (and to origins)."""
    for dist in ctx.index.of_kind("cloudfront"):
        if not ctx.props(dist).https_only:  # type: ignore[attr-defined]
            yield hit(dist.id, f"{name(ctx, dist.id)} serves viewers over plain HTTP as well.",
                      f"Set the viewer protocol policy of {name(ctx, dist.id)} to redirect HTTP to HTTPS.",
                      quick_fix=QuickFix("Redirect HTTP to HTTPS", lambda d, i=dist.id: set_node_fields(
                          d, i, props={"https_only": True})))
