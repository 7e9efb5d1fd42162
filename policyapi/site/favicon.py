"""/favicon.ico: browsers ask every origin for one; answer "no icon" rather than a 404.

A 404 there shows as a console error on every page a browser opens, the docs included.
"""

from flask import Response, current_app

from policyapi.site.blueprint import bp


@bp.get("/favicon.ico")
def favicon() -> Response:
    """No content, cacheable for a day: the site has no icon."""
    response = current_app.response_class(status=204)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
