"""Network value types built on :mod:`ipaddress`: CIDRs, port ranges and protocols.

They parse the forms people write in files (``10.0.0.0/16``, ``443``, ``1024-65535``, ``all``, ``-1``)
and explain what is wrong in words a user understands.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Names that route-table and security-group rules accept in place of a CIDR (AWS managed prefix lists).
PREFIX_LISTS = ("s3", "dynamodb", "cloudfront")


def parse_cidr(value: Any) -> IPNetwork:
    """Parse ``10.0.0.0/16`` (or an IPv6 network); host bits must be zero, as AWS requires.

    >>> parse_cidr("10.0.0.0/16").prefixlen
    16
    """
    if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network):
        return value
    if not isinstance(value, str):
        raise ValueError(f"'{value}' is not a CIDR block (write it like 10.0.0.0/16)")
    text = value.strip()
    if "/" not in text:
        raise ValueError(f"'{text}' has no prefix length (write it like {text}/24)")
    try:
        return ipaddress.ip_network(text, strict=True)
    except ValueError as exc:
        family = "IPv6" if ":" in text else "IPv4"
        if "has host bits set" in str(exc):
            net = ipaddress.ip_network(text, strict=False)
            raise ValueError(f"'{text}' has host bits set (did you mean {net}?)") from None
        raise ValueError(f"'{text}' is not a valid {family} network") from None


def parse_ipv4_cidr(value: Any) -> ipaddress.IPv4Network:
    net = parse_cidr(value)
    if not isinstance(net, ipaddress.IPv4Network):
        raise ValueError(f"'{value}' is not a valid IPv4 network")
    return net


def parse_ipv6_cidr(value: Any) -> ipaddress.IPv6Network:
    net = parse_cidr(value)
    if not isinstance(net, ipaddress.IPv6Network):
        raise ValueError(f"'{value}' is not a valid IPv6 network")
    return net


_as_text = PlainSerializer(lambda v: str(v), return_type=str)
Cidr = Annotated[IPNetwork, BeforeValidator(parse_cidr), _as_text]
IPv4Cidr = Annotated[ipaddress.IPv4Network, BeforeValidator(parse_ipv4_cidr), _as_text]
IPv6Cidr = Annotated[ipaddress.IPv6Network, BeforeValidator(parse_ipv6_cidr), _as_text]


class Protocol(StrEnum):
    """IP protocols as security groups and NACLs name them."""

    TCP = "tcp"
    UDP = "udp"
    ICMP = "icmp"
    ICMPV6 = "icmpv6"
    ALL = "all"

    def matches(self, other: Protocol) -> bool:
        """Whether a rule for ``self`` admits traffic of protocol ``other``."""
        return self is Protocol.ALL or self is other


_PROTOCOL_ALIASES = {"-1": "all", "*": "all", "any": "all", "6": "tcp", "17": "udp", "1": "icmp",
                     "58": "icmpv6", "http": "tcp", "https": "tcp"}


def parse_protocol(value: Any) -> Protocol:
    text = str(value).strip().lower()
    text = _PROTOCOL_ALIASES.get(text, text)
    try:
        return Protocol(text)
    except ValueError:
        raise ValueError(f"'{value}' is not a protocol (use tcp, udp, icmp, icmpv6 or all)") from None


ProtocolField = Annotated[Protocol, BeforeValidator(parse_protocol), PlainSerializer(str, return_type=str)]


@dataclass(frozen=True, slots=True)
class PortRange:
    """An inclusive range of ports; ``PortRange(0, 65535)`` means every port."""

    low: int
    high: int

    @classmethod
    def parse(cls, value: Any) -> PortRange:
        """Accept 443, "443", "1024-65535", "all", "*", -1 or [low, high].

        >>> PortRange.parse("1024-65535")
        PortRange(low=1024, high=65535)
        """
        if isinstance(value, PortRange):
            return value
        if value is None or (isinstance(value, str) and value.strip().lower() in ("all", "*", "any", "-1")):
            return ALL_PORTS
        if isinstance(value, bool):
            raise ValueError(f"'{value}' is not a port")
        if isinstance(value, int):
            low = high = value
        elif isinstance(value, list | tuple) and len(value) == 2:
            low, high = (cls._int(v) for v in value)
        elif isinstance(value, str):
            text = value.strip()
            if "-" in text.lstrip("-"):
                a, b = text.split("-", 1)
                low, high = cls._int(a), cls._int(b)
            else:
                low = high = cls._int(text)
        else:
            raise ValueError(f"'{value}' is not a port or port range (write 443 or 1024-65535)")
        if low == -1 and high == -1:
            return ALL_PORTS
        if not (0 <= low <= 65535 and 0 <= high <= 65535):
            raise ValueError(f"port range '{value}' is outside 0-65535")
        if low > high:
            raise ValueError(f"port range '{value}' starts after it ends")
        return cls(low, high)

    @staticmethod
    def _int(text: Any) -> int:
        try:
            return int(str(text).strip())
        except ValueError:
            raise ValueError(f"'{text}' is not a port number") from None

    def contains(self, port: int) -> bool:
        return self.low <= port <= self.high

    def overlap(self, other: PortRange) -> PortRange | None:
        low, high = max(self.low, other.low), min(self.high, other.high)
        return PortRange(low, high) if low <= high else None

    def covers(self, other: PortRange) -> bool:
        return self.low <= other.low and other.high <= self.high

    @property
    def is_all(self) -> bool:
        return self.low == 0 and self.high == 65535

    @property
    def size(self) -> int:
        return self.high - self.low + 1

    def __str__(self) -> str:
        if self.is_all:
            return "all"
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


ALL_PORTS = PortRange(0, 65535)
EPHEMERAL_PORTS = PortRange(1024, 65535)


def _serialize_ports(value: PortRange) -> int | str:
    return value.low if value.low == value.high else str(value)


Ports = Annotated[PortRange, BeforeValidator(PortRange.parse), PlainSerializer(_serialize_ports)]
