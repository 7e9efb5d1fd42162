"""The contract: every GET answers as the OpenAPI document says, and an object reads the same
on every route that returns it, on the seeds and on a synthetic dataset, on both engines.

Only the HTTP API, the OpenAPI document and the table metadata are used here, so the tests
stay valid while the code behind them moves.
"""

import copy
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator
from sqlmodel import SQLModel

from flask import Flask
from flask.testing import FlaskClient

import policyapi.models  # noqa: F401  (registers every table in SQLModel.metadata)
from policyapi import create_app, migrate
from policyapi.db import build_engine
from policyapi.synth.build import synthesize
from tests.conftest import Databases

SYNTH_DOCUMENTS, SYNTH_STATEMENTS, SYNTH_SEED = 30, 600, 11
SAMPLE = 40  # ids per entity checked (all of them when fewer: every seed record), and branches
PAGE = "page_size=500"
ACCEPT_JSON = {"Accept": "application/json"}
TABLES = SQLModel.metadata.tables
ENTITIES = (
    "documents",
    "provisions",
    "statements",
    "articles",
    "speakers",
    "topics",
    "citations",
    "jurisdictions",
)

# operationId -> why the contract test cannot request it. Keep it empty unless unavoidable.
NOT_EXERCISED: dict[str, str] = {}
# operationId -> why an empty `results` is a right answer to its documented example.
MAY_BE_EMPTY = {
    "getSuggest": "the example text is about no provision of the synthetic dataset: it abstains",
}
# What a database without releases (the synthetic generator's) has nothing to answer with.
HISTORY = {
    "getReleaseByVersion",
    "getReleaseDiff",
    "getReleaseDataPackage",
    "getReleaseExport",
    "getReleases",
    "getChanges",
}

# Path parameters naming a record: the entity whose sampled ids fill them.
ID_PARAMETERS = {
    "document_id": "documents",
    "provision_id": "provisions",
    "statement_id": "statements",
    "article_id": "articles",
    "speaker_id": "speakers",
    "topic_id": "topics",
    "citation_id": "citations",
    "jurisdiction_id": "jurisdictions",
}

# JSON Schema keywords whose value is a schema, a list of schemas, or a map of names to schemas.
SCHEMA_KEYS = {"items", "additionalProperties", "not", "if", "then", "else", "contains"}
SCHEMA_LISTS = {"allOf", "anyOf", "oneOf", "prefixItems"}
SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "dependentSchemas"}
# A property schema that says what it holds has one of these.
TYPING_KEYS = {"type", "$ref", "anyOf", "oneOf", "allOf", "const", "enum"}


# --- the datasets --------------------------------------------------------------------------


@dataclass
class Ids:
    """Real ids read from the database: a deterministic spread of each entity, every branch."""

    every: dict[str, set[str]]  # table -> all its ids
    sample: dict[str, list[str]]  # entity -> the ids the tests request
    eids: list[tuple[str, str]]  # (document_id, eid) of the sampled provisions
    branches: dict[str, tuple[str, str]]  # branch -> (table, id of a record taking it)
    word: str  # a search word that occurs in the data
    releases: list[str]  # versions, in load order (none for the synthetic dataset)


@dataclass
class Served:
    """One dataset on one engine: a client, its spec, its ids and the JSON read so far."""

    client: FlaskClient
    engine: sa.Engine
    spec: dict[str, Any]
    ids: Ids
    read: dict[str, Any] = field(default_factory=dict)
    validators: dict[tuple[str, str], Draft202012Validator] = field(default_factory=dict)

    def get(self, url: str) -> Any:
        """The JSON body of `url`'s 200 answer (read once; the data does not change)."""
        if url not in self.read:
            response = self.client.get(url, headers=ACCEPT_JSON)
            assert response.status_code == 200, f"GET {url}: {response.status_code}"
            assert response.mimetype == "application/json", f"GET {url}: {response.mimetype}"
            self.read[url] = response.get_json()
        return self.read[url]

    def walk(self, url: str) -> list[dict[str, Any]]:
        """Every result of a collection, following its `next` links from `url`."""
        first = self.get(url)
        results, body = list(first["results"]), first
        while body["pagination"]["next"]:
            body = self.get(body["pagination"]["next"])
            results.extend(body["results"])
        assert len(results) == first["pagination"]["total"], f"{url}: total"
        return results

    def column(self, table: str, column: str, **where: str) -> list[str]:
        """Distinct values of `table.column` in rows matching `where`, sorted."""
        t = TABLES[table]
        stmt = sa.select(t.c[column]).distinct().where(t.c[column].is_not(None))
        for name, value in where.items():
            stmt = stmt.where(t.c[name] == value)
        with self.engine.connect() as conn:
            return sorted(str(v) for v in conn.execute(stmt).scalars())


def _spread(values: list[str], n: int = SAMPLE) -> list[str]:
    """`n` values evenly spread over `values` (all of them when there are fewer)."""
    if len(values) <= n:
        return values
    return [values[i * len(values) // n] for i in range(n)]


def _first(conn: sa.Connection, table: str, *where: sa.ColumnElement[bool]) -> str | None:
    t = TABLES[table]
    found = conn.execute(sa.select(t.c.id).where(*where).order_by(t.c.id).limit(1)).scalar()
    return None if found is None else str(found)


def _branches(conn: sa.Connection) -> dict[str, tuple[str, str]]:
    """The first record (by id) taking each rendering branch, for the branches the data has."""
    p, s, c = TABLES["provisions"].c, TABLES["statements"].c, TABLES["citations"].c
    wanted = {
        "nested provision": ("provisions", p.parent_id.is_not(None)),
        "narration without speaker": (
            "statements",
            (s.kind == "narration") & s.speaker_id.is_(None),
        ),
        "whole-document citation": ("citations", c.provision_id.is_(None)),
        "nested quote": ("statements", s.parent_id.is_not(None)),
    }
    found = {name: (table, _first(conn, table, where)) for name, (table, where) in wanted.items()}
    return {name: (table, id_) for name, (table, id_) in found.items() if id_ is not None}


def _related(conn: sa.Connection, table: str, column: str, key: str, ids: list[str]) -> list[str]:
    """Values of `table.column` in the rows whose `key` is one of `ids`."""
    t = TABLES[table]
    stmt = sa.select(t.c[column]).where(t.c[key].in_(ids), t.c[column].is_not(None))
    return sorted({str(v) for v in conn.execute(stmt).scalars()})


def _search_word(conn: sa.Connection, statement_id: str) -> str:
    """The longest word of a statement: it occurs in the data and is no stop word."""
    t = TABLES["statements"]
    text = conn.execute(sa.select(t.c.text).where(t.c.id == statement_id)).scalar_one()
    return str(max(re.findall(r"[A-Za-z]{4,}", text), key=len)).lower()


def _sample(
    conn: sa.Connection, every: dict[str, set[str]], branches: dict[str, tuple[str, str]]
) -> dict[str, list[str]]:
    """A spread of each entity, each branch's record, and the records the sampled ones name."""
    chosen = {name: _spread(sorted(ids)) for name, ids in every.items()}
    for table, id_ in branches.values():
        chosen[table].append(id_)
    related = [  # (entity, table, column, key, entity whose sampled ids the key holds)
        ("statements", "citations", "statement_id", "id", "citations"),
        ("statements", "statements", "parent_id", "id", "statements"),
        ("provisions", "provisions", "parent_id", "id", "provisions"),
        ("speakers", "statements", "speaker_id", "id", "statements"),
        ("articles", "statements", "article_id", "id", "statements"),
        ("documents", "provisions", "document_id", "id", "provisions"),
        ("topics", "provision_topics", "topic_id", "provision_id", "provisions"),
    ]
    for entity, table, column, key, by in related:
        chosen[entity] += _related(conn, table, column, key, chosen[by])
    return {name: list(dict.fromkeys(ids)) for name, ids in chosen.items()}


def _eids(conn: sa.Connection, provision_ids: list[str]) -> list[tuple[str, str]]:
    p = TABLES["provisions"].c
    rows = conn.execute(sa.select(p.document_id, p.eid).where(p.id.in_(provision_ids)))
    return sorted((str(document_id), str(eid)) for document_id, eid in rows)


def _read_ids(engine: sa.Engine) -> Ids:
    with engine.connect() as conn:
        every = {
            name: set(map(str, conn.execute(sa.select(TABLES[name].c.id)).scalars()))
            for name in ENTITIES
        }
        branches = _branches(conn)
        sample = _sample(conn, every, branches)
        eids = _eids(conn, sample["provisions"])
        word = _search_word(conn, min(every["statements"]))
        r = TABLES["releases"].c
        releases = list(conn.execute(sa.select(r.version).order_by(r.sequence)).scalars())
    return Ids(every, sample, eids, branches, word, releases)


@pytest.fixture(scope="session")
def synth_url(databases: Databases) -> str:
    """A fresh migrated database filled by the project's synthetic generator."""
    url = databases.new()
    migrate.upgrade(url)
    synthesize(url, SYNTH_DOCUMENTS, SYNTH_STATEMENTS, seed=SYNTH_SEED)
    return url


def _serve(app: Flask) -> Iterator[Served]:
    engine = build_engine(app.config["DATABASE_URL"])
    spec = app.test_client().get("/openapi.json").get_json()
    yield Served(app.test_client(), engine, spec, _read_ids(engine))
    engine.dispose()


@pytest.fixture(scope="session")
def seeds_served(app: Flask) -> Iterator[Served]:
    yield from _serve(app)


@pytest.fixture(scope="session")
def synthetic_served(synth_url: str) -> Iterator[Served]:
    app = create_app({"TESTING": True, "DATABASE_URL": synth_url})
    yield from _serve(app)
    app.extensions["policyapi.engine"].dispose()


@pytest.fixture(scope="session", params=["seeds", "synthetic"])
def served(request: pytest.FixtureRequest, databases: Databases) -> Served:
    """Each dataset on each engine (`databases` makes the engine a parameter of this one)."""
    value: Served = request.getfixturevalue(f"{request.param}_served")
    return value


# --- the spec ------------------------------------------------------------------------------


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in {"get", "head", "post", "put", "patch", "delete", "options", "trace"}:
                yield path, method, op


def _parameters(spec: dict[str, Any], path: str, op: dict[str, Any]) -> list[dict[str, Any]]:
    """The operation's parameters and its path item's."""
    return [*spec["paths"][path].get("parameters", []), *op.get("parameters", [])]


def _subschemas(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each (label, schema) directly inside `schema`."""
    for key, value in schema.items():
        if key in SCHEMA_KEYS and isinstance(value, dict):
            yield key, value
        elif key in SCHEMA_LISTS:
            yield from ((f"{key}[{i}]", sub) for i, sub in enumerate(value))
        elif key in SCHEMA_MAPS:
            yield from value.items()


def _walk_schema(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """`schema` and every schema nested in it (not following $refs)."""
    yield schema
    for _label, sub in _subschemas(schema):
        yield from _walk_schema(sub)


def _strict(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy in which every object schema with properties refuses undocumented keys."""
    strict = copy.deepcopy(schema)
    for node in _walk_schema(strict):
        if "properties" in node:
            node.setdefault("additionalProperties", False)
    return strict


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    """A strict Draft 2020-12 validator of `schema`, its `#/components/...` refs resolvable."""
    components = copy.deepcopy(spec["components"])
    components["schemas"] = {k: _strict(v) for k, v in components["schemas"].items()}
    root = {**_strict(schema), "components": components}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def _ok_content(op: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = op["responses"].get("200", {}).get("content", {})
    return content


def _reachable(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every schema reachable from a GET's 200 JSON answer, by a readable name."""
    todo = [
        (f"{op['operationId']} {media}", body["schema"])
        for _path, method, op in _operations(spec)
        if method == "get"
        for media, body in _ok_content(op).items()
        if _is_json(media)
    ]
    found: dict[str, dict[str, Any]] = {}
    while todo:
        name, schema = todo.pop()
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            schema = spec["components"]["schemas"][name]
        if name not in found:
            found[name] = schema
            todo.extend((f"{name}.{label}", sub) for label, sub in _subschemas(schema))
    return found


@pytest.fixture(scope="module")
def spec(app: Flask) -> dict[str, Any]:
    body: dict[str, Any] = app.test_client().get("/openapi.json").get_json()
    return body


# --- every GET answers as documented -------------------------------------------------------


def _versions(served: Served) -> dict[str, int]:
    """How many versions each sampled provision has (one implicit, without recorded ones)."""
    v = TABLES["provision_versions"].c
    sampled = served.ids.sample["provisions"]
    with served.engine.connect() as conn:
        found = dict(
            conn.execute(
                sa.select(v.provision_id, sa.func.count())
                .where(v.provision_id.in_(sampled))
                .group_by(v.provision_id)
            ).all()
        )
        # Every recorded history is exercised, not only the sampled ones.
        found |= dict(
            conn.execute(sa.select(v.provision_id, sa.func.count()).group_by(v.provision_id)).all()
        )
    return {pid: int(found.get(pid, 1)) for pid in [*sampled, *found]}


def _version_values(served: Served, names: list[str]) -> list[dict[str, str]]:
    """Each provision's version numbers, or each ordered pair of them (for a diff)."""
    out = []
    for pid, count in _versions(served).items():
        numbers = [str(n) for n in range(1, count + 1)]
        if names == ["provision_id", "number"]:
            out += [{"provision_id": pid, "number": n} for n in numbers]
        else:
            pairs = itertools.product(numbers, numbers)
            out += [{"provision_id": pid, "old": a, "new": b} for a, b in pairs]
    return out


def _path_values(served: Served, path: str, op: dict[str, Any]) -> list[dict[str, str]]:
    """Values for the path's parameters: sampled ids, or every value of an enum."""
    names = re.findall(r"{(\w+)}", path)
    if names == ["document_id", "eid"]:
        return [{"document_id": d, "eid": e} for d, e in served.ids.eids]
    releases = served.ids.releases
    if names == ["first", "last"]:
        return [{"first": releases[0], "last": releases[-1]}] if releases else []
    if names in (["provision_id", "number"], ["provision_id", "old", "new"]):
        return _version_values(served, names)
    declared = {p["name"]: p for p in _parameters(served.spec, path, op) if p["in"] == "path"}
    choices = []
    for name in names:
        enum = declared[name]["schema"].get("enum")
        assert enum or name in ID_PARAMETERS or name == "version", f"{path}: no {name} values"
        if name == "version":
            choices.append(served.ids.releases)
            continue
        choices.append(enum or served.ids.sample[ID_PARAMETERS[name]])
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*choices)]


def _required_query(served: Served, path: str, op: dict[str, Any]) -> str:
    """The required query parameters, from the spec's examples (`q` from a word in the data)."""
    # oEmbed's url names one of this API's items on the test client's base.
    provision = served.ids.sample["provisions"][0]
    data = {"q": served.ids.word, "url": f"http://localhost/v1/provisions/{provision}"}
    required = [p for p in _parameters(served.spec, path, op) if p["in"] == "query"]
    pairs = {
        p["name"]: data.get(p["name"], p["schema"]["example"])
        for p in required
        if p.get("required")
    }
    return urlencode(pairs, doseq=True)


def _fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"{(\w+)}", lambda m: quote(values[m[1]], safe=""), path)


def _pairs(served: Served, path: str) -> list[str]:
    """Queries naming two records (the comparison), from the data: related and unrelated pairs."""
    if path != "/v1/compare":
        return []
    with served.engine.connect() as conn:
        c = TABLES["provision_correspondences"].c
        p = TABLES["provisions"].c
        pair = conn.execute(sa.select(c.provision_id, c.corresponding_id).order_by(c.id)).first()
        documents = sorted(served.ids.every["documents"])[:2]
        queries = [urlencode({"documents": ",".join(documents)})]
        if pair is not None:
            owners = conn.execute(sa.select(p.document_id).where(p.id.in_(pair))).scalars()
            queries.append(urlencode({"documents": ",".join(sorted(set(owners)))}))
            queries.append(urlencode({"provisions": ",".join(pair)}))
        unrelated = sorted(served.ids.sample["provisions"])[:2]
        queries.append(urlencode({"provisions": ",".join(unrelated)}))
    return queries


def _as_of_days(served: Served) -> list[str]:
    """A day before, inside and after every recorded version (legal time)."""
    v = TABLES["provision_versions"].c
    with served.engine.connect() as conn:
        bounds = conn.execute(sa.select(v.valid_from, v.valid_to)).all()
    days = {"1900-01-01", "2100-01-01"}
    days |= {f"{bound[:4]}-06-15" for row in bounds for bound in row if bound}
    return sorted(days)


def _urls(served: Served, path: str, op: dict[str, Any]) -> list[str]:
    pairs = _pairs(served, path)
    if pairs:
        return [f"{path}?{query}" for query in pairs]
    query = _required_query(served, path, op)
    if path.endswith("/versions/diff"):  # from= and to= name versions of that provision
        return [
            f"{path.replace('{provision_id}', quote(pid, safe=''))}?from=1&to={count}"
            for pid, count in _versions(served).items()
        ]
    urls = [_fill(path, values) for values in _path_values(served, path, op)]
    urls = [f"{url}?{query}" if query else url for url in urls]
    if any(p["name"] == "as_of" for p in _parameters(served.spec, path, op)):
        separator = "&" if query else "?"
        urls += [f"{url}{separator}as_of={day}" for url in urls for day in _as_of_days(served)]
    return urls


def _answer_errors(served: Served, op: dict[str, Any], url: str) -> tuple[list[str], Any]:
    """What is wrong with `url`'s answer for `op`, and its JSON body (None if not JSON)."""
    # As a generated client would: JSON where the operation offers it, else what it documents.
    content = _ok_content(op)
    accept = "application/json" if "application/json" in content else ", ".join(content)
    if op["operationId"] == "getExport":
        accept = "*/*"  # the path's extension names the format (an export file)
    response = served.client.get(url, headers={"Accept": accept})
    response.get_data()  # read whole, then release: a file answer (docs assets) holds it open
    response.close()
    where = f"{op['operationId']} GET {url}"
    if response.status_code == 204 and "204" in op["responses"]:  # documented: no content
        return [], None
    if response.status_code == 308 and "308" in op["responses"]:  # documented: a redirect
        location = response.headers.get("Location", "")
        target = served.client.get(location.removeprefix("http://localhost"))
        ok = target.status_code == 200
        return ([] if ok else [f"{where}: 308 to {location}, which is {target.status_code}"]), None
    if response.status_code != 200:
        return [f"{where}: status {response.status_code}"], None
    if response.mimetype not in content:
        return [f"{where}: {response.mimetype} is not documented (only {sorted(content)})"], None
    if not _is_json(response.mimetype):
        # NDJSON of an empty table is empty: the history of a database without releases.
        empty_history = not served.ids.releases and re.search(r"/(releases|changes)\.", url)
        return ([] if response.get_data() or empty_history else [f"{where}: empty body"]), None
    body = response.get_json()
    key = (op["operationId"], response.mimetype)
    if key not in served.validators:
        served.validators[key] = _validator(served.spec, content[response.mimetype]["schema"])
    validator = served.validators[key]
    errors = sorted(validator.iter_errors(body), key=lambda e: e.json_path)
    return [f"{where}: at {e.json_path}: {e.message}" for e in errors], body


def _summarise(errors: list[str], per_operation: int = 3) -> str:
    """The first few distinct errors of each operation (list indexes folded together)."""
    shown: dict[str, dict[str, str]] = {}
    for error in errors:
        operation, _get, _url, problem = error.split(" ", 3)
        seen = shown.setdefault(operation, {})
        folded = re.sub(r"\[\d+\]", "[*]", problem)
        if len(seen) < per_operation and folded not in seen:
            seen[folded] = error
    return "\n".join(line for seen in shown.values() for line in seen.values())


def test_every_get_answers_as_documented(served: Served) -> None:
    errors: list[str] = []
    exercised: dict[str, list[bool]] = {}  # operationId -> whether each page had results
    for path, method, op in _operations(served.spec):
        for url in _urls(served, path, op) if method == "get" else []:
            found, body = _answer_errors(served, op, url)
            errors += found
            pages = exercised.setdefault(op["operationId"], [])
            if isinstance(body, dict) and "results" in body:
                pages.append(bool(body["results"]))
    # POST /v1/suggest answers the same schema as its GET: tests/test_suggest.py validates it.
    every = {op["operationId"] for _p, method, op in _operations(served.spec) if method == "get"}
    unanswerable = set(NOT_EXERCISED) | (set() if served.ids.releases else HISTORY)
    assert set(exercised) - unanswerable == every - unanswerable
    assert served.ids.releases or not (set(exercised) - {"getReleases", "getChanges"}) & HISTORY
    empty = sorted(
        op
        for op, pages in exercised.items()
        if pages and not any(pages) and op not in unanswerable | MAY_BE_EMPTY.keys()
    )
    assert not empty, f"every page these answered was empty: {empty}"
    assert not errors, f"{len(errors)} answers break the contract:\n{_summarise(errors)}"


# --- output fields are required and typed --------------------------------------------------


def _objects(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    objects = {name: s for name, s in _reachable(spec).items() if "properties" in s}
    assert {"Statement", "Provision", "Citation", "Pagination", "Meta"} <= set(objects)
    return objects


def test_output_fields_are_required(spec: dict[str, Any]) -> None:
    """Every property of an output object is in its `required` (nullable ones too).

    Error schemas (problem+json) are not reachable from a 200 answer; free-form objects
    (data package, export rows, counts) have no properties: neither needs an exemption.
    """
    missing = {
        name: sorted(set(schema["properties"]) - set(schema.get("required", [])))
        for name, schema in _objects(spec).items()
    }
    missing = {name: fields for name, fields in missing.items() if fields}
    assert not missing, "output fields not required:\n" + "\n".join(
        f"{name}: {fields}" for name, fields in sorted(missing.items())
    )


def test_output_fields_are_typed(spec: dict[str, Any]) -> None:
    """Every property of an output object says what it holds, so validation can check it."""
    untyped = sorted(
        f"{name}.{prop}"
        for name, schema in _objects(spec).items()
        for prop, sub in schema["properties"].items()
        if not TYPING_KEYS & set(sub)
    )
    assert not untyped, f"output fields with no type: {untyped}"


# --- the same object reached by two routes is identical ------------------------------------


def _by_id(items: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _item(collection: str, item_id: str) -> str:
    return f"/v1/{collection}/{quote(item_id, safe='')}"


def _entry(served: Served, url: str, item_id: str) -> dict[str, Any] | None:
    """`item_id`'s entry in the collection at `url` (every page of it)."""
    sep = "&" if "?" in url else "?"
    return _by_id(served.walk(f"{url}{sep}{PAGE}")).get(item_id)


def _assert_same(got: Any, expected: dict[str, Any], where: str) -> None:
    assert got is not None, f"{where}: missing"
    differing = sorted(k for k in expected.keys() | got.keys() if got.get(k) != expected.get(k))
    assert not differing, f"{where}: {differing} differ: {got} != {expected}"


def _assert_summary(entry: dict[str, Any], item: dict[str, Any], where: str) -> None:
    """`entry` is `item` or a summary of it: no key of its own, equal on every shared key."""
    extra = sorted(entry.keys() - item.keys())
    assert not extra, f"{where}: {extra} are not in the item"
    differing = sorted(k for k in entry if entry[k] != item[k])
    assert not differing, f"{where}: {differing} differ: {entry} != {item}"


def _listed(served: Served, collection: str) -> dict[str, dict[str, Any]]:
    """A collection read whole, checked to hold every record of its table."""
    listed = _by_id(served.walk(f"/v1/{collection}?{PAGE}"))
    assert set(listed) == served.ids.every[collection], f"/v1/{collection} is incomplete"
    return listed


STATEMENT_ROUTES = [  # (collection, table, column naming its item, column naming the statement)
    ("articles", "statements", "article_id", "id"),
    ("speakers", "statements", "speaker_id", "id"),
    ("provisions", "citations", "provision_id", "statement_id"),
]


def _statement_views(served: Served, sid: str) -> Iterator[tuple[str, Any]]:
    """The statement as each route gives it; which routes comes from the database."""
    yield "item", served.get(_item("statements", sid))
    for collection, table, column, key in STATEMENT_ROUTES:
        for value in served.column(table, column, **{key: sid}):
            route = _item(collection, value) + "/statements"
            yield route, _entry(served, route, sid)


def test_statements_read_the_same_on_every_route(served: Served) -> None:
    listed = _listed(served, "statements")
    for sid in served.ids.sample["statements"]:
        for route, got in _statement_views(served, sid):
            _assert_same(got, listed[sid], f"statement {sid} at {route} vs /v1/statements")


def _provision_views(served: Served, provision: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    pid, document = provision["id"], _item("documents", provision["document"]["id"])
    yield "item", served.get(_item("provisions", pid))
    yield "by eid", served.get(f"{document}/provisions/{quote(provision['eid'], safe='')}")
    yield document, _by_id(served.get(document)["provisions"]).get(pid)
    yield f"{document}/provisions", _entry(served, f"{document}/provisions", pid)
    for topic in served.column("provision_topics", "topic_id", provision_id=pid):
        route = _item("topics", topic) + "/provisions"
        yield route, _entry(served, route, pid)
    for sid in served.column("citations", "statement_id", provision_id=pid):
        route = _item("statements", sid) + "/provisions"
        yield route, _entry(served, route, pid)


def test_provisions_read_the_same_on_every_route(served: Served) -> None:
    listed = _listed(served, "provisions")
    for pid in served.ids.sample["provisions"]:
        for route, got in _provision_views(served, listed[pid]):
            _assert_same(got, listed[pid], f"provision {pid} at {route} vs /v1/provisions")


def test_citations_read_the_same_on_every_route(served: Served) -> None:
    listed = _listed(served, "citations")
    for cid in served.ids.sample["citations"]:
        _assert_same(served.get(_item("citations", cid)), listed[cid], f"citation {cid} item")
    embedded = [(s["id"], c) for s in served.walk(f"/v1/statements?{PAGE}") for c in s["citations"]]
    assert sorted(c["id"] for _, c in embedded) == sorted(listed)
    for sid, citation in embedded:
        assert listed[citation["id"]]["statement"]["id"] == sid
        _assert_summary(citation, listed[citation["id"]], f"citation {citation['id']} in {sid}")


@pytest.mark.parametrize("collection", ["documents", "topics", "speakers", "articles"])
def test_list_entries_are_summaries_of_their_items(served: Served, collection: str) -> None:
    listed = _listed(served, collection)
    for item_id in served.ids.sample[collection]:
        item = served.get(_item(collection, item_id))
        _assert_summary(listed[item_id], item, f"/v1/{collection} entry {item_id}")


def _refs(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each related item a record embeds as {id, url, ...}, by the key that holds it."""
    for key, value in record.items():
        for ref in value if isinstance(value, list) else [value]:
            if isinstance(ref, dict) and {"id", "url"} <= ref.keys():
                yield key, ref


@pytest.mark.parametrize("collection", ["statements", "provisions", "citations"])
def test_embedded_refs_are_summaries_of_their_items(served: Served, collection: str) -> None:
    for item_id in served.ids.sample[collection]:
        record = served.get(_item(collection, item_id))
        refs = list(_refs(record))
        assert refs, f"{collection} {item_id} embeds nothing"
        for key, ref in refs:
            _assert_summary(ref, served.get(ref["url"]), f"{collection} {item_id} {key}")


# --- the synthetic dataset takes every branch ----------------------------------------------

BRANCH_CHECKS: dict[str, tuple[str, Callable[[dict[str, Any]], bool]]] = {
    "nested provision": ("provisions", lambda p: p["parent"] is not None),
    "narration without speaker": (
        "statements",
        lambda s: s["kind"] == "narration" and s["speaker"] is None,
    ),
    "whole-document citation": ("citations", lambda c: c["provision"] is None),
    "nested quote": ("statements", lambda s: s["parent"] is not None),
}


def test_synthetic_dataset_takes_every_branch(synthetic_served: Served) -> None:
    served = synthetic_served
    assert set(served.ids.branches) == set(BRANCH_CHECKS)
    for branch, (table, item_id) in served.ids.branches.items():
        collection, renders = BRANCH_CHECKS[branch]
        assert table == collection and item_id in served.ids.sample[collection], branch
        assert renders(served.get(_item(collection, item_id))), f"{branch} {item_id}"
    _table, cid = served.ids.branches["whole-document citation"]
    sid = served.get(_item("citations", cid))["statement"]["id"]
    assert sid in served.ids.sample["statements"]
    embedded = _by_id(served.get(_item("statements", sid))["citations"])[cid]
    assert embedded["provision"] is None
