"""``cloudwright export FILE -o OUT``: write the design in the format the output's extension names."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cloudwright.cli.inputs import add_param_option, load_input, params_of
from cloudwright.engine.errors import CloudwrightError
from cloudwright.engine.io.exporters import exporter_for, known_extensions

NAME = "export"
HELP = "export a design; the format follows the output file's extension"
ORDER = 40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    add_param_option(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT")
    parser.add_argument("--stage", type=int, default=None, help="for a staged template: export this stage")


def run(args: argparse.Namespace) -> int:
    loaded = load_input(args.file, params_of(args))
    diagram = loaded.diagram
    if args.stage is not None:
        from cloudwright.engine.io.stages import stage_diagram
        diagram = stage_diagram(diagram, args.stage)
    extension = Path(args.output).suffix.lower()
    exporter = exporter_for(args.output)
    if exporter is None:
        raise CloudwrightError(f"cannot export to '{extension or args.output}': known formats are "
                               f"{', '.join(known_extensions())}")
    exporter(diagram, Path(args.output))
    sys.stdout.write(f"wrote {args.output}\n")
    return 0
