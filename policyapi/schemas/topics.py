"""Topics: the controlled vocabulary."""

from marshmallow import fields

from policyapi.schemas.common import EXAMPLE_BASE, Representation, api_url, doc


class TopicSchema(Representation):
    id = fields.String(metadata=doc("Topic id (stable slug)", "warrants"))
    url = api_url("Canonical URL", f"{EXAMPLE_BASE}/topics/warrants")
    label = fields.String(metadata=doc("Label", "Judicial Warrants"))
    description = fields.String(
        metadata=doc("Definition", "Allowed only with a judicial warrant...")
    )
    provisions_url = api_url(
        "Provisions tagged with this topic", f"{EXAMPLE_BASE}/topics/warrants/provisions"
    )
