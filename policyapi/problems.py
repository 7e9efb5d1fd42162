"""The problem types the API answers with (RFC 9457 `type`), each explained at /problems/{slug}.

One type per HTTP status the API produces: the status already says what kind of problem it is,
and each answer's `detail` (and `errors`) says what exactly was wrong. A status not listed here
keeps `about:blank`, which RFC 9457 defines as "nothing beyond the status code".
"""

from dataclasses import dataclass
from http import HTTPStatus


@dataclass(frozen=True)
class ProblemType:
    status: int
    means: str  # what the client asked for that the API could not give
    fix: str  # what to do about it

    @property
    def title(self) -> str:
        return HTTPStatus(self.status).phrase

    @property
    def slug(self) -> str:
        """The type's URL segment, from its status phrase: 'not-found', 'bad-request'."""
        return self.title.lower().replace(" ", "-")


PROBLEM_TYPES: tuple[ProblemType, ...] = (
    ProblemType(
        400,
        "The request could not be read as asked: a query parameter the route does not take "
        "(a typo such as topics= for topic=), a cursor issued for other filters or altered, "
        "a query string that is not valid UTF-8, or a malformed Host header.",
        "Read the answer's detail: it names the parameter, a close match and the parameters "
        "the route takes. Follow the next/prev links a page gives rather than building cursors.",
    ),
    ProblemType(
        404,
        "Nothing is at this URL: no record has this id, or the path is not one of the API's.",
        "Check the id against the collection (/v1/documents, /v1/provisions...), or start "
        "from the front page or the interactive docs.",
    ),
    ProblemType(
        405,
        "The API is read-only: only GET, HEAD and OPTIONS are answered.",
        "Use GET; the answer's Allow header lists the methods the URL takes.",
    ),
    ProblemType(
        406,
        "None of the media types the Accept header asks for is offered by this URL.",
        "Ask for one the detail lists (JSON always works), or use format= with one of them.",
    ),
    ProblemType(
        409,
        "The request conflicts with data already stored.",
        "This API does not accept writes; if you see this, please report it.",
    ),
    ProblemType(
        410,
        "The release's stored files were pruned by the operator: its changes remain listed.",
        "Use a newer release (/v1/releases) or the current data package.",
    ),
    ProblemType(
        422,
        "A parameter has a value the API cannot use: not in the vocabulary (the valid ones are "
        "listed), an id no record has (the closest ones are named), a date that is no date, "
        "a page_size over the maximum, or a format the URL does not offer.",
        "Each entry of `errors` points at one parameter and says what it must be.",
    ),
    ProblemType(
        429,
        "This client sent more requests than its rate limit allows.",
        "Wait the number of seconds in Retry-After; RateLimit-* headers on every answer say "
        "how much of the quota is left.",
    ),
    ProblemType(
        500,
        "The server failed while answering: a fault of ours, logged, never caused by bad input.",
        "Try again later; if it persists, report the URL.",
    ),
    ProblemType(
        501,
        "The oEmbed endpoint does not offer the format asked for.",
        "Ask for format=json (the only format offered).",
    ),
    ProblemType(
        503,
        "The database is unavailable or not migrated yet, or (on /v1/suggest) a server process "
        "that just started is still building its suggester.",
        "Wait the seconds in Retry-After and try again; an operator runs `policyapi db upgrade` "
        "when the detail says so.",
    ),
)
BY_STATUS = {problem.status: problem for problem in PROBLEM_TYPES}
BY_SLUG = {problem.slug: problem for problem in PROBLEM_TYPES}
PROBLEMS_PATH = "/problems/"


def type_path(status: int) -> str | None:
    """The path of the page explaining a status's problem type, or None (about:blank)."""
    problem = BY_STATUS.get(status)
    return f"{PROBLEMS_PATH}{problem.slug}" if problem else None
