"""``cloudwright exposure FILE``: everything the internet can open connections to, on which ports, and how."""

from __future__ import annotations

import argparse
import sys

from cloudwright.cli.inputs import add_param_option, load_input, params_of
from cloudwright.cli.output import paint, write_json
from cloudwright.engine.reach import Analyzer

NAME = "exposure"
HELP = "list every component reachable from the internet, with its open ports and the path"
ORDER = 21


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    add_param_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    loaded = load_input(args.file, params_of(args))
    entries = Analyzer(loaded.diagram).exposure()
    if args.format == "json":
        write_json({"file": args.file, "exposed": [e.to_json() for e in entries]}, sys.stdout)
        return 0
    if not entries:
        sys.stdout.write(f"{args.file}: nothing is reachable from the internet\n")
        return 0
    sys.stdout.write(f"{args.file}: {len(entries)} component(s) reachable from the internet\n")
    width = max(len(e.node) for e in entries)
    for entry in entries:
        via = " -> ".join(dict.fromkeys(h.node for h in entry.path.hops if h.leg == "forward"))
        ports = ", ".join([*entry.ports, *(f"{p} (IPv6)" for p in entry.ports_ipv6)])
        sys.stdout.write(f"  {paint(entry.node.ljust(width), 'warning', sys.stdout)}  {entry.kind:<14} "
                         f"{ports:<24} via {via}\n")
    return 0
