"""Documents: the public representation and filters."""

from typing import Any

from marshmallow import EXCLUDE, fields

from policyapi.schemas.common import (
    DOC_ID,
    EXAMPLE_BASE,
    LinkSchema,
    PageArgsSchema,
    Representation,
    SpeakerRefSchema,
    Text,
    api_url,
    doc,
    id_list,
    search_text,
    values_of,
    vocabulary_list,
)
from policyapi.schemas.provisions import ProvisionSchema
from policyapi.vocab import ActorRole, DocStatus, EventType, IdentifierScheme

NEWARK_OCD = "ocd-division/country:us/state:nj/place:newark"


def _one_of(vocabulary: type[Any]) -> str:
    return ", ".join(values_of(vocabulary))


class JurisdictionRefSchema(Representation):
    id = fields.String(metadata=doc("Open Civic Data division id", NEWARK_OCD))
    url = api_url("Canonical URL", f"{EXAMPLE_BASE}/jurisdictions/{NEWARK_OCD}")
    name = fields.String(metadata=doc("Jurisdiction name", "City of Newark, New Jersey"))
    ocd_id = fields.String(metadata=doc("The same id, as the first version named it", NEWARK_OCD))


class IdentifierSchema(Representation):
    scheme = fields.String(
        metadata=doc(f"Kind of number: {_one_of(IdentifierScheme)}", "directive_number")
    )
    value = fields.String(metadata=doc("The number as printed", "2018-6"))
    note = fields.String(allow_none=True, metadata=doc("Note on the number", None))


class EventSchema(Representation):
    type = fields.String(metadata=doc(f"What happened: {_one_of(EventType)}", "signed"))
    date = fields.String(
        metadata=doc("Partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD", "2017-06-19")
    )
    note = fields.String(allow_none=True, metadata=doc("Note on the event", None))
    sources = fields.List(fields.Nested(LinkSchema), metadata=doc("Where the date comes from"))


class ActorSchema(Representation):
    role = fields.String(metadata=doc(f"What they did: {_one_of(ActorRole)}", "issuer"))
    speaker = fields.Nested(SpeakerRefSchema, metadata=doc("The person or organization"))


class DocumentSchema(Representation):
    id = fields.String(metadata=doc("Document id (stable slug)", DOC_ID))
    url = api_url(
        "Canonical URL",
        f"{EXAMPLE_BASE}/documents/{DOC_ID}",
    )
    title = fields.String(metadata=doc("Title", "Newark: A Fair and Welcoming City"))
    doc_type = fields.String(
        metadata=doc(
            "Kind of instrument (the doc_types vocabulary, see /v1/meta)", "executive_order"
        )
    )
    official_number = fields.String(
        allow_none=True, metadata=doc("Official number, null when none was found", None)
    )
    identifiers = fields.List(
        fields.Nested(IdentifierSchema),
        metadata=doc("Every number the document goes by (order, ordinance, measure, code)"),
    )
    jurisdiction = fields.Nested(JurisdictionRefSchema, metadata=doc("Issuing jurisdiction"))
    issuer = fields.String(
        metadata=doc("Who issued it, as text", "Mayor Ras J. Baraka, City of Newark")
    )
    actors = fields.List(
        fields.Nested(ActorSchema), metadata=doc("Who issued, signed, sponsored or approved it")
    )
    events = fields.List(
        fields.Nested(EventSchema), metadata=doc("Dated events: signed, adopted, effective...")
    )
    signed_on = fields.Date(
        allow_none=True,
        metadata=doc(
            "Date signed: derived from the signed (else issued) event, null when no full date "
            "is known",
            "2017-06-19",
        ),
    )
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
    relations_url = api_url(
        "Relations to other documents, both ways", f"{EXAMPLE_BASE}/documents/{DOC_ID}/relations"
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
    doc_type = id_list("Kind of instrument (the doc_types vocabulary, see /v1/meta)", "directive")
    status = vocabulary_list(values_of(DocStatus), "Status", "in_force")
    q = search_text("document titles and summaries", "welcoming")
