"""``cloudwright validate FILE``: structural check (and, when the rules engine is present, findings)."""

from __future__ import annotations

import argparse
import sys

from cloudwright.cli.inputs import add_param_option, load_input, params_of
from cloudwright.cli.output import paint, write_json

NAME = "validate"
HELP = "check a design (or CloudFormation template) against the rules; exit 1 when a finding reaches --min-severity"
ORDER = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    add_param_option(parser)
    parser.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    parser.add_argument("--min-severity", choices=("info", "warning", "error"), default="error")


def run(args: argparse.Namespace) -> int:
    loaded = load_input(args.file, params_of(args))
    try:
        from cloudwright.cli import report  # type: ignore[attr-defined]
    except ImportError:
        report = None
    if report is not None:
        return report.render_validation(loaded, args)
    diagram = loaded.diagram
    if args.format == "json":
        write_json({"file": args.file, "nodes": len(diagram.nodes), "edges": len(diagram.edges), "findings": []})
    else:
        sys.stdout.write(paint("OK", "pass") + f" {args.file}: {len(diagram.nodes)} nodes, "
                         f"{len(diagram.edges)} edges, structurally valid\n")
    return 0
