"""Releases and the change feed."""

from datetime import date
from typing import Any

from marshmallow import EXCLUDE, ValidationError, fields, validate, validates_schema

from policyapi.schemas.common import (
    ARTICLE_ID,
    DOC_ID,
    EXAMPLE_BASE,
    PROVISION_ID,
    STATEMENT_ID,
    PageArgsSchema,
    Representation,
    Text,
    api_url,
    doc,
    id_list,
    values_of,
    vocabulary_list,
)
from policyapi.vocab import ChangeAction, RecordType

SINCE = r"^(\d{1,9}\.\d{1,9}\.\d{1,9}|\d{4}-\d{2}-\d{2})$"
EXAMPLE_VERSION = "1.1.0"
RELEASE_URL = f"{EXAMPLE_BASE}/releases/{EXAMPLE_VERSION}"


class ReleaseRefSchema(Representation):
    version = fields.String(metadata=doc("Semantic version", EXAMPLE_VERSION))
    url = api_url("This release", RELEASE_URL)
    released_on = fields.String(
        allow_none=True,
        metadata=doc(
            "Date of its CHANGELOG.md entry (null only for a release loaded before releases "
            "were dated)",
            "2026-12-01",
            format="date",
        ),
    )


class ChangeCountsSchema(Representation):
    recorded = fields.Boolean(
        metadata=doc(
            "Whether its changes were recorded one by one: not for the first release this "
            "database loaded, whose records are all new",
            True,
        )
    )
    added = fields.Integer(metadata=doc("Records added", 1))
    changed = fields.Integer(metadata=doc("Records changed", 2))
    removed = fields.Integer(metadata=doc("Records removed", 0))


class ReleaseSchema(ReleaseRefSchema):
    current = fields.Boolean(metadata=doc("Whether this is the release being served", True))
    content_hash = fields.String(metadata=doc("sha256 over every record", "f01526720bf9..."))
    previous_version = fields.String(
        allow_none=True,
        metadata=doc("The release its changes are counted from", "1.0.0"),
    )
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata=doc("Records per table", {"documents": 2, "provisions": 41}),
    )
    notes = fields.String(metadata=doc("Its CHANGELOG.md entry (Markdown)", "- Added ..."))
    changes = fields.Nested(ChangeCountsSchema, metadata=doc("What it changed"))
    changes_url = fields.String(
        allow_none=True,
        metadata=doc(
            "Its changes (/v1/releases/<previous>...<this>); null for the first release",
            f"{EXAMPLE_BASE}/releases/1.0.0...{EXAMPLE_VERSION}",
            format="uri",
        ),
    )
    datapackage_url = fields.String(
        allow_none=True,
        metadata=doc(
            "Its data package, byte for byte as it was served; null when the files were not "
            "stored (loaded before releases were kept, or pruned by the operator)",
            f"{RELEASE_URL}/datapackage.json",
            format="uri",
        ),
    )


class ChangedRecordSchema(Representation):
    type = fields.String(metadata=doc("Kind of record", "provision", enum=values_of(RecordType)))
    id = fields.String(metadata=doc("Its id", PROVISION_ID))
    label = fields.String(metadata=doc("Its title, number and heading, or name", "N02 ..."))
    url = api_url(
        "Where it is served (404 from the release that removed it)",
        f"{EXAMPLE_BASE}/provisions/{PROVISION_ID}",
    )


class ChangeSchema(Representation):
    id = fields.String(
        metadata=doc("<version>/<record type>/<record id>", f"1.1.1/provision/{PROVISION_ID}")
    )
    action = fields.String(
        metadata=doc("What the release did", "changed", enum=values_of(ChangeAction))
    )
    fields_ = fields.List(
        fields.String(),
        data_key="fields",
        metadata=doc(
            "The changed fields (export column names, or topics, actors, citations); empty "
            "unless changed",
            ["summary"],
        ),
    )
    record = fields.Nested(ChangedRecordSchema, metadata=doc("The record it is about"))
    release = fields.Nested(ReleaseRefSchema, metadata=doc("The release that made it"))


class ReleaseArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE


class ChangeFilterArgsSchema(PageArgsSchema):
    """The record filters every collection has, here matching what a change is about."""

    class Meta:
        unknown = EXCLUDE

    type = vocabulary_list(values_of(RecordType), "Kind of record changed", "provision")
    action = vocabulary_list(values_of(ChangeAction), "What was done to it", "changed")
    document = id_list("Changes to this document, its provisions or what cites them", DOC_ID)
    provision = id_list("Changes to this provision or to what cites it", PROVISION_ID)
    topic = id_list("Changes to a provision with this topic (before or after)", "detainers")
    speaker = id_list("Changes to this speaker, their statements or documents", "ras-baraka")
    article = id_list("Changes to this article or its statements", ARTICLE_ID)
    statement = id_list("Changes to this statement", STATEMENT_ID)
    doc_type = id_list("Changes to documents of this type (and their provisions)", "directive")
    jurisdiction = fields.List(
        Text(max_length=300),
        load_default=None,
        metadata=doc(
            "Changes to documents of this OCD division or one inside it (and their "
            "provisions). Repeatable",
            ["ocd-division/country:us/state:nj"],
        ),
    )


def _release_or_day(description: str, example: str) -> Text:
    """A bound of a range of releases: a version, or a day (checked as a date below)."""
    return Text(
        max_length=40,
        validate=validate.Regexp(SINCE, error="must be a version (X.Y.Z) or a date (YYYY-MM-DD)"),
        load_default=None,
        metadata=doc(description, example),
    )


class ChangeArgsSchema(ChangeFilterArgsSchema):
    class Meta:
        unknown = EXCLUDE

    since = _release_or_day(
        "Changes made after this release (a version), or by releases dated on or after this "
        "day (YYYY-MM-DD)",
        "1.0.0",
    )
    until = _release_or_day(
        "Changes made by this release or earlier ones (a version), or by releases dated on or "
        "before this day",
        "1.1.0",
    )

    @validates_schema
    def _dates(self, data: dict[str, Any], **_kwargs: Any) -> None:
        for name in ("since", "until"):
            value = data.get(name)
            if value and "-" in value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise ValidationError("is not a calendar date", name) from None
