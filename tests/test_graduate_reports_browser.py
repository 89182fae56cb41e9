"""The ปพ.3 workflow in headless Chromium: the registrar prepares and submits it, the LAO's
registration officer returns it with a reason, the registrar submits again, the officer verifies."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import built_app, serving
from tests.test_browser import ARGS, CHROMIUM, sign_in

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason="Chromium not installed (apt-get install chromium; .ci/run does)")
SHOTS = os.environ.get("LSQ_SCREENSHOTS_DIR")  # set to keep the screenshots (docs/screenshots)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    with built_app(tmp_path_factory.mktemp("pp3-browser")) as app, serving(app) as base:
        yield base


def shot(page, tmp_path, name):
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if SHOTS:
        shutil.copy(path, os.path.join(SHOTS, f"{name}.png"))


def test_graduate_report_from_preparation_to_verification(live_server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        registrar = browser.new_page(viewport={"width": 1280, "height": 900}, locale="th-TH")
        registrar.base = live_server
        sign_in(registrar, "registrar_b")
        registrar.goto(f"{live_server}/graduatereportview/list/")
        registrar.select_option("select[name=year_id]", label="ปีการศึกษา 2569")
        registrar.select_option("select[name=level]", label="ม.6")
        registrar.click("#build-report button")
        registrar.wait_for_load_state("networkidle")
        body = registrar.inner_text("body")
        assert "จัดทำรายงานแล้ว มีผู้ผ่านเกณฑ์ 16 คน" in body and body.count("ไม่อยู่ในรายงาน:") == 4
        assert registrar.locator("#report-entries tbody tr").count() == 16
        assert registrar.inner_text("#report-status") == "กำลังจัดทำ"
        shot(registrar, tmp_path, "36-graduate-report-prepared-registrar-b")
        registrar.fill("#approved_on", "31/03/2569")
        registrar.click("#submit-report button")
        registrar.wait_for_load_state("networkidle")
        assert registrar.inner_text("#report-status") == "ส่งให้ อปท. ตรวจสอบแล้ว"
        report_url = registrar.url

        officer = browser.new_page(viewport={"width": 1280, "height": 900}, locale="th-TH")
        officer.base = live_server
        sign_in(officer, "lao_officer")
        officer.goto(report_url)
        assert officer.locator("#verify-report").count() == 1 and officer.locator("#submit-report").count() == 0
        shot(officer, tmp_path, "37-graduate-report-to-verify-lao-officer")
        officer.fill("#return-report input[name=reason]", "ชื่อสกุลของนักเรียนลำดับที่ 3 สะกดไม่ตรงกับทะเบียนบ้าน")
        officer.click("#return-report button")
        officer.wait_for_load_state("networkidle")
        assert officer.inner_text("#report-status") == "ส่งคืนให้แก้ไข"

        registrar.goto(report_url)
        assert "สะกดไม่ตรงกับทะเบียนบ้าน" in registrar.inner_text("#return-reason")
        registrar.fill("#approved_on", "31/03/2569")
        registrar.click("#submit-report button")
        registrar.wait_for_load_state("networkidle")

        officer.goto(report_url)
        officer.click("#verify-report button")
        officer.wait_for_load_state("networkidle")
        assert officer.inner_text("#report-status") == "ตรวจสอบแล้ว (ล็อก)"
        assert officer.locator("#verify-report").count() == 0

        registrar.goto(report_url)
        assert registrar.locator("#submit-report").count() == 0  # locked
        registrar.click("#issue-report button")
        registrar.wait_for_load_state("networkidle")
        assert "ออกเอกสาร ปพ.3 แล้ว ชุดที่" in registrar.inner_text("body")
        shot(registrar, tmp_path, "38-graduate-report-verified-registrar-b")
        browser.close()
