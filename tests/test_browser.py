"""The screens in a real browser: headless Chromium (Debian's package) driven by Playwright."""

from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import built_app

CHROMIUM = os.environ.get("LSQ_CHROMIUM", "/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason="Chromium not installed (apt-get install chromium; .ci/run does)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    with built_app(tmp_path_factory.mktemp("browser")) as app:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}"
        server.shutdown()


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.base = live_server
        yield page
        browser.close()


def sign_in(page, username):
    page.goto(f"{page.base}/login/")
    page.fill("#username", username)
    page.fill("#password", "lsqdemo")
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")


def test_registrar_sees_thai_menus_and_only_their_school(page, tmp_path):
    sign_in(page, "registrar_a")
    assert "ยินดีต้อนรับ" in page.content()
    nav = page.inner_text(".navbar")
    assert "โครงสร้างหน่วยงาน" in nav and "บุคลากรและคำสั่งแต่งตั้ง" in nav
    page.goto(f"{page.base}/schoolview/list/")
    table = page.inner_text("table.table-bordered")
    assert "โรงเรียนเทศบาล 1 ตลาดเก่า" in table
    assert "คลองจิหลาด" not in table
    page.screenshot(path=str(tmp_path / "schools.png"), full_page=True)
    assert (tmp_path / "schools.png").stat().st_size > 10_000


def edit_first_school(page, moe_code):
    page.goto(f"{page.base}/schoolview/list/")
    page.click("table a[href*='/schoolview/show/']")
    page.goto(page.url.replace("/show/", "/edit/"))
    page.fill("#moe_code", moe_code)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page.inner_text("body")


def test_a_wrong_ministry_code_is_explained_next_to_the_field(page):
    sign_in(page, "dla_admin")
    body = edit_first_school(page, "30810201")
    assert "รหัสสถานศึกษาของกระทรวงศึกษาธิการต้องเป็นตัวเลข 10 หลัก" in body
    assert page.input_value("#moe_code") == "30810201"  # the typed value is kept to correct


def test_a_registrar_is_told_the_codes_are_the_admins(page):
    sign_in(page, "registrar_a")
    body = edit_first_school(page, "3081020199")
    assert "แก้ไขได้เฉพาะผู้ดูแลระบบส่วนกลาง (กสถ.)" in body


def test_signup_link_from_the_login_page_opens_the_thai_form(page):
    page.goto(f"{page.base}/login/")
    page.click("text=ยื่นคำขอใช้งานระบบ")
    page.wait_for_load_state("networkidle")
    body = page.inner_text("body")
    assert "เลขประจำตัวประชาชน" in body and "ไฟล์คำสั่งแต่งตั้ง (PDF)" in body
