"""``cloudwright reach FILE --from ID --to ID``: can one component reach another, hop by hop, and why not.

Exit 0 when reachable, 1 when blocked or unknown, 2 on bad input (including unknown ids). The text
output reads like a traceroute: numbered hops, verdict, reason and explanation code, the blocking hop
marked; ``--format json`` is documented in docs/reach-codes.md.
"""

from __future__ import annotations

import argparse
import sys

from cloudwright.cli.inputs import add_param_option, load_input, params_of
from cloudwright.cli.output import paint, write_json
from cloudwright.engine.reach import Analyzer, PathResult

NAME = "reach"
HELP = "can FROM open a connection to TO on a port? hop-by-hop path with the blocking hop and a fix"
ORDER = 20

_MARK = {"pass": "ok", "block": "BLOCK", "unknown": "??"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    add_param_option(parser)
    parser.add_argument("--from", dest="src", required=True, metavar="ID", help="the component opening the connection")
    parser.add_argument("--to", dest="dst", required=True, metavar="ID", help="the component it connects to")
    parser.add_argument("--protocol", choices=("tcp", "udp", "icmp"), default="tcp")
    parser.add_argument("--port", type=_port, default=443, metavar="N", help="destination port (default 443)")
    parser.add_argument("--ipv6", action="store_true", help="evaluate the flow over IPv6")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is outside 0-65535")
    return value


def run(args: argparse.Namespace) -> int:
    loaded = load_input(args.file, params_of(args))
    analyzer = Analyzer(loaded.diagram)
    result = analyzer.can_reach(args.src, args.dst, args.protocol, args.port, ip_version=6 if args.ipv6 else 4)
    if args.format == "json":
        write_json(result.to_json(), sys.stdout)
    else:
        sys.stdout.write(render_text(result))
    return 0 if result.reachable else 1


def render_text(result: PathResult) -> str:
    """The traceroute-like report: one numbered line per hop, the blocking hop marked with ``>>``."""
    lines = [f"reach {result.flow.describe()}: " + paint(result.status.upper(),
             "pass" if result.reachable else "block", sys.stdout)]
    block = result.blocking_hop
    leg = ""
    width = max((len(h.node) for h in result.hops), default=4)
    for number, hop in enumerate(result.hops, 1):
        if hop.leg != leg:
            leg = hop.leg
            lines.append(f"  {leg} leg:")
        marker = ">>" if hop is block else "  "
        verdict = paint(f"{_MARK[hop.verdict]:<5}", "pass" if hop.verdict == "pass" else "block", sys.stdout)
        lines.append(f"{marker}{number:>3}  {hop.node:<{width}}  {verdict}  {hop.reason}  [{hop.code}]")
    for hop in result.warnings:
        lines.append(paint(f"  warning: {hop.reason}", "warning", sys.stdout))
    for fix in result.fixes:
        lines.append(f"  fix: {fix.title}")
    return "\n".join(lines) + "\n"
