"""Every setting the README names does what it says (the rest are tested beside their feature:
caches in test_cache.py, rate limits in test_ratelimit.py, production refusals in
test_security.py)."""

from collections.abc import Iterator

import pytest

from flask import Flask

from policyapi import create_app


@pytest.fixture
def configured(seeded_url: str, request: pytest.FixtureRequest) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url, **request.param})
    yield app
    app.extensions["policyapi.engine"].dispose()


@pytest.mark.parametrize("configured", [{"PAGE_SIZE_MAX": 2}], indirect=True)
def test_page_size_max_bounds_every_collection(configured: Flask) -> None:
    client = configured.test_client()
    for path in ("/v1/statements", "/v1/provisions", "/v1/search?q=city"):
        joiner = "&" if "?" in path else "?"
        refused = client.get(f"{path}{joiner}page_size=3")
        assert refused.status_code == 422, path
        assert refused.get_json()["errors"][0]["pointer"] == "#/page_size"
        page = client.get(f"{path}{joiner}page_size=2").get_json()
        assert len(page["results"]) <= 2
        assert page["pagination"]["page_size"] == 2


@pytest.mark.parametrize("configured", [{"PAGE_SIZE_DEFAULT": 3}], indirect=True)
def test_page_size_default_is_the_page_without_page_size(configured: Flask) -> None:
    page = configured.test_client().get("/v1/statements").get_json()
    assert page["pagination"]["page_size"] == 3
    assert len(page["results"]) == min(3, page["pagination"]["total"])


@pytest.mark.parametrize(
    "configured", [{"PUBLIC_BASE_URL": "https://api.example.org/base"}], indirect=True
)
def test_public_base_url_is_every_absolute_url(configured: Flask) -> None:
    client = configured.test_client()
    response = client.get("/v1/statements?page_size=1")
    body = response.get_json()
    assert body["results"][0]["url"].startswith("https://api.example.org/base/v1/statements/")
    assert body["pagination"]["next"].startswith("https://api.example.org/base/v1/statements?")
    assert response.headers["Link"].startswith("<https://api.example.org/base/v1/statements?")


@pytest.mark.parametrize("configured", [{"CACHE_MAX_AGE": 17}], indirect=True)
def test_cache_max_age_is_the_cache_control(configured: Flask) -> None:
    response = configured.test_client().get("/v1/topics")
    assert response.headers["Cache-Control"] == "public, max-age=17"
