"""Speakers: people and organizations quoted in articles."""

from marshmallow import EXCLUDE, fields

from policyapi.schemas.common import (
    EXAMPLE_BASE,
    PageArgsSchema,
    Representation,
    api_url,
    doc,
    search_text,
    vocabulary_list,
)
from policyapi.vocab import SpeakerKind


class RoleSchema(Representation):
    title = fields.String(metadata=doc("Office or role", "Mayor of Newark"))
    organization = fields.String(
        allow_none=True, metadata=doc("Organization", "City of Newark, New Jersey")
    )
    start = fields.String(
        allow_none=True, metadata=doc("Start date, possibly partial", "2014-07-01")
    )
    end = fields.String(
        allow_none=True, metadata=doc("End date, possibly partial; null if current", None)
    )


class SpeakerSchema(Representation):
    id = fields.String(metadata=doc("Speaker id (stable slug)", "ras-baraka"))
    url = api_url("Canonical URL", f"{EXAMPLE_BASE}/speakers/ras-baraka")
    name = fields.String(metadata=doc("Name", "Ras J. Baraka"))
    kind = fields.String(metadata=doc("person or organization", "person"))
    roles = fields.List(
        fields.Nested(RoleSchema),
        metadata=doc("Real roles with dates (statements keep the role as the article stated it)"),
    )
    notes = fields.List(
        fields.String(),
        metadata=doc("Data-quality notes", ["The article calls him U.S. Attorney."]),
    )
    statements_url = api_url(
        "This speaker's statements", f"{EXAMPLE_BASE}/speakers/ras-baraka/statements"
    )


class SpeakerQueryArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    kind = vocabulary_list([k.value for k in SpeakerKind], "Kind of speaker", "person")
    q = search_text("speakers' names", "barr")
