"""Addresses as integers: fast containment tests for route lookup, NACL and SG matching.

A :class:`Net` is ``(version, value, prefix)``. A single host is a /32 (or /128); the internet as a
source or destination is ``0.0.0.0/0`` (``::/0``), and a rule or route "matches" a set of addresses only
when it contains the whole set, so a rule restricted to an admin CIDR does not open a port to the internet.

Managed prefix lists and AWS public services get fixed representative ranges (real us-east-1 ranges), so
a prefix-list route competes with the length of the list entry, as AWS does.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any, NamedTuple


class Net(NamedTuple):
    version: int
    value: int
    prefix: int

    @property
    def bits(self) -> int:
        return 32 if self.version == 4 else 128

    def contains(self, inner: Net) -> bool:
        """Whether every address of ``inner`` is in ``self``."""
        if inner.version != self.version or inner.prefix < self.prefix:
            return False
        shift = self.bits - self.prefix
        return (inner.value >> shift) == (self.value >> shift)

    def overlaps(self, other: Net) -> bool:
        return self.contains(other) or other.contains(self)

    def host(self, offset: int) -> Net:
        """The ``offset``-th address of this network as a host net (wrapping inside the network)."""
        size = 1 << (self.bits - self.prefix)
        return Net(self.version, self.value + (offset % size), self.bits)

    @property
    def cidr(self) -> str:
        """Always with the prefix length (``10.0.1.4/32``), as rules and routes are written."""
        return f"{_address_text(self.version, self.value)}/{self.prefix}"

    def __str__(self) -> str:
        text = self.cidr
        return text.rsplit("/", 1)[0] if self.prefix == self.bits else text


@lru_cache(maxsize=65536)
def _address_text(version: int, value: int) -> str:
    if version == 4:
        return f"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"
    return str(ipaddress.IPv6Address(value))


def net(value: Any) -> Net:
    """A :class:`Net` from an ``ipaddress`` network or text (``10.0.0.0/16``, ``1.2.3.4``)."""
    if isinstance(value, Net):
        return value
    parsed = value if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network) else \
        ipaddress.ip_network(str(value), strict=False)
    return Net(parsed.version, int(parsed.network_address), parsed.prefixlen)


ANY_V4 = net("0.0.0.0/0")
ANY_V6 = net("::/0")

#: Representative entries of the AWS managed prefix lists (us-east-1).
PREFIX_LISTS: dict[str, tuple[Net, ...]] = {
    "s3": (net("52.216.0.0/15"), net("3.5.0.0/19")),
    "dynamodb": (net("52.94.0.0/22"),),
    "cloudfront": (net("130.176.0.0/18"),),
}
#: Where other AWS public service endpoints live (a representative public AWS range).
AWS_PUBLIC_RANGE = net("54.239.0.0/16")
#: The same for services' dual-stack IPv6 endpoints.
AWS_PUBLIC_V6 = net("2600:1f18:ffff::/48")
#: Public IPv4 addresses handed to instances, NAT gateways and load balancers in the design.
PUBLIC_POOL = net("52.0.0.0/11")


def in_prefix_list(name: str, addr: Net) -> Net | None:
    """The list entry containing ``addr`` (its prefix length is what a prefix-list route competes with)."""
    for entry in PREFIX_LISTS.get(name, ()):
        if entry.contains(addr):
            return entry
    return None


def is_private(addr: Net) -> bool:
    """RFC 1918 / ULA space: not routable on the internet."""
    if addr.version == 4:
        return any(block.contains(addr) for block in _PRIVATE_V4)
    return _ULA.contains(addr)


_PRIVATE_V4 = (net("10.0.0.0/8"), net("172.16.0.0/12"), net("192.168.0.0/16"), net("100.64.0.0/10"))
_ULA = net("fc00::/7")
