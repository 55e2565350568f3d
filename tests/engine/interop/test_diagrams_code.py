"""diagrams-as-code export: the script runs, renders a PNG, and no label can inject code."""

from __future__ import annotations

import ast
import subprocess
import sys

from cloudwright.engine.io.diagrams_code import dumps_python, export_python, node_class
from cloudwright.engine.model.diagram import Diagram, Edge, Node

HOSTILE = '"); import os; os.system("touch /tmp/pwned") #'


def _hostile_design(marker: str) -> Diagram:
    label = HOSTILE.replace("/tmp/pwned", marker)
    nodes = {
        "region": Node(id="region", kind="region", label=label, size=(400, 300)),
        'web"); x=(1': Node(id='web"); x=(1', kind="lambda", label=label, parent="region"),
        "db": Node(id="db", kind="dynamodb_table", label="orders\n''' table", parent="region"),
    }
    edge = Edge.model_validate({"id": "e", "from": 'web"); x=(1', "to": "db", "label": label})
    return Diagram(name=label, nodes=nodes, edges={"e": edge})


def test_classes_follow_the_catalogue_icons():
    """Each kind is drawn with the diagrams class that has the catalogue's icon."""
    assert node_class("ec2") == ("diagrams.aws.compute", "EC2")
    assert node_class("alb") == ("diagrams.aws.network", "ALB")
    assert node_class("cfn_resource")[0].startswith("diagrams.aws.")


def test_hostile_labels_cannot_inject_code(tmp_path):
    """Labels and ids stay string literals: the script's only calls are diagrams ones."""
    marker = tmp_path / "pwned"
    source = dumps_python(_hostile_design(str(marker)), "out")
    tree = ast.parse(source)
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Import)]
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert called <= {"Diagram", "Cluster", "Edge", "Lambda", "DynamodbTable"}


def test_script_runs_and_renders(tmp_path):
    """Running the exported script with python draws the PNG and executes nothing from a label."""
    marker = tmp_path / "pwned"
    script = tmp_path / "design.py"
    export_python(_hostile_design(str(marker)), script)
    run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "design.png").stat().st_size > 1000
    assert not marker.exists()
