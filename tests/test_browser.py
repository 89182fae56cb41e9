"""The screens in a real browser: headless Chromium (Debian's package) driven by Playwright."""

from __future__ import annotations

import os

import pytest

from tests.conftest import built_app, serving

CHROMIUM = os.environ.get("LSQ_CHROMIUM", "/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason="Chromium not installed (apt-get install chromium; .ci/run does)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


live_server_app = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    with built_app(tmp_path_factory.mktemp("browser")) as app, serving(app) as base:
        live_server_app["app"] = app
        yield base


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


def test_registrar_enters_a_classroom_s_results_in_the_grid(page, live_server):
    from lsq_core.extensions import db
    from lsq_core.models import Result, TeachingAssignment

    from lsq_core.models import AcademicYear, Classroom, School, Subject, Term

    app = live_server_app["app"]
    with app.app_context():
        assignment = (db.session.query(TeachingAssignment).join(Classroom).join(Subject).join(Term)
                      .join(AcademicYear, AcademicYear.id == Term.academic_year_id)
                      .filter(Classroom.school.has(School.code == "8100201"), Classroom.level == "m1",
                              Subject.code == "ค21101", AcademicYear.year == 2569, Term.number == 1).one())
        pk, subject_id, classroom_id, term_id = (assignment.id, assignment.subject_id, assignment.classroom_id,
                                                 assignment.term_id)
    sign_in(page, "registrar_a")
    page.goto(f"{page.base}/results/grid/{pk}")
    page.wait_for_load_state("networkidle")
    assert "บันทึกผลการเรียน" in page.inner_text("h1, .panel-title, body")
    scores = page.locator('input[data-col="score"]')
    before_gpa = page.locator(".term-gpa").first.inner_text()
    # type into the first cell and move down with Enter
    scores.nth(0).fill("95")
    scores.nth(0).press("Enter")
    focused = page.evaluate("document.activeElement === document.querySelectorAll('input[data-col=score]')[1]")
    assert focused
    # paste three rows copied from Excel into the second cell: they fill down
    page.evaluate("""() => {
        const cell = document.querySelectorAll('input[data-col=score]')[1];
        const data = new DataTransfer();
        data.setData('text/plain', '40\\n55\\n100\\n');
        cell.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""")
    assert [scores.nth(i).input_value() for i in range(1, 4)] == ["40", "55", "100"]
    page.fill("#grid-reason", "บันทึกคะแนนปลายภาค")
    page.click("#grid-save")
    page.wait_for_selector("#grid-message.alert-success")
    grades = page.locator("td.grade")
    assert [grades.nth(i).inner_text() for i in range(4)] == ["4", "0", "1.5", "4"]
    assert page.locator(".term-gpa").first.inner_text() != "" and before_gpa is not None
    # a bad cell stops the whole save and names the row and the field
    scores.nth(0).fill("101")
    scores.nth(1).fill("70")
    page.click("#grid-save")
    page.wait_for_selector("#grid-message.alert-danger")
    message = page.inner_text("#grid-message")
    assert "แถวที่ 1" in message and "คะแนน" in message and "0–100" in message
    assert grades.nth(1).inner_text() == "0"  # row 2 was not saved either
    with app.app_context():
        from lsq_core.models import Enrollment

        saved = [r.grade for r in db.session.query(Result).join(
            Enrollment, (Enrollment.student_id == Result.student_id)
            & (Enrollment.classroom_id == Result.classroom_id)).filter(
            Result.subject_id == subject_id, Result.classroom_id == classroom_id,
            Result.term_id == term_id).order_by(Enrollment.number).limit(4)]
    assert saved == ["4", "0", "1.5", "4"]
