"""The application factory: ``create_app(test_config)`` builds one complete LSQ app.

No import-time side effects: every app gets its own AppBuilder, plugin manager
and registries, so tests can build as many apps as they need. The steps run in
the order Flask-AppBuilder needs (STYLE.md 2.1): configuration, plugins,
translations, CSRF before FAB, database, then FAB and the views.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from flask_appbuilder import AppBuilder
from sqlalchemy import event
from sqlalchemy.engine import Engine

from lsq_core import settings
from lsq_core.extensions import csrf, db, migrate
from lsq_core.plugins.manager import LsqPlugins
from lsq_core.plugins.registries import (
    CurriculumRegistry, DocumentTypeRegistry, EducationTypeRegistry, ExporterRegistry, GradingScaleRegistry,
    GraduationRuleRegistry,
)

log = logging.getLogger(__name__)

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


@dataclass
class LsqState:
    """What LSQ keeps per app, at ``app.extensions["lsq"]``."""

    plugins: LsqPlugins
    education_types: EducationTypeRegistry
    curricula: CurriculumRegistry
    grading_scales: GradingScaleRegistry
    graduation_rules: GraduationRuleRegistry
    document_types: DocumentTypeRegistry
    #: the files users may export (lsq_core.exports), from the lsq_register_exporters hook
    exporters: ExporterRegistry = field(default_factory=ExporterRegistry)
    #: menu name → permission resources behind it (used by `lsq init` to grant menus)
    menu_resources: dict[str, set[str]] = field(default_factory=dict)


def load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_object("config")
    app.config.update(settings.env_overrides())
    if test_config:
        app.config.update(test_config)
    config = app.config
    Path(config["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    config["SQLALCHEMY_DATABASE_URI"] = settings.database_url(config)
    config["SECRET_KEY"] = settings.secret_key(config)
    config["FILES_DIR"] = config.get("FILES_DIR") or str(Path(config["INSTANCE_PATH"]) / "files")
    if config.get("PLUGINS_DIR") is None:
        checkout_plugins = Path(__file__).resolve().parent.parent / "plugins"
        config["PLUGINS_DIR"] = str(checkout_plugins) if checkout_plugins.is_dir() else ""
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})


def load_plugins(app: Flask) -> LsqState:
    plugins = LsqPlugins(disabled=app.config.get("DISABLED_PLUGINS") or (),
                         plugins_dir=app.config.get("PLUGINS_DIR") or None,
                         trace=bool(app.config.get("TRACE_PLUGINS"))).load()
    education_types = plugins.register_education_types()
    curricula = plugins.register_curricula(education_types)
    state = LsqState(plugins=plugins, education_types=education_types, curricula=curricula,
                     grading_scales=plugins.register_grading_scales(),
                     graduation_rules=plugins.register_graduation_rules(),
                     document_types=plugins.register_document_types(),
                     exporters=plugins.register_exporters())
    app.extensions["lsq"] = state
    # plugin catalogues after the core's, so a plugin may refine its own strings
    dirs = [settings.default_translation_directories(), *plugins.translation_dirs()]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(dirs)
    return state


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record):
    """SQLite ignores foreign keys unless asked; LSQ relies on them on every database."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def register_jinja(app: Flask) -> None:
    from lsq_core.thai import be_year, format_date_th, local_time, to_thai_digits

    app.jinja_env.filters["thai_date"] = format_date_th
    # stored timestamps are UTC: shown in Thai time
    app.jinja_env.filters["thai_datetime"] = lambda value: format_date_th(local_time(value)) if value else ""
    app.jinja_env.filters["thai_digits"] = to_thai_digits
    app.jinja_env.filters["be_year"] = be_year


def _check_fab_classes(appbuilder) -> None:
    """FAB swallows an import error in FAB_SECURITY_MANAGER_CLASS and falls back to its
    own manager, which would run LSQ without scope; refuse to start instead."""
    from lsq_core.plugins.registries import StartupError
    from lsq_core.security.manager import LsqSecurityManager
    from lsq_core.views.home import LsqIndexView

    if not isinstance(appbuilder.sm, LsqSecurityManager):
        raise StartupError("the LSQ security manager did not load; see the log for the import error")
    if appbuilder.indexview is not LsqIndexView:
        raise StartupError("the LSQ home page did not load; see the log for the import error")


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask("lsq_core", instance_path=settings.instance_path()
                if not (test_config or {}).get("INSTANCE_PATH") else test_config["INSTANCE_PATH"])
    load_config(app, test_config)
    state = load_plugins(app)
    csrf.init_app(app)  # before FAB, so FAB can exempt its JWT APIs (STYLE.md 5.1)
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    register_jinja(app)
    with app.app_context():
        import lsq_core.audit  # noqa: F401 - installs the ledger's flush listener
        import lsq_core.models  # noqa: F401 - every model mapped before FAB starts

        appbuilder = AppBuilder(update_perms=False)
        appbuilder.init_app(app, db.session)
        _check_fab_classes(appbuilder)
        from lsq_core.menus import register_core_views

        register_core_views(appbuilder, state)
        state.plugins.register_views(appbuilder)
        state.plugins.app_ready(app)
    from lsq_core import learner_words

    learner_words.init_app(app)
    return app
