"""Vocational education: the programme tree, a student's curriculum and programme, waived attendance
and superseded attempts of repeated subjects; the results' (classroom, subject, term, grade) index
the dashboards count from (it replaces the classroom_id index).

Revision ID: 9528526d47ea
Revises: c215b74e1efc
Create Date: 2026-11-29 00:03:52.086291

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9528526d47ea'
down_revision = 'c215b74e1efc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lsq_programme_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('curriculum', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name_th', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['lsq_programme_unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('curriculum', 'kind', 'code')
    )
    with op.batch_alter_table('lsq_programme_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lsq_programme_unit_curriculum'), ['curriculum'], unique=False)
        batch_op.create_index(batch_op.f('ix_lsq_programme_unit_parent_id'), ['parent_id'], unique=False)

    with op.batch_alter_table('lsq_result', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attendance_waived', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('superseded', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_index('ix_lsq_result_classroom_id')
        batch_op.create_index('ix_lsq_result_classroom_subject_term_grade',
                              ['classroom_id', 'subject_id', 'term_id', 'grade'], unique=False)

    with op.batch_alter_table('lsq_student', schema=None) as batch_op:
        batch_op.add_column(sa.Column('curriculum', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('programme_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_lsq_student_programme_id', 'lsq_programme_unit', ['programme_id'], ['id'])



def downgrade():
    with op.batch_alter_table('lsq_student', schema=None) as batch_op:
        batch_op.drop_constraint('fk_lsq_student_programme_id', type_='foreignkey')
        batch_op.drop_column('programme_id')
        batch_op.drop_column('curriculum')

    with op.batch_alter_table('lsq_result', schema=None) as batch_op:
        batch_op.drop_index('ix_lsq_result_classroom_subject_term_grade')
        batch_op.create_index('ix_lsq_result_classroom_id', ['classroom_id'], unique=False)
        batch_op.drop_column('superseded')
        batch_op.drop_column('attendance_waived')

    with op.batch_alter_table('lsq_programme_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lsq_programme_unit_parent_id'))
        batch_op.drop_index(batch_op.f('ix_lsq_programme_unit_curriculum'))

    op.drop_table('lsq_programme_unit')
