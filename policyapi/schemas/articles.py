"""Articles: news items whose exact text anchors statements."""

from marshmallow import EXCLUDE, fields

from policyapi.schemas.common import (
    ARTICLE_ID,
    EXAMPLE_BASE,
    PageArgsSchema,
    Representation,
    Text,
    api_url,
    doc,
    search_text,
)
from policyapi.validation import PARTIAL_DATE


class ArticleSchema(Representation):
    id = fields.String(metadata=doc("Article id (stable slug)", ARTICLE_ID))
    url = api_url(
        "Canonical URL",
        f"{EXAMPLE_BASE}/articles/{ARTICLE_ID}",
    )
    title = fields.String(
        metadata=doc(
            "Headline", "Newark mayor: Barr provoking fear and hatred over our sanctuary policies"
        )
    )
    publisher = fields.String(metadata=doc("Publisher", "New Jersey 101.5 (Townsquare Media)"))
    source_url = fields.String(
        metadata=doc(
            "Where the article was published",
            "https://wpgtalkradio.com/newark-mayor-barr-provoking-fear-and-hatred-over-our-sanctuary-policies/",
            format="uri",
        ),
    )
    source_note = fields.String(
        allow_none=True,
        metadata=doc("About the source URL", "A network copy of the story."),
    )
    published_on = fields.String(
        allow_none=True, metadata=doc("Publication date, possibly partial", "2020-02")
    )
    published_on_note = fields.String(
        allow_none=True, metadata=doc("About the date", "The article is undated.")
    )
    byline = fields.String(allow_none=True, metadata=doc("Author(s)", None))
    credit = fields.String(
        allow_none=True,
        metadata=doc(
            "Wire or agency credit", "Material from the Associated Press was used in this report"
        ),
    )
    language = fields.String(metadata=doc("Language (BCP 47)", "en"))
    text_sha256 = fields.String(
        metadata=doc(
            "sha256 of the exact UTF-8 text",
            "ef8a859e14d39df9cf12b27726c5763e7b19f13fc13b09d03b80967d4fac6d5e",
        )
    )
    text_length = fields.Integer(metadata=doc("Length of the text in Unicode code points", 3729))
    notes = fields.List(
        fields.String(), metadata=doc("Data-quality notes", ["The text contains no-break spaces."])
    )
    statements_url = api_url(
        "Statements anchored in this article", f"{EXAMPLE_BASE}/articles/{ARTICLE_ID}/statements"
    )


class ArticleDetailSchema(ArticleSchema):
    text = fields.String(
        metadata=doc(
            "The exact text, never normalised; statement offsets index into it (code points)",
            "NEWARK — Mayor Ras Baraka...",
        )
    )


class ArticleQueryArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    publisher = fields.List(
        Text(max_length=300),
        load_default=None,
        metadata=doc("Publisher name (repeatable)", ["New Jersey 101.5 (Townsquare Media)"]),
    )
    published_from = Text(
        max_length=10,
        validate=PARTIAL_DATE,
        load_default=None,
        metadata=doc("Published on or after (YYYY, YYYY-MM or YYYY-MM-DD)", "2020-01"),
    )
    published_to = Text(
        max_length=10,
        validate=PARTIAL_DATE,
        load_default=None,
        metadata=doc("Published on or before (YYYY, YYYY-MM or YYYY-MM-DD)", "2020-12-31"),
    )
    q = search_text("article titles", "sanctuary")
