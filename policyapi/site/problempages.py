"""/problems and /problems/{slug}: the pages a problem's `type` URI resolves to."""

from flask import Response

from flask_smorest import abort

from policyapi.problems import BY_SLUG, PROBLEM_TYPES
from policyapi.site.blueprint import bp
from policyapi.site.render import Crumb, home_crumb, render_page
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import links


@bp.get("/problems")
def problems() -> Response:
    """Every problem type the API answers with."""
    return render_page(
        "site/problems.html",
        title="Problem types",
        crumbs=[home_crumb(), Crumb("Problem types")],
        problems=PROBLEM_TYPES,
        problem_url=lambda slug: links().to(E.PROBLEM, slug=slug),
    )


# Only the known slugs route here (documented as an enum); any other is the plain 404.
PROBLEM_RULE = "/problems/<any({}):slug>".format(", ".join(f"'{slug}'" for slug in BY_SLUG))


@bp.get(PROBLEM_RULE)
def problem(slug: str) -> Response:
    """One problem type: what it means and what to do."""
    explained = BY_SLUG.get(slug)
    if explained is None:
        abort(404, message=f"No problem type {slug!r}; /problems lists them all.")
        raise AssertionError("abort() raises")
    return render_page(
        "site/problem.html",
        title=f"{explained.status} {explained.title}",
        crumbs=[
            home_crumb(),
            Crumb("Problem types", links().to(E.PROBLEMS)),
            Crumb(explained.title),
        ],
        problem=explained,
    )
