"""Security headers on every response, CSP on HTML, and the production configuration guard."""

import base64
import hashlib
import json
import re
import urllib.parse
import urllib.request
from typing import Any

import pytest

from flask.testing import FlaskClient

from policyapi import TESTING_SECRET_KEY, UnsafeConfigError, create_app
from policyapi.web import cursors
from tests.served import gunicorn

PROVISION = "/v1/provisions/newark-fair-welcoming-2017-n02"
# One request of every kind of response the app gives.
REQUESTS: list[tuple[str, str, dict[str, str]]] = [
    ("GET", PROVISION, {}),
    ("GET", "/v1/provisions?page_size=2", {}),
    ("GET", "/v1/provisions/nope", {}),
    ("GET", "/v1/provisions?page_size=0", {}),
    ("GET", "/v1/provisions?cursor=tampered", {}),
    ("GET", PROVISION, {"Accept": "application/xml"}),
    ("POST", PROVISION, {}),
    ("OPTIONS", "/v1/statements", {"Origin": "https://a.example"}),
    ("HEAD", PROVISION, {}),
    ("GET", "/", {}),
    ("GET", "/openapi.json", {}),
    ("GET", "/docs", {}),
    ("GET", "/healthz", {}),
    ("GET", "/readyz", {}),
    ("GET", "/nowhere", {}),
]


@pytest.mark.parametrize(("method", "path", "headers"), REQUESTS)
def test_every_response_has_security_headers(
    client: FlaskClient, method: str, path: str, headers: dict[str, str]
) -> None:
    response = client.open(path, method=method, headers=headers)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Server" not in response.headers
    assert "X-Powered-By" not in response.headers
    if response.mimetype == "text/html":
        assert response.headers["Content-Security-Policy"]


def test_304_has_security_headers(client: FlaskClient) -> None:
    etag = client.get(PROVISION).headers["ETag"]
    response = client.get(PROVISION, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {name: values for name, *values in parts}


def test_docs_csp_allows_only_the_cdn_and_its_own_inline_script(client: FlaskClient) -> None:
    response = client.get("/docs")
    assert response.mimetype == "text/html"
    policy = _directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    html = response.get_data()
    inline = re.findall(rb"<script>(.*?)</script>", html, re.DOTALL)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0]).digest()).decode()
    assert f"'sha256-{digest}'" in scripts
    # Every external script and stylesheet the page loads comes from an allowed origin.
    for url in re.findall(rb'(?:src|href)="(https://[^"]+)"', html):
        origin = "/".join(url.decode().split("/")[:3])
        assert origin in scripts and origin in policy["style-src"]


def test_other_html_gets_a_strict_default_policy(seeded_url: str) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url})

    @app.route("/page-test-only")
    def page() -> Any:
        return "<p>hello</p>"

    @app.route("/own-policy-test-only")
    def own() -> Any:
        return "<p>card</p>", 200, {"Content-Security-Policy": "frame-ancestors *"}

    client = app.test_client()
    default = _directives(client.get("/page-test-only").headers["Content-Security-Policy"])
    own_policy = client.get("/own-policy-test-only").headers["Content-Security-Policy"]
    app.extensions["policyapi.engine"].dispose()
    assert default["default-src"] == ["'none'"]
    assert "script-src" not in default
    assert own_policy == "frame-ancestors *", "a view's own policy is kept"


def test_json_responses_carry_no_csp(client: FlaskClient) -> None:
    assert "Content-Security-Policy" not in client.get(PROVISION).headers


PRODUCTION = {"ENV_NAME": "production", "SECRET_KEY": "a-real-secret-from-the-env"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DEBUG": True}, "debug"),
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": TESTING_SECRET_KEY}, "SECRET_KEY"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
    ],
    ids=["debug-on", "no-secret", "testing-secret", "no-database-url"],
)
def test_production_refuses_unsafe_settings(
    monkeypatch: pytest.MonkeyPatch, overrides: dict[str, Any], message: str
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(UnsafeConfigError, match=message):
        create_app({**PRODUCTION, "DATABASE_URL": "sqlite://", **overrides})


def test_production_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, seeded_url: str
) -> None:
    monkeypatch.setenv("POLICYAPI_ENV_NAME", "production")
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    monkeypatch.delenv("POLICYAPI_SECRET_KEY", raising=False)
    with pytest.raises(UnsafeConfigError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("POLICYAPI_SECRET_KEY", "s3cret-from-env")
    app = create_app()
    assert app.config["SECRET_KEY"] == "s3cret-from-env"
    assert app.test_client().get("/healthz").status_code == 200
    app.extensions["policyapi.engine"].dispose()


def test_no_secret_key_means_a_random_one_per_process(
    monkeypatch: pytest.MonkeyPatch, seeded_url: str
) -> None:
    monkeypatch.delenv("POLICYAPI_SECRET_KEY", raising=False)
    keys = [create_app({"DATABASE_URL": seeded_url}).config["SECRET_KEY"] for _ in range(2)]
    assert keys[0] != keys[1]
    assert all(len(key) >= 32 and key not in ("dev", TESTING_SECRET_KEY) for key in keys)


def test_served_without_a_key_signs_with_one_random_key_for_every_worker(
    monkeypatch: pytest.MonkeyPatch, seeded_url: str
) -> None:
    monkeypatch.delenv("POLICYAPI_SECRET_KEY", raising=False)
    with gunicorn(seeded_url, workers=2) as server:
        urls = []
        for _ in range(6):  # fresh connections, spread over both workers
            first = _get_json(f"{server.base_url}/v1/statements?page_size=1")
            urls.append(first["pagination"]["next"])
        for url in urls:  # each verifies whichever worker signed it and whichever answers
            assert _get_json(url)["results"]
        log = server.log()
    assert log.count("POLICYAPI_SECRET_KEY is not set") == 1
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(urls[0]).query)["cursor"][0]
    for guess in ("dev", TESTING_SECRET_KEY, ""):
        with pytest.raises(cursors.InvalidCursor):
            cursors.decode(guess, token, "statements.Statements", (str, int, str), "")


def _get_json(url: str) -> Any:
    request = urllib.request.Request(url, headers={"Connection": "close"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)
