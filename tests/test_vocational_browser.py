"""A college registrar's screens in a real browser: นักศึกษา everywhere, a student's record with
ท-ป-น, credits per หมวด/กลุ่ม, the standard assessment, and the graduation check of ปวช.3."""

from __future__ import annotations

import pytest

from lsq_core.extensions import db
from lsq_core.models import Student
from tests.conftest import built_app, serving
from tests.test_browser import ARGS, CHROMIUM, sign_in
from tests.test_graduate_reports_browser import shot

pytestmark = pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM),
                                reason="Chromium not installed (apt-get install chromium; .ci/run does)")


@pytest.fixture(scope="module")
def college(tmp_path_factory):
    with built_app(tmp_path_factory.mktemp("college-browser")) as app, serving(app) as base:
        with app.app_context():
            ids = {s.student_number: s.id for s in db.session.query(Student).filter_by(education_type="vocational")}
        yield base, ids


def test_college_registrar_screens(college, tmp_path):
    from playwright.sync_api import sync_playwright

    base, ids = college
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="th-TH")
        page.base = base
        sign_in(page, "registrar_voc")
        page.goto(f"{base}/studentview/list/")
        text = page.inner_text("body")
        assert "นักศึกษา" in text and "นักเรียน" not in text
        shot(page, tmp_path, "39-students-college-registrar-voc")

        page.goto(f"{base}/studentview/record/{ids['671006']}")
        text = page.inner_text("body")
        for expected in ("หลักสูตรประกาศนียบัตรวิชาชีพ พุทธศักราช 2562", "สาขางาน", "ท-ป-น", "1-4-3",
                         "กลุ่มสมรรถนะวิชาชีพเฉพาะ", "การประเมินมาตรฐานวิชาชีพ", "เรียนซ้ำภายหลัง ไม่นำมาคำนวณ"):
            assert expected in text, expected
        options = page.locator("select[name=type] option").all_inner_texts()
        assert not any("ปพ." in option for option in options)  # basic education's forms are not offered
        shot(page, tmp_path, "40-student-record-college-registrar-voc")

        page.goto(f"{base}/studentview/record/{ids['671003']}")
        warning = page.inner_text(".alert-warning")
        assert "ภาคเรียนที่ 2/2568 กิจกรรมเสริมหลักสูตรไม่ผ่าน (ม.ผ.)" in warning

        page.goto(f"{base}/programmeunitview/list/")
        assert "การบัญชี" in page.inner_text("table.table-bordered")
        assert page.locator("a[href*='/programmeunitview/add']").count() == 0  # only the DLA admin adds
        browser.close()
