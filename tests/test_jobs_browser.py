"""A bulk issue started from the screen, followed on the job page, in headless Chromium."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import built_app, serving
from tests.test_browser import ARGS, CHROMIUM, sign_in

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason="Chromium not installed (apt-get install chromium; .ci/run does)")
SHOTS = os.environ.get("LSQ_SCREENSHOTS_DIR")  # set to keep the screenshot (docs/screenshots)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    with built_app(tmp_path_factory.mktemp("jobs-browser")) as app, serving(app) as base:
        yield base


def test_registrar_starts_a_bulk_issue_and_watches_it_finish(live_server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="th-TH")
        page.base = live_server
        sign_in(page, "registrar_b")
        page.goto(f"{live_server}/jobview/list/")
        assert "งานเบื้องหลัง" in page.inner_text("body")
        page.click("#bulk-issue")
        page.wait_for_load_state("networkidle")
        page.select_option("#classroom_id", label="ม.1/1 (2569)")
        page.select_option("#type", "basic_ed.pp7")
        page.click("#bulk-start")
        page.wait_for_url("**/jobview/progress/*")
        page.wait_for_function("document.getElementById('job-bar').textContent.trim() === '100%'", timeout=120_000)
        page.wait_for_selector("#job-pdf", state="visible")
        body = page.inner_text("body")
        assert "เสร็จแล้ว" in body and "ออกใบรับรองผลการศึกษา (ปพ.7) แล้ว 20 ฉบับ" in body
        assert "PDF รวมเล่ม" in body and "ไฟล์ zip แยกรายคน" in body
        with page.expect_download() as download:
            page.click("#job-zip")
        assert download.value.suggested_filename.endswith(".zip")
        page.wait_for_timeout(1000)  # let the bar's CSS transition end before the picture
        shot = tmp_path / "job-progress.png"
        page.screenshot(path=str(shot), full_page=True)
        if SHOTS:
            shutil.copy(shot, os.path.join(SHOTS, "25-bulk-job-progress-registrar-b.png"))
        browser.close()
