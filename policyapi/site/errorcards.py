"""Error cards: a browser gets a small HTML card for any problem, other clients problem+json.

A pipeline step (web/pipeline.py) rewrites the problem answer in place, so its status and
headers (Allow, Retry-After, rate limits, CORS) stay exactly those of the problem.
"""

import json

from flask import Response, g, request

from policyapi.errors import PROBLEM_MEDIA_TYPE
from policyapi.problems import BY_STATUS
from policyapi.site.render import home_crumb, render_page
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import links

# What a client that names none of these gets: problem+json first (curl's */* too).
ACCEPTED = (PROBLEM_MEDIA_TYPE, "application/json", "text/html")
# Card errors appear inside other sites' iframes: there the error card must be framable too.
EMBED_PREFIX = "/embed/"


def prefers_html() -> bool:
    """Whether the client ranks HTML above JSON (what browsers' Accept headers do)."""
    return request.accept_mimetypes.best_match(ACCEPTED) == "text/html"


def as_error_card(response: Response) -> Response:
    """Pipeline step: a problem answer becomes an HTML error card for a browser."""
    if (
        response.status_code < 400
        or response.mimetype != PROBLEM_MEDIA_TYPE
        or g.get("malformed_target")  # its Host must not be echoed into links
        or not prefers_html()
    ):
        return response
    problem = json.loads(response.get_data())
    card = render_error_card(problem)
    response.set_data(card.get_data())
    response.mimetype = "text/html"
    for name in ("Content-Security-Policy", "X-Frame-Options", "Cross-Origin-Resource-Policy"):
        if name in card.headers:
            response.headers[name] = card.headers[name]
    response.vary.add("Accept")
    return response


def render_error_card(problem: dict[str, object]) -> Response:
    """The card: status, what was wrong (and each field's error), where to read more."""
    status = int(str(problem["status"]))
    explained = BY_STATUS.get(status)
    embedded = request.path.startswith(EMBED_PREFIX)
    return render_page(
        "site/error.html",
        title=f"{status} {problem['title']}",
        crumbs=[] if embedded else [home_crumb()],
        status=status,
        problem=problem,
        type_url=links().to(E.PROBLEM, slug=explained.slug) if explained else None,
        bare=embedded,
        frame_ancestors="*" if embedded else "'none'",
    )
