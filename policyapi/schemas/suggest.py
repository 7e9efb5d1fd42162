"""/v1/suggest: a text in, the provisions it most likely cites out (policyapi/suggest/)."""

from marshmallow import EXCLUDE, RAISE, Schema, fields

from policyapi.schemas.common import (
    DOC_ID,
    EXAMPLE_BASE,
    PROVISION_ID,
    DocumentRefSchema,
    Representation,
    Text,
    api_url,
    doc,
)
from policyapi.schemas.statements import ModelSchema  # the suggester model a citation names

TEXT_MAX = 5000
EXAMPLE_TEXT = "City employees will not ask about a person's immigration status."


def _text() -> Text:
    return Text(
        max_length=TEXT_MAX,
        required=True,
        metadata=doc(
            f"The text to find provisions for: a sentence or a passage, 1 to {TEXT_MAX} characters",
            EXAMPLE_TEXT,
        ),
    )


def _document() -> Text:
    return Text(
        max_length=160,
        load_default=None,
        metadata=doc("Only suggest this document's provisions (a document id)", DOC_ID),
    )


class SuggestArgsSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # unknown parameters are refused before the view (web/parameters.py)

    text = _text()
    document = _document()


class SuggestBodySchema(Schema):
    class Meta:
        unknown = RAISE

    text = _text()
    document = _document()


class SuggestedProvisionSchema(Representation):
    id = fields.String(metadata=doc("Provision id", PROVISION_ID))
    url = api_url("Canonical URL", f"{EXAMPLE_BASE}/provisions/{PROVISION_ID}")
    number = fields.String(metadata=doc("Label as printed, or editorial label", "N03"))
    heading = fields.String(
        metadata=doc("Heading", "No inquiry into, investigation of, or pressure about status")
    )
    document = fields.Nested(DocumentRefSchema, metadata=doc("The provision's document"))


class EvidenceSchema(Representation):
    provision_field = fields.String(
        metadata=doc(
            "The field that matched: number (the text names the provision by its label), "
            "heading, summary, text, "
            "topics.<topic id>.label or topics.<topic id>.description; for a whole-document "
            "result, title or summary",
            "heading",
        )
    )
    start = fields.Integer(metadata=doc("Start of the match in that field, in code points", 62))
    end = fields.Integer(metadata=doc("End of the match (exclusive), in code points", 80))
    matched = fields.String(
        metadata=doc("The field's text from start to end, exactly", "immigration status")
    )


class RelationGuessSchema(Representation):
    value = fields.String(
        metadata=doc(
            "describes, defends, criticizes or mentions (a hint, not calibrated)", "defends"
        )
    )
    score = fields.Float(metadata=doc("The guess's probability under its model, 0 to 1", 0.44))


class SuggestionSchema(Representation):
    provision = fields.Nested(
        SuggestedProvisionSchema,
        allow_none=True,
        metadata=doc("The suggested provision; null when the result is the whole document"),
    )
    document = fields.Nested(
        DocumentRefSchema,
        metadata=doc("The document of the provision, or the document cited whole"),
    )
    score = fields.Float(
        metadata=doc(
            "Calibrated probability that a curator would link this target, 0 to 1: among "
            "suggestions scored about 0.8, about 80 % were right in evaluation",
            0.93,
        )
    )
    evidence = fields.List(
        fields.Nested(EvidenceSchema),
        metadata=doc("Spans of the target's fields that share words with the text, best first"),
    )
    relation = fields.Nested(
        RelationGuessSchema,
        allow_none=True,
        metadata=doc("A guess at the relation; null when the data has too few to learn from"),
    )


class AnsweringModelSchema(ModelSchema):
    dataset_version = fields.String(
        metadata=doc(
            "The dataset version (as in X-Dataset-Version) the model was built from. Right "
            "after a new release it is the previous one for a while (minutes on a large "
            "dataset): the model of the new release is built in the background and answers "
            "come from the previous model meanwhile, sent without an ETag and not cached",
            "1.3.0+f4e2319132c84859",
        )
    )


class SuggestResultSchema(Representation):
    results = fields.List(
        fields.Nested(SuggestionSchema), metadata=doc("At most 5 targets, best first")
    )
    abstain = fields.Boolean(
        metadata=doc(
            "True when no provision is a credible target: the text is about something else, or "
            "about the whole document (then a result with a null provision says so)",
            False,
        )
    )
    model = fields.Nested(AnsweringModelSchema, metadata=doc("The model that answered"))
