"""The progress dashboard and appointment tracking: figures against direct counts, scope, flags, Excel, browser.

The expected figures are counted here row by row in Python from the ORM, not with the
dashboard's grouped SQL, so a wrong join or filter in lsq_core.dashboard fails here.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest

from lsq_core import dashboard
from lsq_core.extensions import db
from lsq_core.models import (
    Appointment, Classroom, Enrollment, LocalAuthority, Result, School, Student, TeachingAssignment,
)
from lsq_core.models.graduate_reports import GraduateReport
from lsq_core.security.scope import EVERYTHING
from tests.conftest import built_app, serving
from tests.test_scope_matrix import ALL_SCHOOLS, KRABI_SCHOOLS

SCOPE = {
    "dla_admin": ALL_SCHOOLS, "krabi_province": KRABI_SCHOOLS,
    "lao_officer": {"8100201", "8100202"}, "lao_officer_pao": {"8100101", "8100102"},
    "registrar_a": {"8100201"}, "registrar_b": {"8100202"}, "registrar_c": {"8100301"},
    "registrar_voc": {"8100101"},
}


def direct_counts(year) -> dict:
    """school code → figures, counted one row at a time."""
    results = {(r.student_id, r.subject_id, r.term_id): r.grade for r in db.session.query(Result)}
    figures = {}
    for school in db.session.query(School):
        students = sum(1 for s in db.session.query(Student).filter_by(school_id=school.id) if s.status == "studying")
        expected = complete = pending = graduates = 0
        for classroom in db.session.query(Classroom).filter_by(school_id=school.id, academic_year_id=year.id):
            assignments = db.session.query(TeachingAssignment).filter_by(classroom_id=classroom.id).all()
            for enrolment in db.session.query(Enrollment).filter_by(classroom_id=classroom.id):
                student = enrolment.student
                if student.status == "graduated" and enrolment.outcome == "graduated":
                    graduates += 1
                if student.status not in ("studying", "graduated"):
                    continue
                for ta in assignments:
                    expected += 1
                    grade = results.get((student.id, ta.subject_id, ta.term_id))
                    if grade is not None:
                        complete += 1
                        pending += grade in ("ร", "มส")
        figures[school.code] = {"students": students, "expected_results": expected, "complete_results": complete,
                                "pending": pending, "graduates": graduates}
    return figures


def pct(part, whole):
    if not whole:
        return None
    return f"{(Decimal(part) * 100 / Decimal(whole)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


def check_against_direct(app, body):
    with app.app_context():
        year = dashboard.current_year(db.session, dashboard.thai_today())
        direct = direct_counts(year)
        codes = {s.id: s.code for s in db.session.query(School)}
        school_authority = {s.code: s.authority.code for s in db.session.query(School)}
    assert body["year"] == year.year
    for school in body["schools"]:
        want = direct[school["code"]]
        got = {k: school[k] for k in want}
        assert got == want, school["code"]
        assert school["results_complete_pct"] == pct(want["complete_results"], want["expected_results"])
        assert codes[school["id"]] == school["code"]
    # roll-ups are sums, the percentage recomputed from the sums
    by_authority = Counter()
    for authority in body["authorities"]:
        mine = [s for s in body["schools"] if s["authority"] == authority["id"]]
        for key in ("students", "expected_results", "complete_results", "pending", "graduates"):
            assert authority[key] == sum(s[key] for s in mine)
        assert authority["results_complete_pct"] == pct(authority["complete_results"], authority["expected_results"])
        by_authority[authority["code"]] = len(mine)
    for school in body["schools"]:
        assert by_authority[school_authority[school["code"]]] >= 1
    total = body["total"]
    assert total["students"] == sum(s["students"] for s in body["schools"])
    assert total["results_complete_pct"] == pct(total["complete_results"], total["expected_results"])
    return direct


def test_figures_equal_direct_counts_on_the_demo(fresh_app, tmp_path):
    from tests.conftest import Api

    client = Api(fresh_app.test_client(), "dla_admin")
    body = client.get("/api/v1/dashboard/progress").json
    direct = check_against_direct(fresh_app, body)
    assert sum(f["students"] for f in direct.values()) > 0
    assert sum(f["expected_results"] for f in direct.values()) > 0
    assert sum(f["pending"] for f in direct.values()) > 0, "the demo has ร results this year"

    # take grades away, approve a graduating class: the figures follow
    with fresh_app.app_context():
        from lsq_core import cohorts

        year = dashboard.current_year(db.session, dashboard.thai_today())
        school = db.session.query(School).filter_by(code="8100202").one()
        blanked = (db.session.query(Result).join(Classroom, Classroom.id == Result.classroom_id)
                   .filter(Classroom.school_id == school.id, Classroom.academic_year_id == year.id,
                           Result.grade.is_not(None)).order_by(Result.id).limit(7).all())
        for result in blanked:
            result.grade = None
        # a student who moved out is no longer waited for: neither expected nor complete
        leaver = (db.session.query(Student).join(Result, Result.student_id == Student.id)
                  .join(Classroom, Classroom.id == Result.classroom_id)
                  .filter(Student.school_id == school.id, Classroom.academic_year_id == year.id,
                          Classroom.level == "m1").first())
        leaver.status, leaver.status_date = "moved_out", dashboard.thai_today()
        db.session.commit()
        m3 = db.session.query(Classroom).filter_by(school_id=school.id, academic_year_id=year.id, level="m3").first()
        graduated = cohorts.approve_graduation(m3, dashboard.thai_today())
        assert graduated
    body = client.get("/api/v1/dashboard/progress").json
    direct = check_against_direct(fresh_app, body)
    b = next(s for s in body["schools"] if s["code"] == "8100202")
    assert b["graduates"] == len(graduated) == direct["8100202"]["graduates"]
    assert b["complete_results"] < b["expected_results"]
    assert Decimal(b["results_complete_pct"]) < 100


def test_only_results_of_a_teaching_assignment_count(fresh_app):
    """A graded result recorded in a current-year classroom for a subject that classroom is not
    taught (a removed assignment, a result brought from elsewhere) is neither complete nor
    pending: the dashboard matches results to the year's teaching assignments."""
    from lsq_core.models import Subject

    with fresh_app.app_context():
        year = dashboard.current_year(db.session, dashboard.thai_today())
        school = db.session.query(School).filter_by(code="8100202").one()

        def figures():
            mine = next(s for s in dashboard.progress(db.session, EVERYTHING)["schools"] if s["id"] == school.id)
            return {k: mine[k] for k in ("expected_results", "complete_results", "pending")}

        before = figures()
        enrolment = (db.session.query(Enrollment).join(Classroom, Classroom.id == Enrollment.classroom_id)
                     .join(Student, Student.id == Enrollment.student_id)
                     .filter(Classroom.school_id == school.id, Classroom.academic_year_id == year.id,
                             Student.status == "studying").order_by(Enrollment.id).first())
        subject = Subject(school=school, curriculum="basic_2551", code="ว29999", name_th="วิชานอกตาราง",
                          group="ว", kind="additional")
        db.session.add(subject)
        db.session.flush()
        for term, grade in zip(year.terms, ("4", "ร")):
            db.session.add(Result(student_id=enrolment.student_id, subject_id=subject.id, term_id=term.id,
                                  classroom_id=enrolment.classroom_id, level=enrolment.classroom.level, grade=grade))
        db.session.commit()
        assert figures() == before
        direct = direct_counts(year)["8100202"]
        assert {k: direct[k] for k in before} == before
        levels = dashboard.level_progress(db.session, school.id, year)
        assert sum(row["complete_results"] for row in levels) == before["complete_results"]
        assert sum(row["pending"] for row in levels) == before["pending"]
        assert sum(row["expected_results"] for row in levels) == before["expected_results"]


def codes_of(body):
    return {s["code"] for s in body["schools"]}


@pytest.mark.parametrize("user", list(SCOPE))
def test_json_is_limited_to_the_scope(demo_app, api, user):
    response = api(user).get("/api/v1/dashboard/progress")
    assert response.status_code == 200
    assert codes_of(response.json) == SCOPE[user]
    with demo_app.app_context():
        other = db.session.query(School).filter_by(code="8200101").one().id
    narrowed = api(user).get(f"/api/v1/dashboard/progress?school={other}")
    assert codes_of(narrowed.json) == (SCOPE[user] & {"8200101"})


def test_teacher_and_anonymous_are_refused(demo_app, api):
    assert api("teacher_a").get("/api/v1/dashboard/progress").status_code == 403
    assert demo_app.test_client().get("/api/v1/dashboard/progress").status_code == 401
    from tests.conftest import web_login

    client = demo_app.test_client()
    web_login(client, "teacher_a")
    assert client.get("/dashboard/").status_code in (302, 403)
    assert client.get("/appointmenttracking/").status_code in (302, 403)


def test_drill_down_and_roll_ups(demo_app, api):
    client = api("dla_admin")
    everything = client.get("/api/v1/dashboard/progress").json
    assert {p["name"] for p in everything["provinces"]} == {"กระบี่", "พังงา"}
    krabi = next(p for p in everything["provinces"] if p["name"] == "กระบี่")
    province = client.get(f"/api/v1/dashboard/progress?province={krabi['id']}").json
    assert codes_of(province) == KRABI_SCHOOLS
    assert province["total"]["students"] == krabi["students"]
    assert province["total"]["results_complete_pct"] == krabi["results_complete_pct"]
    town = next(a for a in everything["authorities"] if a["code"] == "81002")
    assert codes_of(client.get(f"/api/v1/dashboard/progress?authority={town['id']}").json) == {"8100201", "8100202"}
    # percentages are recomputed from sums: the national figure is not the mean of the schools'
    total = everything["total"]
    assert total["results_complete_pct"] == pct(sum(s["complete_results"] for s in everything["schools"]),
                                                sum(s["expected_results"] for s in everything["schools"]))


def test_appointment_flags(fresh_app):
    from tests.conftest import Api

    today = dashboard.thai_today()
    with fresh_app.app_context():
        by_number = {a.order_number: a for a in db.session.query(Appointment)}
        by_number["21/2569"].effective_to = today - dt.timedelta(days=1)  # registrar_a's school: expired
        by_number["19/2569"].effective_to = today + dt.timedelta(days=10)  # registrar_b's school: expiring
        by_number["312/2569"].effective_to = today + dt.timedelta(days=200)  # the PAO's officer: still current
        db.session.commit()
        figures = dashboard.progress(db.session, EVERYTHING, today=today, days=60)
        school_flags = {s["code"]: s["registrar_appointment"] for s in figures["schools"]}
        codes = {a.id: a.code for a in db.session.query(LocalAuthority)}
    assert school_flags == {"8100201": "expired", "8100202": "expiring", "8100301": "current",
                            "8100101": "current", "8100102": "missing", "8200101": "missing"}
    officer_flags = {codes[a["id"]]: a["officer_appointment"] for a in figures["authorities"]}
    assert officer_flags == {"81001": "current", "81002": "current", "81003": "missing", "82001": "missing"}
    # within 10 days but the warning is set to 5: current
    with fresh_app.app_context():
        assert {s["code"]: s["registrar_appointment"] for s in dashboard.progress(
            db.session, EVERYTHING, today=today, days=5)["schools"]}["8100202"] == "current"
    body = Api(fresh_app.test_client(), "lao_officer").get("/api/v1/dashboard/progress").json
    assert {s["code"]: s["registrar_appointment"] for s in body["schools"]} == {"8100201": "expired",
                                                                               "8100202": "expiring"}
    b = next(s for s in body["schools"] if s["code"] == "8100202")
    assert b["registrar"]["order_number"] == "19/2569" and b["registrar"]["days_left"] == 10
    # the tracking screen lists them, filterable by flag
    from tests.conftest import web_login

    client = fresh_app.test_client()
    web_login(client, "dla_admin")
    page = client.get("/appointmenttracking/?flag=missing").get_data(as_text=True)
    assert "โรงเรียนองค์การบริหารส่วนจังหวัดกระบี่" in page and "องค์การบริหารส่วนตำบลอ่าวนาง" in page
    assert "คลองจิหลาด" not in page
    expiring = client.get("/appointmenttracking/?flag=expiring").get_data(as_text=True)
    assert "คลองจิหลาด" in expiring and "19/2569" in expiring


def test_an_ended_or_future_appointment_is_not_current():
    class A:
        def __init__(self, status, start, end, pk=1):
            self.status, self.effective_from, self.effective_to, self.id = status, start, end, pk

    today = dt.date(2026, 11, 28)
    flag = lambda *rows: dashboard.appointment_flag(rows, today, 60)[0]  # noqa: E731
    assert flag() == "missing"
    assert flag(A("active", dt.date(2027, 1, 1), None)) == "missing"
    assert flag(A("cancelled", dt.date(2026, 1, 1), None)) == "missing"
    assert flag(A("active", dt.date(2026, 1, 1), None)) == "current"
    assert flag(A("active", dt.date(2026, 1, 1), dt.date(2027, 1, 26))) == "expiring"
    assert flag(A("active", dt.date(2026, 1, 1), dt.date(2027, 1, 28))) == "current"
    assert flag(A("active", dt.date(2025, 1, 1), dt.date(2026, 11, 27))) == "expired"
    # a new order after an expiring one: current
    assert flag(A("active", dt.date(2026, 1, 1), dt.date(2026, 12, 1), 1),
                A("active", dt.date(2026, 11, 1), None, 2)) == "current"


def test_excel_export_holds_the_same_numbers(demo_app, api, web):
    from openpyxl import load_workbook

    body = api("dla_admin").get("/api/v1/dashboard/progress").json
    response = web("dla_admin").get("/dashboard/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["สถานศึกษา", "คำสั่งแต่งตั้ง"]
    rows = list(book["สถานศึกษา"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("จังหวัด", "อปท.", "รหัสสถานศึกษา", "สถานศึกษา", "นักเรียนที่กำลังศึกษา")
    by_code = {row[2]: row for row in rows[1:]}
    assert set(by_code) == ALL_SCHOOLS
    for school in body["schools"]:
        row = by_code[school["code"]]
        assert row[4:7] == (school["students"], school["expected_results"], school["complete_results"])
        assert (None if row[7] is None else f"{Decimal(str(row[7])):.2f}") == school["results_complete_pct"]
        assert row[8:10] == (school["pending"], school["graduates"])
    appointments = list(book["คำสั่งแต่งตั้ง"].iter_rows(values_only=True))
    assert len(appointments) - 1 == len(body["schools"]) + len(body["authorities"])
    # a registrar's export holds their school only
    mine = load_workbook(io.BytesIO(web("registrar_a").get("/dashboard/export.xlsx").data))
    assert [r[2] for r in mine["สถานศึกษา"].iter_rows(min_row=2, values_only=True)] == ["8100201"]


def test_screens_in_scope(demo_app, web):
    client = web("krabi_province")
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "เทศบาลเมืองกระบี่" in page and "พังงา" not in page and "<svg" in page
    with demo_app.app_context():
        phangnga_school = db.session.query(School).filter_by(code="8200101").one().id
        town = db.session.query(LocalAuthority).filter_by(code="81002").one().id
    assert client.get(f"/dashboard/?school={phangnga_school}").status_code == 404
    lao = client.get(f"/dashboard/?authority={town}").get_data(as_text=True)
    assert "โรงเรียนเทศบาล 1 ตลาดเก่า" in lao and "โรงเรียนเทศบาล 2 คลองจิหลาด" in lao
    registrar = web("registrar_a").get("/dashboard/").get_data(as_text=True)
    assert "โรงเรียนเทศบาล 1 ตลาดเก่า" in registrar and "คลองจิหลาด" not in registrar


def test_graduate_report_status_is_shown(fresh_app):
    with fresh_app.app_context():
        year = dashboard.current_year(db.session, dashboard.thai_today())
        school = db.session.query(School).filter_by(code="8100202").one()
        db.session.add(GraduateReport(school=school, academic_year=year, level="m3", status="submitted"))
        db.session.commit()
        figures = dashboard.progress(db.session, EVERYTHING)
    b = next(s for s in figures["schools"] if s["code"] == "8100202")
    assert b["graduate_reports"] == {"m3": "submitted", "m6": "none"}
    assert figures["total"]["graduate_reports"]["submitted"] == 1


# --- the page in a real browser, offline -----------------------------------------------------

CHROMIUM = os.environ.get("LSQ_CHROMIUM", "/usr/bin/chromium")


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium not installed (apt-get install chromium)")
def test_charts_render_with_no_internet(tmp_path):
    from playwright.sync_api import sync_playwright
    from tests.test_browser import ARGS

    with built_app(tmp_path) as app, serving(app) as base:
        blocked = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})

            def only_local(route):
                if route.request.url.startswith(base):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", only_local)
            page.goto(f"{base}/login/")
            page.fill("#username", "dla_admin")
            page.fill("#password", "lsqdemo")
            page.click("input[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(f"{base}/dashboard/")
            page.wait_for_load_state("networkidle")
            assert page.locator("svg.lsq-bars").count() == 4
            assert page.locator("svg.lsq-bars rect").count() >= 4
            box = page.locator("svg.lsq-bars").first.bounding_box()
            assert box["width"] > 300 and box["height"] > 30
            # drill down: province → LAO → school, by the links
            page.click("table a:text('กระบี่')")
            page.wait_for_load_state("networkidle")
            page.click("table a:text('เทศบาลเมืองกระบี่')")
            page.wait_for_load_state("networkidle")
            assert "โรงเรียนเทศบาล 2 คลองจิหลาด" in page.inner_text("table")
            page.click("table a:text('โรงเรียนเทศบาล 2 คลองจิหลาด')")
            page.wait_for_load_state("networkidle")
            assert page.locator("svg.lsq-bars").count() == 3
            assert "ม.1" in page.inner_text("table.table-hover")
            browser.close()
    assert blocked == []
