"""Speakers: people and organizations quoted in articles."""

from marshmallow import EXCLUDE, Schema, fields

from policyapi.schemas.common import EXAMPLE_BASE, PageArgsSchema, Text, doc, link, vocabulary_list
from policyapi.urls import absolute_url
from policyapi.vocab import SpeakerKind


class RoleSchema(Schema):
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


class SpeakerSchema(Schema):
    id = fields.String(metadata=doc("Speaker id (stable slug)", "ras-baraka"))
    url = link(
        "speakers.SpeakerById", "speaker_id", "Canonical URL", f"{EXAMPLE_BASE}/speakers/ras-baraka"
    )
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
    statements_url = fields.Function(
        lambda s: absolute_url("speakers.SpeakerStatements", speaker_id=s.id),
        metadata=doc(
            "This speaker's statements",
            f"{EXAMPLE_BASE}/speakers/ras-baraka/statements",
            format="uri",
        ),
    )


class SpeakerQueryArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    kind = vocabulary_list([k.value for k in SpeakerKind], "Kind of speaker", "person")
    q = Text(load_default=None, metadata=doc("Words that must all appear in the name", "barr"))
