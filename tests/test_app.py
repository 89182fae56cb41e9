"""The factory, configuration, migrations and the command line."""

from __future__ import annotations

import os
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import current_app

from lsq_core.app import create_app
from lsq_core.cli import main_group
from lsq_core.extensions import db
from lsq_core.models import Model, Province
from lsq_core.settings import env_overrides
from tests.conftest import built_app


def test_every_setting_can_come_from_an_lsq_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("LSQ_MAX_ORDER_FILE_MB", "2")
    monkeypatch.setenv("LSQ_APP_NAME", "LSQ จังหวัดกระบี่")
    monkeypatch.setenv("LSQ_DISABLED_PLUGINS", '["vocational"]')
    assert env_overrides()["MAX_ORDER_FILE_MB"] == 2
    app = create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    assert app.config["MAX_ORDER_FILE_MB"] == 2
    assert app.config["APP_NAME"] == "LSQ จังหวัดกระบี่"
    assert "vocational" not in app.extensions["lsq"].education_types


def test_database_defaults_to_sqlite_in_the_instance_folder(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'lsq.db'}"


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("LSQ_SECRET_KEY", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path)}).config["SECRET_KEY"]
    second = create_app({"INSTANCE_PATH": str(tmp_path)}).config["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    other = create_app({"INSTANCE_PATH": str(tmp_path / "other")}).config["SECRET_KEY"]
    assert other != first


def test_two_apps_in_one_process_each_have_their_views(tmp_path):
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    with built_app(tmp_path / "1", demo=False) as one, built_app(tmp_path / "2", demo=False) as two:
        assert one.appbuilder is not two.appbuilder
        for app in (one, two):
            assert app.test_client().get("/api/v1/school/").status_code == 401  # registered, protected
            assert len([m for m in app.appbuilder.menu.get_list() if m.name == "Organisation"]) == 1


def test_migrations_build_exactly_the_models(demo_app):
    with demo_app.app_context():
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Model.metadata)
    assert diff == [], "write a migration: flask db revision --autogenerate (see README)"


def test_lsq_init_creates_roles_with_their_permissions(demo_app):
    with demo_app.app_context():
        sm = current_app.appbuilder.sm
        roles = {role.name: {(p.permission.name, p.view_menu.name) for p in role.permissions}
                 for role in sm.get_all_roles()}
    assert {"DLA Admin", "Province Officer", "LAO Registration Officer", "School Registrar", "Teacher"} <= set(roles)
    assert ("can_write", "School") in roles["School Registrar"]
    assert ("can_write", "School") not in roles["LAO Registration Officer"]
    assert ("can_approve", "SignupRequest") in roles["LAO Registration Officer"]
    assert not any(perm != "can_read" and perm != "menu_access" and view in ("Province", "School")
                   for perm, view in roles["Province Officer"])
    assert ("menu_access", "Schools") in roles["Teacher"]
    assert ("menu_access", "Appointment orders") not in roles["Teacher"]


def test_cli_demo_create_admin_and_plugins(tmp_path):
    with built_app(tmp_path, demo=False) as app:
        runner = app.test_cli_runner()
        result = runner.invoke(main_group, ["demo", "--no-serve"])
        assert result.exit_code == 0, result.output
        assert "โหลดข้อมูลตัวอย่างแล้ว" in result.output
        again = runner.invoke(main_group, ["demo", "--no-serve"])
        assert "ไม่โหลดข้อมูลตัวอย่างซ้ำ" in again.output
        with app.app_context():
            assert db.session.query(Province).count() == 2
        created = runner.invoke(main_group, ["create-admin", "--username", "admin2", "--first-name", "ผู้ดูแล",
                                             "--last-name", "สอง", "--email", "a2@example.org",
                                             "--password", "long-password-1"])
        assert created.exit_code == 0, created.output
        login = app.test_client().post("/api/v1/security/login", json={
            "username": "admin2", "password": "long-password-1", "provider": "db"})
        assert login.status_code == 200


def test_installed_package_carries_its_data_files():
    import lsq_core

    package = Path(lsq_core.__file__).parent
    assert (package / "templates" / "lsq" / "login.html").exists()
    assert (package / "migrations" / "env.py").exists()
    from lsq_core.settings import translations_dir

    assert (translations_dir() / "th" / "LC_MESSAGES" / "messages.mo").exists()
    assert os.path.isabs(translations_dir())
