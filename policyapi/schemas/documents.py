"""Documents: the public representation and filters."""

from marshmallow import EXCLUDE, fields

from policyapi.schemas.common import (
    DOC_ID,
    EXAMPLE_BASE,
    LinkSchema,
    PageArgsSchema,
    Representation,
    Text,
    api_url,
    doc,
    vocabulary_list,
)
from policyapi.schemas.provisions import ProvisionSchema
from policyapi.vocab import DocStatus, DocType


class JurisdictionSchema(Representation):
    name = fields.String(metadata=doc("Jurisdiction name", "City of Newark, New Jersey"))
    ocd_id = fields.String(
        metadata=doc("Open Civic Data division id", "ocd-division/country:us/state:nj/place:newark")
    )


class DocumentSchema(Representation):
    id = fields.String(metadata=doc("Document id (stable slug)", DOC_ID))
    url = api_url(
        "Canonical URL",
        f"{EXAMPLE_BASE}/documents/{DOC_ID}",
    )
    title = fields.String(metadata=doc("Title", "Newark: A Fair and Welcoming City"))
    doc_type = fields.String(metadata=doc("Kind of instrument", "executive_order"))
    official_number = fields.String(
        allow_none=True, metadata=doc("Official number, null when none was found", None)
    )
    jurisdiction = fields.Nested(JurisdictionSchema, metadata=doc("Issuing jurisdiction"))
    issuer = fields.String(metadata=doc("Who issued it", "Mayor Ras J. Baraka, City of Newark"))
    signed_on = fields.Date(allow_none=True, metadata=doc("Date signed", "2017-06-19"))
    status = fields.String(metadata=doc("in_force, repealed, superseded or unknown", "in_force"))
    numbering = fields.String(
        metadata=doc(
            "official: provision numbers are the document's own; editorial: assigned by this "
            "dataset because the official numbering was not found",
            "editorial",
        )
    )
    numbering_note = fields.String(
        allow_none=True,
        metadata=doc("Why the numbering is what it is", "The official text was not found."),
    )
    language = fields.String(metadata=doc("Language (BCP 47)", "en"))
    summary = fields.String(
        allow_none=True,
        metadata=doc("Summary in this dataset's words", "A mayoral executive order..."),
    )
    sources = fields.List(fields.Nested(LinkSchema), metadata=doc("Where the facts come from"))
    provisions_url = api_url(
        "The document's provisions, paginated", f"{EXAMPLE_BASE}/documents/{DOC_ID}/provisions"
    )


class DocumentDetailSchema(DocumentSchema):
    provisions = fields.List(
        fields.Nested(ProvisionSchema), metadata=doc("Every provision, in document order")
    )


class DocumentQueryArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE

    jurisdiction = fields.List(
        Text(max_length=300),
        load_default=None,
        metadata=doc(
            "OCD division id: documents of that division and of every division inside it "
            "(`ocd-division/country:us/state:nj` includes Newark's). Repeatable",
            ["ocd-division/country:us/state:nj"],
        ),
    )
    doc_type = vocabulary_list([t.value for t in DocType], "Kind of instrument", "executive_order")
    status = vocabulary_list([s.value for s in DocStatus], "Status", "in_force")
    q = Text(
        load_default=None,
        metadata=doc("Words that must all appear in the title or summary", "welcoming"),
    )
