"""Topics: the controlled vocabulary."""

from marshmallow import EXCLUDE, Schema, fields

from policyapi.schemas.common import EXAMPLE_BASE, PageArgsSchema, doc, link
from policyapi.urls import absolute_url


class TopicSchema(Schema):
    id = fields.String(metadata=doc("Topic id (stable slug)", "warrants"))
    url = link("topics.TopicById", "topic_id", "Canonical URL", f"{EXAMPLE_BASE}/topics/warrants")
    label = fields.String(metadata=doc("Label", "Judicial Warrants"))
    description = fields.String(
        metadata=doc("Definition", "Allowed only with a judicial warrant...")
    )
    provisions_url = fields.Function(
        lambda t: absolute_url("topics.TopicProvisions", topic_id=t.id),
        metadata=doc(
            "Provisions tagged with this topic",
            f"{EXAMPLE_BASE}/topics/warrants/provisions",
            format="uri",
        ),
    )


class TopicQueryArgsSchema(PageArgsSchema):
    class Meta:
        unknown = EXCLUDE
