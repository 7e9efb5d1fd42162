"""Provisions: the public representation and filters."""

from marshmallow import EXCLUDE, fields, validate

from policyapi.schemas.common import (
    EXAMPLE_BASE,
    PROVISION_ID,
    DocumentRefSchema,
    LinkSchema,
    PageArgsSchema,
    ProvisionRefSchema,
    Representation,
    TopicRefSchema,
    api_url,
    doc,
    id_list,
    search_text,
    vocabulary_list,
)
from policyapi.schemas.versions import AsOfSchema, as_of_field
from policyapi.vocab import (
    Confidence,
    Numbering,
    PositionBasis,
    ProvisionKind,
    Relation,
    TextState,
)


class CitationCountsSchema(Representation):
    describes = fields.Integer(metadata=doc("Statements that describe it", 3))
    defends = fields.Integer(metadata=doc("Statements that defend it", 4))
    criticizes = fields.Integer(metadata=doc("Statements that criticize it", 0))
    mentions = fields.Integer(metadata=doc("Statements that mention it", 0))


class ProvisionSchema(Representation):
    id = fields.String(metadata=doc("Provision id (stable, unique across documents)", PROVISION_ID))
    url = api_url(
        "Canonical URL",
        f"{EXAMPLE_BASE}/provisions/{PROVISION_ID}",
    )
    document = fields.Nested(DocumentRefSchema, metadata=doc("The document it belongs to"))
    number = fields.String(
        metadata=doc(
            "Label as printed, or the editorial label when the document's numbering is editorial",
            "N02",
        )
    )
    kind = fields.String(
        validate=validate.OneOf([k.value for k in ProvisionKind]),
        metadata=doc("What it is (Akoma Ntoso element): section, recital, paragraph...", "section"),
    )
    label_scheme = fields.String(
        validate=validate.OneOf([n.value for n in Numbering]),
        metadata=doc(
            "official: `number` is the document's own label; editorial: assigned by this dataset",
            "editorial",
        ),
    )
    eid = fields.String(
        metadata=doc("Akoma Ntoso element id within the document (continues its parent's)", "sec_2")
    )
    position = fields.Integer(metadata=doc("Order within the document, from 0", 1))
    position_basis = fields.String(
        validate=validate.OneOf([b.value for b in PositionBasis]),
        metadata=doc(
            "official: the document's own order; editorial: this dataset's; unknown: nobody "
            "knows the official order, `position` only keeps the outline stable",
            "editorial",
        ),
    )
    parent = fields.Nested(
        ProvisionRefSchema, allow_none=True, metadata=doc("Enclosing provision, null at top level")
    )
    children = fields.List(
        fields.Nested(ProvisionRefSchema), metadata=doc("Sub-provisions, in order")
    )
    heading = fields.String(
        metadata=doc("Heading", "No city resources for civil immigration enforcement")
    )
    summary = fields.String(
        metadata=doc("Summary in this dataset's words", "City departments may not spend...")
    )
    text = fields.String(
        allow_none=True, metadata=doc("Official wording, null when not available", None)
    )
    text_state = fields.String(
        validate=validate.OneOf([t.value for t in TextState]),
        metadata=doc(
            "full: `text` is the whole official wording; partial: cut off; not_read: the "
            "wording was not read (see `summary`); range: the record stands for several",
            "not_read",
        ),
    )
    topics = fields.List(
        fields.Nested(TopicRefSchema), metadata=doc("Topics from the controlled vocabulary")
    )
    confidence = fields.String(
        metadata=doc(
            "How well sources support this provision: confirmed, partly_confirmed, inferred or "
            "unknown",
            "confirmed",
        )
    )
    confidence_note = fields.String(
        allow_none=True,
        metadata=doc("Which sources support it, and caveats", "Confirmed by nj.com, June 2017."),
    )
    evidence = fields.List(
        fields.Nested(LinkSchema), metadata=doc("Sources with what each supports")
    )
    citation_counts = fields.Nested(
        CitationCountsSchema, metadata=doc("Number of citing statements by relation")
    )
    as_of = fields.Nested(
        AsOfSchema,
        allow_none=True,
        metadata=doc(
            "With `as_of=`: the version chosen for that day, whose summary, text and text_state "
            "this answer shows; null without it (the current version)"
        ),
    )
    statements_url = api_url(
        "Statements citing this provision", f"{EXAMPLE_BASE}/provisions/{PROVISION_ID}/statements"
    )
    correspondences_url = api_url(
        "Provisions of other documents that state the same rule",
        f"{EXAMPLE_BASE}/provisions/{PROVISION_ID}/correspondences",
    )
    versions_url = api_url(
        "Its versions over time (legal time)", f"{EXAMPLE_BASE}/provisions/{PROVISION_ID}/versions"
    )


class ProvisionPageArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    as_of = as_of_field()


class ProvisionQueryArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    document = id_list("Document id", "newark-fair-welcoming-2017")
    topic = id_list("Topic id (see /v1/topics)", "warrants")
    confidence = vocabulary_list([c.value for c in Confidence], "Confidence", "confirmed")
    relation = vocabulary_list(
        [r.value for r in Relation], "Only provisions cited with this relation", "criticizes"
    )
    speaker = id_list("Only provisions cited by this speaker", "william-barr")
    q = search_text("provision numbers, headings, summaries and texts", "judicial warrant")
    as_of = as_of_field()
