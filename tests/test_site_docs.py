"""The interactive docs load Swagger UI from our own origin (a pinned PyPI package's files)."""

import re

from flask.testing import FlaskClient

from policyapi.site.docs import ASSETS, swagger_ui_version


def test_docs_page_loads_only_its_own_assets(client: FlaskClient) -> None:
    page = client.get("/docs")
    html = page.get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/docs/assets/") for s in sources), sources
    policy = page.headers["Content-Security-Policy"]
    assert "http" not in policy and "script-src 'self'" in policy
    for source in sources:
        asset = client.get(source)
        body = asset.get_data()
        asset.close()
        assert asset.status_code == 200 and body, source


def test_docs_assets_are_the_pinned_swagger_ui_5(client: FlaskClient) -> None:
    assert swagger_ui_version().startswith("v5.")  # OpenAPI 3.1 needs Swagger UI 5
    assert "swagger-ui-bundle.js" in ASSETS


def test_only_the_listed_assets_are_served(client: FlaskClient) -> None:
    for name in ("swagger-ui.js.map", "oauth2-redirect.html", "..%2Fpyproject.toml"):
        answer = client.get(f"/docs/assets/{name}")
        answer.close()
        assert answer.status_code == 404


def test_the_favicon_is_no_content_not_a_404(client: FlaskClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 204 and "max-age" in response.headers["Cache-Control"]
