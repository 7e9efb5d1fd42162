"""schemathesis as an outside client: the server as production runs it, its /openapi.json, HTTP.

    python -m tests.fuzz_served --engine sqlite|postgresql --examples N [--seed S] [--no-proxy]

Builds a throw-away database (migrated, an earlier release then the seeds loaded, as the test
suite does), serves it with `policyapi serve` on a free port (nginx in front of gunicorn, as in
production: what a client meets is nginx's answer to an oversized request line or header, not
gunicorn's; `--no-proxy` fuzzes gunicorn alone), and runs every phase and every check
(positive_data_acceptance included) against the spec the server hands out. Rate limiting is off
for the run (the fuzzer is one very busy client), and fuzzing starts once the worker has built
its suggester. The same rules as tests/test_fuzz.py apply: positive cases get a genuine cursor,
and only a 422 for a rule JSON Schema cannot state (which ids exist is data) is not a failure.
Prints the number of cases and every failure; exits 1 when there is any. PostgreSQL comes from
POLICYAPI_TEST_POSTGRES_URL.
"""

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import StopReason, events, from_schema
from schemathesis.generation import GenerationMode
from schemathesis.generation.case import Case
from schemathesis.hooks import HookContext
from sqlmodel import Session

from policyapi import migrate
from policyapi.db import build_engine
from policyapi.seeds.bundle import build_bundle
from policyapi.seeds.load import load_bundle
from tests.conftest import POSTGRES_URL, SEEDS, Databases
from tests.releasing import earlier_release
from tests.served import policyapi_serve
from tests.test_fuzz import UNBOUND, _describe, filter_failure

DEFAULT_SEED = 20261207
# nginx refuses a request too big to read as a problem: a body over 64 KB (413), a request line
# (414) or a header line (431) over 8 KB. Those are rejections of invalid data as much as a 400
# is, but schemathesis' negative_data_rejection only counts the statuses it lists; a mutated
# path or query of a few thousand multi-byte characters gets a 414.
FRONT_REJECTIONS = ("413", "414", "431")
# Seconds a worker may take to build its first suggester (about one on the seeds, idle).
SUGGESTER_BUILD_LIMIT = 300


def _rejections() -> list[str]:
    """The statuses negative_data_rejection accepts: schemathesis' own, and the front's."""
    checks = SchemathesisConfig().projects.default.checks
    return [*checks.negative_data_rejection.expected_statuses, *FRONT_REJECTIONS]


def _seeded_database(databases: Databases, tmp: Path) -> str:
    url = databases.new()
    migrate.upgrade(url)
    engine = build_engine(url)
    history = earlier_release(SEEDS, tmp / "earlier" / "seeds")
    for root in (history.root, SEEDS):
        with Session(engine) as session:
            load_bundle(session, build_bundle(root))
    engine.dispose()
    return url


def _wait_for_the_suggester(base_url: str) -> None:
    """Ask for a suggestion until the worker has its model, so fuzzing starts in the steady state.

    A worker builds its suggester at its first suggestion and answers 503 with Retry-After if
    that takes over SUGGEST_BUILD_WAIT (documented; policyapi/suggest/cache.py): at start, on a
    busy machine, a fuzzer's first POST /v1/suggest can get it.
    """
    deadline = time.monotonic() + SUGGESTER_BUILD_LIMIT
    while True:
        response = requests.post(f"{base_url}/v1/suggest", json={"text": "warrant"}, timeout=60)
        if response.status_code != 503:
            response.raise_for_status()
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"no suggester after {SUGGESTER_BUILD_LIMIT} s: {response.text}")
        time.sleep(float(response.headers.get("Retry-After", "1")))


def _genuine_cursor(base_url: str, path: str, query: dict[str, Any]) -> str | None:
    """A cursor the server issued for `path` and `query`'s filters (its first page's next)."""
    filters = {name: value for name, value in query.items() if name not in UNBOUND}
    response = requests.get(f"{base_url}{path}", params={**filters, "page_size": 1}, timeout=30)
    # An HTML page (the site's /search) pages by its links, not by a JSON envelope.
    if response.status_code != 200 or "json" not in response.headers.get("Content-Type", ""):
        return None
    next_url = (response.json() or {}).get("pagination", {}).get("next")
    return parse_qs(urlsplit(next_url).query)["cursor"][0] if next_url else None


def _use_genuine_cursors(base_url: str, cursors: Counter[str]) -> Any:
    """Positive cases with a cursor get one the server issued (counted in `cursors`)."""

    def before_call(context: HookContext, case: Case, kwargs: dict[str, Any]) -> None:
        positive = case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE
        if not positive or not isinstance(case.query, dict) or "cursor" not in case.query:
            return
        cursor = _genuine_cursor(base_url, case.formatted_path, case.query)
        if cursor is None:
            del case.query["cursor"]
            cursors["no next page"] += 1
        else:
            case.query["cursor"] = cursor
            cursors["genuine"] += 1

    return before_call


def _failures_of(event: Any) -> list[str]:
    recorder = event.recorder
    found = []
    for case_id, checks in recorder.checks.items():
        interaction = recorder.interactions.get(case_id)
        response = interaction.response if interaction else None
        case = recorder.cases[case_id].value
        found += [
            _describe(recorder.label, check.name, check.failure_info.failure, case, response)
            for check in checks
            if check.failure_info is not None
        ]
    return found


@dataclass
class Outcome:
    cases: int = 0
    failures: list[str] = field(default_factory=list)
    cursors: Counter[str] = field(default_factory=Counter)  # positive cases with a cursor


def fuzz(base_url: str, examples: int, seed: int) -> Outcome:
    """Run every phase and check against the served spec: the cases run, the failures."""
    config = SchemathesisConfig.from_dict(
        {
            "seed": seed,
            "workers": 1,
            "base-url": base_url,
            "generation": {"max-examples": examples, "deterministic": True, "database": "none"},
            "checks": {"negative_data_rejection": {"expected-statuses": _rejections()}},
        }
    )
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json", config=config)
    outcome = Outcome()
    hook = schemathesis.hook(_use_genuine_cursors(base_url, outcome.cursors))
    schema.hook(filter_failure)
    failures = outcome.failures
    try:
        for event in from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
                outcome.cases += len(event.recorder.cases)
                failures += _failures_of(event)
            elif isinstance(event, events.NonFatalError):
                failures.append(f"{event.label}: error: {event.info.format()}")
            elif isinstance(event, events.FatalError):
                failures.append(f"fatal: {event.exception!r}")
            elif isinstance(event, events.EngineFinished) and (
                event.stop_reason != StopReason.COMPLETED
            ):
                failures.append(f"engine stopped early: {event.stop_reason}")
    finally:
        schemathesis.hooks.unregister(hook)
    outcome.failures = sorted(set(failures))
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--examples", type=int, default=10, help="per operation and phase")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--no-proxy", action="store_true", help="gunicorn alone, without nginx in front"
    )
    args = parser.parse_args(argv)
    if args.engine == "postgresql" and not POSTGRES_URL:
        parser.error("set POLICYAPI_TEST_POSTGRES_URL for --engine postgresql")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="policyapi-fuzz-") as tmp:
        databases = Databases(args.engine, Path(tmp))
        try:
            url = _seeded_database(databases, Path(tmp))
            env = {"POLICYAPI_RATELIMIT_ENABLED": "false"}
            with policyapi_serve(
                url, proxy=not args.no_proxy, workers=1, threads=4, env=env
            ) as server:
                _wait_for_the_suggester(server.base_url)
                outcome = fuzz(server.base_url, args.examples, args.seed)
        finally:
            databases.drop_all()
    for failure in outcome.failures:
        print(failure)  # noqa: T201 - the report of a command
    front = "gunicorn alone" if args.no_proxy else "nginx and gunicorn"
    minutes = (time.monotonic() - started) / 60
    summary = (
        f"schemathesis on {args.engine} ({front}, {args.examples} examples): {outcome.cases} "
        f"cases, {len(outcome.failures)} failures, {minutes:.1f} min; positive cases with a "
        f"cursor: {outcome.cursors['genuine']} sent one the server issued, "
        f"{outcome.cursors['no next page']} none (their first page was the last)"
    )
    print(summary)  # noqa: T201
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
