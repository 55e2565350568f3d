"""Design -> CloudFormation template (``.cfn.yaml``): networking, compute and data resources.

Logical ids are the node ids made alphanumeric, so an imported template exports under its own names.
References are ``Ref``/``Fn::GetAtt`` (security groups by ``GroupId``, so they work in any VPC); AMIs and
certificates are parameters. Rules naming another security group become separate ``SecurityGroupIngress``
resources, which keeps groups that refer to each other free of circular dependencies. Containers, the
outside world and kinds with no CloudFormation counterpart are listed under ``Metadata`` (nothing is
dropped silently). AWS's default VPC and its default subnets, gateway and tables are not created: what
sat in them is exported without a subnet, which CloudFormation places in the default VPC again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cloudwright.engine.io.atomic import write_atomic
from cloudwright.engine.io.cfn_export.compute import ComputeKinds
from cloudwright.engine.io.cfn_export.data import DataKinds
from cloudwright.engine.io.cfn_export.network import NetworkKinds
from cloudwright.engine.io.cfn_export.services import ServiceKinds
from cloudwright.engine.model.diagram import Diagram


class _Builder(NetworkKinds, ComputeKinds, DataKinds, ServiceKinds):
    """Every kind the export knows."""


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def build_template(diagram: Diagram) -> dict[str, Any]:
    """The template as plain data."""
    return _Builder(diagram).build()


def logical_ids(diagram: Diagram) -> dict[str, str]:
    """Node id -> the logical id its resource gets in the export."""
    return dict(_Builder(diagram).ids)


def dumps_template(diagram: Diagram) -> str:
    return yaml.dump(build_template(diagram), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def export_template(diagram: Diagram, path: Path) -> None:
    """Write the design as a CloudFormation template (YAML), atomically."""
    write_atomic(Path(path), dumps_template(diagram).encode("utf-8"))
