"""Malformed request targets: refused with a 400 problem before anything else runs.

A request target whose percent-encoding is broken or does not decode to UTF-8 is a 400 problem
(werkzeug would otherwise pass on U+FFFD or a literal '%' and answer as if it were meant).

So is a `Host` that is not a host name or IP literal with an optional port (RFC 9110 §7.2: a
server must answer 400 to an invalid Host). Unless PUBLIC_BASE_URL is set, the Host becomes the
base of every link we write, so only ASCII names pass, and a punycode label (`xn--...`) must
decode: anything else (`xn--zz`, raw UTF-8 homoglyphs, `>` or spaces that would break the
`Link` header) would be copied into our answers or fail deep inside werkzeug's IRI decoding.
Valid IDNs stay in their ASCII form in links, as browsers show suspicious ones.
"""

import ipaddress
import re
from urllib.parse import unquote_to_bytes

from flask import Response, g, request

from policyapi.errors import problem_response

BROKEN_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
# reg-name as DNS writes it (letters, digits, '-' and '_' in labels of up to 63), or an
# IP-literal in brackets; then an optional port.
HOST = re.compile(
    r"(?P<name>\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9_-]{1,63}\.)*[A-Za-z0-9_-]{1,63}\.?)"
    r"(?::[0-9]{0,5})?"
).fullmatch
HOST_MAX = 255 + 7  # a DNS name and ":65535"


def _label_decodes(label: str) -> bool:
    if not label.lower().startswith("xn--"):
        return True
    try:
        label.encode("ascii").decode("idna")
    except UnicodeError:
        return False
    return True


def _host_problem() -> str | None:
    """What is malformed in the request's Host header, if anything (none sent is fine)."""
    host = str(request.environ.get("HTTP_HOST", ""))
    if not host:
        return None
    found = HOST(host) if len(host) <= HOST_MAX else None
    if found is None:
        return "The Host header is not a host name or IP address with an optional port."
    name = found.group("name")
    if name.startswith("["):
        try:
            ipaddress.IPv6Address(name[1:-1])
        except ValueError:
            return "The Host header's IP literal is not an IPv6 address."
    elif not all(_label_decodes(label) for label in name.rstrip(".").split(".")):
        return "The Host header has a punycode label (xn--) that does not decode."
    return None


def _wsgi_bytes(key: str) -> bytes:
    # WSGI hands the raw request target over as latin-1 decoded text.
    return str(request.environ.get(key, "")).encode("latin-1", "replace")


def _target_problem() -> str | None:
    """What is malformed in the request's Host, path or query string, if anything."""
    host = _host_problem()
    if host:
        return host
    query = _wsgi_bytes("QUERY_STRING")
    if BROKEN_PERCENT.search(query):
        return "The query string has a '%' that is not followed by two hex digits."
    for part, raw in (
        ("query string", unquote_to_bytes(query)),
        ("path", _wsgi_bytes("PATH_INFO")),
    ):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return f"The {part} is not valid UTF-8 once percent-decoded."
    return None


def refuse_malformed_target() -> Response | None:
    """Pipeline step: a 400 problem for a request target that is not well formed."""
    problem = _target_problem()
    if problem is None:
        return None
    g.malformed_target = True  # the problem's own links must not echo the request's Host
    return problem_response(400, problem)
