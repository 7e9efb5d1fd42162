"""OpenAPI documentation of the schema.org JSON-LD variant of item endpoints.

policyapi.embed.negotiation answers it before the view runs; each item view carries
`@blp.doc(**JSONLD_DOC)` so the spec says so.
"""

from typing import Any

JSONLD_DOC: dict[str, Any] = {
    "parameters": [
        {
            "in": "query",
            "name": "format",
            "required": False,
            "description": (
                "`jsonld` for schema.org JSON-LD (as does `Accept: application/ld+json`): "
                "documents and provisions as `Legislation`, statements as `Quotation`. "
                "`json` (the default) for the JSON representation."
            ),
            "schema": {"type": "string", "enum": ["json", "jsonld"], "example": "jsonld"},
        }
    ],
    # flask-smorest keys the documented 200 by int: merge into it, keep the JSON content.
    "responses": {
        200: {
            "content": {
                "application/ld+json": {
                    "schema": {
                        "type": "object",
                        "description": "A schema.org node with its @context",
                        "required": ["@context", "@type", "@id"],
                        "properties": {
                            "@context": {"type": "string", "const": "https://schema.org"},
                            "@type": {"type": "string", "enum": ["Legislation", "Quotation"]},
                            "@id": {"type": "string", "format": "uri"},
                        },
                    }
                }
            }
        },
        "422": "UNPROCESSABLE_ENTITY",
    },
}
