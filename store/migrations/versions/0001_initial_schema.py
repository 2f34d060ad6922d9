"""Initial schema: the tables of store/models.py as create_all made them before migrations existed.

Revision ID: 0001
Revises:
Create Date: 2025-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('agencies',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('name_fa', sa.String(length=300), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('sector', sa.String(length=200), nullable=True),
        sa.Column('parent_id', sa.String(length=64), nullable=True),
        sa.Column('parent_body', sa.Text(), nullable=True),
        sa.Column('names', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['parent_id'], ['agencies.id'], name=op.f('agencies_parent_id_fkey')),
        sa.PrimaryKeyConstraint('id', name=op.f('agencies_pkey'))
    )
    op.create_table('crawl_runs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('trigger', sa.String(length=16), nullable=False),
        sa.Column('stats', sa.JSON(), nullable=False),
        sa.Column('warnings', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('crawl_runs_pkey'))
    )
    op.create_table('digests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('week_start', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('recipients', sa.JSON(), nullable=False),
        sa.Column('message_id', sa.String(length=300), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('digests_pkey')),
        sa.UniqueConstraint('week_start', name=op.f('digests_week_start_key'))
    )
    op.create_table('locks',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('owner', sa.String(length=200), nullable=False),
        sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('locks_pkey'))
    )
    op.create_table('login_attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('success', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('login_attempts_pkey'))
    )
    op.create_index('ix_login_attempts_key_at', 'login_attempts', ['key', 'at'])
    op.create_table('places',
        sa.Column('id', sa.String(length=200), nullable=False),
        sa.Column('name_fa', sa.String(length=300), nullable=False),
        sa.Column('type', sa.String(length=16), nullable=False),
        sa.Column('county', sa.String(length=200), nullable=True),
        sa.Column('inside', sa.Boolean(), nullable=False),
        sa.Column('ambiguous', sa.Boolean(), nullable=False),
        sa.Column('variants', sa.JSON(), nullable=False),
        sa.Column('ambiguity', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('places_pkey'))
    )
    op.create_table('sources',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('level', sa.String(length=16), nullable=False),
        sa.Column('homepage', sa.String(length=2048), nullable=False),
        sa.Column('settings', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('sources_pkey'))
    )
    op.create_table('stories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=128), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('first_published', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('stories_pkey')),
        sa.UniqueConstraint('key', name=op.f('stories_key_key'))
    )
    op.create_table('users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('username', sa.String(length=100), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('password_hash', sa.String(length=300), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_login', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('users_pkey')),
        sa.UniqueConstraint('username', name=op.f('users_username_key'))
    )
    op.create_table('raw_pages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('final_url', sa.String(length=2048), nullable=False),
        sa.Column('source_id', sa.String(length=64), nullable=True),
        sa.Column('run_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.Integer(), nullable=False),
        sa.Column('content_type', sa.String(length=200), nullable=True),
        sa.Column('encoding', sa.String(length=40), nullable=True),
        sa.Column('etag', sa.String(length=300), nullable=True),
        sa.Column('last_modified', sa.String(length=100), nullable=True),
        sa.Column('body', sa.LargeBinary(), nullable=False),
        sa.Column('body_size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('raw_pages_run_id_fkey'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('raw_pages_source_id_fkey')),
        sa.PrimaryKeyConstraint('id', name=op.f('raw_pages_pkey')),
        sa.UniqueConstraint('url', name=op.f('raw_pages_url_key'))
    )
    op.create_table('source_run_stats',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.String(length=64), nullable=False),
        sa.Column('requests', sa.Integer(), nullable=False),
        sa.Column('articles_new', sa.Integer(), nullable=False),
        sa.Column('articles_updated', sa.Integer(), nullable=False),
        sa.Column('article_links', sa.Integer(), nullable=False),
        sa.Column('errors', sa.JSON(), nullable=False),
        sa.Column('skipped', sa.JSON(), nullable=False),
        sa.Column('seconds', sa.Float(), nullable=False),
        sa.Column('warning', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('source_run_stats_run_id_fkey'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('source_run_stats_source_id_fkey')),
        sa.PrimaryKeyConstraint('id', name=op.f('source_run_stats_pkey')),
        sa.UniqueConstraint('run_id', 'source_id', name=op.f('source_run_stats_run_id_source_id_key'))
    )
    op.create_table('articles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('source_id', sa.String(length=64), nullable=False),
        sa.Column('raw_page_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('kicker', sa.Text(), nullable=True),
        sa.Column('lead', sa.Text(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author', sa.String(length=300), nullable=True),
        sa.Column('section', sa.String(length=300), nullable=True),
        sa.Column('published', sa.DateTime(timezone=True), nullable=True),
        sa.Column('modified', sa.DateTime(timezone=True), nullable=True),
        sa.Column('language', sa.String(length=8), nullable=True),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
        sa.Column('relevance', sa.String(length=16), nullable=True),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('kind', sa.String(length=16), nullable=True),
        sa.Column('evidence', sa.JSON(), nullable=False),
        sa.Column('model_version', sa.String(length=64), nullable=True),
        sa.Column('classified_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('story_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['raw_page_id'], ['raw_pages.id'], name=op.f('articles_raw_page_id_fkey'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('articles_source_id_fkey')),
        sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('articles_story_id_fkey'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('articles_pkey')),
        sa.UniqueConstraint('url', name=op.f('articles_url_key'))
    )
    op.create_index('ix_articles_published', 'articles', ['published'])
    op.create_index('ix_articles_relevance_published', 'articles', ['relevance', 'published'])
    op.create_index('ix_articles_source_published', 'articles', ['source_id', 'published'])
    op.create_index(op.f('ix_articles_story_id'), 'articles', ['story_id'])
    op.create_table('corrections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=16), nullable=False),
        sa.Column('value', sa.String(length=64), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('author', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('corrections_article_id_fkey'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('corrections_pkey'))
    )
    op.create_index('ix_corrections_article', 'corrections', ['article_id'])
    op.create_table('credits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.Column('evidence', sa.Text(), nullable=True),
        sa.Column('needs_review', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('credits_agency_id_fkey')),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('credits_article_id_fkey'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('credits_pkey')),
        sa.UniqueConstraint('article_id', 'agency_id', 'role', name=op.f('credits_article_id_agency_id_role_key'))
    )
    op.create_index('ix_credits_agency', 'credits', ['agency_id'])
    op.create_table('placements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.String(length=64), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=True),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=True),
        sa.Column('block', sa.String(length=64), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('placements_article_id_fkey'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('placements_run_id_fkey'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('placements_source_id_fkey')),
        sa.PrimaryKeyConstraint('id', name=op.f('placements_pkey')),
        sa.UniqueConstraint('source_id', 'url', 'block', 'seen_at', name=op.f('placements_source_id_url_block_seen_at_key'))
    )
    op.create_index('ix_placements_article', 'placements', ['article_id'])
    op.create_table('story_bands',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('band', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('story_bands_article_id_fkey'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('story_bands_pkey'))
    )
    op.create_index(op.f('ix_story_bands_article_id'), 'story_bands', ['article_id'])
    op.create_index('ix_story_bands_band', 'story_bands', ['band'])


def downgrade() -> None:
    op.drop_index('ix_story_bands_band', table_name='story_bands')
    op.drop_index(op.f('ix_story_bands_article_id'), table_name='story_bands')
    op.drop_table('story_bands')
    op.drop_index('ix_placements_article', table_name='placements')
    op.drop_table('placements')
    op.drop_index('ix_credits_agency', table_name='credits')
    op.drop_table('credits')
    op.drop_index('ix_corrections_article', table_name='corrections')
    op.drop_table('corrections')
    op.drop_index(op.f('ix_articles_story_id'), table_name='articles')
    op.drop_index('ix_articles_source_published', table_name='articles')
    op.drop_index('ix_articles_relevance_published', table_name='articles')
    op.drop_index('ix_articles_published', table_name='articles')
    op.drop_table('articles')
    op.drop_table('source_run_stats')
    op.drop_table('raw_pages')
    op.drop_table('users')
    op.drop_table('stories')
    op.drop_table('sources')
    op.drop_table('places')
    op.drop_index('ix_login_attempts_key_at', table_name='login_attempts')
    op.drop_table('login_attempts')
    op.drop_table('locks')
    op.drop_table('digests')
    op.drop_table('crawl_runs')
    op.drop_table('agencies')
