"""Jurisdictions: OCD divisions with their parent chain."""

from marshmallow import EXCLUDE, fields

from policyapi.schemas.common import (
    EXAMPLE_BASE,
    PageArgsSchema,
    Text,
    api_url,
    doc,
)
from policyapi.schemas.documents import NEWARK_OCD, JurisdictionRefSchema

NJ_OCD = "ocd-division/country:us/state:nj"


class JurisdictionSchema(JurisdictionRefSchema):
    depth = fields.Integer(metadata=doc("0 for a country, 1 for a state, 2 below", 2))
    parent = fields.Nested(
        JurisdictionRefSchema,
        allow_none=True,
        metadata=doc("The division it lies in, null for a country", None),
    )
    chain = fields.List(
        fields.Nested(JurisdictionRefSchema),
        metadata=doc("Every enclosing division, outermost (the country) first"),
    )
    document_count = fields.Integer(
        metadata=doc("Documents of this division and of every division inside it", 1)
    )
    documents_url = api_url(
        "Those documents", f"{EXAMPLE_BASE}/documents?jurisdiction={NEWARK_OCD}"
    )


class JurisdictionArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    within = Text(
        max_length=300,
        load_default=None,
        metadata=doc("Only divisions inside this OCD division (not itself)", NJ_OCD),
    )
    parent = fields.List(
        Text(max_length=300),
        load_default=None,
        metadata=doc("Only divisions directly inside one of these. Repeatable", [NJ_OCD]),
    )
