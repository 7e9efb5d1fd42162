"""Field helpers, references between resources, pagination and query-argument basics.

The output schemas document the JSON that policyapi/representations/json.py builds; they never
serialise anything. Every key of a representation is always present (`Representation` marks
every field required), nullable ones with `allow_none`; tests/test_contract.py validates every
answer against the generated OpenAPI document.
"""

from enum import StrEnum
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from marshmallow.schema import SchemaMeta

from policyapi.search.language import MAX_CHARACTERS, MAX_WORDS, QueryError, parse

NO_EXAMPLE = object()


def doc(description: str, example: Any = NO_EXAMPLE, **extra: Any) -> dict[str, Any]:
    """OpenAPI metadata for a field: every public field has a description and an example.

    Nested objects and lists of them need no example of their own: their fields carry one.
    """
    meta = {"description": description, **extra}
    if example is not NO_EXAMPLE:
        meta["example"] = example
    return meta


def _reject_nul(value: str) -> None:
    # PostgreSQL text cannot hold NUL: reject it here instead of failing in the database.
    if "\x00" in value:
        raise ValidationError("must not contain NUL characters")


# The same rule as a pattern, so the OpenAPI document says it too (clients and fuzzers read it).
NO_NUL = validate.Regexp(r"^[^\x00]*$", error="must not contain NUL characters")


class Text(fields.String):
    """A query string value: no NUL bytes, bounded length."""

    def __init__(self, *, max_length: int = 200, **kwargs: Any) -> None:
        validators: list[Any] = [validate.Length(min=1, max=max_length)]
        extra = kwargs.pop("validate", None)
        # The spec holds one pattern per field: a field with its own keeps NUL out in code.
        validators.insert(0, _reject_nul if isinstance(extra, validate.Regexp) else NO_NUL)
        if extra is not None:
            validators.append(extra)
        super().__init__(validate=validators, **kwargs)


def _valid_search(q: str) -> None:
    if len(q) > MAX_CHARACTERS:
        return  # the Length validator says so, naming the cap
    try:
        parse(q)
    except QueryError as error:
        raise ValidationError(str(error)) from error


SEARCH_HELP = (
    "in the search language (see the README): words all match, stemmed; "
    '"exact phrases"; OR between alternatives; -word leaves out; '
    f"at most {MAX_WORDS} words and {MAX_CHARACTERS} characters"
)


def search_text(where: str, example: str, *, required: bool = False) -> "Text":
    """A `q` parameter: the one search language, over the search index of `where`."""
    presence: dict[str, Any] = {"required": True} if required else {"load_default": None}
    return Text(
        max_length=MAX_CHARACTERS,
        validate=_valid_search,
        metadata=doc(f"Search {where}, {SEARCH_HELP}", example),
        **presence,
    )


class _EveryFieldRequired(SchemaMeta):
    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        klass = super().__new__(mcs, name, bases, attrs)
        for field in klass._declared_fields.values():
            field.required = True
        return klass


class Representation(Schema, metaclass=_EveryFieldRequired):
    """A documented JSON shape: every key is always present (nullable ones may be null)."""


def api_url(description: str, example: str) -> fields.String:
    """An absolute URL of this API."""
    return fields.String(metadata=doc(description, example, format="uri"))


EXAMPLE_BASE = "https://api.example.org/v1"
DOC_ID = "newark-fair-welcoming-2017"
PROVISION_ID = "newark-fair-welcoming-2017-n02"
STATEMENT_ID = "nj1015-baraka-barr-sanctuary-2020-s18"
ARTICLE_ID = "nj1015-baraka-barr-sanctuary-2020"


class DocumentRefSchema(Representation):
    id = fields.String(metadata=doc("Document id (stable slug)", DOC_ID))
    url = api_url(
        "Canonical URL",
        f"{EXAMPLE_BASE}/documents/{DOC_ID}",
    )
    title = fields.String(metadata=doc("Title", "Newark: A Fair and Welcoming City"))


class ProvisionRefSchema(Representation):
    id = fields.String(metadata=doc("Provision id (stable, unique across documents)", PROVISION_ID))
    url = api_url(
        "Canonical URL",
        f"{EXAMPLE_BASE}/provisions/{PROVISION_ID}",
    )
    number = fields.String(metadata=doc("Label as printed, or editorial label", "N02"))
    eid = fields.String(metadata=doc("Akoma Ntoso style element id within the document", "sec_2"))
    heading = fields.String(
        metadata=doc("Heading", "No city resources for civil immigration enforcement")
    )


class TopicRefSchema(Representation):
    id = fields.String(metadata=doc("Topic id", "warrants"))
    url = api_url("Canonical URL", f"{EXAMPLE_BASE}/topics/warrants")
    label = fields.String(metadata=doc("Label", "Judicial Warrants"))


class SpeakerRefSchema(Representation):
    id = fields.String(metadata=doc("Speaker id", "ras-baraka"))
    url = api_url("Canonical URL", f"{EXAMPLE_BASE}/speakers/ras-baraka")
    name = fields.String(metadata=doc("Name", "Ras J. Baraka"))


class ArticleRefSchema(Representation):
    id = fields.String(metadata=doc("Article id", ARTICLE_ID))
    url = api_url(
        "Canonical URL",
        f"{EXAMPLE_BASE}/articles/{ARTICLE_ID}",
    )
    title = fields.String(
        metadata=doc(
            "Headline", "Newark mayor: Barr provoking fear and hatred over our sanctuary policies"
        )
    )
    publisher = fields.String(metadata=doc("Publisher", "New Jersey 101.5 (Townsquare Media)"))
    published_on = fields.String(
        allow_none=True,
        metadata=doc("Publication date, possibly partial (YYYY, YYYY-MM, YYYY-MM-DD)", "2020-02"),
    )


class StatementRefSchema(Representation):
    id = fields.String(metadata=doc("Statement id", STATEMENT_ID))
    url = api_url(
        "Canonical URL",
        f"{EXAMPLE_BASE}/statements/{STATEMENT_ID}",
    )
    kind = fields.String(metadata=doc("direct_quote, paraphrase or narration", "paraphrase"))
    text = fields.String(
        metadata=doc(
            "Exact text of the span", "unless those requests come through valid judicial warrants."
        )
    )


class LinkSchema(Representation):
    url = fields.String(
        allow_none=True,
        metadata=doc(
            "Source URL",
            "https://www.nj.com/essex/2017/06/newark_mayor_signs_sanctuary_city_executive_order.html",
            format="uri",
        ),
    )
    note = fields.String(
        allow_none=True, metadata=doc("What this source supports", "Reports the 16 key points.")
    )


class PaginationSchema(Representation):
    next = fields.String(
        allow_none=True,
        metadata=doc(
            "URL of the next page, or null on the last page",
            f"{EXAMPLE_BASE}/provisions?cursor=eyJ...",
            format="uri",
        ),
    )
    prev = fields.String(
        allow_none=True,
        metadata=doc("URL of the previous page, or null on the first page", None, format="uri"),
    )
    page_size = fields.Integer(metadata=doc("Maximum number of results on this page", 50))
    total = fields.Integer(
        metadata=doc("Number of results matching the filters, over all pages", 16)
    )


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """The collection envelope {results, pagination} around `item_schema`."""
    return Representation.from_dict(
        {
            "results": fields.List(fields.Nested(item_schema), metadata=doc("This page's items")),
            "pagination": fields.Nested(PaginationSchema, metadata=doc("Cursor links and totals")),
        },
        name=name,
    )


class PageArgsSchema(Schema):
    """Cursor pagination parameters shared by every collection."""

    class Meta:
        unknown = EXCLUDE

    cursor = Text(
        max_length=2000,
        load_default=None,
        # No example: a cursor is signed and bound to its path and filters, so any example
        # would be refused; clients take it from a page's next/prev link.
        metadata=doc("Opaque cursor from a previous page's next/prev link (never built by hand)"),
    )
    page_size = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=500),
        metadata=doc(
            "Results per page, 1 to 500 (default 50; an operator may lower the maximum, "
            "POLICYAPI_PAGE_SIZE_MAX)",
            50,
        ),
    )


def values_of(vocabulary: type[StrEnum]) -> list[str]:
    """A StrEnum vocabulary's values, in order (for validators and descriptions)."""
    return [member.value for member in vocabulary]


def vocabulary_list(values: list[str], description: str, example: str) -> fields.List[Any]:
    """A repeatable filter limited to a controlled vocabulary; values are ORed."""
    return fields.List(
        fields.String(
            validate=validate.OneOf(values, error=f"must be one of: {', '.join(values)}")
        ),
        load_default=None,
        metadata=doc(
            f"{description}. Repeat to match any of several. One of: {', '.join(values)}", [example]
        ),
    )


def id_list(description: str, example: str) -> fields.List[Any]:
    """A repeatable filter on ids; values are ORed."""
    return fields.List(
        Text(max_length=160),
        load_default=None,
        metadata=doc(f"{description}. Repeat to match any of several", [example]),
    )
