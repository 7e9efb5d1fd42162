"""nginx `map` entries that name a client as the app's rate limits do (web/ratelimit.py).

nginx's `limit_conn` counts requests per key. Keyed by `$binary_remote_addr`, every IPv6
address is a client of its own, though a subscriber usually holds a whole /64 (RFC 6177) and
can move through it at will. nginx cannot mask an address, so two maps on `$remote_addr` do it
with regular expressions: the first writes an IPv6 address out as eight groups (undoing the
`::`), the second keeps its first `prefix` bits. nginx writes `$remote_addr` in RFC 5952 form
(lower case, no leading zeros, `::` for the longest run of two or more zero groups,
`::ffff:a.b.c.d` for an IPv4-mapped address), so no other spelling needs a pattern. nginx also
writes most of ::/96 (IPv4-compatible addresses, deprecated by RFC 4291 and never a real
source) with a dotted tail, `::a.b.c.d`: a regular expression cannot turn decimal into hex, so
with a prefix over 96 bits such an address counts alone.

Each entry is a (pattern, value) pair: nginx tries the patterns in order, and the value may
use the pattern's captures as `$1`, `$2` and other variables. The keys need not look like the
app's, only group addresses the same way: equal for addresses in one network, different
otherwise. nginx.conf writes the maps of `client_maps` as they are; tests/test_front_clientkey.py
evaluates the same maps with Python's `re` against the app's own `client_key`.
"""

from dataclasses import dataclass

# The key nginx counts connections by.
CLIENT = "$client"
DOTTED = "[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+"
IPV4_MAPPED = f"^::ffff:({DOTTED})$"

GROUP = "[0-9a-f]{1,4}"
HEX_DIGITS = "0123456789abcdef"


def _groups(count: int) -> str:
    """A pattern for exactly `count` (>= 1) colon-separated groups."""
    return GROUP if count == 1 else f"{GROUP}(?::{GROUP}){{{count - 1}}}"


def expansion_entries() -> list[tuple[str, str]]:
    """Patterns that write an IPv6 address as its eight groups, `::` expanded to zeros.

    One pattern per count of groups before and after the `::` (each is exact, so at most one
    matches); an address without `::` is already eight groups. `::a.b.c.d` keeps its dotted
    tail as its last two groups (see above); IPv4 and IPv4-mapped addresses match none.
    """
    entries = [(f"^({_groups(8)})$", "$1"), (f"^::({DOTTED})$", "0:0:0:0:0:0:$1")]
    for before in range(8):
        for after in range(8 - before):  # the `::` stands for at least one zero group
            pattern, parts, capture = "^", [], 1
            if before:
                pattern += f"({_groups(before)})"
                parts.append(f"${capture}")
                capture += 1
            pattern += "::"
            parts += ["0"] * (8 - before - after)
            if after:
                pattern += f"({_groups(after)})"
                parts.append(f"${capture}")
            entries.append((pattern + "$", ":".join(parts)))
    return entries


def _digit_classes(bits: int) -> list[tuple[str, str]]:
    """Hex digits grouped by their top `bits` bits: (character class, the lowest digit)."""
    size = 16 >> bits
    return [
        (f"[{HEX_DIGITS[start : start + size]}]", HEX_DIGITS[start]) for start in range(0, 16, size)
    ]


def _partial_group_entries(kept_nibbles: int, partial_bits: int) -> list[tuple[str, str]]:
    """Patterns for one group (1 to 4 digits, no leading zeros) and its top bits as hex.

    The group's value padded to four digits keeps `kept_nibbles` whole digits and then the top
    `partial_bits` of the next. The result is that masked value in hex without leading zeros
    ("0" when nothing is left), one capture at most (`$C` stands for it).
    """
    wanted = kept_nibbles + (1 if partial_bits else 0)  # padded digits the value depends on
    entries = []
    if wanted < 4:  # a group this short is all padding where it counts
        entries.append((f"[0-9a-f]{{1,{4 - wanted}}}", "0"))
    for length in range(max(1, 5 - wanted), 5):
        whole = kept_nibbles - (4 - length)  # written digits kept whole (the first is non-zero)
        head = f"([0-9a-f]{{{whole}}})" if whole > 0 else ""
        value = "$C" if whole > 0 else ""
        rest = length - max(whole, 0) - (1 if partial_bits else 0)
        tail = f"[0-9a-f]{{{rest}}}" if rest else ""
        if not partial_bits:
            entries.append((head + tail, value))
            continue
        entries += [
            (head + digits + tail, value + lowest if value else lowest)
            for digits, lowest in _digit_classes(partial_bits)
        ]
    return entries


def prefix_entries(prefix: int) -> list[tuple[str, str]]:
    """Patterns that turn eight groups into a key for their first `prefix` bits (1 to 128)."""
    if not 1 <= prefix <= 128:
        raise ValueError(f"an IPv6 prefix is 1 to 128 bits, not {prefix}")
    whole_groups, partial = divmod(prefix, 16)
    start, value_start, capture = "^", "", 1
    if whole_groups:
        start += f"({_groups(whole_groups)})"
        value_start = "$1"
        capture = 2
    if not partial:
        return [(start + "(?::|$)", f"{value_start}/{prefix}")]
    if whole_groups:
        start += ":"
        value_start += ":"
    kept_nibbles, partial_bits = divmod(partial, 4)
    return [
        (start + group + "(?::|$)", value_start + value.replace("$C", f"${capture}") + f"/{prefix}")
        for group, value in _partial_group_entries(kept_nibbles, partial_bits)
    ]


@dataclass(frozen=True)
class NginxMap:
    """One `map SOURCE VARIABLE { default DEFAULT; "~PATTERN" "VALUE"; ... }` block."""

    comment: str
    source: str
    variable: str
    default: str
    entries: list[tuple[str, str]]


def client_maps(prefix: int) -> list[NginxMap]:
    """The maps that define CLIENT from `$remote_addr`, IPv6 networks of `prefix` bits."""
    return [
        NginxMap(
            "IPv4 (or anything unforeseen): the address; IPv4-mapped: its IPv4; IPv6: its network.",
            "$remote_addr",
            CLIENT,
            "$remote_addr",
            [(IPV4_MAPPED, "$1"), (":", "$client_ipv6_network")],
        ),
        NginxMap(
            "The eight groups of an IPv6 address, its `::` undone.",
            "$remote_addr",
            "$client_ipv6_groups",
            "",
            expansion_entries(),
        ),
        NginxMap(
            f"Its network: its first {prefix} bits.",
            "$client_ipv6_groups",
            "$client_ipv6_network",
            "$remote_addr",
            prefix_entries(prefix),
        ),
    ]
