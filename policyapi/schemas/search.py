"""Search across provisions and statements."""

from marshmallow import EXCLUDE, fields, validate

from policyapi.schemas.common import (
    DOC_ID,
    EXAMPLE_BASE,
    PageArgsSchema,
    Representation,
    doc,
    search_text,
)


class DocumentLinkSchema(Representation):
    id = fields.String(metadata=doc("Document id", DOC_ID))
    url = fields.String(
        metadata=doc("Canonical URL", f"{EXAMPLE_BASE}/documents/{DOC_ID}", format="uri")
    )


class HighlightSchema(Representation):
    start = fields.Integer(metadata=doc("Offset of the first character (code points)", 24))
    end = fields.Integer(metadata=doc("Offset just after the last character", 32))


class SearchHitSchema(Representation):
    type = fields.String(metadata=doc("provision or statement", "statement"))
    id = fields.String(
        metadata=doc("Id of the matching item", "nj1015-baraka-barr-sanctuary-2020-s18")
    )
    url = fields.String(
        metadata=doc(
            "Canonical URL of the matching item",
            "https://api.example.org/v1/statements/nj1015-baraka-barr-sanctuary-2020-s18",
            format="uri",
        )
    )
    title = fields.String(
        metadata=doc(
            "A provision's number and heading; for a statement, its speaker and article title",
            "Ras Baraka, Newark mayor defends sanctuary policy",
        )
    )
    snippet_text = fields.String(
        metadata=doc(
            "Matching passage as plain text (… where it is cut)",
            "… without valid judicial warrants, the order says …",
        )
    )
    highlights = fields.List(
        fields.Nested(HighlightSchema),
        metadata=doc("Where the matched words are in snippet_text, in order"),
    )
    snippet = fields.String(
        metadata=doc(
            "snippet_text as HTML: matches wrapped in <mark></mark>, other text HTML-escaped "
            "(kept for existing clients; snippet_text and highlights say the same as data)",
            "without valid <mark>judicial</mark> <mark>warrants</mark>",
        )
    )
    rank = fields.Float(
        metadata=doc("Relevance, higher is better; comparable within one response", 1.5)
    )
    document = fields.Nested(
        DocumentLinkSchema,
        allow_none=True,
        metadata=doc(
            "A provision's document; the document a statement cites (the first by id), "
            "null if it cites none"
        ),
    )


class SearchQueryArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    q = search_text("provisions and statements", "judicial warrants", required=True)
    type = fields.List(
        fields.String(
            validate=validate.OneOf(
                ["provision", "statement"], error="must be one of: provision, statement"
            )
        ),
        load_default=None,
        metadata=doc("Limit to provision or statement hits (repeatable)", ["statement"]),
    )
