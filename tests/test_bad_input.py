"""A corpus of bad requests over every endpoint and parameter of the committed OpenAPI document.

Every case must get a 4xx RFC 9457 problem with a detail that says what was wrong, never a 500,
and nothing in the log may carry a traceback. Injection strings given as free text or ids are
data, not errors: they get an ordinary answer that matches nothing.
"""

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from flask.testing import FlaskClient

from policyapi.web.parameters import LENIENT
from tests.helpers import ID_FILTERS
from tests.seedfacts import facts

SPEC = json.loads(
    (Path(__file__).resolve().parent.parent / "openapi" / "openapi.json").read_text("utf-8")
)
# Paths outside the documented API that still answer every client.
UNDOCUMENTED = ["/healthz", "/readyz", "/openapi.json", "/docs"]
KNOWN_IDS = {
    "document_id": "newark-fair-welcoming-2017",
    "eid": "sec_2",
    "provision_id": "newark-fair-welcoming-2017-n02",
    "topic_id": "warrants",
    "speaker_id": "william-barr",
    "article_id": "nj1015-baraka-barr-sanctuary-2020",
    "statement_id": "nj1015-baraka-barr-sanctuary-2020-s18",
    "citation_id": "nj1015-baraka-barr-sanctuary-2020-s01~newark-fair-welcoming-2017~mentions",
    "jurisdiction_id": "ocd-division/country:us/state:nj",
    # The release the seeds make (a range from it to itself is empty, but answers).
    "version": facts().version,
    "first": facts().version,
    "last": facts().version,
}
# Filters on ids: an id no record has is a 422 naming the closest ones.
SQL_INJECTION = ["' OR '1'='1", "1; DROP TABLE provisions; --", '" UNION SELECT * FROM articles --']
HTML_INJECTION = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>']
TEN_KB = "a" * 10_240
# Markers replaced by a real cursor at run time (cursors are signed per collection).
TAMPERED_CURSOR = "<tampered cursor>"
FOREIGN_CURSOR = "<cursor of another collection>"


@dataclass(frozen=True)
class Bad:
    """One bad request and what it must get."""

    id: str
    path: str
    query: str = ""
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    statuses: tuple[int, ...] = (422,)
    # Words the problem's detail must contain (case-insensitive), so it says what was wrong.
    mentions: tuple[str, ...] = ()
    environ: tuple[tuple[str, str], ...] = field(default=())


def _operations() -> list[tuple[str, dict[str, Any]]]:
    ops = []
    for template, item in SPEC["paths"].items():
        operation = item.get("get")
        if operation is not None:
            # Path parameters are declared once for the path, query ones per operation.
            parameters = item.get("parameters", []) + operation.get("parameters", [])
            ops.append((template, {**operation, "parameters": parameters}))
    return ops


def _schema_of(parameter: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = parameter.get("schema", {})
    return schema


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type", "string")
    return set(kind) if isinstance(kind, list) else {kind}


def _fill(template: str, operation: dict[str, Any], **override: str) -> str:
    path = template
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path":
            continue
        name = parameter["name"]
        enum = _schema_of(parameter).get("enum")
        example = _schema_of(parameter).get("example")
        # An integer path parameter (a version number) takes the first one, which every item has.
        number = "1" if "integer" in _types(_schema_of(parameter)) else "x"
        value = (
            override.get(name) or KNOWN_IDS.get(name) or (enum[0] if enum else example or number)
        )
        path = path.replace("{" + name + "}", value)
    return path


def _encoded(name: str, value: str) -> str:
    return f"{quote(name)}={quote(value, safe='')}"


def _has_format(schema: dict[str, Any]) -> bool:
    """Whether a string must match a pattern beyond 'no NUL' (dates, for example)."""
    return "pattern" in schema and schema["pattern"] != r"^[^\x00]*$"


def _required_query(operation: dict[str, Any], but: str = "") -> str:
    """Valid values for the operation's required query parameters (except `but`)."""
    return "&".join(
        _encoded(parameter["name"], str(_schema_of(parameter).get("example", "x")))
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and parameter.get("required") and parameter["name"] != but
    )


def _bad_values(
    template: str, name: str, schema: dict[str, Any]
) -> list[tuple[str, str, tuple[int, ...], tuple[str, ...]]]:
    """(tag, value, expected statuses, words the detail must contain) for one parameter."""
    kinds = _types(schema)
    items = schema.get("items", {}) if "array" in kinds else schema
    must_name = (name,)
    if "integer" in kinds:
        values = [
            ("word", "ten"),
            ("float", "1.5"),
            ("exponent", "1e3"),
            ("empty", ""),
            ("negative", "-1"),
            ("zero", "0"),
            ("huge", "9" * 40),
            ("nul", "5\x00"),
            ("sql", SQL_INJECTION[0]),
        ]
        if "maximum" in schema:
            values.append(("over-max", str(schema["maximum"] + 1)))
        return [(tag, value, (422,), must_name) for tag, value in values]
    if "boolean" in kinds:
        values = [("word", "maybe"), ("number", "2"), ("html", HTML_INJECTION[0])]
        return [(tag, value, (422,), must_name) for tag, value in values]
    # Strings, alone or repeated.
    out = [
        ("nul", "a\x00b", (422,), must_name if "enum" in items else (name, "NUL")),
        ("10kb", TEN_KB, (422,), must_name),
    ]
    if "maxLength" in items:
        out.append(("over-max-length", "a" * (items["maxLength"] + 1), (422,), must_name))
    if "enum" in items:
        out.append(("unknown-vocabulary", "no-such-value", (422,), (name, "must be")))
    if _has_format(items):
        out += [
            ("bad-format", "2020-13", (422,), must_name),
            ("words", "yesterday", (422,), must_name),
        ]
    if "enum" in items or _has_format(items):
        injections = SQL_INJECTION + HTML_INJECTION
        out += [(f"injection-{i}", value, (422,), must_name) for i, value in enumerate(injections)]
    if name == "topic":
        out.append(("unknown-topic", "no-such-topic", (422,), ("topic", "unknown topic")))
    if name in ID_FILTERS:
        out.append(("unknown-id", "no-such-id", (422,), (name, "unknown", "no-such-id")))
        # Injection strings are ids nothing has: refused like any other, as data.
        injections = SQL_INJECTION + HTML_INJECTION
        out += [
            (f"id-injection-{i}", v, (422,), (name, "unknown")) for i, v in enumerate(injections)
        ]
    if name == "cursor":
        out += [
            ("garbage", "not-a-cursor", (400,), ("cursor",)),
            ("unsigned", "eyJjIjoicHJvdmlzaW9ucyJ9", (400,), ("cursor",)),
            ("tampered", TAMPERED_CURSOR, (400,), ("cursor",)),
            ("foreign", FOREIGN_CURSOR, (400,), ("cursor",)),
        ]
    if name == "q":  # the search language, the same on every route (README: Search language)
        out += [
            ("no-words", "-- ;", (422,), ("q", "letter")),
            ("stop-words-only", "the of AND", (422,), ("q", "stop words")),
            ("too-many-words", " ".join(["e"] * 100), (422,), ("q", "at most 10 words")),
            ("only-excluded", "-warrant", (422,), ("q", "only excludes")),
        ]
    return out


def _query_cases(template: str, operation: dict[str, Any]) -> list[Bad]:
    path = _fill(template, operation)
    return [
        Bad(
            f"{template}?{parameter['name']}={tag}",
            path,
            "&".join(
                filter(
                    None,
                    [
                        _required_query(operation, but=parameter["name"]),
                        _encoded(parameter["name"], value),
                    ],
                )
            ),
            # The routes documented by hand (cards, oEmbed) answer a bad value with a 400
            # naming the parameter and its rule.
            statuses=(400, *statuses) if operation.get(LENIENT) else statuses,
            mentions=(parameter["name"],) if operation.get(LENIENT) else mentions,
        )
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
        for tag, value, statuses, mentions in _bad_values(
            template, parameter["name"], _schema_of(parameter)
        )
    ]


def _path_cases(template: str, operation: dict[str, Any]) -> list[Bad]:
    cases = []
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path":
            continue
        name = parameter["name"]
        values = {
            "nul": "a%00b",
            "10kb": TEN_KB,
            "sql": quote(SQL_INJECTION[0], safe=""),
            "html": quote(HTML_INJECTION[0], safe=""),
            "traversal": "..%2F..%2Fetc%2Fpasswd",
            "unknown": "no-such-id",
        }
        for tag, value in values.items():
            path = _fill(template, operation, **{name: value})
            # With valid required query values, so the path is what is wrong.
            query = _required_query(operation)
            cases.append(Bad(f"{template}:{name}={tag}", path, query, statuses=(400, 404)))
        # A raw byte that is not UTF-8, as a real server hands it over.
        raw = _fill(template, operation, **{name: "\xff\xfe"})
        cases.append(
            Bad(
                f"{template}:{name}=invalid-utf8",
                raw,
                statuses=(400,),
                mentions=("UTF-8",),
                environ=(("PATH_INFO", raw),),
            )
        )
    return cases


def _default_media_type(operation: dict[str, Any] | None) -> str:
    content = (operation or {}).get("responses", {}).get("200", {}).get("content", {})
    return next(iter(content), "application/json")


def _typo(names: list[str]) -> str | None:
    """A declared parameter with its last letter doubled, unless that is declared too."""
    typo = names[0] + names[0][-1] if names else None
    return typo if typo not in names else None


def _parameter_cases(template: str, operation: dict[str, Any]) -> list[Bad]:
    """Query parameters the operation does not declare: a 400 naming them."""
    path = _fill(template, operation)
    names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
    required = _required_query(operation)
    cases = [
        Bad(
            f"{template}?unknown-parameter",
            path,
            "&".join(filter(None, [required, "no_such_parameter=1"])),
            statuses=(400,),
            mentions=("unknown parameter", "no_such_parameter"),
        )
    ]
    typo = _typo(names)
    if typo:
        cases.append(
            Bad(
                f"{template}?typo",
                path,
                "&".join(filter(None, [required, f"{typo}=1"])),
                statuses=(400,),
                mentions=(typo, f"did you mean '{names[0]}'"),
            )
        )
    return cases


def _request_cases(template: str, operation: dict[str, Any] | None) -> list[Bad]:
    path = _fill(template, operation) if operation else template
    # Methods the route does not declare (POST /v1/suggest is one it does).
    declared = {method.upper() for method in SPEC["paths"].get(template, {})}
    cases = [
        Bad(f"{template} {method}", path, method=method, statuses=(405,), mentions=(method,))
        for method in ("POST", "PUT", "PATCH", "DELETE", "TRACE", "PROPFIND")
        if method not in declared
    ]
    if path.startswith("/v1/"):
        cases += [
            Bad(
                f"{template} Accept={accept}",
                path,
                headers=(("Accept", accept),),
                statuses=(406,),
                # The problem names what this resource is available as.
                mentions=(_default_media_type(operation),),
            )
            # (A browser's text/html gets a page or an error card: tests/test_site_errors.py.)
            for accept in ("application/xml", "image/png", "image/png;q=1, */*;q=0")
        ]
        cases += [
            Bad(f"{template}?bad-percent", path, "q=100%", statuses=(400,), mentions=("%",)),
            Bad(f"{template}?invalid-utf8", path, "q=%ff%fe", statuses=(400,), mentions=("UTF-8",)),
        ]
    return cases


def build_corpus() -> list[Bad]:
    corpus: list[Bad] = []
    for template, operation in _operations():
        corpus += _query_cases(template, operation)
        if not operation.get(LENIENT):  # those ignore parameters they do not declare
            corpus += _parameter_cases(template, operation)
        corpus += _path_cases(template, operation)
        corpus += _request_cases(template, operation)
    for path in UNDOCUMENTED:
        corpus += _request_cases(path, None)
    return corpus


CORPUS = build_corpus()


def _cursor_of(client: FlaskClient, path: str) -> str:
    body = client.get(path, query_string={"page_size": 1}).get_json()
    return parse_qs(urlsplit(body["pagination"]["next"]).query)["cursor"][0]


def _resolve(client: FlaskClient, case: Bad) -> str:
    """The query string to send, with cursor markers replaced by real (altered) cursors."""
    tampered = _encoded("cursor", TAMPERED_CURSOR)
    foreign = _encoded("cursor", FOREIGN_CURSOR)
    if tampered in case.query:
        genuine = _cursor_of(client, "/v1/statements")
        # A cursor the API issued, one signature character changed.
        altered = genuine[:-1] + ("A" if genuine[-1] != "A" else "B")
        return case.query.replace(tampered, _encoded("cursor", altered))
    if foreign in case.query:
        # A genuine cursor, but issued for another collection.
        other = "/v1/topics" if case.path != "/v1/topics" else "/v1/statements"
        return case.query.replace(foreign, _encoded("cursor", _cursor_of(client, other)))
    return case.query


def _template_of(case: Bad) -> str:
    """The path template a case was made from (its id starts with it)."""
    return case.id.split("?")[0].split(":")[0].split(" ")[0]


def _responses_of(case: Bad) -> dict[str, Any] | None:
    """The responses the spec declares for the operation `case` calls (None: no operation, as
    for a method the path lacks or a path outside the spec)."""
    item = SPEC["paths"].get(_template_of(case), {})
    responses: dict[str, Any] | None = item.get(case.method.lower(), {}).get("responses")
    return responses


def test_corpus_is_large_and_covers_every_operation() -> None:
    covered = {_template_of(case) for case in CORPUS}
    assert {template for template, _ in _operations()} <= covered
    assert len(CORPUS) >= 500, len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_bad_input_is_a_useful_4xx_problem(
    client: FlaskClient, caplog: pytest.LogCaptureFixture, case: Bad
) -> None:
    caplog.set_level(logging.DEBUG)
    query = _resolve(client, case)
    url = case.path + (f"?{query}" if query else "")
    if case.query == "q=100%":
        url = case.path + "?q=100%"
    response = client.open(
        url,
        method=case.method,
        headers=list(case.headers),
        environ_overrides=dict(case.environ),
    )
    documented = _responses_of(case)
    if response.status_code == 308 and documented and "308" in documented:
        # A short address redirects whatever it names (/articles/{id}); the client follows.
        response = client.get(response.headers["Location"])
    assert response.status_code in case.statuses, response.get_data(as_text=True)[:500]
    # A client reading the spec knows every answer it may get.
    if documented is not None:
        assert {str(response.status_code), "default"} & set(documented), response.status_code
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == response.status_code
    assert body["type"] and body["title"] and body["instance"]
    detail = body["detail"]
    assert detail and all(word.lower() in detail.lower() for word in case.mentions), detail
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


# Parameters whose value is text to read, not a value to filter by: searched, or suggested for.
FREE_TEXT = {"q", "text"}

INJECTABLE = [
    (template, parameter["name"], value)
    for template, operation in _operations()
    for parameter in operation.get("parameters", [])
    if parameter["in"] == "query"
    # Vocabularies and ids kept in the data answer unknown values with a 422 (in the corpus);
    # the comparison names two ids that must exist.
    and parameter["name"] not in {"cursor", "topic", "doc_type", "documents", "provisions"}
    # oEmbed's url must name an item of this API: any other string is a 404.
    and parameter["name"] != "url"
    and parameter["name"] not in ID_FILTERS
    and "enum" not in _schema_of(parameter).get("items", _schema_of(parameter))
    and not _has_format(_schema_of(parameter))
    and _types(_schema_of(parameter)) & {"string", "array"}
    for value in SQL_INJECTION + HTML_INJECTION
]


@pytest.mark.parametrize(("template", "name", "value"), INJECTABLE)
def test_injection_strings_are_plain_data(
    client: FlaskClient, caplog: pytest.LogCaptureFixture, template: str, name: str, value: str
) -> None:
    operation = dict(_operations())[template]
    path = _fill(template, operation)
    query = "&".join(filter(None, [_required_query(operation, but=name), _encoded(name, value)]))
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    body = response.get_json()
    # Free text may match something; a filter the path already fixes is not applied.
    if name not in FREE_TEXT and "{" + name + "_id}" not in template:
        # An id filter that matched everything would mean the string reached SQL as code.
        assert body["pagination"]["total"] == 0
    assert "Traceback" not in caplog.text
