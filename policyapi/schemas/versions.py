"""Provision versions (legal time): a version, a provision's history, `as_of`, a diff."""

import re
from datetime import date
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from policyapi.schemas.common import (
    EXAMPLE_BASE,
    DocumentRefSchema,
    LinkSchema,
    ProvisionRefSchema,
    Representation,
    api_url,
    doc,
    values_of,
)
from policyapi.schemas.statements import VERSION_MAX
from policyapi.vocab import Confidence, EventType, TextState, VersionMatch

VERSIONED_ID = "nj-ag-directive-2018-6-t12"
VERSIONS_URL = f"{EXAMPLE_BASE}/provisions/{VERSIONED_ID}/versions"
DATE_RULE = (
    "Version dates may be partial (YYYY, YYYY-MM or YYYY-MM-DD); a partial date stands for its "
    "first day. A version is in force from valid_from (null: since before any recorded date) "
    "up to, not including, valid_to (null: still in force)."
)


class MadeBySchema(Representation):
    event = fields.String(
        validate=validate.OneOf(values_of(EventType)),
        metadata=doc("The document event that made this version", "amended"),
    )
    document = fields.Nested(
        DocumentRefSchema,
        allow_none=True,
        metadata=doc("The instrument that made it, when it is another document; else null"),
    )


class VersionRefSchema(Representation):
    id = fields.String(metadata=doc("Version id: <provision>~v<number>", f"{VERSIONED_ID}~v2"))
    url = api_url("Canonical URL", f"{VERSIONS_URL}/2")
    number = fields.Integer(metadata=doc("1 for the oldest version, counting up", 2))
    recorded = fields.Boolean(
        metadata=doc(
            "false: no history is recorded and this is the provision's one implicit version",
            True,
        )
    )
    current = fields.Boolean(metadata=doc("Whether this is the provision's latest version", True))
    valid_from = fields.String(
        allow_none=True, metadata=doc(f"In force from. {DATE_RULE}", "2019-09-27")
    )
    valid_to = fields.String(
        allow_none=True,
        metadata=doc("In force until, not including; null: still in force", None),
    )
    made_by = fields.Nested(
        MadeBySchema, allow_none=True, metadata=doc("What made this version; null if unknown")
    )


class ProvisionVersionSchema(VersionRefSchema):
    provision = fields.Nested(ProvisionRefSchema, metadata=doc("The provision"))
    summary = fields.String(
        metadata=doc("This version's content in this dataset's words", "287(g) agreements...")
    )
    text = fields.String(
        allow_none=True, metadata=doc("This version's official wording; null when not read", None)
    )
    text_state = fields.String(
        validate=validate.OneOf(values_of(TextState)),
        metadata=doc("How much of this version's wording was read", "not_read"),
    )
    confidence = fields.String(
        validate=validate.OneOf(values_of(Confidence)),
        metadata=doc("How well sources support this version and its dates", "confirmed"),
    )
    confidence_note = fields.String(
        allow_none=True, metadata=doc("Which sources support it, and caveats", "Confirmed by...")
    )
    note = fields.String(
        allow_none=True, metadata=doc("What else is known about this version", None)
    )
    evidence = fields.List(fields.Nested(LinkSchema), metadata=doc("Sources for this version"))


class VersionHistorySchema(Representation):
    provision = fields.Nested(ProvisionRefSchema, metadata=doc("The provision"))
    current = fields.Integer(metadata=doc("Number of the latest version", 2))
    versions = fields.List(
        fields.Nested(ProvisionVersionSchema), metadata=doc("Every version, oldest first")
    )


class AsOfSchema(Representation):
    date = fields.String(metadata=doc("The day asked for (as_of)", "2019-06-01"))
    match = fields.String(
        validate=validate.OneOf(values_of(VersionMatch)),
        metadata=doc(
            "in_force: the version chosen was in force that day; not_in_force: none was, and "
            "the latest begun by then is shown (the first, for a day before them all); "
            "undated: no history is recorded, the provision's one version is shown",
            "in_force",
        ),
    )
    version = fields.Nested(VersionRefSchema, metadata=doc("The version chosen"))
    note = fields.String(
        metadata=doc("The choice in words", "Version 1 was in force on 2019-06-01.")
    )


class WordChangeSchema(Representation):
    op = fields.String(
        validate=validate.OneOf(["equal", "insert", "delete", "replace"]),
        metadata=doc("What happened to this run of words", "replace"),
    )
    old = fields.String(metadata=doc("The words before (empty for an insert)", "only with"))
    new = fields.String(metadata=doc("The words after (empty for a delete)", "prohibited"))


class WordDiffSchema(Representation):
    changed = fields.Boolean(metadata=doc("Whether any word changed", True))
    changes = fields.List(
        fields.Nested(WordChangeSchema),
        metadata=doc("Runs of words in order, compared word by word (whitespace ignored)"),
    )


class FieldChangeSchema(Representation):
    field = fields.String(metadata=doc("The field that differs", "valid_from"))
    old = fields.String(allow_none=True, metadata=doc("Its value before", "2019-03-15"))
    new = fields.String(allow_none=True, metadata=doc("Its value after", "2019-09-27"))


class EvidenceChangeSchema(Representation):
    added = fields.List(fields.Nested(LinkSchema), metadata=doc("Sources only the later cites"))
    removed = fields.List(fields.Nested(LinkSchema), metadata=doc("Sources only the earlier cites"))


class VersionDiffSchema(Representation):
    provision = fields.Nested(ProvisionRefSchema, metadata=doc("The provision"))
    from_ = fields.Nested(VersionRefSchema, data_key="from", metadata=doc("The earlier side"))
    to = fields.Nested(VersionRefSchema, metadata=doc("The later side"))
    summary = fields.Nested(WordDiffSchema, metadata=doc("Word-level diff of the summaries"))
    text = fields.Nested(
        WordDiffSchema, metadata=doc("Word-level diff of the official wording (null: no words)")
    )
    fields_ = fields.List(
        fields.Nested(FieldChangeSchema),
        data_key="fields",
        metadata=doc("The other fields that differ (dates, event, text_state, confidence...)"),
    )
    evidence = fields.Nested(EvidenceChangeSchema, metadata=doc("Sources added and removed"))


AS_OF_DOC = (
    "Answer with the provisions' versions in force on this day (YYYY-MM-DD), each saying in "
    "`as_of` which version was chosen and why; without it, the current versions. " + DATE_RULE
)


DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class Day(fields.Date):
    """A query day, YYYY-MM-DD only, checked as the other query strings are (NUL, length)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if isinstance(value, str):
            if "\x00" in value:
                raise ValidationError("must not contain NUL characters")
            if len(value) > len("YYYY-MM-DD") or not re.match(DAY_PATTERN, value):
                raise ValidationError("must be a date, YYYY-MM-DD")
        day: date = super()._deserialize(value, attr, data, **kwargs)
        return day


def as_of_field() -> fields.Date:
    # The pattern and length are stated for the spec (clients, fuzzers); Day enforces them.
    return Day(
        load_default=None,
        metadata=doc(AS_OF_DOC, "2019-06-01", pattern=DAY_PATTERN, maxLength=10),
    )


class AsOfArgsSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    as_of = as_of_field()


def _version_number(description: str, example: int, data_key: str | None = None) -> fields.Integer:
    return fields.Integer(
        required=True,
        data_key=data_key,
        validate=validate.Range(min=1, max=VERSION_MAX),
        metadata=doc(description, example),
    )


class VersionCompareArgsSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    # `from` is a Python keyword: the attribute is from_, the parameter `from`.
    from_ = _version_number("Version number to compare from", 1, data_key="from")
    to = _version_number("Version number to compare to", 2)
