"""add document lifecycle, relations, correspondences and jurisdictions

Kinds of document become a vocabulary in the data (doc_types) instead of a CHECK list; a
document gains identifiers, dated events and actors (speaker records with a role); documents
relate to documents and provisions correspond to provisions; jurisdictions are rows, each with
its parent division. Existing documents keep working: their doc_type values and OCD divisions
(with every division above them) are inserted, named provisionally, until the next
`policyapi seed load` writes the curated vocabulary and names.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

KINDS = ("preamble", "recital", "part", "chapter", "article", "section", "subsection",
         "paragraph", "subparagraph", "clause", "definition", "schedule")
OLD_DOC_TYPES = ("executive_order", "ordinance", "directive", "resolution", "statute",
                 "regulation", "policy")


def _divisions_of(ocd_id: str) -> list[str]:
    """The division and every division above it, top first (country, state, place)."""
    parts = ocd_id.split("/")
    return ["/".join(parts[:i]) for i in range(2, len(parts) + 1)]


def _vocabularies_for_existing_rows() -> None:
    conn = op.get_bind()
    doc_types = conn.execute(sa.text("SELECT DISTINCT doc_type FROM documents")).scalars()
    for position, doc_type in enumerate(sorted(doc_types)):
        conn.execute(
            sa.text("INSERT INTO doc_types (id, label, description, position) "
                    "VALUES (:id, :label, '', :position)"),
            {"id": doc_type, "label": doc_type.replace("_", " ").capitalize(), "position": position},
        )
    named = dict(conn.execute(sa.text(
        "SELECT jurisdiction_ocd_id, min(jurisdiction_name) FROM documents "
        "GROUP BY jurisdiction_ocd_id")).all())
    rows: dict[str, dict[str, object]] = {}
    for ocd_id in named:
        chain = _divisions_of(ocd_id)
        for depth, division in enumerate(chain):
            rows.setdefault(division, {
                "id": division,
                "name": named.get(division) or division.rsplit(":", 1)[-1],
                "parent_id": chain[depth - 1] if depth else None,
                "depth": depth,
            })
    for row in sorted(rows.values(), key=lambda r: r["depth"]):
        conn.execute(
            sa.text("INSERT INTO jurisdictions (id, name, parent_id, depth) "
                    "VALUES (:id, :name, :parent_id, :depth)"),
            row,
        )


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('doc_types',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_doc_types'))
    )
    op.create_table('jurisdictions',
    sa.Column('id', sa.String(length=300), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('parent_id', sa.String(length=300), nullable=True),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['jurisdictions.id'], name=op.f('fk_jurisdictions_parent_id_jurisdictions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jurisdictions'))
    )
    with op.batch_alter_table('jurisdictions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jurisdictions_parent_id'), ['parent_id'], unique=False)

    op.create_table('document_actors',
    sa.Column('document_id', sa.String(length=160), nullable=False),
    sa.Column('speaker_id', sa.String(length=160), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('issuer', 'signatory', 'sponsor', 'approver')", name=op.f('ck_document_actors_role')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_actors_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_document_actors_speaker_id_speakers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('document_id', 'speaker_id', 'role', name=op.f('pk_document_actors'))
    )
    with op.batch_alter_table('document_actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_actors_speaker_id'), ['speaker_id'], unique=False)

    op.create_table('document_relations',
    sa.Column('id', sa.String(length=360), nullable=False),
    sa.Column('subject_id', sa.String(length=160), nullable=False),
    sa.Column('relation', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.String(length=160), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("relation IN ('amends', 'supersedes', 'expands', 'implements', 'modelled_on', 'overlays')", name=op.f('ck_document_relations_relation')),
    sa.CheckConstraint('subject_id <> object_id', name=op.f('ck_document_relations_not_itself')),
    sa.ForeignKeyConstraint(['object_id'], ['documents.id'], name=op.f('fk_document_relations_object_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subject_id'], ['documents.id'], name=op.f('fk_document_relations_subject_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_relations')),
    sa.UniqueConstraint('subject_id', 'relation', 'object_id', name=op.f('uq_document_relations_subject_id_relation_object_id'))
    )
    with op.batch_alter_table('document_relations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_relations_object_id'), ['object_id'], unique=False)

    op.create_table('provision_correspondences',
    sa.Column('id', sa.String(length=321), nullable=False),
    sa.Column('provision_id', sa.String(length=160), nullable=False),
    sa.Column('corresponding_id', sa.String(length=160), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('confidence', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("confidence IN ('confirmed', 'partly_confirmed', 'inferred', 'unknown')", name=op.f('ck_provision_correspondences_confidence')),
    sa.CheckConstraint("scope IN ('same', 'narrower', 'broader')", name=op.f('ck_provision_correspondences_scope')),
    sa.CheckConstraint('provision_id <> corresponding_id', name=op.f('ck_provision_correspondences_not_itself')),
    sa.ForeignKeyConstraint(['corresponding_id'], ['provisions.id'], name=op.f('fk_provision_correspondences_corresponding_id_provisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['provision_id'], ['provisions.id'], name=op.f('fk_provision_correspondences_provision_id_provisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provision_correspondences')),
    sa.UniqueConstraint('provision_id', 'corresponding_id', name=op.f('uq_provision_correspondences_provision_id_corresponding_id'))
    )
    with op.batch_alter_table('provision_correspondences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provision_correspondences_corresponding_id'), ['corresponding_id'], unique=False)

    _vocabularies_for_existing_rows()
    with op.batch_alter_table('provisions', schema=None) as batch_op:
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint(
            'kind', f"kind IN ({', '.join(repr(k) for k in ('preface', *KINDS))})")
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identifiers', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('events', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.drop_constraint('doc_type', type_='check')
        batch_op.create_foreign_key(batch_op.f('fk_documents_doc_type_doc_types'), 'doc_types', ['doc_type'], ['id'], ondelete='RESTRICT')
        batch_op.create_foreign_key(batch_op.f('fk_documents_jurisdiction_ocd_id_jurisdictions'), 'jurisdictions', ['jurisdiction_ocd_id'], ['id'], ondelete='RESTRICT')

    with op.batch_alter_table('documents', schema=None) as batch_op:
        # The model has no server defaults: every writer says what it means.
        batch_op.alter_column('identifiers', server_default=None)
        batch_op.alter_column('events', server_default=None)


def downgrade() -> None:
    newer = op.get_bind().execute(sa.text(
        "SELECT DISTINCT doc_type FROM documents WHERE doc_type NOT IN "
        f"({', '.join(repr(t) for t in OLD_DOC_TYPES)})")).scalars().all()
    if newer:
        raise RuntimeError(
            f"cannot downgrade: documents use doc_type(s) {sorted(newer)} that revision 0004 "
            "does not allow; remove or retype them first")
    op.execute("UPDATE provisions SET kind = 'preamble' WHERE kind = 'preface'")
    with op.batch_alter_table('provisions', schema=None) as batch_op:
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint('kind', f"kind IN ({', '.join(repr(k) for k in KINDS)})")
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_jurisdiction_ocd_id_jurisdictions'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_documents_doc_type_doc_types'), type_='foreignkey')
        batch_op.drop_column('events')
        batch_op.drop_column('identifiers')
        batch_op.create_check_constraint(
            'doc_type', f"doc_type IN ({', '.join(repr(t) for t in OLD_DOC_TYPES)})")

    with op.batch_alter_table('provision_correspondences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provision_correspondences_corresponding_id'))

    op.drop_table('provision_correspondences')
    with op.batch_alter_table('document_relations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_relations_object_id'))

    op.drop_table('document_relations')
    with op.batch_alter_table('document_actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_actors_speaker_id'))

    op.drop_table('document_actors')
    with op.batch_alter_table('jurisdictions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jurisdictions_parent_id'))

    op.drop_table('jurisdictions')
    op.drop_table('doc_types')
