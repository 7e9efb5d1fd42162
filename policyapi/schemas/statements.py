"""Statements and citations: who said what, anchored to the article and linked to provisions."""

from marshmallow import EXCLUDE, fields, validate

from policyapi.schemas.common import (
    ARTICLE_ID,
    EXAMPLE_BASE,
    STATEMENT_ID,
    ArticleRefSchema,
    DocumentRefSchema,
    PageArgsSchema,
    ProvisionRefSchema,
    Representation,
    SpeakerRefSchema,
    StatementRefSchema,
    Text,
    api_url,
    doc,
    id_list,
    search_text,
    vocabulary_list,
)
from policyapi.validation import PARTIAL_DATE
from policyapi.vocab import CitationStatus, Relation, StatementKind

CITATION_ID = f"{STATEMENT_ID}~newark-fair-welcoming-2017-n02~describes"
# Bounds a version number before it reaches an integer column (PostgreSQL's is 32 bits).
VERSION_MAX = 100_000


class PositionSelectorSchema(Representation):
    type = fields.String(
        validate=validate.OneOf(["TextPositionSelector"]),
        metadata=doc("W3C selector type", "TextPositionSelector"),
    )
    start = fields.Integer(metadata=doc("Start offset in Unicode code points, 0-based", 2551))
    end = fields.Integer(metadata=doc("End offset in code points, exclusive", 2702))


class QuoteSelectorSchema(Representation):
    type = fields.String(
        validate=validate.OneOf(["TextQuoteSelector"]),
        metadata=doc("W3C selector type", "TextQuoteSelector"),
    )
    exact = fields.String(
        metadata=doc("The exact text of the span", "The directive, signed in 2017, said..."),
    )
    prefix = fields.String(
        metadata=doc("Up to 32 code points before the span", '…t of their lives."\n\n')
    )
    suffix = fields.String(
        metadata=doc("Up to 32 code points after the span", " City employees, including police")
    )


class AnchorSchema(Representation):
    source = api_url("The article the selectors apply to", f"{EXAMPLE_BASE}/articles/{ARTICLE_ID}")
    position = fields.Nested(
        PositionSelectorSchema, metadata=doc("W3C Web Annotation TextPositionSelector")
    )
    quote = fields.Nested(QuoteSelectorSchema, metadata=doc("W3C Web Annotation TextQuoteSelector"))


class ModelSchema(Representation):
    name = fields.String(metadata=doc("Model name", "policyapi-suggest"))
    version = fields.String(metadata=doc("Model version", "1.0.0"))


class StatementCitationSchema(Representation):
    id = fields.String(metadata=doc("Citation id", CITATION_ID))
    url = api_url(
        "Canonical URL",
        f"{EXAMPLE_BASE}/citations/{CITATION_ID}",
    )
    relation = fields.String(
        metadata=doc("describes, defends, criticizes or mentions", "describes")
    )
    justification = fields.String(
        allow_none=True, metadata=doc("Why this link was made", "Core non-cooperation rule.")
    )
    document = fields.Nested(DocumentRefSchema, metadata=doc("Cited document"))
    provision = fields.Nested(
        ProvisionRefSchema,
        allow_none=True,
        metadata=doc("Cited provision; null when the statement cites the whole document"),
    )
    provision_version = fields.Integer(
        allow_none=True,
        metadata=doc(
            "The cited provision's version in force when the statement was made (its said_on, "
            "else its article's date; a partial date stands for its first day), linked at load "
            "time; null for a whole document, or when the statement is undated and the "
            "provision has several versions",
            1,
        ),
    )
    status = fields.String(
        validate=validate.OneOf([s.value for s in CitationStatus]),
        metadata=doc(
            "reviewed: a person checked the link; suggested: a model proposed it and nobody "
            "has reviewed it yet (published only when the dataset's loader was asked to)",
            "reviewed",
        ),
    )
    score = fields.Float(
        allow_none=True,
        metadata=doc("The suggesting model's score, 0 to 1; null for a hand-curated link", None),
    )
    suggested_by = fields.Nested(
        ModelSchema,
        allow_none=True,
        metadata=doc("The model that suggested the link; null for a hand-curated one"),
    )
    reviewed_by = fields.String(
        allow_none=True,
        metadata=doc("Who reviewed the link; null for a suggestion", "policyapi contributors"),
    )
    reviewed_on = fields.Date(
        allow_none=True,
        metadata=doc("The day it was reviewed; null for a suggestion", "2026-12-01"),
    )


class StatementSchema(Representation):
    id = fields.String(metadata=doc("Statement id (stable)", STATEMENT_ID))
    url = api_url(
        "Canonical URL",
        f"{EXAMPLE_BASE}/statements/{STATEMENT_ID}",
    )
    article = fields.Nested(ArticleRefSchema, metadata=doc("The article it appears in"))
    speaker = fields.Nested(
        SpeakerRefSchema, allow_none=True, metadata=doc("Who said it; null for narration")
    )
    role_as_stated = fields.String(
        allow_none=True,
        metadata=doc(
            "The speaker's role as the article stated it, even when wrong", "U.S. Attorney"
        ),
    )
    attribution = fields.String(
        allow_none=True, metadata=doc("The article's attribution cue", "Barr said")
    )
    kind = fields.String(metadata=doc("direct_quote, paraphrase or narration", "paraphrase"))
    text = fields.String(
        metadata=doc(
            "Exact text; equals the article's text at the anchor",
            "The directive, signed in 2017, said...",
        )
    )
    anchor = fields.Nested(
        AnchorSchema, metadata=doc("Where the text sits in the article (W3C selectors)")
    )
    paragraph = fields.Integer(metadata=doc("Paragraph index in the article, 0-based", 12))
    parent = fields.Nested(
        StatementRefSchema, allow_none=True, metadata=doc("Enclosing statement for a nested quote")
    )
    said_on = fields.String(
        allow_none=True, metadata=doc("When it was said, possibly partial", "2017-06-19")
    )
    said_on_note = fields.String(
        allow_none=True,
        metadata=doc("How the date was established", "The order was signed 19 June 2017."),
    )
    notes = fields.List(
        fields.String(),
        metadata=doc("Data-quality notes", ['"detailer" is a typo for "detainer".']),
    )
    citations = fields.List(
        fields.Nested(StatementCitationSchema), metadata=doc("Provisions or documents it cites")
    )
    provisions_url = api_url(
        "The provisions it cites, as a collection",
        f"{EXAMPLE_BASE}/statements/{STATEMENT_ID}/provisions",
    )


class CitationSchema(StatementCitationSchema):
    statement = fields.Nested(StatementRefSchema, metadata=doc("The citing statement"))
    speaker = fields.Nested(
        SpeakerRefSchema,
        allow_none=True,
        metadata=doc("The citing statement's speaker; null for narration"),
    )
    article = fields.Nested(
        ArticleRefSchema,
        metadata=doc("The citing statement's article"),
    )


class StatementFilterArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    speaker = id_list("Speaker id", "ras-baraka")
    relation = vocabulary_list(
        [r.value for r in Relation], "Relation of a citation the statement makes", "defends"
    )
    kind = vocabulary_list([k.value for k in StatementKind], "Kind of statement", "direct_quote")
    article = id_list("Article id", ARTICLE_ID)


class ProvisionStatementArgsSchema(StatementFilterArgsSchema):
    class Meta:
        unknown = EXCLUDE

    version = fields.Integer(
        load_default=None,
        strict=False,
        validate=validate.Range(min=1, max=VERSION_MAX),
        metadata=doc(
            "Only statements linked against this version of the provision (the one in force "
            "on the day the statement was made; see /versions)",
            1,
        ),
    )


class StatementQueryArgsSchema(StatementFilterArgsSchema):
    class Meta:
        unknown = EXCLUDE

    document = id_list(
        "Only statements citing this document (or its provisions)", "newark-fair-welcoming-2017"
    )
    provision = id_list("Only statements citing this provision", "newark-fair-welcoming-2017-n02")
    topic = id_list("Only statements citing a provision with this topic", "warrants")
    said_from = Text(
        max_length=10,
        validate=PARTIAL_DATE,
        load_default=None,
        metadata=doc("Said on or after (YYYY, YYYY-MM or YYYY-MM-DD)", "2020-01"),
    )
    said_to = Text(
        max_length=10,
        validate=PARTIAL_DATE,
        load_default=None,
        metadata=doc("Said on or before (YYYY, YYYY-MM or YYYY-MM-DD)", "2020-12"),
    )
    q = search_text("statement texts and speakers' names", "judicial warrants")


class CitationQueryArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    relation = vocabulary_list([r.value for r in Relation], "Relation", "criticizes")
    document = id_list("Cited document", "newark-fair-welcoming-2017")
    provision = id_list("Cited provision", "newark-fair-welcoming-2017-n05")
    statement = id_list("Citing statement", STATEMENT_ID)
    speaker = id_list("Speaker of the citing statement", "william-barr")
    article = id_list("Article of the citing statement", ARTICLE_ID)
    status = vocabulary_list(
        [s.value for s in CitationStatus],
        "reviewed or suggested (suggestions appear only if the dataset publishes them)",
        "reviewed",
    )
    whole_document = fields.Boolean(
        load_default=None,
        metadata=doc("true: only citations of a whole document; false: only of a provision", False),
    )
