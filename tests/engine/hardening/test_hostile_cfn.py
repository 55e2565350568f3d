"""A CloudFormation template with hundreds of conditions and deeply nested ``Fn::If`` imports in under a
second: each condition is evaluated once, under the chosen parameters (cfn-lint enumerates scenarios;
see benchmarks/bench_hostile.py)."""

from __future__ import annotations

import json
import time

import pytest

from cloudwright.cli.main import main
from cloudwright.engine.io.cfn_import import import_template


def nested_if_template(conditions: int = 400, resources: int = 120, depth: int = 25, params: int = 60) -> str:
    """A hostile template (JSON text).

    - conditions ``C0..C{n-1}``: every third one tests its own parameter; the others combine the two
      before them (``Fn::Or``/``Fn::And`` of ``Condition`` references), so a naive evaluator that re-walks
      references does exponential work;
    - each bucket's name is ``Fn::If`` nested ``depth`` deep over different conditions.
    """
    parameters = {f"P{i}": {"Type": "String", "Default": "yes" if i % 2 else "no", "AllowedValues": ["yes", "no"]}
                  for i in range(params)}
    table: dict[str, object] = {}
    for i in range(conditions):
        if i % 3 == 0 or i < 2:
            table[f"C{i}"] = {"Fn::Equals": [{"Ref": f"P{i % params}"}, "yes"]}
        else:
            both = [{"Condition": f"C{i - 1}"}, {"Condition": f"C{i - 2}"}]
            table[f"C{i}"] = {"Fn::Or": both} if i % 2 else {"Fn::And": [both[0], {"Fn::Not": [both[1]]}]}
    buckets = {}
    for r in range(resources):
        name: object = f"bucket-{r}-leaf"
        for level in range(depth):
            name = {"Fn::If": [f"C{(r * 7 + level * 13) % conditions}", name, f"bucket-{r}-{level}"]}
        buckets[f"Bucket{r}"] = {"Type": "AWS::S3::Bucket", "Condition": f"C{(r * 11) % conditions}",
                                 "Properties": {"BucketName": name}}
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Parameters": parameters,
                       "Conditions": table, "Resources": buckets}, indent=1)


def test_hundreds_of_nested_conditions_import_in_under_a_second() -> None:
    """400 chained conditions and 120 buckets named through 25 nested Fn::If import in < 1 s of CPU."""
    text = nested_if_template()
    import_template(text, "warm.json", {})  # first call pays for imports
    started = time.process_time()
    result = import_template(text, "hostile.json", {})
    elapsed = time.process_time() - started
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert 0 < len(result.diagram.nodes) <= 120


def test_parameters_decide_which_conditional_resources_exist() -> None:
    """Conditions are evaluated under the chosen parameters: flipping P0 changes the imported buckets."""
    text = nested_if_template(conditions=12, resources=12, depth=3, params=4)
    with_yes = set(import_template(text, "t.json", {"P0": "yes"}).diagram.nodes)
    with_no = set(import_template(text, "t.json", {"P0": "no"}).diagram.nodes)
    assert with_yes != with_no


@pytest.mark.parametrize("depth", [70, 400])
def test_fn_if_nested_beyond_the_limit_is_one_clear_error(tmp_path, capsys, depth: int) -> None:
    """Fn::If nested far deeper than any real template ends in exit 2 and one line, never a traceback."""
    path = tmp_path / "deep.json"
    path.write_text(nested_if_template(conditions=4, resources=1, depth=depth, params=2), encoding="utf-8")
    code = main(["validate", str(path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code in (0, 1, 2)
    if code == 2:
        assert len(err) == 1 and "Traceback" not in err[0] and "deep.json" in err[0]
