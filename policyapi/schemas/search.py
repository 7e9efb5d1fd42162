"""Search across provisions and statements."""

from marshmallow import EXCLUDE, fields, validate

from policyapi.schemas.common import (
    DOC_ID,
    EXAMPLE_BASE,
    PageArgsSchema,
    Representation,
    Text,
    doc,
)


class DocumentLinkSchema(Representation):
    id = fields.String(metadata=doc("Document id", DOC_ID))
    url = fields.String(
        metadata=doc("Canonical URL", f"{EXAMPLE_BASE}/documents/{DOC_ID}", format="uri")
    )


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
            "Provision number and heading, or the speaker's name", "N02 No city resources..."
        )
    )
    snippet = fields.String(
        metadata=doc(
            "Matching passage; matches wrapped in <mark></mark>, other text HTML-escaped",
            "valid <mark>judicial</mark> <mark>warrants</mark>",
        )
    )
    rank = fields.Float(
        metadata=doc("Relevance, higher is better; comparable within one response", 1.5)
    )
    document = fields.Nested(
        DocumentLinkSchema,
        allow_none=True,
        metadata=doc("Document of a provision hit; null for statements"),
    )


class SearchQueryArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    q = Text(
        required=True,
        metadata=doc("Search words; all must match (stemmed, English)", "judicial warrants"),
    )
    type = fields.List(
        fields.String(
            validate=validate.OneOf(
                ["provision", "statement"], error="must be one of: provision, statement"
            )
        ),
        load_default=None,
        metadata=doc("Limit to provision or statement hits (repeatable)", ["statement"]),
    )
