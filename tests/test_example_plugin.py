"""The example third-party plugin plugins/conduct_certificate.py (หนังสือรับรองความประพฤติ).

It is installed the way a site installs one: its module and template folder are copied
into a drop-in folder of their own, and an app is built with PLUGINS_DIR pointing there.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from lsq_core.app import create_app
from lsq_core.extensions import db
from lsq_core.models import School, Student
from lsq_core.thai import to_thai_digits
from tests.conftest import Api, built_app, make_config, web_login

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
TYPE = "conduct_certificate.conduct"
TITLE = "หนังสือรับรองความประพฤติ"


def pdftotext(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def drop_in(folder: Path) -> Path:
    """A site's plugins folder holding only the example: the module and its templates."""
    folder.mkdir()
    shutil.copy(PLUGINS / "conduct_certificate.py", folder)
    shutil.copytree(PLUGINS / "conduct_certificate_templates", folder / "conduct_certificate_templates")
    return folder


def test_the_plugin_issues_a_certificate_of_conduct(tmp_path):
    with built_app(tmp_path, PLUGINS_DIR=str(drop_in(tmp_path / "site_plugins"))) as app:
        types = app.extensions["lsq"].document_types
        assert TYPE in types and types.origins[TYPE] == "conduct_certificate"
        conduct = types[TYPE]
        assert conduct.name_th == TITLE and conduct.controlled_serial
        assert Path(conduct.template_dir).parent == tmp_path / "site_plugins"  # its own copy, not the checkout's
        assert [info.source for info in app.extensions["lsq"].plugins.plugins()
                if info.name == "conduct_certificate"] == ["drop-in"]

        with app.app_context():
            student = (db.session.query(Student).join(School)
                       .filter(School.code == "8100202", Student.status == "studying").first())
            student_id, first, last = student.id, student.first_name, student.last_name

        client = app.test_client()
        assert web_login(client, "registrar_b").status_code == 200
        page = client.get(f"/studentview/record/{student_id}").get_data(as_text=True)
        assert f'<option value="{TYPE}">{TITLE}</option>' in page  # offered on the student's record

        registrar = Api(app.test_client(), "registrar_b")
        issued = registrar.post("/api/v1/document/", json={"type": TYPE, "student_id": student_id})
        assert issued.status_code == 201, issued.json
        assert issued.json["serial"].endswith("เลขที่ 1")  # a controlled serial of its own counter
        pdf = registrar.get(f"/api/v1/document/{issued.json['id']}/pdf")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
        text = pdftotext(pdf.data)
        be_year = to_thai_digits(dt.date.today().year + 543)
        assert TITLE in text
        assert first in text and last in text
        assert f"พ.ศ. {be_year}" in text  # ให้ไว้ ณ วันที่ … พ.ศ. in Thai digits
        assert f"ที่ ๑/{to_thai_digits(issued.json['serial'].split()[1])}" in text
        assert "โรงเรียนเทศบาล ๒ คลองจิหลาด" in text and "ความประพฤติเรียบร้อย" in text
        assert "ใบแทน" not in text

        token = issued.json["verify_url"].rsplit("/", 1)[-1]
        assert TITLE in app.test_client().get(f"/verify/{token}").get_data(as_text=True)

        replacement = registrar.post(f"/api/v1/document/{issued.json['id']}/reissue", json={"reason": "ฉบับเดิมสูญหาย"})
        assert replacement.status_code == 200, replacement.json
        text = pdftotext(registrar.get(f"/api/v1/document/{replacement.json['id']}/pdf").data)
        assert "ใบแทน" in text and "ฉบับเดิมสูญหาย" in text and TITLE in text


def test_an_app_without_the_plugin_does_not_have_it(tmp_path):
    empty = tmp_path / "no_plugins"
    empty.mkdir()
    without = create_app(make_config(tmp_path, f"sqlite:///{tmp_path / 'a.db'}", PLUGINS_DIR=str(empty)))
    assert TYPE not in without.extensions["lsq"].document_types
    assert "basic_ed.pp7" in without.extensions["lsq"].document_types
    disabled = create_app(make_config(tmp_path, f"sqlite:///{tmp_path / 'b.db'}",
                                      DISABLED_PLUGINS=["conduct_certificate"]))
    assert TYPE not in disabled.extensions["lsq"].document_types
    # and the checkout's plugins/ folder, the default, loads it
    default = create_app(make_config(tmp_path, f"sqlite:///{tmp_path / 'c.db'}"))
    assert default.extensions["lsq"].document_types.origins[TYPE] == "conduct_certificate"
