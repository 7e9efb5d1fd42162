"""schemathesis against the app's own OpenAPI document: every phase, every check, fixed seed.

The engine is the one `st run` drives (examples, coverage, fuzzing and stateful phases, all
checks), talking to the app in process over WSGI, deterministic, on SQLite and PostgreSQL.
"""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import StopReason, events, from_schema
from schemathesis.generation import GenerationMode
from schemathesis.generation.case import Case
from schemathesis.hooks import HookContext

from flask import Flask

from policyapi.api.jurisdictions import DIVISION_FILTERS
from policyapi.queries.known import ID_TABLES

pytestmark = pytest.mark.slow

SEED = 20261128
# Per operation and phase; the whole run comes to well over MIN_CASES requests.
MAX_EXAMPLES = 20
MIN_CASES = 1000


def _config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "workers": 1,
            # In process, bodies reach the checks as sent: no client decodes them here, so ask
            # for them plain (tests/fuzz_served.py fuzzes compressed answers through HTTP).
            "headers": {"Accept-Encoding": "identity"},
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
        }
    )


# A cursor is bound to its path and filters: every query parameter but these.
UNBOUND = ("cursor", "page_size", "format")


def _genuine_cursor(app: Flask, path: str, query: dict[str, Any]) -> str | None:
    """A cursor the API itself issued for `path` and the filters in `query`, from its first
    page's next link."""
    filters = {name: value for name, value in query.items() if name not in UNBOUND}
    response = app.test_client().get(path, query_string={**filters, "page_size": 1})
    if response.status_code != 200:
        return None
    next_url = (response.get_json() or {}).get("pagination", {}).get("next")
    if not next_url:
        return None
    return parse_qs(urlsplit(next_url).query)["cursor"][0]


def _use_genuine_cursors(app: Flask) -> Any:
    """Cursors are signed, opaque tokens: a schema-valid string is not a cursor we issued.

    Positive cases get a real one (the tampered ones belong to the negative cases and to
    tests/test_bad_input.py, where they must give a 400).
    """

    def before_call(context: HookContext, case: Case, kwargs: dict[str, Any]) -> None:
        positive = case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE
        if not positive or not isinstance(case.query, dict) or "cursor" not in case.query:
            return
        cursor = _genuine_cursor(app, case.formatted_path, case.query)
        if cursor is None:
            del case.query["cursor"]
        else:
            case.query["cursor"] = cursor

    return before_call


# Rules the app applies that JSON Schema cannot state: which topic and doc_type ids (and the
# ids a filter names) exist is data, a search needs at least one word, a comparison needs two
# existing ids. A schema-valid request breaking only these gets a 422.
COMPARE_RULES = (
    "give either documents=a,b or provisions=a,b",
    "must be exactly two ids separated by a comma",
    "must name two different ids",
    "unknown document(s)",
    "unknown provision(s)",
)
BEYOND_THE_SCHEMA: dict[str, tuple[str, ...]] = {
    "#/topic": ("unknown topic(s)",),
    "#/doc_type": ("unknown doc_type(s)",),
    "#/documents": COMPARE_RULES,
    "#/provisions": COMPARE_RULES,
    # The search language (policyapi/search/language.py): a query needs a word to find.
    "#/q": (
        "must contain at least one letter or digit",
        "has only stop words",
        "only excludes words",
        "a search is at most",
    ),
    # Which releases a database loaded is data too.
    "#/since": ("has been loaded", "is not a calendar date"),
    "#/until": ("has been loaded", "is not a calendar date"),
    "#/last": ("was released before",),
    # A day's versions are answered in JSON only (format=csv|ndjson streams the current ones).
    "#/as_of": ("is answered in JSON only",),
    # Which ids exist is data: an unknown one in a filter is a 422 naming the closest.
    **{f"#/{kind}": (f"unknown {kind} ", f"unknown {kind}(s) ") for kind in ID_TABLES},
    **{
        f"#/{name}": (f"unknown {kind} ", f"unknown {kind}(s) ")
        for name, kind in DIVISION_FILTERS.items()
    },
}


def _breaks_only_rules_beyond_the_schema(response: Any) -> bool:
    try:
        errors = response.json().get("errors") or []
    except ValueError:
        return False
    return bool(errors) and all(
        error["pointer"] in BEYOND_THE_SCHEMA
        and any(rule in error["detail"] for rule in BEYOND_THE_SCHEMA[error["pointer"]])
        for error in errors
    )


def filter_failure(context: HookContext, failure: Any, case: Case, response: Any) -> bool:
    """Keep every failure except a 422 for a rule beyond the schema (nothing else is dropped)."""
    rejected_positive = getattr(failure, "code", None) == "ST202"
    return not (
        rejected_positive
        and response.status_code == 422
        and _breaks_only_rules_beyond_the_schema(response)
    )


def _describe(label: str, check: str, failure: Any, case: Case, response: Any) -> str:
    message = (failure.message or "").replace("\n", " ")[:300]
    answer = f"{response.status_code} {response.content[:300]!r}" if response else "no response"
    return (
        f"{label}: {check}: {failure.title} ({message}) "
        f"query={case.query!r} path={case.path_parameters!r} headers={case.headers!r} "
        f"-> {answer}"
    )


def run_schemathesis(app: Flask) -> tuple[int, list[str]]:
    """Run every phase and check; return the number of cases and the failures found."""
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app, config=_config())
    # before_call hooks exist only globally; this one is removed again after the run.
    hook = schemathesis.hook(_use_genuine_cursors(app))
    schema.hook(filter_failure)
    cases = 0
    failures: list[str] = []
    try:
        for event in from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
                recorder = event.recorder
                cases += len(recorder.cases)
                for case_id, checks in recorder.checks.items():
                    interaction = recorder.interactions.get(case_id)
                    response = interaction.response if interaction else None
                    failures.extend(
                        _describe(
                            recorder.label,
                            check.name,
                            check.failure_info.failure,
                            recorder.cases[case_id].value,
                            response,
                        )
                        for check in checks
                        if check.failure_info is not None
                    )
            elif isinstance(event, events.NonFatalError):
                failures.append(f"{event.label}: error: {event.info.format()}")
            elif isinstance(event, events.FatalError):
                failures.append(f"fatal: {event.exception!r}")
            elif (
                isinstance(event, events.EngineFinished)
                and event.stop_reason != StopReason.COMPLETED
            ):
                failures.append(f"engine stopped early: {event.stop_reason}")
    finally:
        schemathesis.hooks.unregister(hook)
    return cases, sorted(set(failures))


def test_schemathesis_finds_nothing(app: Flask) -> None:
    cases, failures = run_schemathesis(app)
    assert not failures, "\n".join(failures)
    print(f"schemathesis: {cases} cases, 0 failures")  # noqa: T201 - the closing note reports it
    assert cases >= MIN_CASES
