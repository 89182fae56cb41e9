"""Alembic environment for LSQ: the target is Flask-AppBuilder's Model.metadata,
which holds FAB's security tables and every LSQ model (they share FAB's base)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

import lsq_core.models  # noqa: E402,F401 - every model on the metadata
from lsq_core.models.base import Model  # noqa: E402

target_metadata = Model.metadata
engine = current_app.extensions["migrate"].db.engine


def run_migrations_offline():
    context.configure(url=engine.url, target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context_, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          process_revision_directives=process_revision_directives,
                          render_as_batch=True, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
