"""nginx's per-client key (policyapi/front/clientkey.py) groups addresses as the app does.

The maps nginx.conf is given are evaluated here as nginx evaluates them (patterns in order,
`$N` a capture, `$name` another variable); tests/test_front.py checks nginx itself on a few
addresses. Addresses are written as nginx writes `$remote_addr` (RFC 5952).
"""

import ipaddress
import random
import re

import pytest

from policyapi.front.clientkey import CLIENT, NginxMap, client_maps
from policyapi.web.ratelimit import client_key

PREFIXES = [1, 3, 13, 16, 31, 32, 48, 52, 56, 60, 62, 63, 64, 65, 80, 96, 100, 127, 128]
VARIABLE = re.compile(r"\$(\d|[a-z_][a-z0-9_]*)")


def nginx_key(maps: list[NginxMap], remote_addr: str) -> str:
    """The value of CLIENT for a request from `remote_addr`."""
    by_variable = {item.variable: item for item in maps}

    def interpolate(text: str, match: re.Match[str] | None) -> str:
        def value(reference: re.Match[str]) -> str:
            name = reference.group(1)
            if name.isdigit():
                return (match.group(int(name)) if match else None) or ""
            return evaluate(f"${name}")

        return VARIABLE.sub(value, text)

    def evaluate(variable: str) -> str:
        if variable == "$remote_addr":
            return remote_addr
        block = by_variable[variable]
        source = interpolate(block.source, None)
        for pattern, result in block.entries:
            if found := re.search(pattern, source):
                return interpolate(result, found)
        return interpolate(block.default, None)

    return evaluate(CLIENT)


def nginx_text(address: ipaddress.IPv6Address) -> str:
    """`$remote_addr` as nginx writes it (ngx_inet6_ntop): RFC 5952, with a dotted tail for
    IPv4-mapped addresses and most of ::/96."""
    packed = address.packed
    groups = [int.from_bytes(packed[at : at + 2], "big") for at in range(0, 16, 2)]
    leading = next((at for at, group in enumerate(groups) if group), 8)  # zero groups first
    mapped = leading == 5 and groups[5] == 0xFFFF
    dotted = leading == 6 or (leading == 7 and packed[14] != 0 and packed[15] != 1)
    if mapped or dotted:
        tail = ipaddress.IPv4Address(packed[12:])
        return f"::ffff:{tail}" if mapped else f"::{tail}"
    return address.compressed


def addresses_near(network: ipaddress.IPv6Network, rng: random.Random) -> list[str]:
    """Addresses inside `network` and just outside it, many with runs of zero groups."""
    inside = [network.network_address, network.broadcast_address]
    inside += [network.network_address + rng.getrandbits(128 - network.prefixlen) for _ in range(4)]
    # The neighbouring networks (one bit of the prefix flipped), their first and last address.
    flipped = int(network.network_address) ^ (1 << (128 - network.prefixlen))
    neighbour = ipaddress.IPv6Network((flipped, network.prefixlen))
    near = [neighbour.network_address, neighbour.broadcast_address]
    return [nginx_text(address) for address in inside + near]


def sparse_address(rng: random.Random) -> ipaddress.IPv6Address:
    """A random address whose groups are often zero (so `::` lands anywhere) or short."""
    groups = [rng.choice([0, 0, 0, rng.getrandbits(4), rng.getrandbits(16)]) for _ in range(8)]
    return ipaddress.IPv6Address(":".join(f"{group:x}" for group in groups))


@pytest.mark.parametrize("prefix", PREFIXES)
def test_nginx_groups_ipv6_clients_as_the_app_does(prefix: int) -> None:
    maps = client_maps(prefix)
    rng = random.Random(prefix)
    addresses = []
    for _ in range(80):
        network = ipaddress.IPv6Network((sparse_address(rng), prefix), strict=False)
        addresses += addresses_near(network, rng)
    if prefix > 96:  # dotted ::/96 addresses count alone there (clientkey.py says why)
        addresses = [a for a in addresses if "." not in a or a.startswith("::ffff:")]
    app_of = {address: client_key(address, prefix) for address in addresses}
    nginx_of = {address: nginx_key(maps, address) for address in addresses}
    # One nginx key per network of the app, and one network per nginx key.
    pairs = {(app_of[address], nginx_of[address]) for address in addresses}
    assert len(pairs) == len(set(app_of.values())) == len(set(nginx_of.values()))


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", True),
        ("2001:db8:1:2::", "2001:db8:1:2:3::4", True),
        ("2001:db8::1", "2001:db8:0:0:1::", True),
        ("::1", "::2", True),
        ("::1", "::1.2.3.4", True),
        ("::0.0.1.2", "::ff:0:1", True),
        ("2001:db8::1", "2001:db8:0:1::1", False),
        ("2001:db8:1::", "2001:db8::1:0:0:0", False),
        ("198.51.100.1", "198.51.100.2", False),
        ("198.51.100.1", "::ffff:198.51.100.1", True),
        ("::ffff:198.51.100.1", "::ffff:198.51.100.2", False),
    ],
)
def test_default_prefix_examples(first: str, second: str, same: bool) -> None:
    maps = client_maps(64)
    assert (nginx_key(maps, first) == nginx_key(maps, second)) is same
    assert (client_key(first, 64) == client_key(second, 64)) is same


def test_a_key_is_never_empty() -> None:
    # limit_conn does not count a request whose key is empty.
    maps = client_maps(64)
    for remote_addr in ["unix:", "192.0.2.1", "::", "::ffff:192.0.2.1", "::192.0.2.1", "fe80::1"]:
        assert nginx_key(maps, remote_addr)
