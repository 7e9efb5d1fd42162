"""Dataset metadata: version, counts, licence, how to cite."""

from marshmallow import fields

from policyapi.schemas.common import Representation, doc
from policyapi.schemas.releases import ReleaseRefSchema


class LicenceSchema(Representation):
    id = fields.String(metadata=doc("SPDX id", "CC-BY-4.0"))
    name = fields.String(metadata=doc("Name", "Creative Commons Attribution 4.0 International"))
    url = fields.String(
        metadata=doc("Licence text", "https://creativecommons.org/licenses/by/4.0/", format="uri")
    )


class TermSchema(Representation):
    id = fields.String(metadata=doc("Term id", "criticizes"))
    label = fields.String(metadata=doc("Label", "Criticizes"))
    description = fields.String(metadata=doc("Definition", "Argues against it or its effects."))


class MetaSchema(Representation):
    name = fields.String(metadata=doc("Dataset id", "policyapi-dataset"))
    title = fields.String(metadata=doc("Dataset title", "policyapi open dataset"))
    version = fields.String(metadata=doc("Semantic version of the release", "1.0.0"))
    content_hash = fields.String(
        metadata=doc(
            "sha256 over every record; changes whenever content changes", "f4e2319132c8..."
        )
    )
    dataset_version = fields.String(
        metadata=doc("version+short hash, also sent as X-Dataset-Version", "1.0.0+f4e2319132c84859")
    )
    loaded_at = fields.DateTime(
        metadata=doc("When this release was loaded", "2026-11-28T00:00:00+00:00")
    )
    released_on = fields.Date(
        allow_none=True,
        metadata=doc(
            "The release's date, from its changelog entry (null for a synthetic dataset); "
            "citations carry it",
            "2026-12-01",
        ),
    )
    release = fields.Nested(
        ReleaseRefSchema,
        allow_none=True,
        metadata=doc(
            "The release being served (/v1/releases lists every one); null for a dataset "
            "loaded without one (synthetic)"
        ),
    )
    publisher = fields.String(allow_none=True, metadata=doc("Publisher", "policyapi contributors"))
    description = fields.String(
        allow_none=True, metadata=doc("What the dataset holds", "Policy documents...")
    )
    licence = fields.Nested(LicenceSchema, metadata=doc("Licence of the data"))
    relations = fields.List(
        fields.Nested(TermSchema), metadata=doc("The citation relation vocabulary")
    )
    doc_types = fields.List(
        fields.Nested(TermSchema),
        metadata=doc("The kinds of document (the `doc_type` of a document and its filter)"),
    )
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata=doc("Records per collection", {"provisions": 16}),
    )
    sources = fields.List(
        fields.String(),
        metadata=doc(
            "Every source the data rests on: the documents' sources and the articles' URLs",
            [
                "https://www.nj.com/essex/2017/06/newark_mayor_signs_sanctuary_city_executive_order.html"
            ],
        ),
    )
    how_to_cite = fields.String(
        metadata=doc("Recommended citation", "policyapi contributors (2026). ... Version 1.0.0.")
    )


class IndexSchema(Representation):
    name = fields.String(metadata=doc("Service name", "policyapi"))
    description = fields.String(metadata=doc("What the API serves", "Policy documents as data..."))
    links = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata=doc(
            "Entry points by name: every collection, search, meta, openapi and docs",
            {"documents": "https://api.example.org/v1/documents"},
        ),
    )
