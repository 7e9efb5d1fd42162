"""/articles/{id}: the short address people share for an annotated article.

The page itself is the HTML representation of /v1/articles/{id} (one path per representation),
so this address is a permanent redirect there, its query kept. A missing article is that
route's 404 (an error card in a browser).
"""

from flask import Response

from policyapi.site.blueprint import bp
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import links, permanent_redirect

ARTICLE_RULE = "/articles/<id:article_id>"


@bp.get(ARTICLE_RULE)
def article(article_id: str) -> Response:
    """A 308 to the article's page."""
    return permanent_redirect(links().to(E.ARTICLE, article_id=article_id))
