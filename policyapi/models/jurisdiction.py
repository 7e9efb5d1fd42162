"""Jurisdictions: the OCD divisions the documents belong to, and every division above them."""

from sqlmodel import Field, SQLModel

OCD_ID_MAX = 300


def divisions_of(ocd_id: str) -> list[str]:
    """An OCD division and every division above it, top first (country, state, place)."""
    parts = ocd_id.split("/")
    return ["/".join(parts[:i]) for i in range(2, len(parts) + 1)]


class Jurisdiction(SQLModel, table=True):
    __tablename__ = "jurisdictions"

    # The OCD division id; its parent is the id without its last `/type:name` part.
    id: str = Field(primary_key=True, max_length=OCD_ID_MAX)
    name: str = Field(max_length=200)
    parent_id: str | None = Field(
        default=None,
        foreign_key="jurisdictions.id",
        ondelete="RESTRICT",
        index=True,
        max_length=OCD_ID_MAX,
    )
    depth: int = Field(default=0)
    # Documents of this division and of every division inside it, counted when the data is
    # loaded: a page of divisions then costs no scan of the documents.
    document_count: int = Field(default=0)
