"""Small helpers the mappers share: AZ names, ports, protocols."""

from __future__ import annotations

import re
from typing import Any

from cloudwright.engine.io.cfn_import.context import as_int

DEFAULT_VPC = "default-vpc"
_AZ_LETTER = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+([a-z])$")


def canonical_az(value: Any) -> str | None:
    """``az-N`` for ``az-N`` (from Fn::GetAZs) or a real AZ name such as ``us-east-1b`` (-> az-2)."""
    if not isinstance(value, str):
        return None
    if re.fullmatch(r"az-\d+", value):
        return value
    match = _AZ_LETTER.match(value.strip())
    if match:
        return f"az-{ord(match.group(2)) - ord('a') + 1}"
    return None


def protocol_of(value: Any) -> str:
    """CloudFormation protocol values (-1, 6, "tcp", ...) as the model's protocol names."""
    text = str(value).strip().lower() if value is not None else "-1"
    return {"-1": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}.get(text, text)


def port_range(protocol: str, low: Any, high: Any) -> str:
    """A ``low-high`` port range, ``all`` for every port (and for ICMP, whose 'ports' are types)."""
    first, last = as_int(low), as_int(high)
    if protocol in ("all", "icmp", "icmpv6") or first is None or first == -1:
        return "all"
    last = first if last is None or last == -1 else last
    if first == 0 and last == 65535:
        return "all"
    return str(first) if first == last else f"{first}-{last}"


def service_name(value: Any) -> str | None:
    """``com.amazonaws.us-east-1.s3`` -> ``s3`` (also from symbolic text)."""
    text = value if isinstance(value, str) else getattr(value, "text", None)
    if not text:
        return None
    return text.rsplit(".", 1)[-1].lower()
