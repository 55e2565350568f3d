"""The file format: versioned, safe, symmetric (load(dump(d)) == d), atomic and migratable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudwright.engine.errors import FormatError
from cloudwright.engine.io import DesignLoadError, dumps, load_design, load_text, save_design
from cloudwright.engine.io.atomic import clean_stale_temp_files, stale_temp_files, write_atomic
from cloudwright.engine.model.diagram import Diagram, Edge, Node

from .builders import small_vpc

ids = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
coords = st.tuples(st.floats(-5000, 5000, allow_nan=False).map(lambda v: round(v, 2)),
                   st.floats(-5000, 5000, allow_nan=False).map(lambda v: round(v, 2)))
scalars = st.one_of(st.booleans(), st.integers(-10**6, 10**6), text)
prop_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                            st.dictionaries(ids, inner, max_size=3)), max_leaves=6)


@st.composite
def diagrams(draw) -> Diagram:
    """Random but structurally plausible designs: users with free-form props and flows between them."""
    node_ids = draw(st.lists(ids, min_size=1, max_size=8, unique=True))
    nodes = {}
    for node_id in node_ids:
        nodes[node_id] = Node(id=node_id, kind=draw(st.sampled_from(["user", "internet", "s3_bucket", "cloudfront"])),
                              label=draw(text), pos=draw(coords),
                              props=draw(st.dictionaries(st.sampled_from(["note", "tier_x", "owner"]), prop_values,
                                                         max_size=2)),
                              intent=draw(st.dictionaries(st.sampled_from(["public", "critical"]), st.booleans(),
                                                          max_size=2)))
    edges = {}
    for i in range(draw(st.integers(0, 5))):
        edges[f"e{i}"] = Edge.model_validate({
            "id": f"e{i}", "from": draw(st.sampled_from(node_ids)), "to": draw(st.sampled_from(node_ids)),
            "protocol": draw(st.sampled_from(["tcp", "udp", "icmp", "all"])),
            "port": draw(st.one_of(st.none(), st.integers(0, 65535), st.just("1024-65535"))),
            "label": draw(text)})
    return Diagram(name=draw(text), description=draw(text), nodes=nodes, edges=edges)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(diagrams(), st.sampled_from(["yaml", "json"]))
def test_load_of_dump_is_identity(diagram: Diagram, fmt: str) -> None:
    """Whatever a user draws survives a save and a reload unchanged, in YAML and JSON."""
    assert load_text(dumps(diagram, fmt)).diagram == diagram


def test_reference_design_round_trips(tmp_path: Path) -> None:
    """A networked design with routes, SG references and flows survives save/load."""
    diagram = small_vpc()
    for name in ("d.yaml", "d.json"):
        save_design(diagram, tmp_path / name)
        assert load_design(tmp_path / name) == diagram


def test_file_starts_with_the_format_version() -> None:
    """The version is the first thing in every file, so migrations can always find it."""
    assert dumps(small_vpc()).startswith("cloudwright: 1\n")


def test_format_0_files_are_migrated() -> None:
    """Older files (x/y geometry, source/target edges) still open."""
    old = """format: 0
nodes:
  - {id: u, kind: user, x: 10, y: 20}
  - {id: b, kind: s3_bucket, x: 200, y: 20}
edges:
  - {source: u, target: b, port: 443}
"""
    diagram = load_text(old).diagram
    assert diagram.nodes["u"].pos == (10.0, 20.0)
    assert next(iter(diagram.edges.values())).target == "b"


def test_loading_never_constructs_objects() -> None:
    """Python tags in a file are refused, never executed."""
    with pytest.raises(FormatError, match="could not determine a constructor"):
        load_text("cloudwright: 1\nx: !!python/object/apply:os.system ['true']\n")


def test_all_problems_are_reported_with_positions() -> None:
    """A file with several mistakes lists each one with its line."""
    bad = """cloudwright: 1
nodes:
  - {id: a, kind: teleporter}
  - {id: b, kind: ec2, parent: nowhere}
"""
    with pytest.raises(DesignLoadError) as info:
        load_text(bad, "x.yaml")
    lines = str(info.value).splitlines()
    assert lines[0].startswith("x.yaml:3:") and "teleporter" in lines[0]
    assert lines[1].startswith("x.yaml:4:") and "nowhere" in lines[1]


def test_node_lines_are_known_for_reports() -> None:
    """SARIF and the GUI can point at the line where a node is written."""
    loaded = load_text(dumps(small_vpc()))
    assert loaded.text.splitlines()[loaded.node_line("web") - 1].strip() == "- id: web"


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    """A save replaces the file in one step and leaves nothing behind."""
    target = tmp_path / "design.yaml"
    target.write_text("old")
    write_atomic(target, "new content")
    assert target.read_text() == "new content"
    assert stale_temp_files(target) == []


def test_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch) -> None:
    """If the disk fails mid-save, the previous design is intact and no temp file remains."""
    target = tmp_path / "design.yaml"
    target.write_text("previous")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomic(target, "half")
    assert target.read_text() == "previous"
    assert stale_temp_files(target) == []


def test_stale_temp_files_are_cleaned_not_loaded(tmp_path: Path) -> None:
    """A temp file left by a crash is removed, and the design file is what loads."""
    target = tmp_path / "design.yaml"
    save_design(small_vpc(), target)
    stale = tmp_path / ".design.yaml.cloudwright-tmp-abc123"
    stale.write_text("cloudwright: 1\nnodes: [")
    assert clean_stale_temp_files(target) == [stale]
    assert not stale.exists() and load_design(target) == small_vpc()
