"""Query arguments of the citation endpoint."""

from marshmallow import EXCLUDE, Schema, fields, validate

from policyapi.exports.citation import CitationFormat
from policyapi.schemas.common import doc

CITATION_FORMATS = [member.value for member in CitationFormat]


class CitationArgsSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    format = fields.String(
        load_default=CitationFormat.BIBTEX.value,
        validate=validate.OneOf(
            CITATION_FORMATS, error=f"must be one of: {', '.join(CITATION_FORMATS)}"
        ),
        metadata=doc(f"Citation format: {', '.join(CITATION_FORMATS)}", "bibtex"),
    )
