"""Strict query parameters: one the route's OpenAPI operation does not declare is a 400 problem.

The declared parameters are read from the generated OpenAPI document, the one clients and the
fuzzer read, so what is refused and what is documented cannot disagree: a schema's fields (by
their wire names, `from=` included), `format` where api/blueprint.py documents a choice of
representations, and the pager's `cursor` and `page_size` all count because they are
documented. A route with no arguments schema (an item, /v1/meta, an export) is covered too: it
declares none. The routes documented by hand (embed cards, oEmbed, health probes, /docs) are
marked lenient there and keep their own handling.

The check needs no query and runs before negotiation and the ETag check (pipeline.py): a typo
such as `topics=` must not be answered with the unfiltered page, fresh or stored.
"""

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Flask, Response, current_app, request

from flask_smorest.spec.plugins import FlaskPlugin

from policyapi.errors import problem_response

EXTENSION_KEY = "policyapi.parameters"
# An operation marked so in the document ignores parameters it does not declare: cards and
# oEmbed, whose hosts and consumers add their own (oEmbed consumers send e.g. `dnt=1`), the
# probes and the docs page (api/outside.py).
LENIENT = "x-unknown-parameters-ignored"
# The detail names at most this many unknown parameters, each cut to NAME_MOST characters:
# a request may carry thousands of made-up names, the answer stays small.
LISTED_MOST = 10
NAME_MOST = 60


def _quoted(name: str) -> str:
    return repr(name if len(name) <= NAME_MOST else name[:NAME_MOST] + "…")


def _pointer(name: str) -> str:
    # RFC 6901: '~' and '/' in a name are escaped so the pointer names this one parameter.
    return "#/" + name.replace("~", "~0").replace("/", "~1")


def _suggestion(name: str, valid: list[str]) -> str | None:
    close = difflib.get_close_matches(name, valid, n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_parameters_problem(unknown: list[str], valid: list[str]) -> Response:
    """The 400 problem naming the unknown parameters, a close match for each, the valid ones."""
    named = []
    errors = []
    for name in unknown:
        match = _suggestion(name, valid)
        hint = f"did you mean {match!r}?" if match else "not a parameter of this route"
        named.append((name, match))
        errors.append({"pointer": _pointer(name[:NAME_MOST]), "detail": f"unknown; {hint}"})
    if len(named) == 1:
        name, match = named[0]
        detail = f"unknown parameter {_quoted(name)}" + (
            f"; did you mean {match!r}?" if match else "."
        )
    else:
        listed = [
            _quoted(name) + (f" (did you mean {match!r}?)" if match else "")
            for name, match in named[:LISTED_MOST]
        ]
        more = len(named) - LISTED_MOST
        detail = (
            "unknown parameters " + ", ".join(listed) + (f" and {more} more." if more > 0 else ".")
        )
    if valid:
        detail += f" This route takes: {', '.join(valid)}."
    else:
        detail += " This route takes no query parameters."
    return problem_response(400, detail, errors=errors[:LISTED_MOST])


def _query_names(operation: Mapping[str, Any], path_level: Iterable[Any]) -> list[str]:
    names: list[str] = []
    for parameter in [*path_level, *operation.get("parameters", [])]:
        # flask-smorest writes query parameters inline; a $ref would name no location here.
        if isinstance(parameter, Mapping) and parameter.get("in") == "query":
            names.append(str(parameter["name"]))
    return list(dict.fromkeys(names))


def declared_parameters(app: Flask, spec: Mapping[str, Any]) -> dict[tuple[str, str], list[str]]:
    """(endpoint, METHOD) -> the query parameters its OpenAPI operation declares, in its order."""
    paths = spec.get("paths", {})
    declared: dict[tuple[str, str], list[str]] = {}
    for rule in app.url_map.iter_rules():
        path = paths.get(FlaskPlugin.flaskpath2openapi(rule.rule))
        if path is None:
            continue
        for method in rule.methods or ():
            # HEAD is answered by GET's view (and documented as GET).
            operation = path.get("get" if method == "HEAD" else method.lower())
            if isinstance(operation, Mapping) and not operation.get(LENIENT):
                names = _query_names(operation, path.get("parameters", []))
                declared[(rule.endpoint, method)] = names
    return declared


def refuse_unknown_parameters() -> Response | None:
    """Pipeline step: a 400 problem for query parameters the route does not declare."""
    if not request.args:
        return None
    valid = current_app.extensions[EXTENSION_KEY].get((request.endpoint, request.method))
    if valid is None:  # not a documented operation (or not routed: 404, 405 follow)
        return None
    unknown = [name for name in request.args if name not in valid]
    return unknown_parameters_problem(unknown, valid) if unknown else None


def init_app(app: Flask) -> None:
    """Read every operation's parameters once the API has documented them all."""
    declared: dict[tuple[str, str], list[str]] = {}
    for api in app.extensions["flask-smorest"]["apis"].values():
        declared.update(declared_parameters(app, api["ext_obj"].spec.to_dict()))
    app.extensions[EXTENSION_KEY] = declared
