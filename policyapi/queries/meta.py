"""The loaded dataset release and table counts."""

import sqlalchemy as sa
from sqlmodel import Session, col, select

from policyapi.models import (
    Article,
    Citation,
    Dataset,
    DocTypeTerm,
    Document,
    DocumentRelation,
    Jurisdiction,
    Provision,
    Speaker,
    Statement,
    Topic,
)

COUNTED = {
    "documents": Document,
    "provisions": Provision,
    "topics": Topic,
    "speakers": Speaker,
    "articles": Article,
    "statements": Statement,
    "citations": Citation,
    "jurisdictions": Jurisdiction,
    "document_relations": DocumentRelation,
}


def list_doc_types(session: Session) -> list[dict[str, str]]:
    """The doc_types vocabulary, in its order."""
    terms = session.exec(
        select(DocTypeTerm).order_by(col(DocTypeTerm.position), col(DocTypeTerm.id))
    )
    return [{"id": t.id, "label": t.label, "description": t.description} for t in terms]


def get_dataset(session: Session) -> Dataset | None:
    """Return the loaded dataset release, or None before the first seed load."""
    return session.exec(select(Dataset).order_by(col(Dataset.id))).first()


def get_dataset_fingerprint(session: Session | sa.Connection) -> str:
    """A short string that changes whenever the loaded content changes."""
    row = session.execute(
        sa.select(col(Dataset.version), col(Dataset.content_hash))
        .order_by(col(Dataset.id))
        .limit(1)
    ).first()
    return f"{row[0]}+{row[1][:16]}" if row else "empty"


def count_records(session: Session) -> dict[str, int]:
    """Number of records in every public collection."""
    return {
        name: session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
        for name, model in COUNTED.items()
    }


def list_source_urls(session: Session) -> list[str]:
    """Every source the dataset rests on: documents' sources and articles' URLs, deduplicated."""
    urls: dict[str, None] = {}
    for sources in session.exec(select(Document.sources).order_by(col(Document.id))):
        urls.update(dict.fromkeys(str(source["url"]) for source in sources))
    urls.update(dict.fromkeys(session.exec(select(Article.url).order_by(col(Article.id)))))
    return list(urls)
