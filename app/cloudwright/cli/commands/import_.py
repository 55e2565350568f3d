"""``cloudwright import TEMPLATE -o OUT``: a CloudFormation template as a laid-out Cloudwright design."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cloudwright.cli.inputs import add_param_option, params_of
from cloudwright.engine.errors import CloudwrightError, FormatError, Location
from cloudwright.engine.io.yaml_source import decode

NAME = "import"
HELP = "convert a CloudFormation template (YAML or JSON, SAM included) into a Cloudwright design"
ORDER = 45


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="TEMPLATE")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="the design to write (.yaml or .json; any export format also works)")
    add_param_option(parser)


def run(args: argparse.Namespace) -> int:
    from cloudwright.engine.io.cfn_import import import_template
    from cloudwright.engine.io.cfn_import.loader import looks_like_template
    from cloudwright.engine.io.exporters import exporter_for, known_extensions

    path = Path(args.file)
    if not path.is_file():
        raise FormatError("no such file", location=Location(args.file))
    text = decode(path.read_bytes(), args.file)
    if not looks_like_template(text):
        raise FormatError("not a CloudFormation template (no 'Resources' with AWS:: types)",
                          location=Location(args.file, 1))
    exporter = exporter_for(args.output)
    if exporter is None:
        raise CloudwrightError(f"cannot write '{args.output}': known formats are {', '.join(known_extensions())}")
    result = import_template(text, args.file, params_of(args))
    for warning in result.warnings:
        sys.stderr.write(f"cloudwright: warning: {args.file}: {warning}\n")
    exporter(result.diagram, Path(args.output))
    diagram = result.diagram
    sys.stdout.write(f"wrote {args.output}: {len(diagram.nodes)} nodes, {len(diagram.edges)} edges\n")
    return 0
