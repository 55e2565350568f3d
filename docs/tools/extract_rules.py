"""Generate ``resources/rules/catalogue.yaml`` from the rules catalogue ``rules.md`` (and the case studies' aliases).

Run from the repository root (re-run whenever ``rules.md`` or ``case-studies.md`` changes)::

    python docs/tools/extract_rules.py [--rules ../shared/rules.md] [--cases ../shared/case-studies.md]

Each rule entry: id, area (the chapter code, e.g. ``NET``), chapter and subsection titles, severity (the first
severity printed, which already carries the review's corrections of rules.md section 33), ``outcomes`` (every
severity a two-outcome rule can report), tags, summary (first sentence), and ``sources``: the notes' section
headings with their line references, parsed from the rule's "Source:" line. The ten rules that rules.md
section 0 names as notes-level limits keep ``error`` for values above today's AWS limit and gain an ``info``
outcome for values only above the notes' number. Aliases are the dotted ids of case-studies.md section 0.5
with the rules.md ids of their last column.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

RULE_HEAD = re.compile(r"^- \*\*(?P<id>[A-Z][A-Z0-9@-]*-\d{3})\*\* (?P<meta>[^:]*?):\s*(?P<text>.*)$")
RULE_ID = re.compile(r"\b[A-Z][A-Z0-9@]*(?:-[A-Z0-9@]+)*-\d{3}\b")
SEVERITY = re.compile(r"`(error|warning|info)`")
TAG = re.compile(r"\[([a-z][a-z -]*?)(?::[^\]]*)?\]")
CHAPTER = re.compile(r"^## (?P<num>\d+)\. (?P<title>.+)$")
SUBSECTION = re.compile(r"^### (?P<title>.+)$")
SOURCE_PART = re.compile(r"§(?P<heading>[^§;]+?)(?:,\s*|\s+)(?P<lines>L\d[\dL,\s\-–]*)\s*$")
#: rules.md section 0: notes-level limits whose `error` applies only above today's AWS limit (section 29).
NOTES_LEVEL_LIMITS = ("SLS-LAM-004", "SLS-DDB-006", "MSG-SQS-002", "MSG-KDS-001", "S3-OBJ-001", "MON-CW-003",
                      "IAM-STS-001", "SEC-KMS-005", "EBS-SIZE-001", "EBS-PERF-001")
ALIAS_SEVERITY = {"E": "error", "W": "warning", "I": "info"}


def chapter_area(title: str) -> str:
    """'2. NET — VPC networking' -> 'NET'; '5. EBS, snapshots, AMI, instance store' -> 'EBS'."""
    return re.split(r"[\s,—]", title.strip(), maxsplit=1)[0]


def first_sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    sentence = text
    for match in re.finditer(r"(?<=[A-Za-z0-9)\]`'\"%])\.(?=\s+[A-Z(`*])", text):
        if not re.search(r"(\be\.g|\bi\.e|\bvs|\betc)$", text[: match.start()]):
            sentence = text[: match.start() + 1]
            break
    return sentence.replace("**", "").replace("`", "")


def parse_sources(line: str) -> list[dict]:
    """'§A, L1-2; §B L3; AWS doc' -> [{'heading': 'A', 'lines': 'L1-2'}, {'heading': 'B', 'lines': 'L3'}]."""
    sources = []
    body = line.split("Source:", 1)[1]
    for part in body.split(";"):
        part = part.strip().rstrip(".")
        for piece in re.split(r"\.\s+(?=[A-Z])", part):
            piece = piece.strip().rstrip(".")
            if "§" not in piece:
                continue
            piece = piece[piece.index("§"):]
            first_ref = re.search(r"\bL\d", piece)
            if first_ref:  # drop remarks after the line references: "L6880 (each subnet has ...)"
                tail = re.sub(r"\s*\([^)]*\)", "", piece[first_ref.start():]).replace(" vs ", ", ")
                piece = piece[: first_ref.start()] + tail
            match = SOURCE_PART.match(piece)
            if match:
                heading = match["heading"].strip().rstrip(",").strip()
                lines = re.sub(r"\s+", " ", match["lines"]).strip().rstrip(",").replace("–", "-")
            else:
                heading = re.sub(r"\s*\(.*$", "", piece[1:]).strip().rstrip(",")
                lines = ""
            heading = re.sub(r"\s*\((?!Databases\))[^)]*\)\s*$", "", heading).strip()
            sources.append({"heading": heading, "lines": lines})
    return sources


def parse_rules(text: str) -> list[dict]:
    rules: list[dict] = []
    chapter = subsection = ""
    current: dict | None = None
    for line in text.splitlines():
        if (m := CHAPTER.match(line)) is not None:
            chapter, subsection = f"{m['num']}. {m['title'].strip()}", ""
            if int(m["num"]) >= 27:
                current = None
            continue
        if (m := SUBSECTION.match(line)) is not None:
            subsection = m["title"].strip()
            continue
        if (m := RULE_HEAD.match(line)) is not None:
            severities = SEVERITY.findall(m["meta"])
            outcomes = list(dict.fromkeys(severities))
            if m["id"] in NOTES_LEVEL_LIMITS and "info" not in outcomes:
                outcomes.append("info")
            current = {
                "id": m["id"], "area": chapter_area(chapter.split(". ", 1)[1]), "chapter": chapter,
                "subsection": subsection, "severity": severities[0], "outcomes": outcomes,
                "tags": sorted({t.strip() for t in TAG.findall(m["meta"])}),
                "summary": first_sentence(m["text"]), "check": "", "sources": [],
            }
            rules.append(current)
            continue
        if current is None:
            continue
        stripped = line.strip()
        if stripped.startswith("Check:"):
            current["check"] = re.sub(r"\s+", " ", stripped[len("Check:"):]).strip()
        elif stripped.startswith("Source:"):
            current["sources"] = parse_sources(stripped)
        elif line.startswith("## ") or line.startswith("---"):
            current = None
    return rules


def parse_aliases(text: str, known: set[str]) -> list[dict]:
    """The dotted ids of case-studies.md section 0.5 and the rules.md ids its last column maps them to."""
    start = text.index("### 0.5")
    end = text.index("\n# ", start)
    aliases = []
    for line in text[start:end].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[0].startswith("`"):
            continue
        dotted = cells[0].split("`")[1]
        mapping = cells[3]
        ids = [i for i in dict.fromkeys(RULE_ID.findall(mapping)) if i in known]
        exact = [i for i in ids if not re.search(rf"overlaps[^,;]*{re.escape(i)}", mapping)]
        aliases.append({"id": dotted, "severity": ALIAS_SEVERITY[cells[1].strip()[0]], "fires_when": cells[2],
                        "maps_to": exact, "overlaps": [i for i in ids if i not in exact], "mapping": mapping})
    return aliases


def build(rules_md: Path, cases_md: Path) -> dict:
    rules = parse_rules(rules_md.read_text(encoding="utf-8"))
    known = {r["id"] for r in rules}
    aliases = parse_aliases(cases_md.read_text(encoding="utf-8"), known)
    return {"source": "rules.md (shared) + case-studies.md section 0.5; generated by docs/tools/extract_rules.py",
            "rules": rules, "aliases": aliases}


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=root.parent / "shared" / "rules.md")
    parser.add_argument("--cases", type=Path, default=root.parent / "shared" / "case-studies.md")
    parser.add_argument("-o", "--output", type=Path, default=root / "resources" / "rules" / "catalogue.yaml")
    args = parser.parse_args(argv)
    data = build(args.rules, args.cases)
    counts = {s: sum(r["severity"] == s for r in data["rules"]) for s in ("error", "warning", "info")}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    header = "# Generated by docs/tools/extract_rules.py from rules.md and case-studies.md: do not edit by hand.\n"
    args.output.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120),
                           encoding="utf-8")
    sys.stdout.write(f"{len(data['rules'])} rules ({counts}), {len(data['aliases'])} aliases -> {args.output}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
