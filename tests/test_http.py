"""Caching, CORS, content negotiation, errors: behaviour shared by every endpoint."""

import pytest

from flask import Flask, session
from flask.sessions import NullSession
from flask.testing import FlaskClient

from policyapi import create_app
from tests.conftest import Databases
from tests.helpers import assert_problem, get_with_host
from tests.seedfacts import facts

PROVISION = "/v1/provisions/newark-fair-welcoming-2017-n02"


def test_get_has_strong_etag_and_cache_headers(client: FlaskClient) -> None:
    response = client.get(PROVISION)
    etag, weak = response.get_etag()
    assert etag and not weak
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Accept" in response.headers["Vary"]
    assert response.headers["X-Dataset-Version"].startswith(f"{facts().version}+")


def test_if_none_match_gives_304_without_body(client: FlaskClient) -> None:
    etag = client.get(PROVISION).headers["ETag"]
    response = client.get(PROVISION, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == etag


def test_etag_differs_per_request(client: FlaskClient) -> None:
    a = client.get("/v1/statements?page_size=1").headers["ETag"]
    b = client.get("/v1/statements?page_size=2").headers["ETag"]
    assert a != b
    stale = client.get(PROVISION, headers={"If-None-Match": a})
    assert stale.status_code == 200


def test_cors_on_simple_get(client: FlaskClient) -> None:
    response = client.get(PROVISION, headers={"Origin": "https://news.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Link"} <= exposed


def test_cors_preflight(client: FlaskClient) -> None:
    response = client.options(
        "/v1/statements",
        headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


def test_head_is_answered(client: FlaskClient) -> None:
    response = client.head(PROVISION)
    assert response.status_code == 200 and response.headers["ETag"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_405_with_allow(client: FlaskClient, method: str) -> None:
    response = getattr(client, method)(PROVISION)
    assert_problem(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_unacceptable_media_type_is_406(client: FlaskClient) -> None:
    body = assert_problem(client.get(PROVISION, headers={"Accept": "application/xml"}), 406)
    assert "application/json" in body["detail"]


def test_browser_accept_header_gets_json(client: FlaskClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get(PROVISION, headers={"Accept": accept}).status_code == 200


def test_unknown_route_is_404_problem(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/unknown"), 404)


def test_errors_are_not_cached(client: FlaskClient) -> None:
    response = client.get("/v1/provisions/nope")
    assert response.headers["Cache-Control"] == "no-store"


def test_nul_byte_is_422_not_500(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/statements?q=a%00b"), 422)
    assert "NUL" in body["detail"]


def test_unexpected_error_is_500_problem_without_internals(seeded_url: str) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url})

    @app.route("/boom-test-only")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom-test-only")
    app.extensions["policyapi.engine"].dispose()
    body = assert_problem(response, 500)
    assert "secret" not in response.get_data(as_text=True)
    assert body["detail"] == "The server could not complete the request."


def test_index_lists_entry_points(client: FlaskClient) -> None:
    body = client.get("/", headers={"Accept": "application/json"}).get_json()
    assert body["links"]["provisions"] == "http://localhost/v1/provisions"
    assert body["links"]["openapi"] == "http://localhost/openapi.json"


def test_meta(client: FlaskClient) -> None:
    body = client.get("/v1/meta").get_json()
    version, counts = facts().version, facts().counts()
    assert body["version"] == version and len(body["content_hash"]) == 64
    assert body["counts"]["provisions"] == counts["provisions"]
    assert body["counts"]["statements"] == counts["statements"]
    assert body["licence"]["id"] == "CC-BY-4.0"
    assert [r["id"] for r in body["relations"]] == [
        "describes",
        "defends",
        "criticizes",
        "mentions",
    ]
    assert version in body["how_to_cite"]
    assert any("nj.com" in url for url in body["sources"])
    assert body["loaded_at"].endswith("+00:00")
    assert client.get("/v1/meta").headers["X-Dataset-Version"] == body["dataset_version"]


def test_health_and_readiness(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ready"}


def test_readiness_fails_before_migrations(databases: Databases) -> None:
    url = databases.new()
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    body = assert_problem(app.test_client().get("/readyz"), 503)
    assert "run `policyapi db upgrade`" in body["detail"]
    app.extensions["policyapi.engine"].dispose()


@pytest.mark.parametrize("path", ["/v1/provisions", "/v1/meta", "/"])
def test_an_unmigrated_database_is_a_503_saying_what_to_run(
    databases: Databases, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    # PostgreSQL reports the missing table as a ProgrammingError, SQLite as an OperationalError:
    # both are the operator's to fix, neither a 500.
    app = create_app({"TESTING": True, "DATABASE_URL": databases.new()})
    body = assert_problem(app.test_client().get(path), 503)
    assert body["detail"] == (
        "The database schema is not at the newest migration: run `policyapi db upgrade`."
    )
    assert not [r for r in caplog.records if r.exc_info]
    app.extensions["policyapi.engine"].dispose()


def test_no_session_is_kept(app: Flask, client: FlaskClient) -> None:
    response = client.get("/v1/topics", headers={"Cookie": "session=eyJ4IjoxfQ.forged"})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    with app.test_request_context("/v1/topics"):
        assert isinstance(session, NullSession)


# A homoglyph of apple.com in Cyrillic, raw: the UTF-8 bytes a client sent, as WSGI passes them.
RAW_HOMOGLYPH = "аррӏе.com".encode().decode("latin-1")


@pytest.mark.parametrize(
    "host",
    ["xn--zz", "xn--zz:8000", "api.xn--", RAW_HOMOGLYPH, "a b", 'x>; rel="evil"', "[zz]", "h:p"],
)
@pytest.mark.parametrize("path", [PROVISION, "/v1/provisions?page_size=2", "/", "/oembed"])
def test_a_malformed_host_is_a_400_problem(app: Flask, host: str, path: str) -> None:
    body = assert_problem(get_with_host(app, path, host), 400)
    assert "Host" in body["detail"]


@pytest.mark.parametrize("host", ["xn--80ak6aa92e.com", "XN--80AK6AA92E.COM:8443", "[::1]:8000"])
def test_links_keep_the_host_as_sent_in_ascii(app: Flask, host: str) -> None:
    response = get_with_host(app, "/v1/provisions?page_size=1", host)
    assert response.status_code == 200
    assert response.headers["Link"].isascii()
    assert response.headers["Link"].startswith(f"<http://{host}/v1/provisions?")
    assert response.get_json()["results"][0]["url"].startswith(f"http://{host}/v1/provisions/")
    feed = get_with_host(app, "/v1/changes?format=atom", host)
    assert feed.status_code == 200
    assert f'href="http://{host}/v1/changes?format=atom"'.encode() in feed.data
    assert "аррӏе".encode() not in feed.data


def test_public_base_url_is_used_whatever_the_host(seeded_url: str) -> None:
    base = "https://api.example.org"
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url, "PUBLIC_BASE_URL": base})
    response = get_with_host(app, "/v1/changes?format=atom", "xn--80ak6aa92e.com")
    assert f'href="{base}/v1/changes?format=atom"'.encode() in response.data
    assert b"xn--80ak6aa92e" not in response.data
    app.extensions["policyapi.engine"].dispose()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/provisions/nope", 404),
        ("/v1/provisions?topic=no-such-topic", 422),
        ("/v1/provisions?page_size=0", 422),
        ("/v1/search?q=%21%21", 422),
        ("/v1/nowhere", 404),
    ],
)
def test_if_none_match_star_does_not_hide_an_error(
    client: FlaskClient, path: str, status: int
) -> None:
    for _ in range(2):  # the second time the answer could come from the response cache
        assert_problem(client.get(path, headers={"If-None-Match": "*"}), status)


@pytest.mark.parametrize(
    "path", [PROVISION, "/v1/provisions?page_size=2", "/v1/export/topics.csv", "/v1/meta"]
)
def test_if_none_match_star_is_304_where_a_representation_exists(
    client: FlaskClient, path: str
) -> None:
    etag = client.get(path).headers["ETag"]
    for _ in range(2):  # computed by the view, then from the response cache
        response = client.get(path, headers={"If-None-Match": "*"})
        assert response.status_code == 304
        assert response.data == b""
        assert response.headers["ETag"] == etag


@pytest.mark.parametrize("form", ["W/{etag}", '"other", W/{etag}', '{etag}, W/"other"'])
def test_if_none_match_compares_weakly(client: FlaskClient, form: str) -> None:
    etag = client.get(PROVISION).headers["ETag"]
    response = client.get(PROVISION, headers={"If-None-Match": form.format(etag=etag)})
    assert response.status_code == 304
    assert response.headers["ETag"] == etag


def test_a_weak_tag_of_another_answer_is_a_200(client: FlaskClient) -> None:
    other = client.get("/v1/provisions?page_size=1").headers["ETag"]
    assert client.get(PROVISION, headers={"If-None-Match": f"W/{other}"}).status_code == 200
