"""Relations between documents, correspondences between provisions, and the comparison view."""

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from policyapi.schemas.common import (
    DOC_ID,
    EXAMPLE_BASE,
    PROVISION_ID,
    DocumentRefSchema,
    LinkSchema,
    PageArgsSchema,
    ProvisionRefSchema,
    Representation,
    Text,
    TopicRefSchema,
    doc,
    values_of,
    vocabulary_list,
)
from policyapi.schemas.provisions import CitationCountsSchema
from policyapi.vocab import Confidence, Direction, DocumentRelationType, Scope

DIRECTIVE_ID = "nj-ag-directive-2018-6"


class RelationSchema(Representation):
    id = fields.String(
        metadata=doc(
            "Relation id: <subject>~<relation>~<object>", f"{DIRECTIVE_ID}~overlays~{DOC_ID}"
        )
    )
    relation = fields.String(
        metadata=doc(
            f"How the subject bears on the object: {', '.join(values_of(DocumentRelationType))}",
            "overlays",
        )
    )
    direction = fields.String(
        metadata=doc(
            "outgoing: the document asked about is the subject; incoming: it is the object",
            "incoming",
        )
    )
    subject = fields.Nested(
        DocumentRefSchema, metadata=doc("The document the relation is stated for")
    )
    object = fields.Nested(DocumentRefSchema, metadata=doc("The document it bears on"))
    other = fields.Nested(
        DocumentRefSchema, metadata=doc("The end that is not the document asked about")
    )
    note = fields.String(allow_none=True, metadata=doc("What the relation rests on", None))
    evidence = fields.List(fields.Nested(LinkSchema), metadata=doc("Evidence for the relation"))


class RelationArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    relation = vocabulary_list(values_of(DocumentRelationType), "Kind of relation", "overlays")
    direction = fields.String(
        load_default=None,
        validate=validate.OneOf(values_of(Direction)),
        metadata=doc(
            "outgoing: relations the document states; incoming: relations other documents "
            "state about it (default both)",
            "incoming",
        ),
    )


class CorrespondingProvisionSchema(ProvisionRefSchema):
    document = fields.Nested(DocumentRefSchema, metadata=doc("The provision's document"))


class CorrespondenceSchema(Representation):
    id = fields.String(
        metadata=doc(
            "Correspondence id: <provision>~<corresponding>", f"{DIRECTIVE_ID}-t04~{PROVISION_ID}"
        )
    )
    direction = fields.String(
        metadata=doc(
            "outgoing: stated for the provision asked about; incoming: stated by the other one",
            "incoming",
        )
    )
    provision = fields.Nested(
        CorrespondingProvisionSchema, metadata=doc("The provision asked about")
    )
    corresponding = fields.Nested(
        CorrespondingProvisionSchema,
        metadata=doc("The provision of another document it lines up with"),
    )
    scope = fields.String(
        metadata=doc(
            "How far `provision` reaches compared with `corresponding`: same, narrower, broader",
            "broader",
        )
    )
    confidence = fields.String(
        metadata=doc(f"How well attested: {', '.join(values_of(Confidence))}", "inferred")
    )
    note = fields.String(allow_none=True, metadata=doc("What lines up and what differs", None))


class CorrespondenceArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    scope = vocabulary_list(values_of(Scope), "Scope as stated (before any swap)", "same")
    confidence = vocabulary_list(values_of(Confidence), "Confidence", "inferred")


class CompareSideSchema(CorrespondingProvisionSchema):
    topics = fields.List(fields.Nested(TopicRefSchema), metadata=doc("Its topics"))
    citation_counts = fields.Nested(
        CitationCountsSchema, metadata=doc("Number of citing statements by relation")
    )


class CompareCorrespondenceSchema(Representation):
    id = fields.String(metadata=doc("Correspondence id", f"{DIRECTIVE_ID}-t04~{PROVISION_ID}"))
    scope = fields.String(
        metadata=doc("How far the left provision reaches compared with the right", "broader")
    )
    confidence = fields.String(metadata=doc("How well attested", "inferred"))
    note = fields.String(allow_none=True, metadata=doc("What lines up and what differs", None))
    url = fields.String(
        metadata=doc(
            "The left provision's correspondences",
            f"{EXAMPLE_BASE}/provisions/{PROVISION_ID}/correspondences",
        )
    )


class CompareRowSchema(Representation):
    left = fields.Nested(CompareSideSchema, metadata=doc("Provision of the first document"))
    right = fields.Nested(CompareSideSchema, metadata=doc("Provision of the second document"))
    correspondence = fields.Nested(
        CompareCorrespondenceSchema,
        allow_none=True,
        metadata=doc("How they correspond; null when two provisions asked for do not", None),
    )


class CompareSchema(Representation):
    documents = fields.List(
        fields.Nested(DocumentRefSchema), metadata=doc("The two documents, left then right")
    )
    rows = fields.List(
        fields.Nested(CompareRowSchema),
        metadata=doc("Corresponding provisions side by side, in the left document's order"),
    )
    truncated = fields.Boolean(
        metadata=doc("True when more correspondences exist than one answer holds (500)", False)
    )


def _pair(description: str, example: str) -> Text:
    return Text(
        max_length=400,
        load_default=None,
        metadata=doc(f"{description}: two ids separated by a comma", example),
    )


class CompareArgsSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    documents = _pair("Documents to line up", f"{DIRECTIVE_ID},{DOC_ID}")
    provisions = _pair("Provisions to put side by side", f"{DIRECTIVE_ID}-t04,{PROVISION_ID}")

    @validates_schema
    def _exactly_one_pair(self, data: dict[str, Any], **_: Any) -> None:
        given = [name for name in ("documents", "provisions") if data.get(name) is not None]
        if len(given) != 1:
            raise ValidationError("give either documents=a,b or provisions=a,b", "documents")
        ids = [part.strip() for part in data[given[0]].split(",")]
        if len(ids) != 2 or not all(ids):
            raise ValidationError("must be exactly two ids separated by a comma", given[0])
        if ids[0] == ids[1]:
            raise ValidationError("must name two different ids", given[0])
