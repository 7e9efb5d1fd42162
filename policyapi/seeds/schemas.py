"""marshmallow schemas for the seed files: field types, vocabularies, required keys.

Cross-record rules (references, offsets, duplicates) live in seed_bundle.py.
"""

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from policyapi.validation import PARTIAL_DATE
from policyapi.vocab import (
    ActorRole,
    CitationStatus,
    Confidence,
    DocStatus,
    DocumentRelationType,
    EventType,
    IdentifierScheme,
    Numbering,
    PositionBasis,
    ProvisionKind,
    Relation,
    Scope,
    SpeakerKind,
    StatementKind,
    TextState,
)

UNSOURCED_KINDS = tuple(
    k.value for k in (ProvisionKind.PREFACE, ProvisionKind.PREAMBLE, ProvisionKind.RECITAL)
)

SLUG = validate.Regexp(
    r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$",
    error="must be a lower-case slug (letters, digits, '-' or '.'), e.g. 'newark-2017'",
)
FULL_DATE = validate.Regexp(r"^\d{4}-\d{2}-\d{2}$", error="must be YYYY-MM-DD")
# Akoma Ntoso's naming convention: `{prefix}_{num}` parts joined by `__`, where the prefix names
# the element (sec, subsec, para, recital...), num may hold letters, digits, '-' and '.', and an
# element without a number is its bare prefix (`preamble`, `preamble__recital_1`).
EID_PART = r"[a-z][a-zA-Z]*(_[A-Za-z0-9]+([.-][A-Za-z0-9]+)*)?"
EID = validate.Regexp(
    rf"^{EID_PART}(__{EID_PART})*$",
    error="must be an Akoma Ntoso eId such as 'sec_3', 'sec_2-104__subsec_c' or "
    "'preamble__recital_1'",
)


def one_of(vocabulary: type[Any]) -> validate.OneOf:
    """Validator for a StrEnum vocabulary, listing the valid values in the message."""
    values = [member.value for member in vocabulary]
    return validate.OneOf(values, error=f"must be one of: {', '.join(values)}")


def text(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(min=1), **kwargs)


class Strict(Schema):
    class Meta:
        unknown = RAISE


class LinkSeedSchema(Strict):
    # A printed source or a page has no URL: then its note says what and where it is.
    url = fields.Url(load_default=None, allow_none=True, schemes={"http", "https"})
    note = fields.String(load_default=None, allow_none=True)

    @validates_schema
    def _url_or_note(self, data: dict[str, Any], **_: Any) -> None:
        if not data.get("url") and not data.get("note"):
            raise ValidationError("give a url, or a note naming the printed source", "note")


class LicenceSeedSchema(Strict):
    id = text(required=True)
    name = text(required=True)
    url = fields.Url(required=True)


class CitationReviewSeedSchema(Strict):
    """Who reviewed the dataset's citations, for every citation that does not say otherwise."""

    reviewed_by = text(required=True)
    reviewed_on = fields.String(required=True, validate=FULL_DATE)


class DatasetFileSchema(Strict):
    name = fields.String(required=True, validate=SLUG)
    title = text(required=True)
    version = fields.String(
        required=True,
        validate=validate.Regexp(r"^\d+\.\d+\.\d+$", error="must be a semantic version X.Y.Z"),
    )
    licence = fields.Nested(LicenceSeedSchema, required=True)
    publisher = fields.String(load_default=None, allow_none=True)
    description = fields.String(load_default=None, allow_none=True)
    citation_review = fields.Nested(CitationReviewSeedSchema, load_default=None, allow_none=True)


class TermSeedSchema(Strict):
    id = fields.String(required=True, validate=SLUG)
    label = text(required=True)
    description = text(required=True)


OCD_ID = validate.Regexp(
    r"^ocd-division/country:[a-z]{2}(/[a-z_]+:[a-z0-9_.~-]+)*$",
    error="must be an OCD division id such as 'ocd-division/country:us/state:nj'",
)


class DocTypeSeedSchema(TermSeedSchema):
    id = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[a-z][a-z0-9_]*$", error="must be lower-case letters, digits or '_'"
        ),
    )


class DivisionSeedSchema(Strict):
    """The name of a division that no document names (a country, a state above a city)."""

    ocd_id = fields.String(required=True, validate=OCD_ID)
    name = text(required=True)


class VocabulariesFileSchema(Strict):
    topics = fields.List(fields.Nested(TermSeedSchema), required=True)
    relations = fields.List(fields.Nested(TermSeedSchema), required=True)
    doc_types = fields.List(fields.Nested(DocTypeSeedSchema), required=True)
    jurisdictions = fields.List(fields.Nested(DivisionSeedSchema), load_default=list)

    @validates_schema
    def relations_match_code(self, data: dict[str, Any], **_: Any) -> None:
        given = {term["id"] for term in data.get("relations", [])}
        expected = {member.value for member in Relation}
        if given != expected:
            raise ValidationError(
                f"must list exactly the relations {sorted(expected)} (got {sorted(given)}); "
                "adding a relation needs a code change and a migration",
                "relations",
            )


class RoleSeedSchema(Strict):
    title = text(required=True)
    organization = fields.String(load_default=None, allow_none=True)
    start = fields.String(load_default=None, allow_none=True, validate=PARTIAL_DATE)
    end = fields.String(load_default=None, allow_none=True, validate=PARTIAL_DATE)


class SpeakerSeedSchema(Strict):
    id = fields.String(required=True, validate=SLUG)
    name = text(required=True)
    kind = fields.String(required=True, validate=one_of(SpeakerKind))
    roles = fields.List(fields.Nested(RoleSeedSchema), load_default=list)
    notes = fields.List(fields.String(), load_default=list)


class SpeakersFileSchema(Strict):
    speakers = fields.List(fields.Nested(SpeakerSeedSchema), required=True)


class JurisdictionSeedSchema(Strict):
    name = text(required=True)
    ocd_id = fields.String(required=True, validate=OCD_ID)


class CorrespondenceSeedSchema(Strict):
    provision = fields.String(required=True)
    # How far this provision reaches compared with the other one.
    scope = fields.String(required=True, validate=one_of(Scope))
    confidence = fields.String(required=True, validate=one_of(Confidence))
    note = fields.String(load_default=None, allow_none=True)


class MadeBySeedSchema(Strict):
    """The document event that made a version, and the instrument when it is another document."""

    event = fields.String(required=True, validate=one_of(EventType))
    document = fields.String(load_default=None, allow_none=True)


class VersionSeedSchema(Strict):
    """One version of a provision: what it said and when it was in force (oldest first)."""

    summary = text(required=True)
    text = fields.String(load_default=None, allow_none=True)
    # Defaults as a provision's does: `full` with a `text`, `not_read` without.
    text_state = fields.String(load_default=None, allow_none=True, validate=one_of(TextState))
    valid_from = fields.String(load_default=None, allow_none=True, validate=PARTIAL_DATE)
    valid_to = fields.String(load_default=None, allow_none=True, validate=PARTIAL_DATE)
    made_by = fields.Nested(MadeBySeedSchema, load_default=None, allow_none=True)
    confidence = fields.String(required=True, validate=one_of(Confidence))
    confidence_note = fields.String(load_default=None, allow_none=True)
    note = fields.String(load_default=None, allow_none=True)
    evidence = fields.List(
        fields.Nested(LinkSeedSchema), required=True, validate=validate.Length(min=1)
    )


# A provision with versions takes these from its last version.
DERIVED_FROM_VERSIONS = ("summary", "text", "text_state")


class ProvisionSeedSchema(Strict):
    id = fields.String(required=True, validate=SLUG)
    kind = fields.String(load_default=ProvisionKind.SECTION.value, validate=one_of(ProvisionKind))
    number = text(required=True)
    # Both default to the document's `numbering` (official or editorial).
    label_scheme = fields.String(load_default=None, allow_none=True, validate=one_of(Numbering))
    position_basis = fields.String(
        load_default=None, allow_none=True, validate=one_of(PositionBasis)
    )
    # Defaults to `full` when `text` is given, `not_read` when it is not.
    text_state = fields.String(load_default=None, allow_none=True, validate=one_of(TextState))
    eid = fields.String(required=True, validate=EID)
    parent = fields.String(load_default=None, allow_none=True)
    heading = text(required=True)
    # Required, unless `versions` is given: then it is the last version's.
    summary = text(load_default=None)
    text = fields.String(load_default=None, allow_none=True)
    topics = fields.List(fields.String(), load_default=list)
    confidence = fields.String(required=True, validate=one_of(Confidence))
    confidence_note = fields.String(load_default=None, allow_none=True)
    evidence = fields.List(fields.Nested(LinkSeedSchema), load_default=list)
    correspondences = fields.List(fields.Nested(CorrespondenceSeedSchema), load_default=list)
    # Oldest first; none given: the provision's own fields are its one (undated) version.
    versions = fields.List(fields.Nested(VersionSeedSchema), load_default=None)

    @validates_schema
    def _summary_or_versions(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("versions") is None:
            if data.get("summary") is None:
                raise ValidationError("Missing data for required field.", "summary")
            return
        if not data["versions"]:
            raise ValidationError("give at least one version, or leave versions out", "versions")
        given = {name: data.get(name) for name in DERIVED_FROM_VERSIONS}
        errors = {
            name: [
                "is the last version's when versions are given: move it into versions[-1] "
                "and remove it here"
            ]
            for name, value in given.items()
            if value is not None
        }
        if errors:
            raise ValidationError(errors)

    @validates_schema
    def _evidence(self, data: dict[str, Any], **_: Any) -> None:
        # A preamble or recital is read from the document itself; anything else needs a source.
        if not data.get("evidence") and data.get("kind") not in UNSOURCED_KINDS:
            raise ValidationError("at least one source is needed", "evidence")


class IdentifierSeedSchema(Strict):
    scheme = fields.String(required=True, validate=one_of(IdentifierScheme))
    value = text(required=True)
    note = fields.String(load_default=None, allow_none=True)


class EventSeedSchema(Strict):
    type = fields.String(required=True, validate=one_of(EventType))
    date = fields.String(required=True, validate=PARTIAL_DATE)
    note = fields.String(load_default=None, allow_none=True)
    sources = fields.List(fields.Nested(LinkSeedSchema), load_default=list)


class ActorSeedSchema(Strict):
    speaker = fields.String(required=True)
    role = fields.String(required=True, validate=one_of(ActorRole))


class RelationSeedSchema(Strict):
    relation = fields.String(required=True, validate=one_of(DocumentRelationType))
    document = fields.String(required=True)
    note = fields.String(load_default=None, allow_none=True)
    evidence = fields.List(fields.Nested(LinkSeedSchema), load_default=list)


class DocumentFileSchema(Strict):
    id = fields.String(required=True, validate=SLUG)
    title = text(required=True)
    # A term of vocabularies.yaml `doc_types` (checked with the other references).
    doc_type = text(required=True)
    official_number = fields.String(load_default=None, allow_none=True)
    jurisdiction = fields.Nested(JurisdictionSeedSchema, required=True)
    issuer = text(required=True)
    # Kept for the first files; with events it must agree with the signed (or issued) one.
    signed_on = fields.String(load_default=None, allow_none=True, validate=FULL_DATE)
    identifiers = fields.List(fields.Nested(IdentifierSeedSchema), load_default=list)
    events = fields.List(fields.Nested(EventSeedSchema), load_default=list)
    actors = fields.List(fields.Nested(ActorSeedSchema), load_default=list)
    relations = fields.List(fields.Nested(RelationSeedSchema), load_default=list)
    status = fields.String(required=True, validate=one_of(DocStatus))
    numbering = fields.String(required=True, validate=one_of(Numbering))
    numbering_note = fields.String(load_default=None, allow_none=True)
    language = text(required=True)
    summary = fields.String(load_default=None, allow_none=True)
    sources = fields.List(fields.Nested(LinkSeedSchema), load_default=list)
    provisions = fields.List(fields.Nested(ProvisionSeedSchema), load_default=list)


class ModelSeedSchema(Strict):
    """The model that suggested a citation, as /v1/suggest names itself."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    version = fields.String(required=True, validate=validate.Length(min=1, max=40))


class MatchSeedSchema(Strict):
    """Why a model suggested a provision: the words of one of its fields that matched."""

    provision_field = text(required=True)
    start = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    end = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    matched = text(required=True)


class CitationSeedSchema(Strict):
    document = fields.String(required=True)
    provision = fields.String(load_default=None, allow_none=True)
    relation = fields.String(required=True, validate=one_of(Relation))
    justification = fields.String(load_default=None, allow_none=True)
    # Provenance. A citation without `status` was curated by hand: reviewed, by whoever the
    # dataset's `citation_review` names unless it names its own reviewer.
    status = fields.String(
        load_default=CitationStatus.REVIEWED.value, validate=one_of(CitationStatus)
    )
    score = fields.Float(
        load_default=None,
        allow_none=True,
        allow_nan=False,
        validate=validate.Range(min=0, max=1, error="must be between 0 and 1"),
    )
    suggested_by = fields.Nested(ModelSeedSchema, load_default=None, allow_none=True)
    reviewed_by = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=200)
    )
    reviewed_on = fields.String(load_default=None, allow_none=True, validate=FULL_DATE)
    # The suggester's evidence: shown by `policyapi preview` to the reviewer, not loaded.
    evidence = fields.List(fields.Nested(MatchSeedSchema), load_default=list)

    @validates_schema
    def _provenance(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("status") != CitationStatus.SUGGESTED.value:
            return
        if data.get("suggested_by") is None:
            raise ValidationError("a suggestion names the model that made it", "suggested_by")
        for name in ("reviewed_by", "reviewed_on"):
            if data.get(name) is not None:
                raise ValidationError(
                    "a suggestion has not been reviewed: set status to reviewed once it is",
                    name,
                )


class StatementSeedSchema(Strict):
    id = fields.String(required=True, validate=SLUG)
    kind = fields.String(required=True, validate=one_of(StatementKind))
    speaker = fields.String(load_default=None, allow_none=True)
    role_as_stated = fields.String(load_default=None, allow_none=True)
    attribution = fields.String(load_default=None, allow_none=True)
    paragraph = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    start = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    end = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    text = fields.String(required=True)
    # Optional TextQuoteSelector context (the 32 code points either side), checked against the
    # text when given; `seed reanchor` uses it to find a statement again in a recaptured text.
    prefix = fields.String(load_default=None, allow_none=True)
    suffix = fields.String(load_default=None, allow_none=True)
    parent = fields.String(load_default=None, allow_none=True)
    said_on = fields.String(load_default=None, allow_none=True, validate=PARTIAL_DATE)
    said_on_note = fields.String(load_default=None, allow_none=True)
    notes = fields.List(fields.String(), load_default=list)
    citations = fields.List(fields.Nested(CitationSeedSchema), load_default=list)


class ReviewSeedSchema(Strict):
    """The mark of a drafted article no person has checked yet (`policyapi draft article`)."""

    status = fields.String(
        required=True,
        validate=validate.OneOf(
            ["draft"], error="must be 'draft' (remove the block once reviewed)"
        ),
    )
    drafted_by = fields.String(load_default=None, allow_none=True)
    note = fields.String(load_default=None, allow_none=True)


class ArticleFileSchema(Strict):
    id = fields.String(required=True, validate=SLUG)
    title = text(required=True)
    publisher = text(required=True)
    url = fields.Url(required=True, schemes={"http", "https"})
    url_note = fields.String(load_default=None, allow_none=True)
    published_on = fields.String(load_default=None, allow_none=True, validate=PARTIAL_DATE)
    published_on_note = fields.String(load_default=None, allow_none=True)
    byline = fields.String(load_default=None, allow_none=True)
    credit = fields.String(load_default=None, allow_none=True)
    language = text(required=True)
    text_file = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[^/\\]+\.txt$", error="must be a .txt file name in the same folder"
        ),
    )
    text_sha256 = fields.String(
        required=True,
        validate=validate.Regexp(r"^[0-9a-f]{64}$", error="must be 64 lower-case hex digits"),
    )
    # Present only on a draft: seed check warns, seed load refuses the article until removed.
    review = fields.Nested(ReviewSeedSchema, load_default=None, allow_none=True)
    notes = fields.List(fields.String(), load_default=list)
    statements = fields.List(fields.Nested(StatementSeedSchema), load_default=list)
