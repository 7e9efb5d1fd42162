"""The controlled topic vocabulary and its link to provisions."""

from typing import TYPE_CHECKING

from sqlalchemy import Text
from sqlmodel import Field, Relationship, SQLModel

from policyapi.models.base import SLUG_MAX, TimestampMixin

if TYPE_CHECKING:
    from policyapi.models.provision import Provision


class ProvisionTopic(SQLModel, table=True):
    __tablename__ = "provision_topics"

    # Tags belong to the provision: they go when it goes.
    provision_id: str = Field(
        foreign_key="provisions.id", primary_key=True, ondelete="CASCADE", max_length=SLUG_MAX
    )
    # A topic still in use may not disappear: the loader must retag first.
    topic_id: str = Field(
        foreign_key="topics.id",
        primary_key=True,
        ondelete="RESTRICT",
        index=True,
        max_length=SLUG_MAX,
    )


class Topic(TimestampMixin, table=True):
    __tablename__ = "topics"

    id: str = Field(primary_key=True, max_length=SLUG_MAX)
    label: str = Field(max_length=200)
    description: str = Field(sa_type=Text)
    position: int = Field(default=0)

    provisions: list["Provision"] = Relationship(
        back_populates="topics",
        link_model=ProvisionTopic,
        sa_relationship_kwargs={"viewonly": True, "order_by": "Provision.position"},
    )
