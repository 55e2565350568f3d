"""CIDRs, ports and protocols parse what people write and explain what is wrong."""

from __future__ import annotations

import pytest

from cloudwright.engine.model.types import ALL_PORTS, PortRange, Protocol, parse_cidr, parse_protocol


@pytest.mark.parametrize("text, message", [
    ("10.0.0.0/33", "not a valid IPv4 network"),
    ("10.0.0.1/16", "host bits set (did you mean 10.0.0.0/16?)"),
    ("10.0.0.0", "no prefix length"),
    ("banana", "no prefix length"),
])
def test_bad_cidrs_are_explained(text: str, message: str) -> None:
    """A user sees why a CIDR is refused and, where possible, what was meant."""
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        parse_cidr(text)


def test_cidrs_parse_ipv4_and_ipv6() -> None:
    """Both address families are accepted."""
    assert parse_cidr("10.0.0.0/16").num_addresses == 65536
    assert parse_cidr("2600:1f18::/56").prefixlen == 56


@pytest.mark.parametrize("value, expected", [
    (443, PortRange(443, 443)), ("80", PortRange(80, 80)), ("1024-65535", PortRange(1024, 65535)),
    ("all", ALL_PORTS), (-1, ALL_PORTS), ([20, 21], PortRange(20, 21)),
])
def test_port_forms(value, expected) -> None:
    """Ports are written as numbers, ranges, lists or 'all'."""
    assert PortRange.parse(value) == expected


@pytest.mark.parametrize("value", ["70000", "90-80", "x", True])
def test_bad_ports_refused(value) -> None:
    """Impossible ports never reach the model."""
    with pytest.raises(ValueError):
        PortRange.parse(value)


def test_port_range_algebra() -> None:
    """Ranges answer containment and overlap questions the analyzers ask."""
    eph = PortRange(1024, 65535)
    assert eph.contains(1024) and not eph.contains(443)
    assert eph.overlap(PortRange(0, 2000)) == PortRange(1024, 2000)
    assert ALL_PORTS.covers(eph) and str(eph) == "1024-65535" and str(ALL_PORTS) == "all"


def test_protocol_aliases() -> None:
    """AWS writes -1 for all protocols and numbers for tcp/udp."""
    assert parse_protocol("-1") is Protocol.ALL and parse_protocol("6") is Protocol.TCP
    assert Protocol.ALL.matches(Protocol.UDP) and not Protocol.TCP.matches(Protocol.UDP)
    with pytest.raises(ValueError, match="not a protocol"):
        parse_protocol("http2")
