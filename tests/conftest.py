"""Fixtures: real apps on a real database (SQLite, or PostgreSQL when LSQ_TEST_DATABASE_URL is set).

Each app gets its own database: a SQLite file in a temporary folder, or a fresh
schema in the PostgreSQL database. The schema is built by the real Alembic
migrations (``lsq init``), so the migrations are tested on both databases.
"""

from __future__ import annotations

import io
import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lsq_core.app import create_app
from lsq_core.cli import init_database
from lsq_core.demo import demo_pdf, load_demo

PG_URL = os.environ.get("LSQ_TEST_DATABASE_URL")


@contextmanager
def database_url(tmp_path):
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'lsq-test.db'}"
        return
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def make_config(tmp_path, url, **overrides):
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-" + "x" * 40,
        "WTF_CSRF_ENABLED": False,
        "FAB_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        **overrides,
    }


@contextmanager
def built_app(tmp_path, demo=True, **overrides):
    with database_url(tmp_path) as url:
        app = create_app(make_config(tmp_path, url, **overrides))
        with app.app_context():
            init_database()
            if demo:
                load_demo()
        try:
            yield app
        finally:
            with app.app_context():
                from lsq_core.extensions import db

                db.session.remove()
                db.engine.dispose()


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """One demo database per test module (tests that change data clean up after themselves)."""
    with built_app(tmp_path_factory.mktemp("demo")) as app:
        yield app


@pytest.fixture
def fresh_app(tmp_path):
    """A demo app of its own, for tests that change a lot."""
    with built_app(tmp_path) as app:
        yield app


class Api:
    """REST calls as a demo user, with a JWT from /api/v1/security/login."""

    def __init__(self, client, username, password="lsqdemo"):
        self.client = client
        response = client.post("/api/v1/security/login",
                               json={"username": username, "password": password, "provider": "db"})
        assert response.status_code == 200, response.get_data(as_text=True)
        self.headers = {"Authorization": f"Bearer {response.json['access_token']}"}

    def get(self, url, **kw):
        return self.client.get(url, headers=self.headers, **kw)

    def post(self, url, **kw):
        return self.client.post(url, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def put(self, url, **kw):
        return self.client.put(url, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def delete(self, url, **kw):
        return self.client.delete(url, headers=self.headers, **kw)


@pytest.fixture
def api(demo_app):
    cache = {}

    def for_user(username):
        if username not in cache:
            cache[username] = Api(demo_app.test_client(), username)
        return cache[username]

    return for_user


def web_login(client, username, password="lsqdemo"):
    return client.post("/login/", data={"username": username, "password": password}, follow_redirects=True)


@pytest.fixture
def web(demo_app):
    """A browser-like test client signed in as a demo user (session cookie)."""

    def for_user(username):
        client = demo_app.test_client()
        response = web_login(client, username)
        assert response.status_code == 200
        return client

    return for_user


@contextmanager
def serving(app):
    """The app served on a free port of 127.0.0.1 in a thread, for a real browser; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def pdf_upload(name="order.pdf", data=None):
    return (io.BytesIO(data if data is not None else demo_pdf("test order")), name)
