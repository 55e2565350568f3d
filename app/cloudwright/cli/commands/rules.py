"""``cloudwright rules``: the rules catalogue with severities, pillars and the notes' sections."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cloudwright.cli.output import paint, write_json
from cloudwright.engine.rules.catalogue import catalogue
from cloudwright.engine.rules.registry import all_rules

NAME = "rules"
HELP = "list the rules (id, severity, notes section, pillars, summary); --implemented for the checked ones only"
ORDER = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--implemented", action="store_true", help="only the rules Cloudwright checks")


def rule_rows(implemented_only: bool = False) -> list[dict[str, Any]]:
    """Every registered rule, then (unless ``implemented_only``) every catalogue rule not checked yet."""
    registered = {spec.id: spec for spec in all_rules()}
    rows: list[dict[str, Any]] = []
    for entry in catalogue().values():
        spec = registered.pop(entry.id, None)
        if spec is None and implemented_only:
            continue
        rows.append({"id": entry.id, "severity": spec.severity if spec else entry.severity,
                     "implemented": spec is not None, "section": entry.section, "lines": entry.lines,
                     "pillars": list(spec.pillars) if spec else [], "summary": entry.summary,
                     "aliases": list(spec.aliases) if spec else [], "module": spec.module if spec else None})
    for spec in registered.values():  # rules of their own (case-study dotted ids, new rules)
        rows.append({"id": spec.id, "severity": spec.severity, "implemented": True, "section": spec.section,
                     "lines": spec.lines, "pillars": list(spec.pillars), "summary": spec.summary,
                     "aliases": list(spec.aliases), "module": spec.module})
    return rows


def run(args: argparse.Namespace) -> int:
    rows = rule_rows(args.implemented)
    if args.format == "json":
        write_json({"rules": rows})
        return 0
    for row in rows:
        state = "" if row["implemented"] else paint("  (not checked)", "dim")
        pillars = ",".join(row["pillars"]) or "-"
        severity = paint(row["severity"].ljust(7), row["severity"])
        sys.stdout.write(f"{row['id']:<16} {severity} {pillars:<32} "
                         f"§{row['section']}{state}\n    {row['summary']}\n")
    implemented = sum(r["implemented"] for r in rows)
    sys.stdout.write(f"{len(rows)} rules, {implemented} checked by Cloudwright\n")
    return 0
