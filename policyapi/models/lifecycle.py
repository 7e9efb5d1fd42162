"""What a document is and who made it: the doc_types vocabulary and a document's actors."""

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from policyapi.models.base import SLUG_MAX
from policyapi.vocab import ActorRole, check_in


class DocTypeTerm(SQLModel, table=True):
    """A kind of instrument: executive order, ordinance, directive... (seeds/vocabularies.yaml)."""

    __tablename__ = "doc_types"

    id: str = Field(primary_key=True, max_length=40)
    label: str = Field(max_length=200)
    description: str = Field(sa_type=Text)
    position: int = Field(default=0)


class DocumentActor(SQLModel, table=True):
    """A person or organization and what they did for a document (issued, signed, sponsored)."""

    __tablename__ = "document_actors"
    __table_args__ = (CheckConstraint(check_in("role", ActorRole), name="role"),)

    document_id: str = Field(
        foreign_key="documents.id", primary_key=True, ondelete="CASCADE", max_length=SLUG_MAX
    )
    # A speaker still named as an actor may not disappear.
    speaker_id: str = Field(
        foreign_key="speakers.id",
        primary_key=True,
        ondelete="RESTRICT",
        index=True,
        max_length=SLUG_MAX,
    )
    role: str = Field(primary_key=True, max_length=20)
    position: int = Field(default=0)
