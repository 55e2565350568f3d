"""``cloudwright templates list | show ID [--stage N] [-o OUT]``: the bundled case studies."""

from __future__ import annotations

import argparse
import sys

from cloudwright.cli.output import write_json
from cloudwright.engine.io.design_file import dumps, save_design
from cloudwright.engine.io.stages import stage_diagram
from cloudwright.engine.io.templates import list_templates, load_template, variant_diagram

NAME = "templates"
HELP = "list the bundled case-study templates, or print one (or one of its stages or variants) as a design file"
ORDER = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    listing = sub.add_parser("list", help="id, title and number of stages of every template")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    show = sub.add_parser("show", help="print a template (or one stage's design) as YAML")
    show.add_argument("id", metavar="ID", help="template id, e.g. classic/myclothes")
    which = show.add_mutually_exclusive_group()
    which.add_argument("--stage", type=int, metavar="N", help="the design as stage N shows it (1-based)")
    which.add_argument("--variant", type=int, metavar="N", help="the design as what-if variant N shows it")
    show.add_argument("-o", "--output", metavar="OUT", help="write to OUT (.yaml or .json) instead of stdout")


def run(args: argparse.Namespace) -> int:
    if args.action == "show":
        return _show(args)
    return _list(getattr(args, "format", "text"))


def _list(fmt: str) -> int:
    infos = list_templates()
    if fmt == "json":
        write_json([{"id": t.id, "title": t.title, "stages": t.stages, "description": t.description}
                    for t in infos], sys.stdout)
        return 0
    width = max((len(t.id) for t in infos), default=0)
    for info in infos:
        stages = f"{info.stages} stage{'s' if info.stages != 1 else ''}"
        sys.stdout.write(f"{info.id:<{width}}  {stages:>9}  {info.title}\n")
    return 0


def _show(args: argparse.Namespace) -> int:
    diagram = load_template(args.id)
    if args.stage is not None:
        diagram = stage_diagram(diagram, args.stage)
    elif args.variant is not None:
        diagram = variant_diagram(diagram, args.variant)
    if args.output:
        save_design(diagram, args.output)
    else:
        sys.stdout.write(dumps(diagram))
    return 0
